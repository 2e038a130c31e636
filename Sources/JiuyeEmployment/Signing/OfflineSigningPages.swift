import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// 纸质签约 (签约模式二): 录入协议书 and the graduate's offline agreements.
package enum OfflineSigningPages {
    package struct Model: Sendable {
        let graduate: SigningStore.Graduate, agreements: [SigningStore.Agreement], held: SigningStore.Agreement?
        let form: [String: String], errors: [String: String], message: Flash?, csrfToken: String
        let idNumber: String, phone: String, email: String, natures: [SelectOption], industries: [SelectOption]
    }

    package struct Page: HTML {
        let context: PageContext
        let model: Model

        package func render(into buffer: inout HTMLBuffer) {
            let f = model.form, e = model.errors
            let g = model.graduate
            func field(_ field: EmployerRegistration.Field, _ label: String, hint: String? = nil, type: String = "text") -> TextField {
                TextField(label, name: field.rawValue, value: f[field.rawValue] ?? "", type: type, required: true, error: e[field.rawValue], hint: hint,
                          maxLength: field.maxLength, id: "offline-\(field.rawValue)")
            }
            Layout(context) {
                if let message = model.message { Alert(message) }
                Card(title: "纸质签约") {
                    Alert(.info, AgreementScan.enterBanner)
                    DataTable(columns: [.init("单位名称"), .init("拟聘用职位"), .init("协议书状态"), .init("协议书编号"), .init("最后操作日期"), .init("操作")],
                              rows: model.agreements.map { agreement in
                                  [AnyHTML(Text(agreement.unitName)), AnyHTML(Text(agreement.terms[InvitationField.position.rawValue] ?? "—")),
                                   AnyHTML(Text(agreement.status == .held ? "已生成" : agreement.status == .terminated ? "已解约" : "已作废")),
                                   AnyHTML(Text(agreement.number)), AnyHTML(Text(ChinaTime.date(agreement.submittedAt ?? agreement.createdAt))),
                                   agreement.status == .held ? AnyHTML(a(.href("/signing/agreement")) { "查看详情" }) : AnyHTML(Text("—"))]
                              }, emptyMessage: "暂无数据！")
                }
                if model.held == nil {
                    Card(title: "录入协议书") {
                        StudentSigningPages.ProgressBar(progress: AgreementProgress.of(.entering))
                        h3 { "学生基本信息" }
                        DescriptionList([("姓名", g.name), ("毕业学校", g.schoolName), ("性别", g.record[.gender] ?? "—"), ("身份证号", model.idNumber),
                                         ("学历", g.level), ("毕业年度", String(g.cohort)), ("院校", g.college), ("联系邮箱", model.email),
                                         ("专业", g.major), ("联系方式", model.phone)])
                        form(.method("post"), .action("/signing/offline"), .class("form-stack")) {
                            CSRFField(model.csrfToken)
                            h3 { "单位基本信息" }
                            field(.name, "单位名称", hint: "按营业执照全称填写；统一社会信用代码与系统中已有单位一致时，自动使用系统中的单位")
                            field(.creditCode, "统一社会信用代码")
                            SelectField("单位行业", name: EmployerRegistration.Field.industry.rawValue, options: model.industries,
                                        selected: f[EmployerRegistration.Field.industry.rawValue], required: true, error: e[EmployerRegistration.Field.industry.rawValue],
                                        prompt: "请选择单位行业", id: "offline-industry")
                            SelectField("单位性质", name: EmployerRegistration.Field.nature.rawValue, options: model.natures,
                                        selected: f[EmployerRegistration.Field.nature.rawValue], required: true, error: e[EmployerRegistration.Field.nature.rawValue],
                                        prompt: "请选择单位性质", id: "offline-nature")
                            field(.location, "单位所在地", hint: "填写到区县，例如：重庆市沙坪坝区")
                            field(.email, "单位邮箱", type: "email")
                            TextField("单位邮编", name: "unit_postcode", value: f["unit_postcode"] ?? "", required: true, error: e["unit_postcode"],
                                      inputMode: "numeric", id: "offline-postcode")
                            field(.address, "通讯地址")
                            field(.contactName, "单位联系人")
                            field(.contactPhone, "联系电话", hint: "手机号，或带区号的固定电话")
                            SelectField("工作职位类别", name: "position_category", options: DestinationForm.positions.map { SelectOption($0.code, "\($0.code) \($0.label)") },
                                        selected: f["position_category"], required: true, error: e["position_category"], id: "offline-position-category")
                            h3 { "签约信息" }
                            TextField("拟聘用职位", name: "position", value: f["position"] ?? "", required: true, error: e["position"], maxLength: 50, id: "offline-position")
                            h3 { "户口信息" }
                            SelectField("户口接收类型", name: "hukou_reception", options: ReceptionChoice.allCases.map { SelectOption($0.rawValue, $0.label) },
                                        selected: f["hukou_reception"] ?? ReceptionChoice.notReceived.rawValue, required: true, prompt: nil, id: "offline-hukou")
                            FormActions {
                                Button("保存并生成协议书")
                                LinkButton("取消", href: "/signing")
                            }
                            p(.class("muted")) { AgreementScan.enterWarning }
                        }
                    }
                }
            }.render(into: &buffer)
        }
    }
}
