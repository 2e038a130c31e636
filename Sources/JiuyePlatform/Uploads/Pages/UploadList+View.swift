import JiuyeHTML

extension UploadList {
    package struct View: HTML {
        package let context: PageContext
        package let model: Model

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "我的材料") {
                    div(.class("toolbar upload-toolbar")) {
                        p(.class("upload-note")) { "材料加密保存，仅本人和负责审核的老师可以查看。" }
                        LinkButton("上传材料", href: "/uploads/new", kind: .primary)
                    }
                    if model.items.isEmpty {
                        EmptyState(title: "还没有上传材料",
                                   hint: "点击“上传材料”，上传劳动合同、就业协议书、学位证书等证明材料的照片、扫描件或 PDF 文件。")
                    } else {
                        DataTable(
                            columns: [.init("预览"), .init("材料类型"), .init("文件名"), .init("大小", numeric: true), .init("上传时间"), .init("操作")],
                            rows: model.items.map { item in
                                [AnyHTML(UploadThumbnail(item: item)), AnyHTML(Text(item.kindLabel)),
                                 AnyHTML(span(.class("upload-name")) { item.name }), AnyHTML(Text(item.size)),
                                 AnyHTML(Text(item.uploadedAt)), AnyHTML(UploadActions(item: item, csrfToken: model.csrfToken))]
                            })
                        Pager(path: "/uploads", baseQuery: [], page: model.page, pageSize: UploadsController.pageSize, total: model.total)
                    }
                }
            }.render(into: &buffer)
        }
    }
}

/// A small picture of an image upload, or a PDF tile; opens the preview in a new tab.
package struct UploadThumbnail: HTML {
    package let item: UploadList.Item

    package func render(into buffer: inout HTMLBuffer) {
        a(.class("upload-thumb-link"), .href(item.previewURL), .init("target", "_blank"), .rel("noopener"),
          .ariaLabel("预览 \(item.name)")) {
            if item.isImage {
                img(.class("upload-thumb"), .src(item.previewURL), .init("alt", ""), .init("loading", "lazy"), .init("decoding", "async"))
            } else {
                span(.class("upload-thumb upload-thumb-file"), .init("aria-hidden", "true")) { item.typeLabel }
            }
        }.render(into: &buffer)
    }
}

/// 预览 · 下载 · 删除 (删除 asks first, and only while the case is a draft).
package struct UploadActions: HTML {
    package let item: UploadList.Item
    package let csrfToken: String

    package func render(into buffer: inout HTMLBuffer) {
        div(.class("upload-actions")) {
            a(.class("btn btn-link"), .href(item.previewURL), .init("target", "_blank"), .rel("noopener")) { "预览" }
            a(.class("btn btn-link"), .href(item.downloadURL)) { "下载" }
            if item.deletable {
                form(.method("post"), .action("/uploads/\(item.id)/delete"), .data("data-confirm", "确定删除“\(item.name)”吗？删除后不能恢复。")) {
                    CSRFField(csrfToken)
                    Button("删除", kind: .link)
                }
            } else {
                span(.class("upload-locked"), .title("所属业务已提交审核")) { "已提交" }
            }
        }.render(into: &buffer)
    }
}
