import Fluent
import JiuyeDomain
import JiuyeHTML
import JiuyeSheets
import SQLKit
import Vapor

/// 组织机构: schools → campuses → colleges → majors → classes, 行政区划 and 用人单位.
/// The system admin manages all of it; a school admin sees its own school (/org/school) and adds
/// colleges, majors and classes there. Anything outside the actor's scope is 404.
package struct OrgAdminController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped("admin")
        admin.get("schools", use: schools)
        admin.get("schools", "export", use: exportSchools)
        admin.post("schools", use: createSchool)
        admin.get("schools", ":id", use: school)
        admin.post("schools", ":id", "campuses", use: createCampus)
        admin.post("schools", ":id", "colleges", use: createCollege)
        admin.get("colleges", ":id", use: college)
        admin.post("colleges", ":id", "majors", use: createMajor)
        admin.post("colleges", ":id", "classes", use: createClass)
        admin.get("regions", use: regions)
        admin.get("units", use: units)
        admin.get("units", "export", use: exportUnits)
        admin.get("units", "new", use: newUnit)
        admin.post("units", use: createUnit)
        routes.get("org", "school", use: ownSchool)
    }

    // MARK: - Shared

    /// Who may work on the school side: the system admin (every school) and school admins (scoped).
    package func orgStaff(_ req: Request) throws -> CurrentUser { try req.requireRole(.systemAdmin, .schoolAdmin) }

    package func schoolPath(_ user: CurrentUser, _ schoolID: Int64) -> String {
        user.role == .systemAdmin ? "/admin/schools/\(schoolID)" : "/org/school"
    }

    /// The menu entry a school-side page belongs to for this viewer.
    package func menuEntry(_ user: CurrentUser) -> String { user.role == .systemAdmin ? "/admin/schools" : "/org/school" }

    package func schoolCrumbs(_ user: CurrentUser, schoolID: Int64, schoolName: String, linked: Bool) -> [Crumb] {
        let own = Crumb(schoolName, href: linked ? schoolPath(user, schoolID) : nil)
        return user.role == .systemAdmin ? [Crumb("学校与院系", href: "/admin/schools"), own] : [own]
    }

    package static func id(_ req: Request) throws -> Int64 {
        guard let id = req.parameters.get("id").flatMap(Int64.init) else { throw Abort(.notFound) }
        return id
    }

    package static func text(_ req: Request, _ name: String) -> String { OrgInput.name(req.query[String.self, at: name]) }
    package static func page(_ req: Request) -> Int { PageNumber.parse(req.query[String.self, at: "page"]) }

    /// One create in one write transaction. `conflict` runs first inside it, so a duplicate code is
    /// an inline Chinese error, never a 500. If the insert still fails (a concurrent writer took
    /// the unique key on PostgreSQL), the check runs again to explain it; otherwise the error stands.
    package func create<T: Sendable>(
        _ req: Request,
        conflict: @escaping @Sendable (any Database) async throws -> ValidationError?,
        write: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> Result<T, ValidationError> {
        do {
            return .success(try await req.db.writeTransaction { db in
                if let problem = try await conflict(db) { throw problem }
                return try await write(db)
            })
        } catch let problem as ValidationError {
            return .failure(problem)
        } catch {
            if let problem = try await conflict(req.db) { return .failure(problem) }
            throw error
        }
    }

    // MARK: - Schools

    @Sendable
    package func schools(req: Request) async throws -> Response { try await renderSchools(req) }

    package func renderSchools(_ req: Request, form: SchoolForm = .init(), errors: [String: String] = [:], status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireRole(.systemAdmin)
        let keyword = Self.text(req, "q")
        let page = Self.page(req)
        let (rows, total) = try await OrgQueries.schools(keyword: keyword, page: page, on: req.db)
        let provinces = try await OrgQueries.regions(level: "province", on: req.db)
        let model = SchoolList.Model(
            rows: rows.map(SchoolList.Item.init), total: total, keyword: keyword, page: page,
            provinces: provinces.map { SelectOption($0.code, $0.name) }, form: form, errors: errors, csrfToken: user.csrfToken)
        return req.render(SchoolList.View(context: req.pageContext("学校与院系", breadcrumb: [Crumb("学校与院系")]), model: model), status: status)
    }

    /// 导出 the schools list with its keyword, audited.
    @Sendable
    package func exportSchools(req: Request) async throws -> Response {
        _ = try req.requireRole(.systemAdmin)
        let keyword = Self.text(req, "q")
        let format = SheetExport.format(req)
        try await req.db.writeTransaction { db in
            try await req.audit(.exportSchools, target: .schools, id: nil, changes: [.init("format", after: format.rawValue)], on: db)
        }
        let db = req.db
        let columns: [XLSXWriter.Column] = [.init("学校代码", width: 12), .init("学校名称", width: 30), .init("所在地", width: 14), .init("院系数", width: 8)]
        return SheetExport.response(req, filename: "学校", format: format, sheetName: "学校", columns: columns) { sink in
            try await sink.emitPages({ (page: Int?) in
                try await OrgQueries.schools(keyword: keyword, page: page ?? 1, pageSize: SheetExport.pageSize, on: db).rows
            }, next: { _, page in (page ?? 1) + 1 }) { row in
                [.text(row.code), .text(row.name), .text(row.region_name), .integer(row.colleges)]
            }
        }
    }

    @Sendable
    package func createSchool(req: Request) async throws -> Response {
        _ = try req.requireRole(.systemAdmin)
        let form = try req.content.decode(SchoolForm.self)
        let provinces = Set(try await OrgQueries.regions(level: "province", on: req.db).map(\.code))
        let errors = form.problems(provinces: provinces)
        guard errors.isEmpty else { return try await renderSchools(req, form: form, errors: errors, status: .unprocessableEntity) }
        let result = try await create(req) { db in
            if try await OrgQueries.schoolCodeTaken(form.code, on: db) {
                return ValidationError(field: "code", message: "学校代码 \(form.code) 已被其他学校使用，请核对。")
            }
            if try await OrgQueries.schoolNameTaken(form.name, on: db) {
                return ValidationError(field: "name", message: "已有名为“\(form.name)”的学校。")
            }
            return nil
        } write: { db in
            let id = try await OrgQueries.insertReturningID(db, into: "schools", [("code", form.code), ("name", form.name), ("region_code", form.region)])
            try await req.audit(.orgSchoolCreate, target: .school, id: id, changes: [
                .init("code", after: form.code), .init("name", after: form.name), .init("region_code", after: form.region),
            ], on: db)
            return id
        }
        switch result {
        case .failure(let problem):
            return try await renderSchools(req, form: form, errors: [problem.field: problem.message], status: .unprocessableEntity)
        case .success(let id):
            return req.seeOther("/admin/schools/\(id)", flash: Flash(.success, "学校“\(form.name)”已新增，请继续设置校区和院系。"))
        }
    }

    @Sendable
    package func school(req: Request) async throws -> Response {
        try await renderSchool(req, user: try orgStaff(req), schoolID: try Self.id(req))
    }

    /// A school admin's own school. Its scope names exactly one school (ScopeRules).
    @Sendable
    package func ownSchool(req: Request) async throws -> Response {
        let user = try req.requireRole(.schoolAdmin)
        guard let id = user.scope.allows(.school)?.compactMap(Int64.init).min() else {
            throw Abort(.notFound, reason: "您的账号尚未分配学校，请联系安全管理员。")
        }
        return try await renderSchool(req, user: user, schoolID: id)
    }

    package func renderSchool(_ req: Request, user: CurrentUser, schoolID: Int64, campusForm: CampusForm = .init(), collegeForm: CollegeForm = .init(),
                      errors: [String: String] = [:], status: HTTPResponseStatus = .ok) async throws -> Response {
        guard let school = try await OrgQueries.school(schoolID, scope: user.scope, on: req.db) else { throw Abort(.notFound) }
        let keyword = Self.text(req, "q")
        let page = Self.page(req)
        let campuses = try await OrgQueries.campuses(schoolID: schoolID, scope: user.scope, on: req.db)
        let (colleges, total) = try await OrgQueries.colleges(schoolID: schoolID, scope: user.scope, keyword: keyword, page: page, on: req.db)
        let model = SchoolDetail.Model(
            school: school, path: schoolPath(user, schoolID), campuses: campuses, colleges: colleges, total: total,
            keyword: keyword, page: page, canAddCampus: user.role == .systemAdmin, campusRequired: user.scope.allows(.campus) != nil,
            campusForm: campusForm, collegeForm: collegeForm, errors: errors, csrfToken: user.csrfToken)
        let context = req.pageContext(school.name, breadcrumb: schoolCrumbs(user, schoolID: schoolID, schoolName: school.name, linked: false),
                                      current: menuEntry(user))
        return req.render(SchoolDetail.View(context: context, model: model), status: status)
    }

    @Sendable
    package func createCampus(req: Request) async throws -> Response {
        let user = try req.requireRole(.systemAdmin)
        let schoolID = try Self.id(req)
        guard try await OrgQueries.school(schoolID, scope: user.scope, on: req.db) != nil else { throw Abort(.notFound) }
        let form = try req.content.decode(CampusForm.self)
        let errors = form.problems()
        guard errors.isEmpty else {
            return try await renderSchool(req, user: user, schoolID: schoolID, campusForm: form, errors: errors, status: .unprocessableEntity)
        }
        let result = try await create(req) { db in
            try await OrgQueries.campusNameTaken(form.name, schoolID: schoolID, on: db)
                ? ValidationError(field: "campusName", message: "本校已有名为“\(form.name)”的校区。") : nil
        } write: { db in
            let id = try await OrgQueries.insertReturningID(db, into: "campuses", [("school_id", schoolID), ("name", form.name)])
            try await req.audit(.orgCampusCreate, target: .campus, id: id, changes: [
                .init("school_id", after: String(schoolID)), .init("name", after: form.name),
            ], on: db)
        }
        if case .failure(let problem) = result {
            return try await renderSchool(req, user: user, schoolID: schoolID, campusForm: form, errors: [problem.field: problem.message], status: .unprocessableEntity)
        }
        return req.seeOther(schoolPath(user, schoolID), flash: Flash(.success, "校区“\(form.name)”已新增。"))
    }

    @Sendable
    package func createCollege(req: Request) async throws -> Response {
        let user = try orgStaff(req)
        let schoolID = try Self.id(req)
        guard try await OrgQueries.school(schoolID, scope: user.scope, on: req.db) != nil else { throw Abort(.notFound) }
        let form = try req.content.decode(CollegeForm.self)
        let campuses = try await OrgQueries.campuses(schoolID: schoolID, scope: user.scope, on: req.db)
        let errors = form.problems(campuses: Set(campuses.map(\.id)), campusRequired: user.scope.allows(.campus) != nil)
        guard errors.isEmpty else {
            return try await renderSchool(req, user: user, schoolID: schoolID, collegeForm: form, errors: errors, status: .unprocessableEntity)
        }
        let result = try await create(req) { db in
            if try await OrgQueries.collegeCodeTaken(form.code, schoolID: schoolID, on: db) {
                return ValidationError(field: "collegeCode", message: "本校已有代码为 \(form.code) 的院系，院系代码不能重复。")
            }
            if try await OrgQueries.collegeNameTaken(form.name, schoolID: schoolID, on: db) {
                return ValidationError(field: "collegeName", message: "本校已有名为“\(form.name)”的院系。")
            }
            return nil
        } write: { db in
            let id = try await OrgQueries.insertReturningID(db, into: "colleges", [
                ("school_id", schoolID), ("campus_id", form.campusID), ("code", form.code), ("name", form.name),
            ])
            try await req.audit(.orgCollegeCreate, target: .college, id: id, changes: [
                .init("school_id", after: String(schoolID)), .init("campus_id", after: form.campusID.map(String.init)),
                .init("code", after: form.code), .init("name", after: form.name),
            ], on: db)
        }
        if case .failure(let problem) = result {
            return try await renderSchool(req, user: user, schoolID: schoolID, collegeForm: form, errors: [problem.field: problem.message], status: .unprocessableEntity)
        }
        req.application.orgNames.invalidate()
        return req.seeOther(schoolPath(user, schoolID), flash: Flash(.success, "院系“\(form.name)”已新增。"))
    }

    // MARK: - Colleges

    @Sendable
    package func college(req: Request) async throws -> Response {
        try await renderCollege(req, user: try orgStaff(req), collegeID: try Self.id(req))
    }

    package func renderCollege(_ req: Request, user: CurrentUser, collegeID: Int64, majorForm: MajorForm = .init(), classForm: ClassForm = .init(),
                       errors: [String: String] = [:], status: HTTPResponseStatus = .ok) async throws -> Response {
        guard let college = try await OrgQueries.college(collegeID, scope: user.scope, on: req.db) else { throw Abort(.notFound) }
        let majors = try await OrgQueries.majors(collegeID: collegeID, on: req.db)
        var filter = OrgQueries.ClassFilter()
        filter.majorID = req.query[String.self, at: "major"].flatMap(Int64.init)
        filter.cohort = Int(OrgInput.code(req.query[String.self, at: "cohort"]))
        filter.page = Self.page(req)
        let (classes, total) = try await OrgQueries.classes(collegeID: collegeID, filter: filter, on: req.db)
        let model = CollegeDetail.Model(
            college: college, schoolPath: schoolPath(user, college.school_id), majors: majors, classes: classes, total: total,
            filter: filter, majorForm: majorForm, classForm: classForm, errors: errors, csrfToken: user.csrfToken)
        let crumbs = schoolCrumbs(user, schoolID: college.school_id, schoolName: college.school_name, linked: true) + [Crumb(college.name)]
        let context = req.pageContext(college.name, breadcrumb: crumbs, current: menuEntry(user))
        return req.render(CollegeDetail.View(context: context, model: model), status: status)
    }

    @Sendable
    package func createMajor(req: Request) async throws -> Response {
        let user = try orgStaff(req)
        let collegeID = try Self.id(req)
        guard try await OrgQueries.college(collegeID, scope: user.scope, on: req.db) != nil else { throw Abort(.notFound) }
        let form = try req.content.decode(MajorForm.self)
        let errors = form.problems()
        guard errors.isEmpty else {
            return try await renderCollege(req, user: user, collegeID: collegeID, majorForm: form, errors: errors, status: .unprocessableEntity)
        }
        let result = try await create(req) { db in
            try await OrgQueries.majorTaken(code: form.code, level: form.level, collegeID: collegeID, on: db)
                ? ValidationError(field: "majorCode", message: "本院系已有代码为 \(form.code) 的\(form.level)专业。") : nil
        } write: { db in
            let id = try await OrgQueries.insertReturningID(db, into: "majors", [
                ("college_id", collegeID), ("code", form.code), ("name", form.name), ("level", form.level),
            ])
            try await req.audit(.orgMajorCreate, target: .major, id: id, changes: [
                .init("college_id", after: String(collegeID)), .init("code", after: form.code),
                .init("name", after: form.name), .init("level", after: form.level),
            ], on: db)
        }
        if case .failure(let problem) = result {
            return try await renderCollege(req, user: user, collegeID: collegeID, majorForm: form, errors: [problem.field: problem.message], status: .unprocessableEntity)
        }
        req.application.orgNames.invalidate()
        return req.seeOther("/admin/colleges/\(collegeID)", flash: Flash(.success, "专业“\(form.name)”（\(form.level)）已新增。"))
    }

    @Sendable
    package func createClass(req: Request) async throws -> Response {
        let user = try orgStaff(req)
        let collegeID = try Self.id(req)
        guard try await OrgQueries.college(collegeID, scope: user.scope, on: req.db) != nil else { throw Abort(.notFound) }
        let form = try req.content.decode(ClassForm.self)
        let majors = try await OrgQueries.majors(collegeID: collegeID, on: req.db)
        let errors = form.problems(majors: Set(majors.map(\.id)))
        guard errors.isEmpty, let majorID = form.majorID, let cohort = form.cohortYear else {
            return try await renderCollege(req, user: user, collegeID: collegeID, classForm: form, errors: errors, status: .unprocessableEntity)
        }
        let result = try await create(req) { db in
            try await OrgQueries.classNameTaken(form.name, majorID: majorID, on: db)
                ? ValidationError(field: "className", message: "该专业已有名为“\(form.name)”的班级。") : nil
        } write: { db in
            let id = try await OrgQueries.insertReturningID(db, into: "classes", [
                ("college_id", collegeID), ("major_id", majorID), ("name", form.name), ("cohort", cohort),
            ])
            try await req.audit(.orgClassCreate, target: .schoolClass, id: id, changes: [
                .init("college_id", after: String(collegeID)), .init("major_id", after: String(majorID)),
                .init("name", after: form.name), .init("cohort", after: String(cohort)),
            ], on: db)
        }
        if case .failure(let problem) = result {
            return try await renderCollege(req, user: user, collegeID: collegeID, classForm: form, errors: [problem.field: problem.message], status: .unprocessableEntity)
        }
        return req.seeOther("/admin/colleges/\(collegeID)", flash: Flash(.success, "班级“\(form.name)”已新增。"))
    }

}
