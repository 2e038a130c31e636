import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// 解约办理 pages: the graduate's application, the employer's list, the 解除证明 template.
package enum TerminationPages {
    package struct Model: Sendable {
        let graduate: SigningStore.Graduate, agreement: SigningStore.Agreement?, mode: SigningMode, row: CaseRow?, statusLabel: String?
        let history: [CaseEngine.HistoryRow], proofs: [(Int64, String)], atProof: Bool, form: [String: String], message: Flash?, csrfToken: String
    }

    package struct Student: HTML {
        let context: PageContext
        let model: Model

        package func render(into buffer: inout HTMLBuffer) {
            let type = TerminationController.type(model.mode)
            let canApply: Bool = {
                guard model.agreement?.status == .held else { return false }
                guard let row = model.row else { return true }
                switch row.state.status {
                case .draft, .returned: return true
                default: return false
                }
            }()
            Layout(context) {
                if let message = model.message { Alert(message) }
                Card(title: "解约办理") {
                    ul(.class("rule-list")) { for rule in TerminationRules.rules(for: model.mode) { li { rule } } }
                    DataTable(columns: [.init("单位名称"), .init("协议书编号"), .init("签约类型"), .init("审核状态"), .init("解约发起人")], rows: model.agreement.map { agreement in
                        [[AnyHTML(Text(agreement.unitName)), AnyHTML(Text(agreement.number)), AnyHTML(Text(agreement.mode.label)),
                          AnyHTML(Text(model.statusLabel ?? (agreement.status == .terminated ? "已解约" : "未申请"))),
                          AnyHTML(Text(model.row?.data["termination_type"].flatMap(TerminationType.init(rawValue:))?.label ?? "—"))]]
                    } ?? [], emptyMessage: "您目前没有签约，无需办理解约。")
                }
                if canApply {
                    Card(title: "解约申请") {
                        form(.method("post"), .action("/signing/termination"), .class("form-stack")) {
                            CSRFField(model.csrfToken)
                            SelectField("选择解约类型", name: "termination_type", options: TerminationType.allCases.map { SelectOption($0.rawValue, $0.label) },
                                        selected: model.form["termination_type"] ?? TerminationType.byStudent.rawValue, required: true, prompt: nil, id: "termination_type")
                            TextAreaField("填写解约原因", name: "reason", value: model.form["reason"] ?? "", required: true,
                                          hint: "不超过 \(TerminationForm.maxReasonLength) 字", rows: 4, id: "reason")
                            FormActions { Button("提交") }
                            p(.class("muted")) { "确认解约，向学院发送解约申请。" }
                        }
                    }
                }
                if model.atProof {
                    Card(title: "提交解约证明材料") {
                        ul { for requirement in TerminationProof.requirements { li { requirement } } }
                        p { a(.href("/signing/termination/template"), .init("target", "_blank")) { "下载\(TerminationProof.standardFormName)" } }
                        if !model.proofs.isEmpty { ul { for (id, name) in model.proofs { li { a(.href("/uploads/\(id)")) { name } } } } }
                        div(.class("form-actions")) {
                            LinkButton("上传图片", href: "/uploads/new?kind=termination&case=\(type.key):\(model.row?.id ?? 0)&next=/signing/termination", kind: .secondary)
                        }
                        form(.method("post"), .action("/signing/termination/proof"), .class("form-stack")) {
                            CSRFField(model.csrfToken)
                            FormActions { Button("提交") }
                        }
                    }
                }
                if !model.history.isEmpty {
                    Card(title: "审核记录") {
                        DataTable(columns: [.init("时间"), .init("环节"), .init("操作"), .init("状态"), .init("意见")], rows: model.history.map { entry in
                            [AnyHTML(Text(ChinaTime.dateTime(entry.at))), AnyHTML(Text(entry.step_label)), AnyHTML(Text(entry.action_label)),
                             AnyHTML(Text(entry.status_label)), AnyHTML(Text(entry.remark ?? "—"))]
                        })
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct EmployerModel: Sendable {
        let rows: [CaseRow], csrfToken: String
    }

    package struct Employer: HTML {
        let context: PageContext
        let model: EmployerModel

        package func render(into buffer: inout HTMLBuffer) {
            let definition = CaseType.terminationOnline.definition
            Layout(context) {
                Card(title: "解约申请") {
                    p(.class("muted")) { TerminationProof.employerStep + "。学院同意后，申请在此等待贵单位确认。" }
                    DataTable(columns: [.init("毕业生"), .init("协议书编号"), .init("解约类型"), .init("解约原因"), .init("审核状态"), .init("操作")],
                              rows: model.rows.map { row in
                                  let data = row.data
                                  let waiting = row.status_key == "step:employer-review"
                                  return [AnyHTML(Text(Masking.name(row.applicant_name))), AnyHTML(Text(data["agreement_no"] ?? "—")),
                                          AnyHTML(Text(data["termination_type"].flatMap(TerminationType.init(rawValue:))?.label ?? "—")),
                                          AnyHTML(Text(data["reason"] ?? "")), AnyHTML(Text(definition.status.label(for: row.state, in: definition))),
                                          waiting ? AnyHTML(form(.method("post"), .action("/employer/terminations/\(row.id)"), .class("form-stack")) {
                                              CSRFField(model.csrfToken)
                                              TextField("意见", name: "remark", id: "remark-\(row.id)")
                                              FormActions {
                                                  Button("同意解约", name: "decision", value: "agree")
                                                  Button("不同意", kind: .secondary, name: "decision", value: "refuse")
                                              }
                                          }) : AnyHTML(Text("—"))]
                              }, emptyMessage: "暂无解约申请。")
                }
            }.render(into: &buffer)
        }
    }

    package struct ProofTemplate: HTML {
        let graduate: SigningStore.Graduate
        let agreement: SigningStore.Agreement?

        package func render(into buffer: inout HTMLBuffer) {
            PrintDocument(title: "高等学校毕业生就业协议解除证明", backHref: "/signing/termination") {
                DescriptionList([("毕业生姓名", graduate.name), ("学号", graduate.studentNo), ("学校", graduate.schoolName), ("院系", graduate.college),
                                 ("专业", graduate.major), ("毕业年度", String(graduate.cohort)), ("原签约单位", agreement?.unitName ?? "________________"),
                                 ("协议书编号", agreement?.number ?? "________________")])
                p { "经协商，甲乙双方同意解除上述毕业生就业协议，双方不再履行该协议约定的权利和义务。" }
                div(.class("doc-signatures")) {
                    p { "用人单位（盖章）：________________　　日期：__________" }
                    p { "毕业生（签字）：________________　　日期：__________" }
                }
            }.render(into: &buffer)
        }
    }
}
