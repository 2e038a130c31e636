import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// 推荐表注册 pages: the list row, the form in the manual's sections with its preview, and the
/// printed form on one A4 page.
package enum RecommendationPages {
    package struct Model: Sendable {
        let graduate: SigningStore.Graduate, row: CaseRow?, statusLabel: String, values: [RecommendationForm.Field: String]
        let errors: [String: String], message: Flash?, editable: Bool, approved: Bool
        let history: [CaseEngine.HistoryRow], changes: [CaseEngine.ChangeSet], photo: Int64?, uploadHref: String?, csrfToken: String
    }

    package struct Form: HTML {
        let context: PageContext
        let model: Model

        package func render(into buffer: inout HTMLBuffer) {
            let values = model.values
            Layout(context) {
                if let message = model.message { Alert(message) }
                Card(title: "推荐表注册") {
                    DataTable(columns: [.init("院系"), .init("学号"), .init("姓名"), .init("状态"), .init("提交时间"), .init("操作")], rows: [[
                        AnyHTML(Text(model.graduate.college)), AnyHTML(Text(model.graduate.studentNo)), AnyHTML(Text(model.graduate.name)),
                        AnyHTML(Text(model.statusLabel)), AnyHTML(Text(model.row?.submitted_at.map(ChinaTime.dateTime) ?? "—")),
                        model.approved ? AnyHTML(a(.href("/recommendation/print")) { "表格打印" }) : AnyHTML(Text("—")),
                    ]])
                    ol(.class("flow-steps"), .ariaLabel("流程")) {
                        li { "学生提交" }
                        li { "学院审核" }
                    }
                    if model.row?.status_key.hasPrefix("step:") == true {
                        form(.method("post"), .action("/recommendation"), .class("form-stack")) {
                            CSRFField(model.csrfToken)
                            input(.type("hidden"), .name("action"), .value("withdraw"))
                            p(.class("muted")) { "推荐表已送审，学院审核前可以撤回修改。" }
                            FormActions { Button("撤回", kind: .secondary) }
                        }
                    }
                    if model.approved && !model.editable && model.row?.status_key.hasPrefix("step:") != true {
                        form(.method("post"), .action("/recommendation"), .class("form-stack")) {
                            CSRFField(model.csrfToken)
                            input(.type("hidden"), .name("action"), .value("edit"))
                            p(.class("muted")) { "推荐表已审核通过。如需修改，可重新编辑并送审，审核通过前仍以原版本为准。" }
                            FormActions { Button("编辑", kind: .secondary) }
                        }
                    }
                }
                if model.editable {
                    form(.method("post"), .action("/recommendation"), .class("form-stack")) {
                        CSRFField(model.csrfToken)
                        for section in RecommendationForm.Section.allCases {
                            Card(title: section.label) {
                                if let instruction = section.instruction { p(.class("muted")) { instruction } }
                                for field in RecommendationForm.Field.allCases where field.section == section && field != .photo {
                                    if field.isFromSourceRecord {
                                        TextField(field.label, name: field.rawValue, value: values[field] ?? "—", readOnly: true, id: "rec-\(field.rawValue)")
                                    } else if field.isMultiline {
                                        TextAreaField(field.label, name: field.rawValue, value: values[field] ?? "", required: field.isRequired,
                                                      error: model.errors[field.rawValue], hint: field.hint, rows: field == .selfRecommendation ? 6 : 4,
                                                      id: "rec-\(field.rawValue)")
                                    } else if field == .maritalStatus {
                                        SelectField(field.label, name: field.rawValue, options: RecommendationForm.maritalStatuses.map { SelectOption($0, $0) },
                                                    selected: values[field], error: model.errors[field.rawValue], id: "rec-\(field.rawValue)")
                                    } else {
                                        TextField(field.label, name: field.rawValue, value: values[field] ?? "", required: field.isRequired,
                                                  error: model.errors[field.rawValue], hint: field.hint, maxLength: field.maxLength, id: "rec-\(field.rawValue)")
                                    }
                                }
                                if section == .basics {
                                    div(.class("field")) {
                                        p { "相片：\(model.photo == nil ? "未上传" : "已上传")" }
                                        if let href = model.uploadHref { a(.href(href)) { model.photo == nil ? "相片上传" : "更换相片" } }
                                        else { p(.class("muted")) { "先暂存一次，再上传相片。" } }
                                    }
                                }
                            }
                        }
                        p(.class("muted")) { "编辑后可先暂存，预览效果。确认无误后，再提交学院审核。" }
                        FormActions {
                            Button("暂存", kind: .secondary, name: "action", value: "save")
                            Button("保存并送审", name: "action", value: "submit")
                        }
                    }
                }
                if model.row != nil {
                    Card(title: "预览") {
                        div(.class("rec-preview")) { RecommendationSheet(graduate: model.graduate, values: values, photo: model.photo) }
                    }
                }
                CaseRecords(history: model.history, changes: model.changes)
            }.render(into: &buffer)
        }
    }

    /// The form as it prints: a table of the fields, the photo, and the three text blocks.
    package struct RecommendationSheet: HTML {
        let graduate: SigningStore.Graduate
        let values: [RecommendationForm.Field: String]
        let photo: Int64?

        package func render(into buffer: inout HTMLBuffer) {
            func cell(_ field: RecommendationForm.Field, wide: Bool = false) -> [AnyHTML] {
                [AnyHTML(th { field.label }), wide ? AnyHTML(td(.init("colspan", "2")) { values[field] ?? "" }) : AnyHTML(td { values[field] ?? "" })]
            }
            let pairs: [[RecommendationForm.Field]] = [
                [.name, .gender], [.ethnicity, .birthMonth], [.educationLevel, .maritalStatus], [.sourceRegion, .studentNo],
                [.college, .className], [.major, .secondMajor], [.foreignLanguage, .computerSkill], [.enrolment, .graduation],
                [.address, .postcode], [.email, .phone],
            ]
            table(.class("rec-sheet")) {
                tbody {
                    for (index, pair) in pairs.enumerated() {
                        tr {
                            // Below the photo the last value takes its column too.
                            for part in cell(pair[0]) + cell(pair[1], wide: index >= 4) { part }
                            if index == 0 {
                                td(.class("rec-photo"), .init("rowspan", "4")) {
                                    if let photo { img(.src("/uploads/\(photo)/download"), .init("alt", "相片")) } else { span(.class("muted")) { "相片" } }
                                }
                            }
                        }
                    }
                    for field in [RecommendationForm.Field.experience, .awards, .selfRecommendation] {
                        tr {
                            th { field.label }
                            td(.init("colspan", "4"), .class("rec-block")) {
                                for line in RecommendationForm.printLines(values[field] ?? "") { div { line } }
                            }
                        }
                    }
                    tr {
                        th { "学院意见" }
                        td(.class("rec-stamp")) { "（盖章）　　年　　月　　日" }
                        th { "就业指导中心意见" }
                        td(.init("colspan", "2"), .class("rec-stamp")) { "（盖章）　　年　　月　　日" }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct Document: HTML {
        let graduate: SigningStore.Graduate
        let values: [RecommendationForm.Field: String]
        let photo: Int64?
        let verification: PrintDocument<RecommendationSheet>.Verification
        let date: String

        package func render(into buffer: inout HTMLBuffer) {
            PrintDocument(title: "\(graduate.schoolName)毕业生就业推荐表", backHref: "/recommendation", verification: verification,
                          footer: "签发日期：\(date)。扫描二维码可核验本表；学生打印后依次到学院、就业指导中心盖章。") {
                RecommendationSheet(graduate: graduate, values: values, photo: photo)
            }.render(into: &buffer)
        }
    }

    package struct Issue: HTML {
        let context: PageContext
        let values: [RecommendationForm.Field: String]
        let hash: String
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "表格打印") {
                    p { "推荐表已审核通过。签发后生成带编号和核验二维码的打印页，同一版本只签发一次；推荐表修改并重新审核通过后，需签发新版本，原版本的核验页会注明已被替代。" }
                    DescriptionList(RecommendationController.printed(values).filter { !$0.1.isEmpty }.prefix(8).map { ($0.0, $0.1) })
                    form(.method("post"), .action("/recommendation/print/issue"), .class("form-stack")) {
                        CSRFField(csrfToken)
                        input(.type("hidden"), .name("content"), .value(hash))
                        FormActions { Button("签发并打印") }
                    }
                }
            }.render(into: &buffer)
        }
    }
}
