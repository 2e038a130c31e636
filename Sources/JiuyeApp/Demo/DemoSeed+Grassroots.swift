import Fluent
import JiuyeDomain
import JiuyeGrassrootsAid
import JiuyePlatform
import SQLKit
import Vapor

extension DemoSeed {
    /// 王芳: this year's graduate in the school's 高校学生信息库, with no platform account yet (she
    /// registers in the aid system).
    package static let aidStudentID = ChineseIDNumber.completing("50024220030601002")!
    package static let aidStudentName = "王芳"
    package static let aidStudentPhone = "13800002002"
    /// Not in any list: registration fails with the seed's text.
    package static let unlistedID = ChineseIDNumber.completing("50024220030601018")!

    /// 基层就业资助 for the demo, in the clock's year Y: the registry (王芳 in the 高校学生信息库 as a
    /// graduate of Y; 张明, a graduate of an earlier class with a platform account, in the 高校毕业生
    /// 信息库 and the 补录 list for Y), four years of tuition paid for both, three townships of
    /// 酉阳县 (one the county seat), the 申请 window open now, the 复核 and first 在职在岗 windows of
    /// Y+1 and the second of Y+2 open all year.
    static func seedGrassroots(_ app: Application, school: Int64, now: Int64, on db: any Database) async throws {
        let keys = app.keys
        let year = ChinaTime.fields(now).year
        guard let college = try await db.sql.raw("SELECT id FROM colleges WHERE school_id = \(bind: school) AND code = '01'").first()?
            .decode(column: "id", as: Int64.self) else { return }
        let zhang = try await db.sql.raw("SELECT u.id_number_cipher FROM users u WHERE u.student_no = \(bind: demoStudentNo)").first()?
            .decode(column: "id_number_cipher", as: String?.self).map { try keys.decrypt($0) }
        var people: [(GrassrootsEligibility.List, String, String, Int, Int?)] = [(.students, aidStudentID, aidStudentName, year, nil)]
        if let zhang {
            people.append((.graduates, zhang, "张明", 2025, nil))
            people.append((.supplement, zhang, "张明", 2025, year))
        }
        for (list, id, name, graduation, applicationYear) in people {
            let sealed = SealedValue(id, keys: keys)
            try await db.sql.insert(into: "aid_registry")
                .columns("school_id", "list", "id_number_hash", "id_number_cipher", "name", "college_id", "level", "graduation_year", "student_no", "major",
                         "standard_years", "full_time", "directed", "tuition_exempt", "application_year", "imported_at")
                .values(SQLBind(school), SQLBind(list.rawValue), SQLBind(sealed.hash), SQLBind(sealed.cipher), SQLBind(name), SQLBind(college),
                        SQLBind(EducationLevel.bachelor.rawValue), SQLBind(graduation), SQLBind(name == "张明" ? demoStudentNo : "\(year)019901"),
                        SQLBind("计算机科学与技术"), SQLBind(4), SQLBind(true), SQLBind(false), SQLBind(false), SQLBind(applicationYear), SQLBind(now))
                .run()
        }
        for id in [aidStudentID] + (zhang.map { [$0] } ?? []) {
            for number in 1...4 {
                try await db.sql.insert(into: "aid_payments")
                    .columns("school_id", "id_number_hash", "study_year", "tuition_fen", "loan_fen", "loan_kind", "loan_bank", "loan_contract", "imported_at")
                    .values(SQLBind(school), SQLBind(keys.lookupHash(id)), SQLBind(number), SQLBind(Int64(500_000)), SQLBind(Int64(number <= 2 ? 450_000 : 0)),
                            SQLBind(number <= 2 ? "生源地信用助学贷款" : nil), SQLBind(number <= 2 ? "国家开发银行" : nil),
                            SQLBind(number <= 2 ? "DK\(year - 4 + number)0012" : nil), SQLBind(now))
                    .run()
            }
        }
        for (code, name, seat) in [("500242001", "钟多街道", true), ("500242102", "龙潭镇", false), ("500242103", "麻旺镇", false)] {
            try await db.sql.insert(into: "aid_townships").columns("code", "name", "county_code", "is_county_seat")
                .values(SQLBind(code), SQLBind(name), SQLBind("500242"), SQLBind(seat)).run()
        }
        let owner = TimeWindows.Owner(kind: .school, id: String(school))
        _ = try await TimeWindows.set(.grassrootsApply, owner: owner, year: year, window: TimeWindow(opensAt: now - 86_400, closesAt: now + 180 * 86_400),
                                      by: 0, now: now, on: db)
        func wholeYear(_ y: Int) -> TimeWindow {
            TimeWindow(opensAt: ChinaTime.parseDate("\(y)-01-01")!, closesAt: ChinaTime.parseDate("\(y)-12-31")! + 86_399)
        }
        for (business, y) in [(Business.grassrootsReview, year + 1), (.onDutyFirst, year + 1), (.onDutySecond, year + 2)] {
            _ = try await TimeWindows.set(business, owner: owner, year: y, window: wholeYear(y), by: 0, now: now, on: db)
        }
    }
}
