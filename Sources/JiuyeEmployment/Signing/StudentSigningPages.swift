import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// The graduate's 电子签约 pages: 手机认证, the invitations, the 邀请函, the agreement and its print.
package enum StudentSigningPages {
    package struct PhoneModel: Sendable {
        let graduate: SigningStore.Graduate, phone: String, notice: Flash?, csrfToken: String
    }

    package struct PhoneCheck: HTML {
        let context: PageContext
        let model: PhoneModel

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "手机认证") {
                    p(.class("muted")) { "进入网上签约前，须用您在生源信息中登记的手机号完成短信验证。" }
                    if let notice = model.notice { Alert(notice) }
                    DescriptionList([("学号", model.graduate.studentNo), ("姓名", model.graduate.name),
                                     ("生源信息手机号", model.graduate.sourcePhone.map(Masking.phone) ?? "未登记")])
                    form(.method("post"), .action("/signing/phone/send"), .class("form-stack")) {
                        CSRFField(model.csrfToken)
                        TextField("手机", name: "phone", value: model.phone, required: true, hint: "填写生源信息中登记的手机号", inputMode: "tel", id: "phone")
                        FormActions { Button("发送验证码", kind: .secondary) }
                    }
                    form(.method("post"), .action("/signing/phone"), .class("form-stack")) {
                        CSRFField(model.csrfToken)
                        input(.type("hidden"), .name("phone"), .value(model.phone))
                        TextField("短信验证码", name: "code", required: true, autocomplete: "one-time-code", inputMode: "numeric", id: "code")
                        FormActions { Button("认证") }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct ListModel: Sendable {
        let graduate: SigningStore.Graduate, invitations: [SigningStore.InvitationRow], verifiedUnits: Set<Int64>
        let held: SigningStore.Agreement?, notice: Flash?, now: Int64, period: Int64
    }

    package struct List: HTML {
        let context: PageContext
        let model: ListModel

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                if let notice = model.notice { Alert(notice) }
                if case .ineligible(let reason) = model.graduate.eligibility {
                    Alert(.info, reason.message)
                }
                if let held = model.held {
                    Card(title: "我的签约") {
                        DescriptionList([("单位名称", held.unitName), ("协议书编号", held.number), ("签约方式", held.mode.label)])
                        div(.class("form-actions")) { LinkButton("查看详情", href: "/signing/agreement", kind: .primary) }
                    }
                }
                Card(title: "签约邀请") {
                    p(.class("muted")) {
                        "您的意向签约单位已在本系统注册且通过资质鉴证，单位可与您办理网上签约手续！意向签约单位向您发送签约邀请后，请您在应约有效期内进行应约回复。"
                    }
                    DataTable(columns: [.init("单位名称"), .init("拟聘用职位"), .init("邀请日期"), .init("应约过期日期"), .init("应约状态"), .init("鉴证状态"), .init("操作")],
                              rows: model.invitations.map { row in
                                  [AnyHTML(Text(row.unitName)), AnyHTML(Text(row.position)), AnyHTML(Text(ChinaTime.date(row.createdAt))),
                                   AnyHTML(Text(row.state.expiresOn.description)), AnyHTML(Text(row.state.statusLabel(now: model.now, period: model.period))),
                                   AnyHTML(Text(model.verifiedUnits.contains(row.unitID) ? "已鉴证" : "未鉴证")),
                                   AnyHTML(a(.href("/signing/invitations/\(row.id)")) { "查看邀请函" })]
                              }, emptyMessage: "暂无签约邀请。")
                }
            }.render(into: &buffer)
        }
    }

    package struct LetterModel: Sendable {
        let graduate: SigningStore.Graduate, row: SigningStore.InvitationRow, unit: SigningStore.UnitFacts?, confirming: Bool, error: String?
        let csrfToken: String, now: Int64, period: Int64
    }

    package struct Letter: HTML {
        let context: PageContext
        let model: LetterModel

        package func render(into buffer: inout HTMLBuffer) {
            let row = model.row
            let terms = row.terms
            Layout(context) {
                Card(title: "邀请函") {
                    if let error = model.error { Alert(.error, error) }
                    p { "\(model.graduate.name)同学，你好！" }
                    p { "我单位拟录用（聘用）你为 \(row.position) 岗位员工，请于 \(row.state.expiresOn) 前反馈，办理网签手续。过期不反馈视为主动放弃。" }
                    p(.class("doc-signature")) { row.unitName }
                    DescriptionList([("单位名称", row.unitName), ("拟聘用职位", row.position),
                                     ("工作职位类别", DestinationForm.positions.first { $0.code == terms["position_category"] }?.label ?? "—"),
                                     ("户口接收类型", terms[InvitationField.hukouReception.rawValue] ?? "不接收"),
                                     ("档案接收类型", terms[InvitationField.archiveReception.rawValue] ?? "不接收"),
                                     ("档案接收单位", terms[InvitationField.archiveUnit.rawValue].flatMap { $0.isEmpty ? nil : $0 } ?? "—"),
                                     ("其它约定", terms[InvitationField.otherTerms.rawValue].flatMap { $0.isEmpty ? nil : $0 } ?? "无"),
                                     ("单位所在地址", model.unit?.address ?? "—"), ("应约状态", row.state.statusLabel(now: model.now, period: model.period))])
                    Alert(.info, SigningConsideration.notice)
                }
                if row.state.status == .awaitingReply {
                    if model.confirming {
                        Card(title: "信息") {
                            p { SigningConsideration.confirmQuestion }
                            form(.method("post"), .action("/signing/invitations/\(row.id)/accept"), .class("form-stack")) {
                                CSRFField(model.csrfToken)
                                input(.type("hidden"), .name("pledge"), .value("1"))
                                input(.type("hidden"), .name("confirmed"), .value("1"))
                                FormActions {
                                    Button("确定")
                                    LinkButton("取消", href: "/signing/invitations/\(row.id)")
                                }
                            }
                        }
                    } else {
                        Card(title: "签约前必读") {
                            p { SigningConsideration.mustRead }
                            form(.method("post"), .action("/signing/invitations/\(row.id)/accept"), .class("form-stack")) {
                                CSRFField(model.csrfToken)
                                CheckboxField(SigningConsideration.pledge, name: "pledge", id: "pledge")
                                FormActions {
                                    Button("现在签约")
                                    LinkButton("我再想想", href: "/signing")
                                }
                            }
                            form(.method("post"), .action("/signing/invitations/\(row.id)/refuse"), .class("form-stack")) {
                                CSRFField(model.csrfToken)
                                FormActions { Button("拒绝", kind: .danger) }
                            }
                        }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct AgreementModel: Sendable {
        let graduate: SigningStore.Graduate, agreement: SigningStore.Agreement, scans: [(Int64, String)], progress: AgreementProgress
        let reviewLabel: String, returnReason: String?, canSubmit: Bool, binds: Bool, canWithdraw: Bool, endsAt: Int64?, error: String?, csrfToken: String
    }

    package struct ProgressBar: HTML {
        let progress: AgreementProgress

        package func render(into buffer: inout HTMLBuffer) {
            ol(.class("flow-steps"), .ariaLabel("签约进度")) {
                for item in progress.items {
                    switch item.state {
                    case .current: li(.init("aria-current", "step")) { item.label }
                    case .done: li(.class("done")) { item.label }
                    case .upcoming: li { item.label }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct AgreementView: HTML {
        let context: PageContext
        let model: AgreementModel

        package func render(into buffer: inout HTMLBuffer) {
            let agreement = model.agreement
            Layout(context) {
                if let error = model.error { Alert(.error, error) }
                Card(title: "就业信息") {
                    ProgressBar(progress: model.progress)
                    DescriptionList([("就业类别", agreement.mode.employmentCategory), ("单位名称", agreement.unitName), ("协议书编号", agreement.number),
                                     ("拟录用岗位", agreement.terms[InvitationField.position.rawValue] ?? "—"),
                                     ("签约时间", agreement.acceptedAt.map(ChinaTime.dateTime) ?? ChinaTime.dateTime(agreement.createdAt)),
                                     ("协议状态", statusText), ("审核状态", model.reviewLabel)])
                    if let reason = model.returnReason { Alert(.error, "审核不通过：\(reason)。请按意见重新上传后再提交。") }
                    if model.canWithdraw, let ends = model.endsAt {
                        p(.class("muted")) { "签约考虑期至 \(WorkflowText.beijingMinute(ends))，期间可以撤销签约；考虑期结束后协议生效，如需改签新单位须办理解约手续。" }
                        form(.method("post"), .action("/signing/agreement/withdraw"), .class("form-stack")) {
                            CSRFField(model.csrfToken)
                            FormActions { Button("撤销签约", kind: .danger) }
                        }
                    }
                }
                if agreement.status == .held {
                    Card(title: "协议书信息") {
                        p { AgreementScan.employerReturns }
                        div(.class("form-actions")) {
                            LinkButton("查看并打印协议书", href: "/signing/agreement/print", kind: .secondary)
                            LinkButton("下载协议书（PDF）", href: "/signing/agreement.pdf", kind: .secondary)
                        }
                        p(.class("muted")) { AgreementScan.downloadNotice }
                    }
                    Card(title: "反馈签约资料") {
                        p { AgreementScan.prompt }
                        ul { for requirement in AgreementScan.requirements { li { requirement } } }
                        if model.scans.isEmpty {
                            p(.class("muted")) { agreement.submittedAt == nil ? "尚未上传。" : "已随去向登记提交审核。" }
                        } else {
                            ul { for (id, name) in model.scans { li { a(.href("/uploads/\(id)")) { name } } } }
                        }
                        if model.canSubmit {
                            div(.class("form-actions")) {
                                LinkButton("上传图片", href: "/uploads/new?kind=signed-agreement&case=agreement:\(agreement.id)&next=/signing/agreement", kind: .secondary)
                            }
                            form(.method("post"), .action("/signing/agreement/submit"), .class("form-stack")) {
                                CSRFField(model.csrfToken)
                                FormActions { Button("保存并提交审核") }
                            }
                        }
                        p(.class("muted")) { AgreementScan.afterUpload }
                    }
                }
            }.render(into: &buffer)
        }

        var statusText: String {
            switch model.agreement.status {
            case .held: model.binds ? "已生效" : "签约考虑期内"
            case .withdrawn: "已撤销"
            case .terminated: "已解约"
            }
        }
    }

    /// 就业协议书 on A4, in the layout of the standard 全国普通高等学校毕业生就业协议书: the three
    /// parties, the terms, and the signature lines the paper copy is signed and stamped on.
    package struct AgreementDocument: HTML {
        let graduate: SigningStore.Graduate
        let agreement: SigningStore.Agreement
        let nature: String, industry: String, location: String, positionCategory: String, signedOn: String

        package func render(into buffer: inout HTMLBuffer) {
            let unit = agreement.unit, terms = agreement.terms
            func value(_ text: String?) -> String { (text?.isEmpty ?? true) ? "—" : text! }
            PrintDocument(title: "全国普通高等学校毕业生就业协议书", subtitle: "协议书编号：\(agreement.number)", backHref: "/signing/agreement",
                          pdfHref: "/signing/agreement.pdf", footer: "本协议书一式三份，毕业生、用人单位、学校各执一份。协议书编号与毕业生学号一一对应，不得私自更改、伪造。") {
                h2 { "甲方（用人单位）" }
                DescriptionList([("单位名称", value(unit["unit_name"])), ("统一社会信用代码", value(unit["credit_code"])), ("单位性质", value(nature)),
                                 ("单位行业", value(industry)), ("单位所在地", value(location)), ("通讯地址", value(unit["unit_address"])),
                                 ("联系人", value(unit["contact_name"])), ("联系电话", value(unit["contact_phone"])), ("电子邮箱", value(unit["contact_email"]))])
                h2 { "乙方（毕业生）" }
                DescriptionList([("姓名", graduate.name), ("学号", graduate.studentNo), ("性别", value(graduate.record[.gender])), ("学历", graduate.level),
                                 ("院系", graduate.college), ("专业", graduate.major), ("毕业年度", String(graduate.cohort))])
                h2 { "丙方（学校）" }
                DescriptionList([("学校名称", graduate.schoolName), ("院校代码", graduate.schoolCode)])
                h2 { "协议条款" }
                DescriptionList([("拟聘用职位", value(terms[InvitationField.position.rawValue])), ("工作职位类别", value(positionCategory)),
                                 ("户口接收类型", value(terms[InvitationField.hukouReception.rawValue] ?? ReceptionChoice.notReceived.rawValue)),
                                 ("户口迁移地址", value(terms[InvitationField.hukouAddress.rawValue])),
                                 ("档案接收类型", value(terms[InvitationField.archiveReception.rawValue] ?? ReceptionChoice.notReceived.rawValue)),
                                 ("档案接收单位", value(terms[InvitationField.archiveUnit.rawValue])), ("档案接收地址", value(terms[InvitationField.archiveAddress.rawValue])),
                                 ("其它约定", value(terms[InvitationField.otherTerms.rawValue])), ("签约方式", agreement.mode.employmentCategory), ("签约日期", signedOn)])
                p { "甲乙双方经双向选择，达成录用意向，签订本协议。协议生效后，如需解除，须按学校规定办理解约手续。" }
                div(.class("doc-signatures")) {
                    p { "甲方（盖章）：________________　　日期：__________" }
                    p { "乙方（签字）：________________　　日期：__________" }
                    p { "丙方（学院、学校就业部门盖章）：________________　　日期：__________" }
                }
            }.render(into: &buffer)
        }
    }
}
