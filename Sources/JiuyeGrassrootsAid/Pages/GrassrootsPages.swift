import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// The student's pages of seed 000: 学生注册, the six entries, 申请记录, 维护银行卡信息, 变更个人信息.
package enum GrassrootsPages {
    // MARK: - 学生注册 (seed 000 §1)

    package struct Register: HTML {
        let context: PageContext
        let values: [String: String]
        let errors: [String: String]
        let failure: String?
        let schools: [SelectOption]
        let documentTypes: [SelectOption]
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            PlainLayout(context) {
                div(.class("login-card")) {
                    h1 { "基层就业资助学生注册" }
                    if let failure { Alert(.error, failure) }
                    p(.class("muted")) { "中央高校基层就业学费补偿国家助学贷款代偿。支持居民身份证和港澳台居民证件注册。" }
                    form(.method("post"), .action("/grassroots/register"), .class("form-stack")) {
                        CSRFField(csrfToken)
                        SelectField("学校", name: "school", options: schools, selected: values["school"], required: true, error: errors["school"], id: "school")
                        SelectField("证件类型", name: "id_type", options: documentTypes, selected: values["id_type"], required: true, error: errors["id_type"], prompt: nil, id: "id_type")
                        TextField("证件号码", name: "id_number", value: values["id_number"] ?? "", required: true, error: errors["id_number"], autocomplete: "off", id: "id_number")
                        TextField("姓名", name: "name", value: values["name"] ?? "", required: true, error: errors["name"], autocomplete: "name", id: "name")
                        TextField("手机号", name: "phone", value: values["phone"] ?? "", type: "tel", required: true, error: errors["phone"],
                                  hint: "注册后用手机号和密码登录。", autocomplete: "tel", inputMode: "numeric", maxLength: 11, id: "phone")
                        TextField("密码", name: "password", type: "password", required: true, error: errors["password"],
                                  hint: "至少 8 位，含大写字母、小写字母、数字和符号中的三种。", autocomplete: "new-password", id: "password")
                        TextField("确认密码", name: "confirm", type: "password", required: true, error: errors["confirm"], autocomplete: "new-password", id: "confirm")
                        FormActions { Button("注册") }
                    }
                    p(.class("login-links")) {
                        a(.href("/login?next=/grassroots")) { "已有账号？去登录" }
                        a(.href("/phone/change")) { "手机号换了？去修改" }
                        a(.href("/password/forgot")) { "忘记密码" }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct Join: HTML {
        let context: PageContext
        let schools: [SelectOption]
        let failure: String?
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                if let failure { Alert(.error, failure) }
                Card(title: "开通基层就业资助") {
                    p { "同一人只使用一个账号。开通后，你的账号增加“基层就业资助申请人”身份，用于填报基层就业申请和在职在岗确认；系统将按你的证件号码核对学校资助信息库。" }
                    form(.method("post"), .action("/grassroots/join"), .class("form-stack")) {
                        CSRFField(csrfToken)
                        SelectField("学校", name: "school", options: schools, selected: schools.count == 1 ? schools[0].value : nil, required: true, id: "school")
                        FormActions { Button("开通") }
                    }
                }
            }.render(into: &buffer)
        }
    }

    // MARK: - The six entries

    package struct Home: HTML {
        let context: PageContext
        let person: GrassrootsStore.Person
        let entries: [ApplicantController.Entry]
        let windows: [GrassrootsStage: TimeWindow]
        let now: Int64
        let award: GrassrootsStore.Award?

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                div(.class("toolbar")) {
                    LinkButton("变更个人信息", href: "/grassroots/profile")
                    LinkButton("维护银行卡信息", href: "/grassroots/bank")
                    LinkButton("申请记录", href: "/grassroots/records")
                }
                Card(title: "基本信息") {
                    DescriptionList([("姓名", person.name), ("学校", person.schoolName), ("校区", person.campusName ?? "—"), ("院系", person.collegeName),
                                     ("学历", person.level.rawValue), ("毕业年份", "\(person.graduationYear)年"),
                                     ("银行卡", person.cardLast4.map { "\(person.bankName ?? "") 尾号\($0)" } ?? "未填写（请在“维护银行卡信息”中填写）")])
                }
                div(.class("aid-entries")) {
                    for entry in entries {
                        Card(title: entry.stage.label) {
                            EntryBody(entry: entry, window: windows[entry.stage], now: now)
                        }
                    }
                }
                if let award { InstallmentsCard(award: award) }
            }.render(into: &buffer)
        }
    }

    struct EntryBody: HTML {
        let entry: ApplicantController.Entry
        let window: TimeWindow?
        let now: Int64

        func render(into buffer: inout HTMLBuffer) {
            let stage = entry.stage
            let business = GrassrootsYearRules.business(of: stage)
            div(.class("aid-entry")) {
                p(.class("muted")) { "填报年度：\(entry.dueYear)年" }
                if let window {
                    p(.class("muted")) { "\(business.label)时间：\(ChinaTime.dateTime(window.opensAt)) 至 \(ChinaTime.dateTime(window.closesAt))" }
                }
                switch entry.availability {
                case .open:
                    if let row = entry.row, row.data["pledged"] == "1" {
                        p { "状态：\(entry.statusLabel ?? "未提交")" }
                        LinkButton("继续填报", href: CaseController.path(stage), kind: .primary)
                    } else if window.map({ now >= $0.opensAt && now < $0.closesAt }) ?? false {
                        LinkButton(stage.startLabel, href: CaseController.path(stage), kind: .primary)
                    } else {
                        p(.class("muted")) { window == nil ? "学校尚未设置\(business.label)时间。" : "不在\(business.label)时间内。" }
                        button(.type("button"), .class("btn btn-secondary"), .disabled) { stage.startLabel }
                    }
                case .filed:
                    p { "状态：\(entry.statusLabel ?? "")" }
                    button(.type("button"), .class("btn btn-secondary"), .disabled) { stage.doneLabel }
                    a(.href(CaseController.path(stage))) { "查看" }
                case .closed(let why):
                    p(.class("muted")) { why }
                }
            }.render(into: &buffer)
        }
    }

    package struct InstallmentsCard: HTML {
        let award: GrassrootsStore.Award

        package func render(into buffer: inout HTMLBuffer) {
            Card(title: "资助金额与拨付") {
                DescriptionList([("资助方式", award.mode), ("核定总额", "\(Money.yuan(award.total)) 元"), ("每学年上限", "\(Money.yuan(award.cap)) 元")])
                DataTable(columns: [.init("期次"), .init("金额（元）", numeric: true), .init("状态")], rows: award.installments.map { item in
                    [AnyHTML(Text("第\(item.number)期")), AnyHTML(Text(Money.yuan(item.amount))),
                     AnyHTML(Text(item.paidAt.map { "已拨付（\(ChinaTime.date($0))）" } ?? (item.dueSince == nil ? "待\(["申请", "第一次在职在岗确认", "第二次在职在岗确认"][item.number - 1])审核通过" : "待拨付")))]
                })
            }.render(into: &buffer)
        }
    }

    // MARK: - 申请记录

    package struct RecordRow: Sendable {
        let stage: GrassrootsStage
        let row: CaseRow
        let statusLabel: String
        let history: [CaseEngine.HistoryRow]
    }

    package struct Records: HTML {
        let context: PageContext
        let rows: [RecordRow]
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "申请记录") {
                    DataTable(columns: [.init("填报事项"), .init("年度"), .init("状态"), .init("提交时间"), .init("操作")], rows: rows.map { record in
                        [AnyHTML(Text(record.stage.label)), AnyHTML(Text("\(record.row.period)年")), AnyHTML(Text(record.statusLabel)),
                         AnyHTML(Text(record.row.submitted_at.map(ChinaTime.dateTime) ?? "—")),
                         AnyHTML(RecordActions(record: record, csrfToken: csrfToken))]
                    }, emptyMessage: "还没有申请记录。")
                }
                for record in rows where !record.history.isEmpty {
                    CaseHistoryCard(title: "\(record.stage.label)（\(record.row.period)年）审核记录", history: record.history)
                }
            }.render(into: &buffer)
        }
    }

    struct RecordActions: HTML {
        let record: RecordRow
        let csrfToken: String

        func render(into buffer: inout HTMLBuffer) {
            div(.class("row-actions")) {
                a(.href(CaseController.path(record.stage))) { "查看" }
                if record.row.status_key == "step:college-review" {
                    form(.method("post"), .action("/grassroots/case/\(record.stage.rawValue)/withdraw"), .class("row-action-form")) {
                        CSRFField(csrfToken)
                        Button("撤回", kind: .secondary)
                    }
                }
            }.render(into: &buffer)
        }
    }

    // MARK: - 维护银行卡信息, 变更个人信息

    package struct Bank: HTML {
        let context: PageContext
        let person: GrassrootsStore.Person
        let values: [String: String]
        let errors: [String: String]
        let warning: String?
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "维护银行卡信息") {
                    p(.class("muted")) { "银行卡信息随时可以修改。资助资金发放到该卡，请填写本人名下的借记卡。" }
                    if let last4 = person.cardLast4 { p { "当前银行卡：\(person.bankName ?? "") 尾号\(last4)" } }
                    form(.method("post"), .action("/grassroots/bank"), .class("form-stack")) {
                        CSRFField(csrfToken)
                        TextField("开户银行", name: "bank", value: values["bank"] ?? "", required: true, error: errors["bank"],
                                  hint: "写到支行，如“中国建设银行重庆沙坪坝支行”。", maxLength: 40, id: "bank")
                        TextField("银行卡号", name: "card", value: values["card"] ?? "", required: true, error: errors["card"],
                                  hint: "16 到 19 位数字。", autocomplete: "off", inputMode: "numeric", maxLength: 23, id: "card")
                        FormActions { Button("保存") }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct Profile: HTML {
        let context: PageContext
        let person: GrassrootsStore.Person
        let campuses: [SelectOption]
        let colleges: [SelectOption]
        let errors: [String: String]
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "变更个人信息") {
                    p(.class("muted")) { "可以变更所属校区和所属学院。已提交的申请仍由原学院审核，以后的申请由新学院审核。" }
                    form(.method("post"), .action("/grassroots/profile"), .class("form-stack")) {
                        CSRFField(csrfToken)
                        SelectField("所属校区", name: "campus", options: campuses, selected: person.campusID.map(String.init), error: errors["campus"], prompt: "（无）", id: "campus")
                        SelectField("所属学院", name: "college", options: colleges, selected: String(person.collegeID), required: true, error: errors["college"], id: "college")
                        FormActions { Button("保存") }
                    }
                }
            }.render(into: &buffer)
        }
    }
}
