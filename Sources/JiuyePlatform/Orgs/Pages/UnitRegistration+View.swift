import JiuyeHTML

extension UnitRegistration {
    package struct View: HTML {
        package let context: PageContext
        package let model: Model

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "第一步：选择单位所在地区") {
                    form(.method("get"), .action("/admin/units/new"), .class("form-grid")) {
                        RegionPickerFields(picker: model.picker, idPrefix: "step-", includeCounty: false)
                        FormActions {
                            Button(model.picker.province == nil ? "下一步：选择城市" : "下一步：选择区县", kind: .secondary)
                        }
                    }
                }
                Card(title: "第二步：填写单位信息") {
                    if model.readyForDetails {
                        form(.method("post"), .action("/admin/units"), .class("form-grid")) {
                            CSRFField(model.csrfToken)
                            input(.type("hidden"), .name("province"), .value(model.picker.province ?? ""))
                            input(.type("hidden"), .name("city"), .value(model.picker.city ?? ""))
                            SelectField("所在区县", name: "county", options: model.picker.counties,
                                        selected: model.form.county.isEmpty ? nil : model.form.county,
                                        required: true, error: model.errors["county"], id: "unit-county")
                            TextField("单位名称", name: "name", value: model.form.name, required: true,
                                      error: model.errors["name"], maxLength: 100, id: "unit-name")
                            TextField("统一社会信用代码", name: "creditCode", value: model.form.creditCode, required: true,
                                      error: model.errors["creditCode"], hint: "18 位，见营业执照或登记证书。",
                                      autocomplete: "off", maxLength: 24, id: "unit-credit-code")
                            FormActions {
                                Button("登记单位")
                                LinkButton("返回列表", href: "/admin/units")
                            }
                        }
                    } else {
                        EmptyState(title: "请先在第一步选择单位所在的省份和城市。", hint: "选好后点“下一步”，这里会列出该城市的区县。")
                    }
                }
            }.render(into: &buffer)
        }
    }
}
