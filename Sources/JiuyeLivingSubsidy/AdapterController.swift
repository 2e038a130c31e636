import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import JiuyeSheets
import SQLKit
import Vapor

/// The adapters' default: the city imports what the social-insurance system and the degree
/// registry hold (seed 002 补助申请: "系统会自动取社保系统中养老保险的最早缴费年月…", "与教育部信息进行校验"),
/// so the module runs with nothing external. Every row is checked before anything is written.
package struct AdapterController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("subsidy", "data", use: page)
        routes.on(.POST, "subsidy", "data", body: .collect(maxSize: ByteCount(value: Self.maxFileSize + 64 * 1024)), use: importFile)
    }

    static let maxFileSize = 5 * 1024 * 1024

    @Sendable
    func page(req: Request) async throws -> Response {
        let user = try req.requireRole(.cityHR)
        return try await render(req, user: user, problems: [], message: nil)
    }

    func render(_ req: Request, user: CurrentUser, problems: [String], message: Flash?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let insured = try await req.db.sql.raw("SELECT COUNT(*) AS n FROM subsidy_insurance").first()?.decode(column: "n", as: Int.self) ?? 0
        let degrees = try await req.db.sql.raw("SELECT COUNT(*) AS n FROM subsidy_degrees").first()?.decode(column: "n", as: Int.self) ?? 0
        return req.render(SubsidyPages.DataImport(context: req.pageContext("社保与学历数据", breadcrumb: [Crumb("社保与学历数据")], current: "/subsidy/data"),
                                                  counts: [("社保参保记录（人）", insured), ("学历学位证书", degrees)], problems: problems, message: message,
                                                  csrfToken: user.csrfToken), status: status)
    }

    /// 社保: 证件号码, 参保状态 (正常/暂停/终止), 社保卡状态 (正常/…), 发放银行, 金融账号, 缴费年月
    /// (the months paid, "2019-06至2021-12、2022-02" or one per row). 学历: 证件号码, 学历, 学历证书编号, 学位证书编号.
    @Sendable
    func importFile(req: Request) async throws -> Response {
        let user = try req.requireRole(.cityHR)
        struct Form: Content { var file: File?; var kind: String? }
        let form = try? req.content.decode(Form.self)
        func refuse(_ problems: [String], _ text: String) async throws -> Response {
            try await render(req, user: user, problems: problems, message: Flash(.error, text), status: .unprocessableEntity)
        }
        guard let kind = form?.kind, ["insurance", "degrees"].contains(kind) else { return try await refuse([], "请选择导入的数据。") }
        guard let file = form?.file, file.data.readableBytes > 0, file.data.readableBytes <= Self.maxFileSize else { return try await refuse([], "请选择不超过 5 MB 的 .xlsx 或 .csv 文件。") }
        let rows: [[String]]
        do { rows = try SheetUpload.rows(Array(file.data.readableBytesView), limit: 50_002) } catch let abort as Abort { return try await refuse([], abort.reason) }
        guard let header = rows.first, rows.count <= 50_001 else { return try await refuse([], "文件是空的，或超过 50000 行。") }
        let titles = header.map { $0.replacingOccurrences(of: "*", with: "").trimmingCharacters(in: .whitespaces) }
        func column(_ name: String) -> Int? { titles.firstIndex(of: name) }
        let keys = req.keys
        var problems: [String] = []
        let now = req.now
        if kind == "insurance" {
            guard let idColumn = column("证件号码"), let monthsColumn = column("缴费年月") else { return try await refuse([], "第 1 行须有“证件号码”和“缴费年月”列。") }
            struct Person { var inService = true, cardNormal = true, bank: String?, account: String?, months: Set<String> = [] }
            var people: [String: Person] = [:]
            for (index, cells) in rows.enumerated().dropFirst() {
                func cell(_ i: Int?) -> String { i.flatMap { $0 < cells.count ? cells[$0].trimmingCharacters(in: .whitespaces) : nil } ?? "" }
                if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
                let id: String
                do { id = try DocumentNumber.normalise(cell(idColumn), type: .residentID) } catch { problems.append("第 \(index + 1) 行：\(error.message)"); continue }
                var person = people[id] ?? Person()
                if !cell(column("参保状态")).isEmpty { person.inService = cell(column("参保状态")) == "正常" }
                if !cell(column("社保卡状态")).isEmpty { person.cardNormal = cell(column("社保卡状态")) == "正常" }
                if !cell(column("发放银行")).isEmpty { person.bank = String(cell(column("发放银行")).prefix(40)) }
                if !cell(column("金融账号")).isEmpty {
                    let account = cell(column("金融账号")).filter { $0 != " " }
                    guard (12...30).contains(account.count), account.allSatisfy(\.isNumber) else { problems.append("第 \(index + 1) 行：金融账号应为 12 到 30 位数字。"); continue }
                    person.account = account
                }
                for part in cell(monthsColumn).split(whereSeparator: { "、,，;；".contains($0) }) {
                    let range = part.components(separatedBy: "至").map { $0.trimmingCharacters(in: .whitespaces) }
                    guard let from = YearMonth(parsing: range[0]), let to = YearMonth(parsing: range.count > 1 ? range[1] : range[0]), from <= to,
                          YearMonth.months(from: from, through: to) <= 600 else {
                        problems.append("第 \(index + 1) 行：缴费年月“\(part)”应写作“2019-06”或“2019-06至2021-12”。"); continue
                    }
                    var month = from
                    while month <= to { person.months.insert(month.description); guard let next = month.adding(months: 1) else { break }; month = next }
                }
                people[id] = person
            }
            guard problems.isEmpty else { return try await refuse(Array(problems.prefix(200)), "有 \(problems.count) 处需要修改，未导入任何数据。") }
            let entries = people
            try await req.db.writeTransaction { db in
                for (id, person) in entries {
                    let hash = keys.lookupHash(id)
                    try await db.sql.raw("DELETE FROM subsidy_insurance WHERE id_number_hash = \(bind: hash)").run()
                    try await db.sql.raw("DELETE FROM subsidy_insurance_months WHERE id_number_hash = \(bind: hash)").run()
                    try await db.sql.insert(into: "subsidy_insurance").columns("id_number_hash", "in_service", "card_normal", "bank_name", "account_cipher", "imported_at")
                        .values(SQLBind(hash), SQLBind(person.inService), SQLBind(person.cardNormal), SQLBind(person.bank),
                                SQLBind(person.account.map { keys.encrypt($0) }), SQLBind(now)).run()
                    let months = person.months.sorted()
                    for chunk in stride(from: 0, to: months.count, by: 200).map({ Array(months[$0..<min($0 + 200, months.count)]) }) {
                        var insert = db.sql.insert(into: "subsidy_insurance_months").columns("id_number_hash", "month")
                        for month in chunk { insert = insert.values(SQLBind(hash), SQLBind(month)) }
                        try await insert.run()
                    }
                }
                try await req.audit(.subsidyImport, target: .subsidyPerson, id: nil, changes: [.init("kind", after: "社保参保记录"), .init("rows", after: String(entries.count))], on: db)
            }
            return req.seeOther("/subsidy/data", flash: Flash(.success, "已导入 \(entries.count) 人的社保参保记录。"))
        }
        guard let idColumn = column("证件号码"), let diplomaColumn = column("学历证书编号"), let educationColumn = column("学历") else {
            return try await refuse([], "第 1 行须有“证件号码”“学历”“学历证书编号”列。")
        }
        var entries: [(String, String?, String, String)] = []
        for (index, cells) in rows.enumerated().dropFirst() {
            func cell(_ i: Int?) -> String { i.flatMap { $0 < cells.count ? cells[$0].trimmingCharacters(in: .whitespaces) : nil } ?? "" }
            if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            let id: String
            do { id = try DocumentNumber.normalise(cell(idColumn), type: .residentID) } catch { problems.append("第 \(index + 1) 行：\(error.message)"); continue }
            guard let education = SubsidyEducation(rawValue: cell(educationColumn)) else { problems.append("第 \(index + 1) 行：学历应为本科、硕士研究生或博士研究生。"); continue }
            let degree = cell(column("学位证书编号"))
            if let problem = SubsidyRules.certificateFormatProblem(diploma: cell(diplomaColumn), degree: degree.isEmpty ? nil : degree, foreign: false) {
                problems.append("第 \(index + 1) 行：\(problem)"); continue
            }
            entries.append((cell(diplomaColumn), degree.isEmpty ? nil : degree, keys.lookupHash(id), education.rawValue))
        }
        guard problems.isEmpty else { return try await refuse(Array(problems.prefix(200)), "有 \(problems.count) 处需要修改，未导入任何数据。") }
        let toWrite = entries
        try await req.db.writeTransaction { db in
            for (diploma, degree, hash, education) in toWrite {
                try await db.sql.raw("DELETE FROM subsidy_degrees WHERE diploma_no = \(bind: diploma)").run()
                try await db.sql.insert(into: "subsidy_degrees").columns("diploma_no", "degree_no", "id_number_hash", "education", "imported_at")
                    .values(SQLBind(diploma), SQLBind(degree), SQLBind(hash), SQLBind(education), SQLBind(now)).run()
            }
            try await req.audit(.subsidyImport, target: .subsidyPerson, id: nil, changes: [.init("kind", after: "学历学位证书"), .init("rows", after: String(toWrite.count))], on: db)
        }
        return req.seeOther("/subsidy/data", flash: Flash(.success, "已导入 \(toWrite.count) 条学历学位证书。"))
    }
}
