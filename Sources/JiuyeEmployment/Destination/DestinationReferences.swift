import Fluent
import Foundation
import JiuyeDomain
import JiuyePlatform
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// What the full check of a registration needs from the platform (`DestinationForm.check`):
/// today in Beijing, the graduate's 毕业日期 as 离校日期, the 最低工资标准 table, the code tables
/// and 行政区划 names. Read per request from the kept code books.
package enum DestinationReferences {
    /// The 行政区划 table by name (kept by the platform's code books).
    package static func regionNames(_ app: Application, on db: any Database) async throws -> RegionNames {
        try await app.codeBooks.regionNames(on: db)
    }

    /// The 最低工资标准 rows of the code table (code "区划-档次-执行日期", name the monthly amount,
    /// attrs the hourly one); nil while the table is empty.
    package static func minimumWages(_ app: Application, on db: any Database) async throws -> MinimumWageTable? {
        let book = try await app.codeBooks.book("minimum_wages", on: db)
        let rows = book.compactMap { code, entry -> MinimumWageRow? in
            let parts = code.split(separator: "-", maxSplits: 2).map(String.init)
            guard parts.count == 3, let grade = Int(parts[1]), let from = CivilDate.parse(parts[2]), let amount = Decimal(string: entry.name) else { return nil }
            return MinimumWageRow(regionCode: parts[0], grade: grade, monthlyAmount: amount, validFrom: from)
        }
        return rows.isEmpty ? nil : MinimumWageTable(rows: rows)
    }

    /// The reference for one graduate's registration: 离校日期 from the school's record.
    package static func reference(_ req: Request, graduate: Int64) async throws -> DestinationReference {
        let record = try await SourceRecord.load(user: graduate, keys: req.keys, on: req.db)
        let lookup = try await GraduateImport.lookup(req.application, on: req.db)
        let today = CivilDate.parse(ChinaTime.date(req.now))
        var leaving: CivilDate?
        if let text = record[.graduationDate], let date = GraduateDate.parse(text) {
            leaving = CivilDate(year: date.year, month: date.month, day: date.day ?? 30) ?? CivilDate(year: date.year, month: date.month, day: 28)
        }
        var student = DestinationStudent()
        if let mode = record[.trainingMode], mode == "定向" || mode == "委培" {
            student.directedTraining = DirectedTraining(kind: mode == "定向" ? .directed : .commissioned, unitName: record[.sponsorUnit])
        }
        // A 5-digit 院校代码 is the last five digits of the 10-digit 学校标识码 the table keeps.
        var byShortCode: [String: CodeEntry] = [:]
        for (code, entry) in try await req.application.codeBooks.book("schools", on: req.db) where code.count == 10 {
            byShortCode[String(code.suffix(5))] = CodeEntry(code: code, label: entry.name, aliases: entry.aliases)
        }
        return DestinationReference(today: today, leavingDate: leaving, minimumWages: try await minimumWages(req.application, on: req.db),
                                    lookups: DestinationLookups(codes: lookup, schoolsByShortCode: byShortCode), student: student)
    }

    /// 单位所在地 as typed (a name or a code) turned into the county code, or the field's problem.
    package static func resolveLocation(_ data: inout [String: String], names: RegionNames) -> String? {
        let key = DestinationField.unitLocation.key
        data[locationNameKey] = nil
        guard let typed = data[key], !WorkflowText.trimmed(typed).isEmpty else { return nil }
        let resolution = names.resolve(typed)
        if case .county(let code) = resolution {
            data[key] = code
            data[locationNameKey] = names.fullName(code)
            return nil
        }
        return RegionNames.problem(resolution, label: "单位所在地")
    }
}

/// What the destination form offers beyond the domain's lists: the code tables' 单位性质 and
/// 单位行业, and 单位所在地 by name.
package struct DestinationChoices: Sendable {
    package var unitNatures: [(String, String)] = []
    package var industries: [(String, String)] = []
    package var locationName: String?

    package init() {}

    package static func load(_ req: Request, data: [String: String]) async throws -> DestinationChoices {
        var choices = DestinationChoices()
        choices.unitNatures = try await req.application.codeBooks.book("unit_natures", on: req.db).map { ($0.key, $0.value.name) }.sorted { $0.0 < $1.0 }
        choices.industries = try await req.application.codeBooks.book("industries", on: req.db).map { ($0.key, $0.value.name) }.sorted { $0.0 < $1.0 }
        if let code = data[DestinationField.unitLocation.key], RegionCodeText.isCode(code) {
            choices.locationName = try await DestinationReferences.regionNames(req.application, on: req.db).fullName(code)
        }
        return choices
    }
}

enum RegionCodeText {
    static func isCode(_ text: String) -> Bool { text.count == 6 && text.allSatisfy { $0.isASCII && $0.isNumber } }
}

extension DestinationReferences {
    /// The content key of 单位所在地's full name, stored beside its code so every page and
    /// 变更明细 shows the place by name.
    package static let locationNameKey = "unit_location_name"

    /// The content key of a coded field's name kept beside its code.
    package static func nameKey(_ field: DestinationField) -> String { field.key + "_name" }
    package static let nameKeys: [String] = [locationNameKey] + [DestinationField.unitNature, .industry, .country].map(nameKey)

    /// The full check of a submission as the graduate or staff typed it: 单位所在地 by name, then
    /// `DestinationForm.check` with the graduate's reference data. The problems by field, or the
    /// content to store (normalised, fields the category does not ask for dropped).
    package static func check(_ typed: [String: String], graduate: Int64, req: Request) async throws -> Result<[String: String], FieldProblems> {
        var data = typed
        var problems: [String: String] = [:]
        if let problem = resolveLocation(&data, names: try await regionNames(req.application, on: req.db)) {
            problems[DestinationField.unitLocation.key] = problem
        }
        let reference = try await reference(req, graduate: graduate)
        let checked = DestinationForm.check(data, reference: reference)
        problems.merge(checked.problems) { first, _ in first }
        guard problems.isEmpty else { return .failure(FieldProblems(problems)) }
        var stored = checked.normalized
        if let code = stored[DestinationField.unitLocation.key] { stored[locationNameKey] = data[locationNameKey] ?? code }
        let lookups = reference.lookups
        for (field, lookup) in [(DestinationField.unitNature, lookups?.unitNature), (.industry, lookups?.industry), (.country, lookups?.country)] {
            if let code = stored[field.key], let name = lookup?(code)?.label { stored[nameKey(field)] = name }
        }
        return .success(stored)
    }
}

package struct FieldProblems: Error, Sendable {
    package let byField: [String: String]
    package init(_ byField: [String: String]) { self.byField = byField }
}
