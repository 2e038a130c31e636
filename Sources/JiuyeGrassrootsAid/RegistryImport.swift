import Fluent
import Foundation
import JiuyeDomain
import JiuyePlatform
import SQLKit
import Vapor

/// One row of an import of the school's aid data, checked before anything is written.
struct RegistryImport {
    let kind: SchoolController.ImportKind
    let school: Int64
    let titles: [String]
    let keys: KeyService

    var requiredColumns: [String] {
        switch kind {
        case .students, .graduates: ["证件号码", "姓名", "院系", "学历", "毕业年份"]
        case .supplement: ["证件号码", "姓名", "院系", "学历", "毕业年份", "补录年度"]
        case .legacy: ["证件号码", "姓名", "院系", "学历", "毕业年份", "已通过阶段"]
        case .payments: ["证件号码", "学年", "实缴学费"]
        case .townships: ["街道乡镇代码", "名称", "所属区县代码", "是否县政府驻地"]
        case .hardship: ["区县代码"]
        }
    }

    enum Parsed {
        case person(list: GrassrootsEligibility.List, idHash: String, idCipher: String, name: String, college: Int64, level: EducationLevel, graduation: Int,
                    studentNo: String?, major: String?, years: Int?, fullTime: Bool?, directed: Bool?, exempt: Bool?, applicationYear: Int?, passed: String?)
        case payment(idHash: String, year: Int, tuition: Int64, loan: Int64, loanKind: String?, bank: String?, contract: String?)
        case township(code: String, name: String, county: String, seat: Bool)
        case hardship(county: String)
    }

    func parse(_ cells: [String], colleges: [String: Int64], regions: RegionNames) -> Result<Parsed, ValidationError> {
        func cell(_ name: String) -> String {
            guard let index = titles.firstIndex(of: name), index < cells.count else { return "" }
            return cells[index].trimmingCharacters(in: .whitespaces)
        }
        func fail(_ message: String) -> Result<Parsed, ValidationError> { .failure(ValidationError(field: "", message: message)) }
        func year(_ text: String, _ label: String) -> Result<Int, ValidationError> {
            guard let value = Int(text), (1990...2100).contains(value) else { return .failure(ValidationError(field: "", message: "\(label)“\(text)”应为四位年份。")) }
            return .success(value)
        }
        func idNumber() -> Result<String, ValidationError> {
            let typeText = cell("证件类型")
            let type = typeText.isEmpty ? IdentityDocumentType.residentID
                : (IdentityDocumentType.allCases.first { $0.label == typeText || $0.rawValue == typeText } ?? .residentID)
            do { return .success(try DocumentNumber.normalise(cell("证件号码"), type: type)) } catch { return .failure(error) }
        }
        switch kind {
        case .students, .graduates, .supplement, .legacy:
            let id: String
            switch idNumber() { case .success(let value): id = value; case .failure(let error): return .failure(error) }
            let name = cell("姓名")
            guard !name.isEmpty, name.count <= 30 else { return fail("请填写姓名（30 字以内）。") }
            guard let college = colleges[cell("院系")] else { return fail("院系“\(cell("院系"))”不是本校院系（可填院系代码或名称）。") }
            guard let level = EducationLevel(rawValue: cell("学历")) else { return fail("学历应为专科、本科、硕士或博士。") }
            let graduation: Int
            switch year(cell("毕业年份"), "毕业年份") { case .success(let value): graduation = value; case .failure(let error): return .failure(error) }
            var applicationYear: Int?
            if kind == .supplement {
                switch year(cell("补录年度"), "补录年度") { case .success(let value): applicationYear = value; case .failure(let error): return .failure(error) }
            }
            var passed: String?
            if kind == .legacy {
                let labels = cell("已通过阶段").split(whereSeparator: { "、,，;；".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
                let stages = labels.compactMap { label in GrassrootsStage.allCases.first { $0.label == label } }
                guard !stages.isEmpty, stages.count == labels.count else { return fail("已通过阶段应为“基层就业申请、第一次在职在岗确认”等填报事项名称。") }
                guard stages.contains(.apply) || stages.contains(.applyReview) else { return fail("已通过阶段须包含基层就业申请（或其复核）。") }
                passed = stages.map(\.rawValue).joined(separator: ",")
            }
            var years: Int?
            if !cell("学制").isEmpty {
                guard let value = Int(cell("学制")), (1...8).contains(value) else { return fail("学制应为 1 到 8 的整数。") }
                years = value
            }
            let studentNo = cell("学号")
            guard studentNo.count <= 30 else { return fail("学号不能超过 30 位。") }
            let major = cell("专业")
            let sealed = SealedValue(id, keys: keys)
            return .success(.person(list: GrassrootsEligibility.List(rawValue: kind.rawValue)!, idHash: sealed.hash, idCipher: sealed.cipher, name: name,
                                    college: college, level: level, graduation: graduation, studentNo: studentNo.isEmpty ? nil : studentNo,
                                    major: major.isEmpty ? nil : String(major.prefix(60)), years: years, fullTime: SchoolController.yes(cell("是否全日制")),
                                    directed: SchoolController.yes(cell("是否定向委培")), exempt: SchoolController.yes(cell("是否享受免学费")),
                                    applicationYear: applicationYear, passed: passed))
        case .payments:
            let id: String
            switch idNumber() { case .success(let value): id = value; case .failure(let error): return .failure(error) }
            guard let number = Int(cell("学年")), (1...8).contains(number) else { return fail("学年应为 1 到 8 的整数（第几学年）。") }
            guard let tuition = Money.fen(cell("实缴学费")) else { return fail("实缴学费“\(cell("实缴学费"))”应为不超过一百万元的金额，最多两位小数。") }
            let loanText = cell("用于学费的贷款")
            let loan = loanText.isEmpty ? 0 : Money.fen(loanText)
            guard let loan else { return fail("用于学费的贷款“\(loanText)”应为不超过一百万元的金额，最多两位小数。") }
            func optional(_ name: String) -> String? { let value = cell(name); return value.isEmpty ? nil : String(value.prefix(60)) }
            return .success(.payment(idHash: keys.lookupHash(id), year: number, tuition: tuition, loan: loan, loanKind: optional("贷款类型"),
                                     bank: optional("贷款银行"), contract: optional("贷款合同号")))
        case .townships:
            let code = cell("街道乡镇代码")
            guard [9, 12].contains(code.count), code.allSatisfy({ $0.isASCII && $0.isNumber }) else { return fail("街道乡镇代码应为 9 位或 12 位数字。") }
            let county = cell("所属区县代码")
            guard case .county = regions.resolve(county), county.count == 6, code.hasPrefix(county) else { return fail("所属区县代码“\(county)”不是区县，或与街道乡镇代码的前 6 位不符。") }
            let name = cell("名称")
            guard !name.isEmpty, name.count <= 40 else { return fail("请填写街道/乡镇名称（40 字以内）。") }
            guard let seat = SchoolController.yes(cell("是否县政府驻地")) else { return fail("是否县政府驻地应填“是”或“否”。") }
            return .success(.township(code: code, name: name, county: county, seat: seat))
        case .hardship:
            let county = cell("区县代码")
            guard county.count == 6, case .county = regions.resolve(county) else { return fail("区县代码“\(county)”不是区县。") }
            return .success(.hardship(county: county))
        }
    }

    func write(_ row: Parsed, by user: Int64, now: Int64, on db: any Database) async throws {
        switch row {
        case .person(let list, let idHash, let idCipher, let name, let college, let level, let graduation, let studentNo, let major, let years,
                     let fullTime, let directed, let exempt, let applicationYear, let passed):
            try await db.sql.raw("""
                DELETE FROM aid_registry WHERE school_id = \(bind: school) AND list = \(bind: list.rawValue) AND id_number_hash = \(bind: idHash)
                """).run()
            try await db.sql.insert(into: "aid_registry")
                .columns("school_id", "list", "id_number_hash", "id_number_cipher", "name", "college_id", "level", "graduation_year", "student_no", "major",
                         "standard_years", "full_time", "directed", "tuition_exempt", "application_year", "passed_stages", "imported_by", "imported_at")
                .values(SQLBind(school), SQLBind(list.rawValue), SQLBind(idHash), SQLBind(idCipher), SQLBind(name), SQLBind(college), SQLBind(level.rawValue),
                        SQLBind(graduation), SQLBind(studentNo), SQLBind(major), SQLBind(years), SQLBind(fullTime), SQLBind(directed), SQLBind(exempt),
                        SQLBind(applicationYear), SQLBind(passed), SQLBind(user), SQLBind(now))
                .run()
        case .payment(let idHash, let year, let tuition, let loan, let loanKind, let bank, let contract):
            try await db.sql.raw("""
                DELETE FROM aid_payments WHERE school_id = \(bind: school) AND id_number_hash = \(bind: idHash) AND study_year = \(bind: year)
                """).run()
            try await db.sql.insert(into: "aid_payments")
                .columns("school_id", "id_number_hash", "study_year", "tuition_fen", "loan_fen", "loan_kind", "loan_bank", "loan_contract", "imported_at")
                .values(SQLBind(school), SQLBind(idHash), SQLBind(year), SQLBind(tuition), SQLBind(loan), SQLBind(loanKind), SQLBind(bank), SQLBind(contract), SQLBind(now))
                .run()
        case .township(let code, let name, let county, let seat):
            try await db.sql.raw("DELETE FROM aid_townships WHERE code = \(bind: code)").run()
            try await db.sql.insert(into: "aid_townships").columns("code", "name", "county_code", "is_county_seat")
                .values(SQLBind(code), SQLBind(name), SQLBind(county), SQLBind(seat)).run()
        case .hardship(let county):
            try await db.sql.raw("DELETE FROM aid_hardship_counties WHERE county_code = \(bind: county)").run()
            try await db.sql.insert(into: "aid_hardship_counties").columns("county_code", "imported_at").values(SQLBind(county), SQLBind(now)).run()
        }
    }
}
