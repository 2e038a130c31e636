import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// 用人单位注册, the unit's page, and the school's 资质鉴证 list and detail.
package enum EmployerPages {
    package struct RegisterModel: Sendable {
        var values: [String: String], errors: [String: String], csrfToken: String
        var schools: [SelectOption], natures: [SelectOption], industries: [SelectOption]
    }

    package struct Register: HTML {
        let context: PageContext
        let model: RegisterModel

        package func render(into buffer: inout HTMLBuffer) {
            let v = model.values, e = model.errors
            func field(_ f: EmployerRegistration.Field, hint: String? = nil, type: String = "text", inputMode: String? = nil) -> TextField {
                TextField(f.label, name: f.rawValue, value: v[f.rawValue] ?? "", type: type, required: true, error: e[f.rawValue], hint: hint,
                          inputMode: inputMode, maxLength: f.maxLength, id: f.rawValue)
            }
            PlainLayout(context) {
                Card(title: "用人单位注册") {
                    p(.class("muted")) {
                        "注册后请上传营业执照（或事业单位法人证书、社会团体登记证书等）扫描件，由学校就业部门进行资质鉴证。鉴证通过后，单位可按姓名、毕业年度和手机号查找毕业生并发起网上签约。"
                    }
                    if !e.isEmpty { Alert(.error, "请按提示修改后再提交。") }
                    form(.method("post"), .action("/employer/register"), .class("form-stack")) {
                        CSRFField(model.csrfToken)
                        h3 { "单位信息" }
                        field(.name, hint: "按营业执照或登记证书上的全称填写")
                        field(.creditCode, hint: "18 位，系统校验其校验码")
                        SelectField(EmployerRegistration.Field.nature.label, name: EmployerRegistration.Field.nature.rawValue, options: model.natures,
                                    selected: v[EmployerRegistration.Field.nature.rawValue], required: true, error: e[EmployerRegistration.Field.nature.rawValue],
                                    id: EmployerRegistration.Field.nature.rawValue)
                        SelectField(EmployerRegistration.Field.industry.label, name: EmployerRegistration.Field.industry.rawValue, options: model.industries,
                                    selected: v[EmployerRegistration.Field.industry.rawValue], required: true, error: e[EmployerRegistration.Field.industry.rawValue],
                                    id: EmployerRegistration.Field.industry.rawValue)
                        field(.location, hint: "填写到区县，例如：重庆市沙坪坝区")
                        field(.address)
                        h3 { "联系人" }
                        field(.contactName)
                        field(.contactPhone, hint: "手机号，或带区号的固定电话", inputMode: "tel")
                        field(.email, type: "email")
                        h3 { "申请鉴证与登录账号" }
                        SelectField("申请资质鉴证的学校", name: "school", options: model.schools, selected: v["school"], required: true, error: e["school"], id: "school")
                        TextField("登录用户名", name: "username", value: v["username"] ?? "", required: true, error: e["username"],
                                  hint: "4–30 位字母、数字、“_”或“-”", autocomplete: "username", id: "username")
                        TextField("密码", name: "password", type: "password", required: true, error: e["password"],
                                  hint: "至少 8 位，含大写字母、小写字母、数字和符号中的三种", autocomplete: "new-password", id: "password")
                        TextField("确认密码", name: "confirm", type: "password", required: true, error: e["confirm"], autocomplete: "new-password", id: "confirm")
                        FormActions { Button("注册") }
                    }
                    p(.class("login-links")) { a(.href("/login")) { "已有账号，去登录" } }
                }
            }.render(into: &buffer)
        }
    }

    package struct QualificationLine: Sendable {
        let school: String, state: Qualification.State, reason: String?, reviewedAt: Int64?
    }

    package struct HomeModel: Sendable {
        let unit: SigningStore.UnitFacts, location: String, qualifications: [QualificationLine], licences: [(Int64, String)]
        let recruiters: [(String, String)], csrfToken: String, errors: [String: String], values: [String: String]
    }

    static func tone(_ state: Qualification.State) -> StatusBadge.Tone {
        switch state {
        case .verified: .success
        case .returned: .danger
        case .pending: .warning
        }
    }

    package struct Home: HTML {
        let context: PageContext
        let model: HomeModel

        package func render(into buffer: inout HTMLBuffer) {
            let unit = model.unit
            Layout(context) {
                Card(title: "资质鉴证") {
                    DataTable(columns: [.init("学校"), .init("鉴证状态"), .init("说明")], rows: model.qualifications.map { line in
                        [AnyHTML(Text(line.school)), AnyHTML(StatusBadge(line.state.label, tone: EmployerPages.tone(line.state))),
                         AnyHTML(Text(line.state == .returned ? "退回原因：\(line.reason ?? "")" : line.state == .verified ? "可发起网上签约" : "等待学校鉴证"))]
                    }, emptyMessage: "尚未申请资质鉴证。")
                    if model.qualifications.contains(where: { $0.state == .returned }) {
                        form(.method("post"), .action("/employer/resubmit"), .class("form-stack")) {
                            CSRFField(model.csrfToken)
                            p(.class("muted")) { "请按退回原因修改（如重新上传清晰的营业执照扫描件）后重新提交。" }
                            FormActions { Button("重新提交鉴证") }
                        }
                    }
                }
                Card(title: "营业执照（或登记证书）") {
                    if model.licences.isEmpty {
                        p(.class("muted")) { "尚未上传。学校依据加盖公章的营业执照或组织机构代码证书扫描件进行资质鉴证。" }
                    } else {
                        ul { for (_, name) in model.licences { li { "已上传：\(name)" } } }
                    }
                    div(.class("form-actions")) {
                        LinkButton("上传营业执照", href: "/uploads/new?kind=business-licence&case=employer:\(unit.id)&next=/employer", kind: .secondary)
                    }
                }
                Card(title: "单位信息") {
                    DescriptionList([("单位名称", unit.name), ("统一社会信用代码", unit.creditCode), ("单位所在地", model.location),
                                     ("详细地址", unit.address ?? "—"), ("联系人", unit.contactName ?? "—"),
                                     ("联系电话", unit.contactPhone.map(Masking.phone) ?? "—"), ("电子邮箱", unit.contactEmail ?? "—")])
                }
                Card(title: "招聘人员账号") {
                    DataTable(columns: [.init("用户名"), .init("姓名")], rows: model.recruiters.map { [AnyHTML(Text($0.0)), AnyHTML(Text($0.1))] })
                    form(.method("post"), .action("/employer/accounts"), .class("form-stack")) {
                        CSRFField(model.csrfToken)
                        TextField("用户名", name: "username", value: model.values["username"] ?? "", required: true, error: model.errors["username"], id: "recruiter-username")
                        TextField("姓名", name: "display_name", value: model.values["display_name"] ?? "", required: true, error: model.errors["display_name"], id: "recruiter-name")
                        TextField("初始密码", name: "password", type: "password", required: true, error: model.errors["password"], autocomplete: "new-password", id: "recruiter-password")
                        FormActions { Button("添加招聘人员", kind: .secondary) }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct QualificationRow: Sendable {
        let unitID: Int64, name: String, creditCode: String, state: Qualification.State, updatedAt: Int64, submissions: Int
    }

    package struct QualificationListModel: Sendable {
        let rows: [QualificationRow], total: Int, page: Int, pageSize: Int, state: Qualification.State?
    }

    package struct QualificationList: HTML {
        let context: PageContext
        let model: QualificationListModel

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "用人单位资质鉴证") {
                    FilterBar(path: "/employers/qualification") {
                        SelectField("鉴证状态", name: "state", options: Qualification.State.allCases.map { SelectOption($0.rawValue, $0.label) },
                                    selected: model.state?.rawValue, prompt: "全部", id: "f-state")
                    }
                    DataTable(columns: [.init("单位名称"), .init("统一社会信用代码"), .init("鉴证状态"), .init("提交次数", numeric: true), .init("更新时间")],
                              rows: model.rows.map { row in
                                  [AnyHTML(a(.href("/employers/qualification/\(row.unitID)")) { row.name }), AnyHTML(Text(row.creditCode)),
                                   AnyHTML(StatusBadge(row.state.label, tone: EmployerPages.tone(row.state))), AnyHTML(Text(String(row.submissions))),
                                   AnyHTML(Text(ChinaTime.dateTime(row.updatedAt)))]
                              }, emptyMessage: "没有符合条件的用人单位。")
                    Pager(path: "/employers/qualification", baseQuery: model.state.map { [("state", $0.rawValue)] } ?? [], page: model.page,
                          pageSize: model.pageSize, total: model.total)
                }
            }.render(into: &buffer)
        }
    }

    package struct QualificationModel: Sendable {
        let unit: SigningStore.UnitFacts, location: String, nature: String?, industry: String?, qualification: Qualification
        let licences: [(Int64, String)], csrfToken: String, reason: String, error: String?
    }

    package struct QualificationDetail: HTML {
        let context: PageContext
        let model: QualificationModel

        package func render(into buffer: inout HTMLBuffer) {
            let unit = model.unit
            let state = model.qualification.state
            Layout(context) {
                Card(title: "单位注册信息") {
                    if let error = model.error { Alert(.error, error) }
                    p { "鉴证状态："; StatusBadge(state.label, tone: EmployerPages.tone(state)) }
                    if state == .returned, let reason = model.qualification.returnReason { p(.class("muted")) { "退回原因：\(reason)" } }
                    DescriptionList([("单位名称", unit.name), ("统一社会信用代码", unit.creditCode), ("单位性质", model.nature ?? "—"),
                                     ("单位行业", model.industry ?? "—"), ("单位所在地", model.location), ("详细地址", unit.address ?? "—"),
                                     ("联系人", unit.contactName ?? "—"), ("联系电话", unit.contactPhone ?? "—"), ("电子邮箱", unit.contactEmail ?? "—")])
                }
                Card(title: "营业执照（或登记证书）") {
                    if model.licences.isEmpty {
                        p(.class("muted")) { "单位尚未上传。" }
                    } else {
                        ul { for (id, name) in model.licences { li { a(.href("/employers/qualification/\(unit.id)/licence/\(id)"), .init("target", "_blank")) { name } } } }
                    }
                    p(.class("muted")) { "鉴证要点：营业执照或组织机构代码证书等须加盖单位公章或人力、行政部门公章；单位名称、统一社会信用代码与注册信息一致。" }
                }
                if state != .returned {
                    Card(title: state == .verified ? "撤销鉴证" : "鉴证") {
                        form(.method("post"), .action("/employers/qualification/\(unit.id)"), .class("form-stack")) {
                            CSRFField(model.csrfToken)
                            TextAreaField(state == .verified ? "撤销原因" : "退回原因（退回时必填）", name: "reason", value: model.reason, rows: 3, id: "reason")
                            FormActions {
                                if state == .pending { Button("鉴证通过", name: "decision", value: "verify") }
                                Button(state == .verified ? "撤销鉴证并退回" : "退回", kind: .secondary, name: "decision", value: "return")
                            }
                        }
                    }
                }
            }.render(into: &buffer)
        }
    }
}
