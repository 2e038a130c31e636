import Fluent
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// The role + scope part of a form (add a role, create a staff account). Works without
/// JavaScript in two steps: choose the role (and school), then the values of each dimension.
package struct ScopeForm: Sendable {
    package var role: Role?
    package var schoolID: Int64?
    package var values: [ScopeDimension: Set<String>] = [:]

    package static func cohorts(now: Int64) -> [String] {
        let year = ChinaTime.components(now).year ?? 2026
        return (year - 4...year + 1).reversed().map(String.init)
    }

    /// Reads the submitted role and values.
    package static func parse(_ fields: FormFields, reach: AdminReach) -> ScopeForm {
        var form = ScopeForm()
        form.role = Role(rawValue: fields.value("role"))
        form.schoolID = reach.schoolID ?? Int64(fields.value("school"))
        guard let role = form.role else { return form }
        for dimension in role.allowedDimensions {
            let submitted = dimension == .school ? form.schoolID.map { [String($0)] } ?? [] : fields.values("scope_\(dimension.rawValue)")
            if !submitted.isEmpty { form.values[dimension] = Set(submitted) }
        }
        return form
    }

    /// The role rule, reach, and that every value exists (and belongs to the chosen school).
    package func validate(reach: AdminReach, on db: any Database) async throws -> String? {
        guard let role else { return "请选择角色。" }
        guard reach.grantable.contains(role) else { return "您不能分配\(role.label)角色。" }
        if let problem = ScopeRules.validate(role: role, scope: values) { return problem }
        if let school = reach.schoolID, let chosen = values[.school], chosen != [String(school)] { return "只能在本校范围内分配角色。" }
        let school = values[.school]?.first.flatMap(Int64.init)
        func count(_ table: String, _ ids: Set<String>, schoolColumn: SQLExpression?) async throws -> Int {
            var query = db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
                .from(SQLAlias(SQLIdentifier(table), as: SQLIdentifier("t")))
                .where(SQLColumn("id", table: "t"), .in, ScopeFilter.binds(ids, for: .college))
            if let schoolColumn, let school { query = query.where(schoolColumn, .equal, SQLBind(school)) }
            return try await query.first()?.decode(column: "n", as: Int.self) ?? 0
        }
        for (dimension, ids) in values {
            let found: Int
            switch dimension {
            case .school: found = try await count("schools", ids, schoolColumn: nil)
            case .campus: found = try await count("campuses", ids, schoolColumn: SQLColumn("school_id", table: "t"))
            case .college: found = try await count("colleges", ids, schoolColumn: SQLColumn("school_id", table: "t"))
            case .class:
                found = try await db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
                    .from(SQLAlias(SQLIdentifier("classes"), as: SQLIdentifier("t")))
                    .join(SQLAlias(SQLIdentifier("colleges"), as: SQLIdentifier("c")), on: SQLColumn("id", table: "c"), .equal, SQLColumn("college_id", table: "t"))
                    .where(SQLColumn("id", table: "t"), .in, ScopeFilter.binds(ids, for: .class))
                    .where(SQLColumn("school_id", table: "c"), .equal, SQLBind(school ?? -1))
                    .first()?.decode(column: "n", as: Int.self) ?? 0
            case .unit: found = try await count("units", ids, schoolColumn: nil)
            case .county, .city:
                found = try await db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n"))).from("regions")
                    .where("code", .in, ScopeFilter.binds(ids, for: dimension))
                    .where("level", .equal, SQLBind(dimension == .county ? "county" : "city"))
                    .first()?.decode(column: "n", as: Int.self) ?? 0
            case .cohort: found = ids.filter { Int($0).map { (2000...2100).contains($0) } ?? false }.count
            case .level: found = ids.filter { EducationLevel(rawValue: $0) != nil }.count
            case .stage: found = ids.filter { StudyStage(rawValue: $0) != nil }.count
            case .major: found = try await count("majors", ids, schoolColumn: nil)
            }
            if found != ids.count {
                return dimension == .county || dimension == .city
                    ? "\(dimension.label)代码不存在，请输入 6 位\(dimension == .county ? "区县" : "地级市")行政区划代码。"
                    : "所选\(dimension.label)不存在或不属于该学校。"
            }
        }
        return nil
    }
}

/// Renders the fields of a ScopeForm.
package struct ScopeFields: HTML {
    package let form: ScopeForm
    package let reach: AdminReach
    package let options: UserAdminQueries.SchoolOptions
    package let cohorts: [String]
    package let error: String?

    package func render(into buffer: inout HTMLBuffer) {
        let roleOptions = reach.grantable.map { SelectOption($0.rawValue, $0.label) }
        let dimensions = form.role?.allowedDimensions ?? []
        let required = Set(form.role?.requiredDimensions ?? [])
        func selected(_ dimension: ScopeDimension) -> Set<String> { form.values[dimension] ?? [] }
        Group(
            // Chosen in the first step: shown read-only (grey) here and submitted as hidden values.
            SelectField("角色", name: "role", options: roleOptions, selected: form.role?.rawValue, required: true, error: error, readOnly: form.role != nil, id: "role"),
            ForEach(dimensions) { dimension in
                switch dimension {
                case .school:
                    if reach.schoolID == nil {
                        AnyHTML(SelectField("学校", name: "school", options: options.schools, selected: form.schoolID.map(String.init), required: true, readOnly: form.schoolID != nil, id: "school"))
                    } else {
                        AnyHTML(input(.type("hidden"), .name("school"), .value(form.schoolID.map(String.init) ?? "")))
                    }
                case .campus:
                    AnyHTML(CheckboxGroup("校区（不选为全部）", name: "scope_campus", options: options.campuses, checked: selected(.campus)))
                case .college:
                    if form.role == .grassrootsReviewer {
                        AnyHTML(RadioGroup("院系", name: "scope_college", options: options.colleges, selected: selected(.college).first, required: true))
                    } else {
                        AnyHTML(CheckboxGroup(required.contains(.college) ? "院系（必选）" : "院系", name: "scope_college", options: options.colleges, checked: selected(.college)))
                    }
                case .class:
                    AnyHTML(CheckboxGroup("班级（必选）", name: "scope_class", options: options.classes, checked: selected(.class)))
                case .cohort:
                    AnyHTML(CheckboxGroup("届别（不选为全部）", name: "scope_cohort", options: cohorts.map { SelectOption($0, "\($0)届") }, checked: selected(.cohort)))
                case .level:
                    AnyHTML(CheckboxGroup("学历（不选为全部）", name: "scope_level", options: EducationLevel.allCases.map { SelectOption($0.rawValue, $0.label) }, checked: selected(.level)))
                case .stage:
                    AnyHTML(RadioGroup("学段", name: "scope_stage", options: StudyStage.allCases.map { SelectOption($0.rawValue, $0.label) }, selected: selected(.stage).first, required: true))
                case .unit:
                    AnyHTML(SelectField("用人单位", name: "scope_unit", options: options.units, selected: selected(.unit).first, required: true, id: "scope_unit"))
                case .county:
                    AnyHTML(TextField("区县行政区划代码", name: "scope_county", value: selected(.county).sorted().first ?? "", required: true, hint: "6 位代码，如 500106（重庆市沙坪坝区）", inputMode: "numeric", maxLength: 6, id: "scope_county"))
                case .city:
                    AnyHTML(TextField("地级市行政区划代码", name: "scope_city", value: selected(.city).sorted().first ?? "", required: true, hint: "6 位代码，如 500100", inputMode: "numeric", maxLength: 6, id: "scope_city"))
                case .major:
                    AnyHTML(EmptyHTML())
                }
            }
        ).render(into: &buffer)
    }
}
