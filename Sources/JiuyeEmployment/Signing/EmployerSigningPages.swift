import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// The employer's 网上签约 page: 签约搜索, 签约发送列表, 发送签约 and the invitations sent.
package enum EmployerSigningPages {
    package struct Hit: Sendable {
        let studentID: Int64, token: String, name: String, school: String, cohort: Int, college: String?
    }

    package struct Model: Sendable {
        let unitName: String, verified: Bool, csrfToken: String, search: [String: String], found: Hit?, searchMessage: Flash?
        let list: [Hit], terms: [String: String], termErrors: [String: String], message: Flash?
        let sent: [SigningStore.InvitationRow], total: Int, page: Int, pageSize: Int, now: Int64, period: Int64
    }

    static func studentFields(_ hit: Hit, csrf: String) -> [AnyHTML] {
        [AnyHTML(CSRFField(csrf)), AnyHTML(input(.type("hidden"), .name("student"), .value(String(hit.studentID)))),
         AnyHTML(input(.type("hidden"), .name("token"), .value(hit.token)))]
    }

    package struct Page: HTML {
        let context: PageContext
        let model: Model

        package func render(into buffer: inout HTMLBuffer) {
            let t = model.terms, e = model.termErrors
            Layout(context) {
                if let message = model.message { Alert(message) }
                if !model.verified {
                    Card(title: "网上签约") {
                        Alert(.info, "贵单位尚未通过资质鉴证，暂不能发起网上签约。请在“单位信息”页上传营业执照，等待学校鉴证；也可请毕业生通过签约模式二录入协议书。")
                        div(.class("form-actions")) { LinkButton("查看单位信息", href: "/employer") }
                    }
                } else {
                    Card(title: "1. 签约搜索") {
                        p(.class("muted")) { "按毕业生的姓名、毕业年度和在学校登记的手机号查找，三项须全部一致。" }
                        if let message = model.searchMessage { Alert(message) }
                        form(.method("post"), .action("/employer/signing/search"), .class("form-stack")) {
                            CSRFField(model.csrfToken)
                            TextField("姓名", name: "name", value: model.search["name"] ?? "", required: true, id: "search-name")
                            TextField("毕业年度", name: "cohort", value: model.search["cohort"] ?? "", required: true, placeholder: "如 2026", inputMode: "numeric", id: "search-cohort")
                            TextField("手机号", name: "phone", value: model.search["phone"] ?? "", required: true, inputMode: "tel", id: "search-phone")
                            FormActions { Button("查找") }
                        }
                        if let hit = model.found {
                            DataTable(columns: [.init("姓名"), .init("学校"), .init("院系"), .init("毕业年度"), .init("操作")], rows: [[
                                AnyHTML(Text(hit.name)), AnyHTML(Text(hit.school)), AnyHTML(Text(hit.college ?? "—")), AnyHTML(Text(String(hit.cohort))),
                                AnyHTML(form(.method("post"), .action("/employer/signing/list"), .class("inline-form")) {
                                    for part in EmployerSigningPages.studentFields(hit, csrf: model.csrfToken) { part }
                                    Button("加入发送列表", kind: .secondary)
                                }),
                            ]])
                        }
                    }
                    Card(title: "2. 签约发送列表") {
                        DataTable(columns: [.init("姓名"), .init("学校"), .init("毕业年度"), .init("操作")], rows: model.list.map { hit in
                            [AnyHTML(Text(hit.name)), AnyHTML(Text(hit.school)), AnyHTML(Text(String(hit.cohort))),
                             AnyHTML(form(.method("post"), .action("/employer/signing/list/remove"), .class("inline-form")) {
                                 for part in EmployerSigningPages.studentFields(hit, csrf: model.csrfToken) { part }
                                 Button("移出", kind: .secondary)
                             })]
                        }, emptyMessage: "列表为空。查找到毕业生后加入列表，再统一发送签约。")
                    }
                    Card(title: "3. 发送签约") {
                        form(.method("post"), .action("/employer/signing/send"), .class("form-stack")) {
                            CSRFField(model.csrfToken)
                            h3 { "签约信息" }
                            TextField(InvitationField.position.label, name: InvitationField.position.rawValue, value: t[InvitationField.position.rawValue] ?? "",
                                      required: true, error: e[InvitationField.position.rawValue], maxLength: InvitationField.position.maxLength, id: "position")
                            SelectField("工作职位类别", name: "position_category", options: DestinationForm.positions.map { SelectOption($0.code, "\($0.code) \($0.label)") },
                                        selected: t["position_category"], required: true, error: e["position_category"], id: "position_category")
                            TextField(InvitationField.expiresOn.label, name: InvitationField.expiresOn.rawValue, value: t[InvitationField.expiresOn.rawValue] ?? "",
                                      type: "date", required: true, error: e[InvitationField.expiresOn.rawValue], hint: "毕业生须在此日期（含）前应约，最长 30 天", id: "expires_on")
                            h3 { "其它约定" }
                            TextAreaField(InvitationField.otherTerms.label, name: InvitationField.otherTerms.rawValue, value: t[InvitationField.otherTerms.rawValue] ?? "",
                                          error: e[InvitationField.otherTerms.rawValue], rows: 3, id: "other_terms")
                            h3 { "户档接收信息" }
                            for (choice, address) in [(InvitationField.hukouReception, InvitationField.hukouAddress)] {
                                RadioGroup(choice.label, name: choice.rawValue, options: ReceptionChoice.allCases.map { SelectOption($0.rawValue, $0.label) },
                                           selected: t[choice.rawValue].flatMap { $0.isEmpty ? nil : $0 } ?? ReceptionChoice.notReceived.rawValue, error: e[choice.rawValue])
                                TextField(address.label, name: address.rawValue, value: t[address.rawValue] ?? "", error: e[address.rawValue], hint: "接收户口时填写", id: address.rawValue)
                            }
                            RadioGroup(InvitationField.archiveReception.label, name: InvitationField.archiveReception.rawValue,
                                       options: ReceptionChoice.allCases.map { SelectOption($0.rawValue, $0.label) },
                                       selected: t[InvitationField.archiveReception.rawValue].flatMap { $0.isEmpty ? nil : $0 } ?? ReceptionChoice.notReceived.rawValue,
                                       error: e[InvitationField.archiveReception.rawValue])
                            for field in [InvitationField.archiveUnit, .archiveAddress, .archivePostcode] {
                                TextField(field.label, name: field.rawValue, value: t[field.rawValue] ?? "", error: e[field.rawValue], hint: "接收档案时填写", id: field.rawValue)
                            }
                            FormActions { Button("发送签约") }
                        }
                    }
                }
                Card(title: "已发送的签约邀请") {
                    DataTable(columns: [.init("毕业生"), .init("拟聘用职位"), .init("邀请日期"), .init("应约过期日期"), .init("应约状态"), .init("操作")],
                              rows: model.sent.map { row in
                                  [AnyHTML(Text(Masking.name(row.studentName))), AnyHTML(Text(row.position)), AnyHTML(Text(ChinaTime.date(row.createdAt))),
                                   AnyHTML(Text(row.state.expiresOn.description)), AnyHTML(Text(row.state.statusLabel(now: model.now, period: model.period))),
                                   row.state.status == .awaitingReply
                                       ? AnyHTML(form(.method("post"), .action("/employer/signing/invitations/\(row.id)/cancel"), .class("inline-form")) {
                                           CSRFField(model.csrfToken)
                                           Button("撤回邀约", kind: .secondary)
                                       })
                                       : AnyHTML(Text("—"))]
                              }, emptyMessage: "尚未发送签约邀请。")
                    Pager(path: "/employer/signing", baseQuery: [], page: model.page, pageSize: model.pageSize, total: model.total)
                }
            }.render(into: &buffer)
        }
    }
}
