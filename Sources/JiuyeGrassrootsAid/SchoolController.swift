import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import JiuyeSheets
import SQLKit
import Vapor

/// The school's side (review D6, D9, D10, D12): the registry standing in for the national
/// student-aid database (高校学生信息库, 高校毕业生信息库, 补录, the legacy list), the finance
/// office's tuition and loan records, the township and 艰苦边远 tables, the caps in force; all
/// cases by college, status and amount with the installments paid; the report to the national
/// aid centre and its result.
package struct SchoolController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped("grassroots", "admin")
        admin.get(use: overview)
        admin.on(.POST, "import", body: .collect(maxSize: ByteCount(value: Self.maxFileSize + 64 * 1024)), use: importFile)
        admin.get("cases", use: cases)
        admin.get("cases", "export", use: export)
        admin.post("installments", use: markPaid)
        admin.post("report", use: report)
        admin.on(.POST, "results", body: .collect(maxSize: ByteCount(value: Self.maxFileSize + 64 * 1024)), use: importResults)
    }

    static let maxFileSize = 5 * 1024 * 1024

    func schoolAdmin(_ req: Request) throws -> (CurrentUser, Int64) {
        let user = try req.requireRole(.schoolAdmin)
        guard let school = user.active?.values[.school]?.first.flatMap(Int64.init) else { throw Abort(.notFound) }
        return (user, school)
    }

    enum ImportKind: String, CaseIterable {
        case students, graduates, supplement, legacy, payments, townships, hardship

        var label: String {
            switch self {
            case .students, .graduates, .supplement, .legacy: GrassrootsEligibility.List(rawValue: rawValue)!.label
            case .payments: "学费与贷款记录"
            case .townships: "街道/乡镇（含县政府驻地标记）"
            case .hardship: "艰苦边远地区区县名单"
            }
        }

        var columns: String {
            switch self {
            case .students, .graduates: "证件号码*、姓名*、院系*、学历*、毕业年份*、学号、专业、学制、是否全日制、是否定向委培、是否享受免学费、证件类型"
            case .supplement: "证件号码*、姓名*、院系*、学历*、毕业年份*、补录年度*、学号、专业、学制、是否全日制、是否定向委培、是否享受免学费、证件类型"
            case .legacy: "证件号码*、姓名*、院系*、学历*、毕业年份*、已通过阶段*（如：基层就业申请、第一次在职在岗确认）、学号、学制、证件类型"
            case .payments: "证件号码*、学年*（1、2、3…）、实缴学费*（元，不含住宿费）、用于学费的贷款（元）、贷款类型、贷款银行、贷款合同号、证件类型"
            case .townships: "街道乡镇代码*、名称*、所属区县代码*、是否县政府驻地*"
            case .hardship: "区县代码*"
            }
        }
    }

    @Sendable
    func overview(req: Request) async throws -> Response {
        let (user, school) = try schoolAdmin(req)
        return try await renderOverview(req, user: user, school: school, problems: [], message: nil)
    }

    func renderOverview(_ req: Request, user: CurrentUser, school: Int64, problems: [String], message: Flash?, status: HTTPResponseStatus = .ok) async throws -> Response {
        var counts: [(String, Int)] = []
        for list in GrassrootsEligibility.List.allCases {
            let count = try await req.db.sql.raw("SELECT COUNT(*) AS n FROM aid_registry WHERE school_id = \(bind: school) AND list = \(bind: list.rawValue)").first()?
                .decode(column: "n", as: Int.self) ?? 0
            counts.append((list.label, count))
        }
        let payments = try await req.db.sql.raw("SELECT COUNT(*) AS n FROM aid_payments WHERE school_id = \(bind: school)").first()?.decode(column: "n", as: Int.self) ?? 0
        counts.append((ImportKind.payments.label, payments))
        let townships = try await req.db.sql.raw("SELECT COUNT(*) AS n FROM aid_townships").first()?.decode(column: "n", as: Int.self) ?? 0
        counts.append((ImportKind.townships.label, townships))
        let hardship = try await req.db.sql.raw("SELECT COUNT(*) AS n FROM aid_hardship_counties").first()?.decode(column: "n", as: Int.self) ?? 0
        counts.append((ImportKind.hardship.label, hardship))
        return req.render(SchoolPages.Overview(context: req.pageContext("资助信息库", breadcrumb: [Crumb("资助信息库")], current: "/grassroots/admin"), counts: counts,
                                               kinds: ImportKind.allCases.map { ($0.rawValue, $0.label, $0.columns) },
                                               problems: problems, message: message, csrfToken: user.csrfToken), status: status)
    }

    // MARK: - Imports

    static func yes(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces) {
        case "是", "Y", "y", "1", "true": true
        case "否", "N", "n", "0", "false": false
        default: nil
        }
    }

    @Sendable
    func importFile(req: Request) async throws -> Response {
        let (user, school) = try schoolAdmin(req)
        struct Form: Content { var file: File?; var kind: String? }
        let form = try? req.content.decode(Form.self)
        func refuse(_ problems: [String], _ text: String) async throws -> Response {
            try await renderOverview(req, user: user, school: school, problems: problems, message: Flash(.error, text), status: .unprocessableEntity)
        }
        guard let kind = form?.kind.flatMap(ImportKind.init(rawValue:)) else { return try await refuse([], "请选择导入的名单。") }
        guard let file = form?.file, file.data.readableBytes > 0 else { return try await refuse([], "请选择要导入的 .xlsx 或 .csv 文件。") }
        guard file.data.readableBytes <= Self.maxFileSize else { return try await refuse([], "文件超过 5 MB，请分成几个文件导入。") }
        let rows: [[String]]
        do { rows = try SheetUpload.rows(Array(file.data.readableBytesView), limit: 20_002) } catch let abort as Abort { return try await refuse([], abort.reason) }
        guard let header = rows.first else { return try await refuse([], "文件是空的。") }
        guard rows.count <= 20_001 else { return try await refuse([], "一次最多导入 20000 行，请分成几个文件。") }
        let titles = header.map { $0.replacingOccurrences(of: "*", with: "").trimmingCharacters(in: .whitespaces) }
        func column(_ names: String...) -> Int? { titles.firstIndex { names.contains($0) } }
        let importer = RegistryImport(kind: kind, school: school, titles: titles, keys: req.keys)
        let required = importer.requiredColumns.filter { column($0) == nil }
        guard required.isEmpty else { return try await refuse([], "第 1 行缺少列：\(required.joined(separator: "、"))。") }
        let colleges = try await req.db.sql.raw("SELECT id, code, name FROM colleges WHERE school_id = \(bind: school)").all().reduce(into: [String: Int64]()) { map, row in
            let id = try row.decode(column: "id", as: Int64.self)
            map[try row.decode(column: "code", as: String.self)] = id
            map[try row.decode(column: "name", as: String.self)] = id
        }
        let names = try await req.application.codeBooks.regionNames(on: req.db)
        var parsed: [RegistryImport.Parsed] = []
        var problems: [String] = []
        for (index, cells) in rows.enumerated().dropFirst() {
            if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            switch importer.parse(cells, colleges: colleges, regions: names) {
            case .success(let row): parsed.append(row)
            case .failure(let problem): problems.append("第 \(index + 1) 行：\(problem.message)")
            }
        }
        guard problems.isEmpty else { return try await refuse(Array(problems.prefix(200)), "有 \(problems.count) 处需要修改，未导入任何数据。") }
        guard !parsed.isEmpty else { return try await refuse([], "文件中没有数据行。") }
        let now = req.now
        let rowsToWrite = parsed
        try await req.db.writeTransaction { db in
            for row in rowsToWrite { try await importer.write(row, by: user.id, now: now, on: db) }
            try await req.audit(.grassrootsImport, target: .grassrootsRegistry, id: nil, changes: [
                .init("list", after: kind.label), .init("rows", after: String(rowsToWrite.count)),
            ], on: db)
        }
        if kind == .townships || kind == .hardship { await req.application.codeBooks.invalidate() }
        return req.seeOther("/grassroots/admin", flash: Flash(.success, "已导入\(kind.label) \(parsed.count) 行。"))
    }

    // MARK: - All cases, amounts and installments

    struct Filter {
        var college: Int64?
        var stage: GrassrootsStage?
        var status: String?

        init(_ req: Request) {
            let query = QueryString.parse(req.url.query)
            college = RequestNumber.id(query["college"])
            stage = query["stage"].flatMap(GrassrootsStage.init(rawValue:))
            status = query["status"].flatMap { ["draft", "step:college-review", "step:school-review", "approved", "rejected"].contains($0) ? $0 : nil }
        }
    }

    func caseRows(_ req: Request, school: Int64, filter: Filter, limit: Int) async throws -> [SchoolPages.CaseRow] {
        var rows: [SchoolPages.CaseRow] = []
        for stage in GrassrootsCaseTypes.stages where filter.stage == nil || filter.stage == stage {
            let type = GrassrootsCaseTypes.type(stage)
            var query = req.db.sql.select().from(SQLAlias(SQLIdentifier(type.table), as: SQLIdentifier("c")))
                .column(SQLColumn("id", table: "c")).column(SQLColumn("applicant_id", table: "c")).column(SQLColumn("applicant_name", table: "c"))
                .column(SQLColumn("period", table: "c")).column(SQLColumn("status_key", table: "c")).column(SQLColumn("status_label", table: "c"))
                .column(SQLColumn("stage", table: "c")).column(SQLColumn("submitted_at", table: "c"))
                .column(SQLAlias(SQLColumn("name", table: "col"), as: SQLIdentifier("college")))
                .column(SQLColumn("total_fen", table: "aw")).column(SQLColumn("mode", table: "aw"))
                .join(SQLAlias(SQLIdentifier("colleges"), as: SQLIdentifier("col")), on: SQLColumn("id", table: "col"), .equal, SQLColumn("college_id", table: "c"))
                .join(SQLAlias(SQLIdentifier("aid_awards"), as: SQLIdentifier("aw")), method: SQLJoinMethod.left, on: SQLColumn("user_id", table: "aw"), .equal, SQLColumn("applicant_id", table: "c"))
                .where(SQLColumn("school_id", table: "c"), .equal, SQLBind(school))
                .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "c"), direction: SQLDirection.descending)).limit(limit)
            if let college = filter.college { query = query.where(SQLColumn("college_id", table: "c"), .equal, SQLBind(college)) }
            if let status = filter.status { query = query.where(SQLColumn("status_key", table: "c"), .equal, SQLBind(status)) }
            for row in try await query.all() {
                let user = try row.decode(column: "applicant_id", as: Int64.self)
                let installments = try await GrassrootsStore.award(user, on: req.db)?.installments ?? []
                rows.append(SchoolPages.CaseRow(
                    stage: stage, caseID: try row.decode(column: "id", as: Int64.self), userID: user,
                    name: try row.decode(column: "applicant_name", as: String.self), college: try row.decode(column: "college", as: String.self),
                    studyStage: try row.decode(column: "stage", as: String.self), period: try row.decode(column: "period", as: String.self),
                    status: try row.decode(column: "status_label", as: String?.self) ?? "", statusKey: try row.decode(column: "status_key", as: String.self),
                    mode: try row.decode(column: "mode", as: String?.self), total: try row.decode(column: "total_fen", as: Int64?.self),
                    installment: stage.base == stage ? installments.first { $0.number == stage.installment } : installments.first { $0.number == stage.installment }))
            }
        }
        return rows
    }

    @Sendable
    func cases(req: Request) async throws -> Response {
        let (user, school) = try schoolAdmin(req)
        let filter = Filter(req)
        let rows = try await caseRows(req, school: school, filter: filter, limit: 500)
        let colleges = try await req.db.sql.raw("SELECT id, name FROM colleges WHERE school_id = \(bind: school) ORDER BY code").all()
            .map { SelectOption(String(try $0.decode(column: "id", as: Int64.self)), try $0.decode(column: "name", as: String.self)) }
        let reports = try await req.db.sql.raw("""
            SELECT r.stage, r.case_id, r.national_result FROM aid_reports r WHERE r.school_id = \(bind: school)
            """).all().reduce(into: [String: String]()) { map, row in
            map["\(try row.decode(column: "stage", as: String.self)):\(try row.decode(column: "case_id", as: Int64.self))"] =
                try row.decode(column: "national_result", as: String?.self) ?? "已上报"
        }
        return req.render(SchoolPages.Cases(context: req.pageContext("基层就业资助名单", breadcrumb: [Crumb("基层就业资助名单")], current: "/grassroots/admin/cases"), rows: rows, reports: reports,
                                            colleges: colleges, filter: (filter.college.map(String.init), filter.stage?.rawValue, filter.status),
                                            query: req.url.query ?? "", csrfToken: user.csrfToken))
    }

    @Sendable
    func export(req: Request) async throws -> Response {
        let (_, school) = try schoolAdmin(req)
        let filter = Filter(req)
        let format = QueryString.parse(req.url.query)["format"].flatMap(ExportFormat.init(rawValue:)) ?? .xlsx
        let rows = try await caseRows(req, school: school, filter: filter, limit: 50_000)
        try await req.db.writeTransaction { db in
            try await req.audit(.grassrootsExport, target: .grassrootsRegistry, id: nil, changes: [.init("rows", after: String(rows.count))], on: db)
        }
        return SheetExport.response(req, filename: "基层就业资助名单", format: format, personalData: .masked, sheetName: "基层就业资助",
                                    columns: ["姓名", "院系", "学段", "填报事项", "年度", "状态", "资助方式", "核定总额（元）", "本期金额（元）", "本期拨付"].map { XLSXWriter.Column($0) }) { sink in
            for row in rows {
                try await sink.emit([.text(Masking.name(row.name)), .text(row.college), .text(row.studyStage), .text(row.stage.label), .text(row.period),
                                     .text(row.status), .text(row.mode ?? ""), .text(row.total.map(Money.yuan) ?? ""),
                                     .text(row.installment.map { Money.yuan($0.amount) } ?? ""), .text(row.paymentState)])
            }
        }
    }

    /// 登记拨付: one installment of one person paid (the installment must be due).
    @Sendable
    func markPaid(req: Request) async throws -> Response {
        let (_, school) = try schoolAdmin(req)
        let fields = FormFields(req)
        guard let userID = RequestNumber.id(fields.value("user")), let number = Int(fields.value("number")), (1...3).contains(number) else { throw Abort(.badRequest) }
        guard let person = try await GrassrootsStore.person(userID, on: req.db), person.schoolID == school else { throw Abort(.notFound) }
        let now = req.now
        let updated = try await req.db.writeTransaction { db -> Bool in
            let row = try await db.sql.raw("""
                UPDATE aid_installments SET paid_at = \(bind: now), paid_by = \(bind: req.currentUser?.id), account_last4 = \(bind: person.cardLast4)
                WHERE user_id = \(bind: userID) AND number = \(bind: number) AND due_since IS NOT NULL AND paid_at IS NULL RETURNING id
                """).first()
            guard row != nil else { return false }
            try await req.audit(.grassrootsPaid, target: .grassrootsPerson, id: userID, changes: [.init("installment", after: "第\(number)期"),
                                                                                                .init("card", after: person.cardLast4.map { "尾号\($0)" })], on: db)
            try await MessageCenter.post(to: userID, title: "基层就业资助", body: "你的基层就业资助第\(number)期已拨付到尾号\(person.cardLast4 ?? "—")的银行卡，请注意查收。",
                                         link: "/grassroots", now: now, on: db)
            return true
        }
        let back = "/grassroots/admin/cases" + (fields.value("back").hasPrefix("?") && fields.value("back").count < 200 ? fields.value("back") : "")
        return req.seeOther(back, flash: updated ? Flash(.success, "已登记第\(number)期拨付。") : Flash(.error, "该期尚未到拨付条件或已登记拨付。"))
    }

    // MARK: - 上报 and the national result (review D9)

    /// The school's report: every case the school approved and has not reported, in one file,
    /// recorded so each case is reported once. Personal data in full (the national system needs
    /// the ID number and the card), audited.
    @Sendable
    func report(req: Request) async throws -> Response {
        let (user, school) = try schoolAdmin(req)
        let keys = req.keys
        struct Line: Sendable { let cells: [Cell] }
        var lines: [Line] = []
        var reported: [(GrassrootsStage, Int64)] = []
        for stage in GrassrootsCaseTypes.stages {
            let type = GrassrootsCaseTypes.type(stage)
            for row in try await req.db.sql.raw("""
                SELECT c.id, c.applicant_id, c.in_force_json, c.period FROM \(ident: type.table) c
                WHERE c.school_id = \(bind: school) AND c.status_key = 'approved'
                AND NOT EXISTS (SELECT 1 FROM aid_reports r WHERE r.stage = \(bind: stage.rawValue) AND r.case_id = c.id) ORDER BY c.id
                """).all() {
                let caseID = try row.decode(column: "id", as: Int64.self)
                let userID = try row.decode(column: "applicant_id", as: Int64.self)
                guard let person = try await GrassrootsStore.person(userID, on: req.db) else { continue }
                let content = (try row.decode(column: "in_force_json", as: String?.self)).flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
                let idNumber = try await req.db.sql.raw("SELECT id_number_cipher FROM users WHERE id = \(bind: userID)").first()?
                    .decode(column: "id_number_cipher", as: String?.self).map { try keys.decrypt($0) } ?? ""
                let card = try person.cardCipher.map { try keys.decrypt($0) } ?? ""
                let award = try await GrassrootsStore.award(userID, on: req.db)
                let names = try await GrassrootsChoices.names(county: content[GrassrootsForm.Field.workCounty.rawValue], township: nil, req: req)
                lines.append(Line(cells: [
                    .text(person.name), .text(idNumber), .text(person.schoolName), .text(person.collegeName), .text(person.level.rawValue),
                    .integer(person.graduationYear), .text(stage.label), .text(try row.decode(column: "period", as: String.self)),
                    .text(content[GrassrootsForm.Field.aidMode.rawValue] ?? award?.mode ?? ""), .text(content[GrassrootsForm.Field.unitName.rawValue] ?? ""),
                    .text(names.county ?? ""), .text(award.map { Money.yuan($0.total) } ?? ""),
                    .text(award?.installments.first { $0.number == stage.installment }.map { Money.yuan($0.amount) } ?? ""),
                    .text(person.bankName ?? ""), .text(card),
                ]))
                reported.append((stage, caseID))
            }
        }
        guard !lines.isEmpty else { return req.seeOther("/grassroots/admin/cases", flash: Flash(.info, "没有待上报的审核通过记录。")) }
        let now = req.now
        let toRecord = reported
        try await req.db.writeTransaction { db in
            for (stage, caseID) in toRecord {
                try await db.sql.insert(into: "aid_reports").columns("school_id", "stage", "case_id", "reported_at", "reported_by")
                    .values(SQLBind(school), SQLBind(stage.rawValue), SQLBind(caseID), SQLBind(now), SQLBind(user.id)).run()
            }
            try await req.audit(.grassrootsReport, target: .grassrootsRegistry, id: nil, changes: [.init("rows", after: String(toRecord.count))], on: db)
        }
        let rows = lines
        return SheetExport.response(req, filename: "基层就业资助上报", format: .xlsx, personalData: .full, sheetName: "上报名单",
                                    columns: ["姓名", "证件号码", "学校", "院系", "学历", "毕业年份", "填报事项", "年度", "资助方式", "就业单位", "工作地点",
                                              "核定总额（元）", "本期金额（元）", "开户银行", "银行卡号"].map { XLSXWriter.Column($0) }) { sink in
            for line in rows { try await sink.emit(line.cells) }
        }
    }

    /// The national result imported back: 证件号码, 填报事项, 审核结果 (通过 / 不通过), 说明.
    @Sendable
    func importResults(req: Request) async throws -> Response {
        let (user, school) = try schoolAdmin(req)
        struct Form: Content { var file: File? }
        func refuse(_ problems: [String], _ text: String) async throws -> Response {
            try await renderOverview(req, user: user, school: school, problems: problems, message: Flash(.error, text), status: .unprocessableEntity)
        }
        guard let file = (try? req.content.decode(Form.self))?.file, file.data.readableBytes > 0, file.data.readableBytes <= Self.maxFileSize else {
            return try await refuse([], "请选择不超过 5 MB 的 .xlsx 或 .csv 文件。")
        }
        let rows: [[String]]
        do { rows = try SheetUpload.rows(Array(file.data.readableBytesView), limit: 20_002) } catch let abort as Abort { return try await refuse([], abort.reason) }
        guard let header = rows.first else { return try await refuse([], "文件是空的。") }
        let titles = header.map { $0.replacingOccurrences(of: "*", with: "").trimmingCharacters(in: .whitespaces) }
        guard let idColumn = titles.firstIndex(of: "证件号码"), let stageColumn = titles.firstIndex(of: "填报事项"),
              let resultColumn = titles.firstIndex(of: "审核结果") else { return try await refuse([], "第 1 行须有“证件号码”“填报事项”“审核结果”三列。") }
        let noteColumn = titles.firstIndex(of: "说明")
        var updates: [(GrassrootsStage, String, String, String?)] = []
        var problems: [String] = []
        for (index, cells) in rows.enumerated().dropFirst() {
            func cell(_ i: Int?) -> String { i.flatMap { $0 < cells.count ? cells[$0].trimmingCharacters(in: .whitespaces) : nil } ?? "" }
            if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard let stage = GrassrootsStage.allCases.first(where: { $0.label == cell(stageColumn) }) else { problems.append("第 \(index + 1) 行：填报事项无法识别。"); continue }
            let result = cell(resultColumn)
            guard ["通过", "不通过"].contains(result) else { problems.append("第 \(index + 1) 行：审核结果应为“通过”或“不通过”。"); continue }
            let id = cell(idColumn).uppercased()
            guard !id.isEmpty, id.count <= 20 else { problems.append("第 \(index + 1) 行：请填写证件号码。"); continue }
            let note = cell(noteColumn)
            updates.append((stage, req.keys.lookupHash(id), result, note.isEmpty ? nil : String(note.prefix(200))))
        }
        guard problems.isEmpty else { return try await refuse(Array(problems.prefix(200)), "有 \(problems.count) 处需要修改，未导入任何数据。") }
        let now = req.now
        let toApply = updates
        let applied = try await req.db.writeTransaction { db -> Int in
            var applied = 0
            for (stage, hash, result, note) in toApply {
                let table = GrassrootsCaseTypes.table(stage)
                let found = try await db.sql.raw("""
                    SELECT r.id FROM aid_reports r JOIN \(ident: table) c ON c.id = r.case_id JOIN users u ON u.id = c.applicant_id
                    WHERE r.school_id = \(bind: school) AND r.stage = \(bind: stage.rawValue) AND u.id_number_hash = \(bind: hash)
                    """).first()
                guard let id = try found?.decode(column: "id", as: Int64.self) else { continue }
                try await db.sql.raw("""
                    UPDATE aid_reports SET national_result = \(bind: result), national_note = \(bind: note), result_at = \(bind: now) WHERE id = \(bind: id)
                    """).run()
                applied += 1
            }
            try await req.audit(.grassrootsResult, target: .grassrootsRegistry, id: nil, changes: [.init("rows", after: String(applied))], on: db)
            return applied
        }
        return req.seeOther("/grassroots/admin/cases", flash: Flash(.success, "已导入全国审核结果 \(applied) 条；\(updates.count - applied) 条未找到对应的上报记录。"))
    }
}
