import JiuyePlatform
import Fluent
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// 毕业去向登记 as the graduate sees it: the form (while editable) or the registration in force,
/// its materials, 审核记录 and 变更明细. The model is built by `DestinationController.render`.
package struct DestinationPage: HTML {
    package struct Model: Sendable {
        package var statusLabel: String
        package var state: CaseState
        package var lock: Int64
        package var data: [String: String]
        package var inForce: [String: String]?
        package var editable: Bool
        package var canWithdraw: Bool
        package var canReopen: Bool
        package var canConfirm: Bool
        package var canDispute: Bool = false
        package var confirmNotice: String?
        package var windowNote: String?
        package var errors: [String: String]
        package var message: Flash?
        package var history: [CaseEngine.HistoryRow]
        package var changes: [CaseEngine.ChangeSet]
        package var files: [Uploads.Row]
        package var caseID: Int64?
        package var csrfToken: String
        package var access: FieldAccessRules = .allEditable
        package var choices = DestinationChoices()
        package var versions: [DestinationVersion] = []
    }

    package let context: PageContext
    package let model: Model

    /// 证明材料 usually handed in for a 毕业去向: 协议书 for 签就业协议, 劳动合同 for 签劳动合同,
    /// a 就业证明 for the other kinds of employment; nil where the graduate should choose.
    package static func evidenceKind(category code: String?) -> UploadKind? {
        switch code {
        case "10": .agreement
        case "11": .labourContract
        case "12", "271", "502", "503", "512", "751", "752", "753", "754": .employmentProof
        default: nil
        }
    }

    package func render(into buffer: inout HTMLBuffer) {
        let shown = DestinationText.display(model.data)
        // Files go with a saved case while it is a draft (暂存 first makes one).
        let category = DestinationForm.category(model.data["category"] ?? "")
        // The material kind offered first follows the chosen 毕业去向; where no kind fits, none is preselected.
        let kind = Self.evidenceKind(category: category?.code).map { "kind=\($0.rawValue)&" } ?? ""
        let addHref = model.editable ? model.caseID.map { "/uploads/new?\(kind)case=destination:\($0)&next=/destination" } : nil
        Layout(context) {
            Card(title: "毕业去向登记") {
                if let message = model.message {
                    Alert(message)
                }
                div(.class("case-status")) {
                    span(.class("muted")) { "当前状态" }
                    CaseStatusBadge(label: model.statusLabel, state: model.state)
                    span(.class("muted")) { "第 \(model.state.version) 版" }
                    if ProcessDefinitions.destination.personalConfirmation && model.state.enteredBy != nil {
                        span(.class("muted")) { "本人确认：\(model.state.confirmation.label)" }
                    }
                }
                if let note = model.windowNote, model.editable {
                    div(.class("alert alert-warning"), .role("status")) { note }
                }
                if model.editable {
                    form(.method("post"), .action("/destination"), .class("form-grid"), .init("novalidate", nil)) {
                        CSRFField(model.csrfToken)
                        input(.type("hidden"), .name("lock"), .value(String(model.lock)))
                        DestinationFields(data: model.data, errors: model.errors, access: model.access, unitNatures: model.choices.unitNatures,
                                          industries: model.choices.industries, locationName: model.choices.locationName)
                        FormActions {
                            Button("提交", name: "action", value: "submit")
                            Button("暂存", kind: .secondary, name: "action", value: "save")
                        }
                    }
                } else {
                    DescriptionList(CaseDetails.rows(CaseType.destination, shown, content: model.data))
                    if model.canWithdraw {
                        form(.method("post"), .action("/destination"), .class("form-actions"), .data("data-confirm", "撤回后可修改重新提交，确定撤回吗？")) {
                            CSRFField(model.csrfToken)
                            input(.type("hidden"), .name("lock"), .value(String(model.lock)))
                            Button("撤回", kind: .secondary, name: "action", value: "withdraw")
                        }
                    }
                    if model.canReopen {
                        form(.method("post"), .action("/destination"), .class("form-stack reopen-form")) {
                            CSRFField(model.csrfToken)
                            input(.type("hidden"), .name("lock"), .value(String(model.lock)))
                            TextField("变更原因", name: "reason", required: true, hint: "如：解约后重新就业、信息有误需更正（8 月 31 日前可更新去向）", maxLength: 200, id: "reason")
                            FormActions { Button("申请变更", kind: .secondary, name: "action", value: "reopen") }
                        }
                    }
                }
                if let inForce = model.inForce, model.state.status != .approved {
                    h3 { "当前有效的登记（第 \(model.state.inForceVersion ?? 1) 版）" }
                    DescriptionList(CaseDetails.rows(CaseType.destination, DestinationText.display(inForce), content: inForce))
                }
            }
            if model.caseID != nil {
                CaseFilesCard(files: model.files, addHref: addHref)
            }
            if model.canConfirm || model.canDispute {
                Card(title: model.canConfirm ? "本人确认" : "对登记信息有异议") {
                    if model.canConfirm {
                        p { "以上去向信息由\(model.state.enteredBy?.label ?? "学校")代为录入。请核对：无误请确认；如有不符，请选择“有异议”并写明情况，学校就业部门会处理。" }
                    } else {
                        p { "如发现以上登记信息与实际不符（例如单位名称有误、去向已变化），可以提出异议并写明情况，学校就业部门会核实处理。" }
                    }
                    if let notice = model.confirmNotice {
                        div(.class("alert alert-success"), .role("status")) { notice }
                    }
                    form(.method("post"), .action("/destination/confirm/send"), .class("resend-form")) {
                        CSRFField(model.csrfToken)
                        Button("获取短信验证码", kind: .secondary)
                    }
                    form(.method("post"), .action("/destination/confirm"), .class("form-stack")) {
                        CSRFField(model.csrfToken)
                        TextField("短信验证码", name: "code", required: true, error: model.errors["code"], hint: "发送到您绑定手机的 6 位数字",
                                  autocomplete: "one-time-code", inputMode: "numeric", maxLength: 8, id: "confirm-code")
                        if model.canConfirm {
                            RadioGroup("确认结果", name: "decision", options: [SelectOption("confirm", "确认无误"), SelectOption("dispute", "有异议")],
                                       selected: "confirm")
                        } else {
                            input(.type("hidden"), .name("decision"), .value("dispute"))
                        }
                        TextField("异议说明", name: "reason", required: !model.canConfirm, hint: model.canConfirm ? "选择“有异议”时必须填写" : "请写明哪项信息不符及实际情况",
                                  maxLength: 200, id: "dispute-reason")
                        FormActions { Button(model.canConfirm ? "提交确认" : "提交异议") }
                    }
                }
            }
            DestinationVersionList(versions: model.versions, current: model.state.version)
            CaseRecords(history: model.history, changes: model.changes)
        }.render(into: &buffer)
    }
}
