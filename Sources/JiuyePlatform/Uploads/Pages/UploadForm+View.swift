import JiuyeHTML

extension UploadForm {
    package struct View: HTML {
        package let context: PageContext
        package let model: Model

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "上传材料") {
                    Fields(model: model)
                }
                Card(title: "上传须知") {
                    ol(.class("upload-rules")) {
                        li { "请上传清晰、完整的扫描件或照片：边距规整、字迹清晰，无其他杂物遮挡。" }
                        li { "只能上传 JPG、PNG 图片和 PDF 文件。系统按文件内容识别类型，修改扩展名无效；Word、压缩包等请先转成 PDF。" }
                        li { "图片不超过 \(UploadSize.format(UploadFileType.imageLimit))，PDF 不超过 \(UploadSize.format(UploadFileType.pdfLimit))。在本页选择的大照片会自动压缩，无需另行处理。" }
                        li { "材料加密保存，只有本人和负责审核的老师可以查看；业务提交审核后不能再删除所附材料。" }
                    }
                }
            }.render(into: &buffer)
        }
    }

    /// The form itself, for this page or inside a module's page. Without script it is a plain
    /// multipart post; app.js (section 5) shrinks large photos, shows progress and errors.
    package struct Fields: HTML {
        package let model: Model

        package func render(into buffer: inout HTMLBuffer) {
            form(.class("upload-form"), .method("post"), .action(model.action), .init("enctype", "multipart/form-data"),
                 .data("data-upload", "1"), .data("data-image-limit", String(UploadFileType.imageLimit)), .data("data-pdf-limit", String(UploadFileType.pdfLimit))) {
                if let error = model.error {
                    div(.class("alert alert-error upload-error"), .role("alert")) { error }
                } else {
                    div(.class("alert alert-error upload-error"), .role("alert"), .hidden) { "" }
                }
                SelectField("材料类型", name: "kind", options: model.kindOptions, selected: model.kind?.rawValue, required: true, id: "f-kind")
                div(.class("field upload-file-field")) {
                    label(.for("f-file")) {
                        "选择文件"
                        span(.class("req"), .init("aria-hidden", "true")) { "*" }
                    }
                    input(.type("file"), .id("f-file"), .name("file"), .required,
                          .init("accept", ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"),
                          .ariaDescribedBy("f-file-hint upload-status"))
                    p(.class("field-hint"), .id("f-file-hint")) { model.hint }
                    p(.class("upload-status"), .id("upload-status"), .role("status"), .init("aria-live", "polite")) { "" }
                    progress(model: model)
                }
                if let caseRef = model.caseRef { input(.type("hidden"), .name("case"), .value(caseRef.text)) }
                if let next = model.next { input(.type("hidden"), .name("next"), .value(next)) }
                FormActions {
                    Button("上传", kind: .primary)
                    LinkButton(model.next == nil ? "返回我的材料" : "返回", href: model.next ?? "/uploads")
                }
            }.render(into: &buffer)
        }

        package func progress(model: Model) -> some HTML {
            Element("progress", [.class("upload-progress"), .init("max", "100"), .value("0"), .hidden, .ariaLabel("上传进度")], content: EmptyHTML())
        }
    }
}
