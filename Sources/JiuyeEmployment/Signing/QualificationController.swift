import Fluent
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 资质鉴证 by the school's employment office: the units that applied to the school, each with
/// its registration and licence, approved or returned with a reason. Only the school admin of
/// that school sees and decides; a unit of another school is 404.
package struct QualificationController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("employers", "qualification", use: list)
        routes.get("employers", "qualification", ":unit", use: show)
        routes.get("employers", "qualification", ":unit", "licence", ":upload", use: licence)
        routes.post("employers", "qualification", ":unit", use: decide)
    }

    static func school(_ req: Request) throws -> (CurrentUser, Int64) {
        let user = try req.requireRole(.schoolAdmin)
        guard let school = user.active?.values[.school]?.first.flatMap({ Int64($0) }) else { throw Abort(.notFound) }
        return (user, school)
    }

    @Sendable
    package func list(req: Request) async throws -> Response {
        let (_, school) = try Self.school(req)
        let state = req.query[String.self, at: "state"].flatMap(Qualification.State.init(rawValue:))
        let page = PageNumber.parse(req.query[String.self, at: "page"])
        let pageSize = 20
        let filter: SQLQueryString = state.map { "AND q.state = \(bind: $0.rawValue)" } ?? ""
        let total = try await req.db.sql.raw("SELECT COUNT(*) AS n FROM unit_qualifications q WHERE q.school_id = \(bind: school) \(filter)").first()?
            .decode(column: "n", as: Int.self) ?? 0
        let rows = try await req.db.sql.raw("""
            SELECT un.id, un.name, un.credit_code, q.state, q.updated_at, q.submissions FROM unit_qualifications q JOIN units un ON un.id = q.unit_id
            WHERE q.school_id = \(bind: school) \(filter) ORDER BY CASE WHEN q.state = \(bind: Qualification.State.pending.rawValue) THEN 0 ELSE 1 END, q.updated_at DESC
            LIMIT \(bind: pageSize) OFFSET \(bind: PageNumber.offset(page: page, pageSize: pageSize))
            """).all().map { row in
            EmployerPages.QualificationRow(unitID: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name", as: String.self),
                                           creditCode: try row.decode(column: "credit_code", as: String.self),
                                           state: Qualification.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .pending,
                                           updatedAt: try row.decode(column: "updated_at", as: Int64.self),
                                           submissions: try row.decode(column: "submissions", as: Int.self))
        }
        let model = EmployerPages.QualificationListModel(rows: rows, total: total, page: page, pageSize: pageSize, state: state)
        return req.render(EmployerPages.QualificationList(context: req.pageContext("用人单位资质鉴证", breadcrumb: [Crumb("用人单位资质鉴证")]), model: model))
    }

    func load(_ req: Request, school: Int64) async throws -> (SigningStore.UnitFacts, Qualification) {
        guard let unitID = RequestNumber.id(req.parameters.get("unit")),
              let qualification = try await SigningStore.qualification(unit: unitID, school: school, on: req.db),
              let unit = try await SigningStore.unit(unitID, keys: req.keys, on: req.db) else { throw Abort(.notFound) }
        return (unit, qualification)
    }

    @Sendable
    package func show(req: Request) async throws -> Response {
        let (user, school) = try Self.school(req)
        let (unit, qualification) = try await load(req, school: school)
        return try await render(req, user: user, unit: unit, qualification: qualification, reason: "", error: nil)
    }

    func render(_ req: Request, user: CurrentUser, unit: SigningStore.UnitFacts, qualification: Qualification, reason: String, error: String?,
                status: HTTPResponseStatus = .ok) async throws -> Response {
        let licences = try await Uploads.forCase(UploadCaseRef(type: "employer", id: unit.id), on: req.db)
        let names = try await DestinationReferences.regionNames(req.application, on: req.db)
        let codes = try await GraduateImport.lookup(req.application, on: req.db)
        let nature = unit.natureCode.map { code in codes.entry(in: .unitNature, matching: code).map { "\(code) \($0.label)" } ?? code }
        let industry = unit.industryCode.map { code in codes.entry(in: .industry, matching: code).map { "\(code) \($0.label)" } ?? code }
        let model = EmployerPages.QualificationModel(
            unit: unit, location: names.fullName(unit.countyCode) ?? unit.countyCode, nature: nature, industry: industry, qualification: qualification,
            licences: licences.map { ($0.id, $0.original_name) }, csrfToken: user.csrfToken, reason: reason, error: error)
        return req.render(EmployerPages.QualificationDetail(
            context: req.pageContext(unit.name, breadcrumb: [Crumb("用人单位资质鉴证", href: "/employers/qualification"), Crumb(unit.name)],
                                     current: "/employers/qualification"), model: model), status: status)
    }

    /// The licence file of a unit under review (the uploads page serves students' files only).
    @Sendable
    package func licence(req: Request) async throws -> Response {
        let (_, school) = try Self.school(req)
        let (unit, _) = try await load(req, school: school)
        guard let id = RequestNumber.id(req.parameters.get("upload")), let row = try await Uploads.find(id: id, on: req.db),
              row.caseRef == UploadCaseRef(type: "employer", id: unit.id) else { throw Abort(.notFound) }
        let data = try await Uploads.contents(of: row, app: req.application, on: req.db)
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: row.content_type)
        response.headers.replaceOrAdd(name: .contentDisposition, value: "inline")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    @Sendable
    package func decide(req: Request) async throws -> Response {
        let (user, school) = try Self.school(req)
        let (unit, before) = try await load(req, school: school)
        let form = FormFields(req)
        var after = before
        let decision = form.value("decision")
        do {
            switch decision {
            case "verify":
                if try await Uploads.forCase(UploadCaseRef(type: "employer", id: unit.id), on: req.db).isEmpty {
                    throw QualificationRefusal("该单位尚未上传营业执照（或登记证书）扫描件，不能鉴证通过。可退回并说明原因。")
                }
                try after.verify()
            case "return": try after.returnToUnit(reason: form.value("reason"))
            default: throw QualificationRefusal("请选择鉴证通过或退回。")
            }
        } catch let refusal as QualificationRefusal {
            return try await render(req, user: user, unit: unit, qualification: before, reason: form.value("reason"), error: refusal.message,
                                    status: .unprocessableEntity)
        }
        let now = req.now
        let decided = after
        let moved: Bool = try await req.db.writeTransaction { db in
            let after = decided
            let row = try await db.sql.raw("""
                UPDATE unit_qualifications SET state = \(bind: after.state.rawValue), return_reason = \(bind: after.returnReason), reviewed_by = \(bind: user.id),
                reviewed_at = \(bind: now), updated_at = \(bind: now) WHERE unit_id = \(bind: unit.id) AND school_id = \(bind: school)
                AND state = \(bind: before.state.rawValue) RETURNING unit_id
                """).first()
            guard row != nil else { return false }
            if after.state == .verified {
                try await db.sql.raw("UPDATE units SET status = 'approved' WHERE id = \(bind: unit.id)").run()
            }
            try await req.audit(after.state == .verified ? .employerVerify : .employerReturn, target: .unit, id: unit.id,
                                changes: [.init("qualification", before: before.state.label, after: after.state.label),
                                          .init("reason", after: after.returnReason ?? "")], on: db)
            let body = after.state == .verified ? "贵单位已通过资质鉴证，可以搜索毕业生并发送签约邀请。"
                : "贵单位的资质鉴证被退回，原因：\(after.returnReason ?? "")。请按原因修改后重新提交。"
            try await SigningNotices.toUnit(unit.id, title: after.state == .verified ? "资质鉴证已通过" : "资质鉴证被退回", body: body, link: "/employer",
                                            now: now, keys: req.keys, app: req.application, on: db)
            return true
        }
        guard moved else {
            return try await render(req, user: user, unit: unit, qualification: before, reason: "", error: "该单位的鉴证状态已被他人修改，请刷新后再操作。", status: .conflict)
        }
        return req.seeOther("/employers/qualification/\(unit.id)",
                            flash: Flash(.success, after.state == .verified ? "已鉴证通过“\(unit.name)”。" : "已退回“\(unit.name)”，单位将收到退回原因。"))
    }
}
