import JiuyeEmployment
import JiuyePlatform
import Fluent
import JiuyeDomain
import SQLKit
import Vapor

/// `jiuye seed-demo`: idempotent demo data — one school with campuses, colleges, majors,
/// classes and ~200 graduates of two cohorts, a real province → city → two counties, two
/// employer units, and one account for every role. Passwords are in the README.
package enum DemoSeed {
    package static let password = "Jiuye@2026"
    package static let schoolCode = "19999"
    package static let counties = ["500106", "500108"]   // 重庆市 沙坪坝区, 南岸区
    package static let city = "500100"

    package struct Account: Sendable {
        package let username: String
        package let name: String
        package let role: Role
        package let scope: @Sendable (Ids) -> [ScopeDimension: Set<String>]
    }

    /// Ids created for the org tree, for scoping the demo accounts.
    package struct Ids: Sendable {
        package var school: Int64 = 0
        package var colleges: [String: Int64] = [:]
        package var classes: [String: Int64] = [:]
        package var units: [Int64] = []
    }

    package static let accounts: [Account] = [
        Account(username: "school", name: "就业中心王老师", role: .schoolAdmin) { ids in [.school: [String(ids.school)]] },
        Account(username: "college", name: "计算机学院李老师", role: .collegeAdmin) { ids in
            [.school: [String(ids.school)], .college: [String(ids.colleges["01"]!)], .cohort: ["2025", "2026"], .level: ["本科", "硕士", "博士"]] },
        Account(username: "counselor", name: "辅导员赵老师", role: .counselor) { ids in
            [.school: [String(ids.school)], .class: [String(ids.classes["计科2101"]!)], .cohort: ["2025"], .level: ["本科"]] },
        Account(username: "reviewer", name: "基层资助审核员孙老师", role: .grassrootsReviewer) { ids in
            [.school: [String(ids.school)], .college: [String(ids.colleges["01"]!)], .stage: ["本专科"]] },
        Account(username: "reviewer2", name: "基层资助审核员周老师", role: .grassrootsReviewer) { ids in
            [.school: [String(ids.school)], .college: [String(ids.colleges["02"]!)], .stage: ["本专科"]] },
        Account(username: "employer", name: "重庆示范科技有限公司", role: .employer) { ids in [.unit: [String(ids.units[0])]] },
        Account(username: "county_hr", name: "沙坪坝区人社局", role: .countyHR) { _ in [.county: [counties[0]]] },
        Account(username: "county_org", name: "沙坪坝区组织部", role: .countyOrganization) { _ in [.county: [counties[0]]] },
        Account(username: "county_finance", name: "沙坪坝区财政局", role: .countyFinance) { _ in [.county: [counties[0]]] },
        // More staff of 沙坪坝区's HR bureau (公示, 评审, 上报), and 南岸区's three bodies: the
        // 生活补贴 chain walked by a different account at every step, each refused elsewhere.
        Account(username: "county_hr2", name: "沙坪坝区人社局公示经办", role: .countyHR) { _ in [.county: [counties[0]]] },
        Account(username: "county_hr3", name: "沙坪坝区人社局评审经办", role: .countyHR) { _ in [.county: [counties[0]]] },
        Account(username: "county_hr4", name: "沙坪坝区人社局上报经办", role: .countyHR) { _ in [.county: [counties[0]]] },
        Account(username: "nanan_hr", name: "南岸区人社局", role: .countyHR) { _ in [.county: [counties[1]]] },
        Account(username: "nanan_org", name: "南岸区组织部", role: .countyOrganization) { _ in [.county: [counties[1]]] },
        Account(username: "nanan_finance", name: "南岸区财政局", role: .countyFinance) { _ in [.county: [counties[1]]] },
        Account(username: "city_hr", name: "重庆市人社局", role: .cityHR) { _ in [.city: [city]] },
        Account(username: "city_org", name: "重庆市组织部", role: .cityOrganization) { _ in [.city: [city]] },
        Account(username: "city_finance", name: "重庆市财政局", role: .cityFinance) { _ in [.city: [city]] },
    ]

    /// The demo student with a password; the other graduates are imported without one.
    package static let demoStudentNo = "20251001"
    /// The demo student's phone and email, for 短信登录, 忘记密码 and 更换手机号 (codes land in the outbox).
    package static let demoStudentPhone = "13800001001"
    package static let demoStudentEmail = "zhangming@example.edu.cn"
    /// An imported graduate with a documented ID number, for the 首次登录 walk-through.
    package static let importedStudentNo = "20251002"
    package static let importedStudentID = ChineseIDNumber.completing("50010620030315002")!

    package static func run(_ app: Application) async throws {
        let db = app.db
        if try await db.sql.select().column("id").from("schools").where("code", .equal, SQLBind(schoolCode)).first() != nil {
            app.logger.notice("seed-demo: demo data already present; nothing to do")
            return
        }
        let hash = try await app.passwords.hash(password)
        let now = app.clock.now()
        let keys = app.keys
        try await db.writeTransaction { db in
            var ids = Ids()
            ids.school = try await insertID(db, "schools", ["code": schoolCode, "name": "九业示范大学", "region_code": "500000"])
            let mainCampus = try await insertID(db, "campuses", ["school_id": ids.school, "name": "A区（主校区）"])
            let secondCampus = try await insertID(db, "campuses", ["school_id": ids.school, "name": "虎溪校区"])
            let colleges: [(String, String, Int64)] = [("01", "计算机学院", secondCampus), ("02", "经济与管理学院", mainCampus), ("03", "建筑城规学院", mainCampus)]
            var majors: [(college: String, id: Int64, level: EducationLevel, short: String)] = []
            let majorNames: [String: [(String, String, EducationLevel, String)]] = [
                "01": [("080901", "计算机科学与技术", .bachelor, "计科"), ("081200", "计算机科学与技术", .master, "计硕"), ("081200", "计算机科学与技术", .doctor, "计博")],
                "02": [("120201K", "工商管理", .bachelor, "工管"), ("120200", "工商管理", .master, "管硕")],
                "03": [("082801", "建筑学", .bachelor, "建筑")],
            ]
            for (code, name, campus) in colleges {
                let collegeID = try await insertID(db, "colleges", ["school_id": ids.school, "campus_id": campus, "code": code, "name": name])
                ids.colleges[code] = collegeID
                for (majorCode, majorName, level, short) in majorNames[code]! {
                    let majorID = try await insertID(db, "majors", ["college_id": collegeID, "code": majorCode, "name": majorName, "level": level.rawValue])
                    majors.append((code, majorID, level, short))
                }
            }
            // Classes: two cohorts per major.
            var classes: [(id: Int64, college: String, major: Int64, level: EducationLevel, cohort: Int, campus: Int64)] = []
            for major in majors {
                for cohort in [2025, 2026] {
                    let name = "\(major.short)\(cohort - 2000 - 4 + (major.level == .bachelor ? 0 : 2))01"
                    let classID = try await insertID(db, "classes", ["college_id": ids.colleges[major.college]!, "major_id": major.id, "name": name, "cohort": cohort])
                    ids.classes[name] = classID
                    let campus = colleges.first { $0.0 == major.college }!.2
                    classes.append((classID, major.college, major.id, major.level, cohort, campus))
                }
            }
            for (index, county) in counties.enumerated() {
                let names = ["重庆示范科技有限公司", "南岸区智能制造研究院"]
                let credit = CreditCode.completing("91\(county)MA5U\(String(format: "%05d", 37_210 + index))")!
                let unitID = try await insertID(db, "units", ["name": names[index], "credit_code": credit, "county_code": county, "status": "approved", "created_at": now])
                ids.units.append(unitID)
            }

            // ~200 graduates across the classes; one demo student with a password.
            var generator = DemoRandom(seed: 20_260_601)
            var serial = 0
            for klass in classes {
                let count = klass.level == .bachelor ? 25 : 12
                for _ in 0..<count {
                    serial += 1
                    let studentNo = serial == 1 ? demoStudentNo : serial == 2 ? importedStudentNo : String(format: "%d%02d%04d", klass.cohort, Int(klass.college)!, serial)
                    let male = generator.next() % 2 == 0
                    let name = serial == 1 ? "张明" : serial == 2 ? "李华" : generator.name()
                    let birthYear = klass.cohort - (klass.level == .bachelor ? 22 : klass.level == .master ? 25 : 28)
                    let area = ["500106", "500108", "510104", "410302"][generator.next() % 4]
                    let sequence = (generator.next() % 50) * 2 + (male ? 1 : 2)
                    let first17 = "\(area)\(birthYear)\(String(format: "%02d%02d", 1 + generator.next() % 12, 1 + generator.next() % 28))\(String(format: "%03d", sequence))"
                    let idNumber = serial == 2 ? importedStudentID : ChineseIDNumber.completing(first17)!
                    let randomPhone = "1\([3, 5, 7, 8, 9][generator.next() % 5])\(String(format: "%09d", generator.next() % 1_000_000_000))"
                    let phone = serial == 1 ? demoStudentPhone : randomPhone
                    let userID = try await AccountQueries.create(.init(
                        displayName: name, email: serial == 1 ? demoStudentEmail : nil, passwordHash: serial == 1 ? hash : nil, idType: .residentID, idNumber: idNumber,
                        phone: phone, studentNo: studentNo), keys: keys, now: now, on: db)
                    _ = try await AccountQueries.addAssignment(userID: userID, role: .student, scope: [:], createdBy: nil, now: now, on: db)
                    try await db.sql.insert(into: "students")
                        .columns("user_id", "school_id", "campus_id", "college_id", "major_id", "class_id", "cohort", "level", "stage", "gender", "source_region_code")
                        .values(SQLBind(userID), SQLBind(ids.school), SQLBind(klass.campus), SQLBind(ids.colleges[klass.college]!), SQLBind(klass.major),
                                SQLBind(klass.id), SQLBind(klass.cohort), SQLBind(klass.level.rawValue), SQLBind(klass.level.stage.rawValue),
                                SQLBind(male ? "男" : "女"), SQLBind(area))
                        .run()
                }
            }
            for account in accounts {
                let userID = try await AccountQueries.create(.init(username: account.username, displayName: account.name, passwordHash: hash), keys: keys, now: now, on: db)
                _ = try await AccountQueries.addAssignment(userID: userID, role: account.role, scope: account.scope(ids), createdBy: nil, now: now, on: db)
            }
            // A staff account with no assignment: sees the empty page with the hint.
            _ = try await AccountQueries.create(.init(username: "unassigned", displayName: "新入职的刘老师", passwordHash: hash), keys: keys, now: now, on: db)
            try await Audit.record(.seedDemo, target: .school, id: ids.school, actor: nil, ip: nil, now: now, keys: app.keys, on: db)
        }
        app.logger.notice("seed-demo: demo school, graduates and accounts created")
    }

    /// For the demo walk-through (not the test template): 毕业去向登记 open for the 2025届 for half a
    /// year, and five graduates of 计科2101 (not 张明) whose registrations wait for the counselor's 初审.
    package static func seedCases(_ app: Application) async throws {
        guard let school = try await app.db.sql.select().column("id").from("schools").where("code", .equal, SQLBind(schoolCode)).first()?
            .decode(column: "id", as: Int64.self) else { return }
        guard try await app.db.sql.select().column("id").from("destination_cases").where("school_id", .equal, SQLBind(school)).limit(1).first() == nil else { return }
        let now = app.clock.now()
        let type = CaseType.destination
        // The state and 审核记录 line a real submission makes, from the engine itself.
        let submitted = try transition(CaseState(), .submit, by: .applicant, in: type.definition,
                                       context: GuardContext(now: now, windows: [.destination: .open(closesAt: now + 86_400)])).get()
        let state = try String(decoding: JSONEncoder.sorted.encode(submitted.state), as: UTF8.self)
        let entryJSON = try String(decoding: JSONEncoder.sorted.encode(submitted.entry), as: UTF8.self)
        let destinations = [
            #"{"category":"11","position":"13","unit_location":"500103","unit_location_name":"重庆市渝中区","unit_name":"重庆云端软件有限公司"}"#,
            #"{"category":"10","position":"13","unit_location":"510107","unit_location_name":"四川省成都市武侯区","unit_name":"成都天府数据科技有限公司"}"#,
            #"{"category":"801","school_code":"10611","unit_name":"重庆大学"}"#,
            #"{"category":"12","position":"30","unit_location":"500106","unit_location_name":"重庆市沙坪坝区","unit_name":"重庆江北商贸有限公司"}"#,
            #"{"category":"753","position":"90","unit_location":"500106","unit_location_name":"重庆市沙坪坝区","unit_name":"重庆青禾创意工作室"}"#,
        ]
        try await app.db.writeTransaction { db in
            _ = try await TimeWindows.set(.destination, owner: .init(kind: .school, id: String(school)), year: 2025,
                                          window: TimeWindow(opensAt: now - 86_400, closesAt: now + 180 * 86_400), by: 0, now: now, on: db)
            try await seedSourceRecord(app, school: school, now: now, on: db)
            try await seedEmployer(app, school: school, now: now, on: db)
            try await seedGrassroots(app, school: school, now: now, on: db)
            // 解约 for the 2025届 (from 2024-12-01 by rule ④), open for the demo.
            _ = try await TimeWindows.set(.termination, owner: .init(kind: .school, id: String(school)), year: 2025,
                                          window: TimeWindow(opensAt: now - 86_400, closesAt: now + 180 * 86_400), by: 0, now: now, on: db)
            let students = try await db.sql.raw("""
                SELECT st.user_id, st.college_id, st.cohort, st.level FROM students st JOIN classes cl ON cl.id = st.class_id JOIN users u ON u.id = st.user_id
                WHERE cl.name = '计科2101' AND u.student_no NOT IN (\(bind: demoStudentNo), \(bind: importedStudentNo)) ORDER BY st.user_id LIMIT 5
                """).all()
            for (index, student) in students.enumerated() {
                let userID = try student.decode(column: "user_id", as: Int64.self)
                let data = destinations[index % destinations.count]
                let row = try await db.sql.raw("""
                    INSERT INTO destination_cases (applicant_id, period, school_id, campus_id, college_id, major_id, class_id, cohort, level, applicant_name, student_no,
                    status_key, status_label, summary, lock, state_json, data_json, submitted_json, submitted_at, updated_at, created_at)
                    SELECT st.user_id, '2025', st.school_id, st.campus_id, st.college_id, st.major_id, st.class_id, st.cohort, st.level, u.display_name, u.student_no,
                    'step:first-review', \(bind: submitted.entry.statusLabel), \(bind: type.summary(try JSONDecoder().decode([String: String].self, from: Data(data.utf8)))),
                    0, \(bind: state), \(bind: data), \(bind: data), \(bind: now - Int64(index) * 3600), \(bind: now), \(bind: now)
                    FROM students st JOIN users u ON u.id = st.user_id WHERE st.user_id = \(bind: userID) RETURNING id
                    """).first()!
                let caseID = try row.decode(column: "id", as: Int64.self)
                try await db.sql.insert(into: "case_history")
                    .columns("case_type", "case_id", "version", "step_label", "action", "action_label", "status_label", "remark", "actor_id", "actor_role", "entry_json", "at")
                    .values(SQLBind(type.key), SQLBind(caseID), SQLBind(1), SQLBind("学生登记"), SQLBind("submit"), SQLBind("提交"), SQLBind("待审核"),
                            SQLLiteral.null, SQLBind(userID), SQLBind(Role.student.rawValue), SQLBind(entryJSON), SQLBind(now - Int64(index) * 3600))
                    .run()
                let scope: [ScopeDimension: String] = [.school: String(school), .college: String(try student.decode(column: "college_id", as: Int64.self)),
                                                       .cohort: String(try student.decode(column: "cohort", as: Int.self)),
                                                       .level: try student.decode(column: "level", as: String.self)]
                try await CaseCounts.move(type, scope: scope, from: nil, to: "step:first-review", on: db)
            }
        }
    }

    /// 生源信息核对 open for the 2025届, and 张明's 生源 record as the school's import would hold it
    /// (the other demo graduates have none: their page starts from the account alone).
    static func seedSourceRecord(_ app: Application, school: Int64, now: Int64, on db: any Database) async throws {
        _ = try await TimeWindows.set(.studentSource, owner: .init(kind: .school, id: String(school)), year: 2025,
                                      window: TimeWindow(opensAt: now - 86_400, closesAt: now + 180 * 86_400), by: 0, now: now, on: db)
        guard let row = try await db.sql.raw("""
            SELECT u.id, u.id_number_cipher, u.display_name, st.gender, st.source_region_code, c.name AS college, m.name AS major, m.code AS major_code,
            cl.name AS class_name FROM users u JOIN students st ON st.user_id = u.id JOIN colleges c ON c.id = st.college_id
            JOIN majors m ON m.id = st.major_id LEFT JOIN classes cl ON cl.id = st.class_id
            WHERE u.student_no = \(bind: demoStudentNo) AND NOT EXISTS (SELECT 1 FROM graduate_records gr WHERE gr.user_id = u.id)
            """).first() else { return }
        let userID = try row.decode(column: "id", as: Int64.self)
        var values: [GraduateField.Key: String] = [
            .cohort: "2025", .educationLevel: "31", .studyType: "全日制", .normalStudent: "非师范生", .college: try row.decode(column: "college", as: String.self),
            .className: try row.decode(column: "class_name", as: String?.self) ?? "", .name: try row.decode(column: "display_name", as: String.self),
            .gender: try row.decode(column: "gender", as: String?.self) ?? "男", .documentType: "1", .studentNo: demoStudentNo, .examineeNo: "21500106150123",
            .trainingMode: "非定向", .majorCode: try row.decode(column: "major_code", as: String.self), .majorName: try row.decode(column: "major", as: String.self),
            .yearsOfStudy: "4", .ethnicity: "01", .politicalStatus: "03", .region: "500106",
            .sourceRegion: try row.decode(column: "source_region_code", as: String?.self) ?? "500106",
            .enrolmentDate: "2021-09", .graduationDate: "2025-06", .completion: "毕业", .hardship: "非困难生", .phone: demoStudentPhone, .email: demoStudentEmail,
        ]
        if let sealed = try row.decode(column: "id_number_cipher", as: String?.self) { values[.documentNumber] = try app.keys.decrypt(sealed) }
        try await db.sql.insert(into: "graduate_records")
            .columns("user_id", "school_id", "record_json", "personal_cipher", "ethnicity", "political_status", "education", "document_type", "major_code",
                     "source_region", "imported_at")
            .values(SQLBind(userID), SQLBind(school), SQLBind(GraduateImport.json(values, personal: false)),
                    SQLBind(app.keys.encrypt(GraduateImport.json(values, personal: true))), SQLBind(values[.ethnicity]), SQLBind(values[.politicalStatus]),
                    SQLBind(values[.educationLevel]), SQLBind("1"), SQLBind(values[.majorCode]), SQLBind(values[.sourceRegion]), SQLBind(now))
            .run()
    }

    /// The demo employer (account `employer`, 重庆示范科技有限公司) registered as a unit registers
    /// itself, and verified by the demo school, so it can search graduates and send invitations.
    static func seedEmployer(_ app: Application, school: Int64, now: Int64, on db: any Database) async throws {
        guard let unit = try await db.sql.raw("SELECT id FROM units WHERE name = '重庆示范科技有限公司'").first()?.decode(column: "id", as: Int64.self),
              try await db.sql.raw("SELECT unit_id FROM employer_profiles WHERE unit_id = \(bind: unit)").first() == nil else { return }
        let account = try await db.sql.raw("SELECT id FROM users WHERE username = 'employer'").first()?.decode(column: "id", as: Int64.self)
        try await db.sql.insert(into: "employer_profiles")
            .columns("unit_id", "nature_code", "industry_code", "address", "contact_name", "contact_phone_cipher", "contact_email", "registered_by", "updated_at")
            .values(SQLBind(unit), SQLBind("39"), SQLBind("34"), SQLBind("重庆市沙坪坝区学城大道 62 号"), SQLBind("王经理"),
                    SQLBind(app.keys.encrypt("023-65100001")), SQLBind("hr@example.com"), SQLBind(account), SQLBind(now))
            .run()
        try await db.sql.insert(into: "unit_qualifications").columns("unit_id", "school_id", "state", "submissions", "reviewed_at", "updated_at")
            .values(SQLBind(unit), SQLBind(school), SQLBind("已鉴证"), SQLBind(1), SQLBind(now), SQLBind(now)).run()
    }

    package static func insertID(_ db: any Database, _ table: String, _ values: [String: any Encodable & Sendable]) async throws -> Int64 {
        let columns = values.keys.sorted()
        let row = try await db.sql.insert(into: table).columns(columns)
            .values(columns.map { SQLBind(values[$0]!) as any SQLExpression })
            .returning("id").first()
        return try row!.decode(column: "id", as: Int64.self)
    }
}

/// A small deterministic generator, so the demo data is the same on every machine.
package struct DemoRandom {
    private var state: UInt64
    package init(seed: UInt64) { state = seed }

    package mutating func next() -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int(truncatingIfNeeded: (state >> 33) & 0x7fff_ffff)
    }

    package mutating func name() -> String {
        let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
        let given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉建文斌宇浩凯晨欣怡佳琪思雨子涵梓轩一诺博文雪婷嘉豪俊杰晓峰志远海燕")
        var result = String(surnames[next() % surnames.count])
        for _ in 0..<(1 + next() % 2) { result.append(given[next() % given.count]) }
        return result
    }
}

package struct SeedDemoCommand: AsyncCommand {
    package struct Signature: CommandSignature { package init() {} }
    package var help: String { "Creates the demo school, graduates and one account per role (idempotent)." }

    package func run(using context: CommandContext, signature: Signature) async throws {
        try await DemoSeed.run(context.application)
        try await DemoSeed.seedCases(context.application)
        context.console.print("示范数据已就绪。演示账号见 README.md。")
    }
}
