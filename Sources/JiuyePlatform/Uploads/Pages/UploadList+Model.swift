import JiuyeHTML

/// 我的材料: the user's own files, newest first, 20 a page, with preview, download and delete
/// (delete only while the file's case is a draft).
package enum UploadList {
    package struct Item: Sendable {
        package let id: Int64
        package let name: String
        package let kindLabel: String
        package let typeLabel: String
        package let isImage: Bool
        package let size: String
        package let uploadedAt: String
        package let deletable: Bool

        package init(_ row: Uploads.Row, deletable: Bool) {
            id = row.id
            name = row.original_name
            kindLabel = row.kindLabel
            let type = row.fileType
            typeLabel = type?.fileExtension.uppercased() ?? "文件"
            isImage = type?.isImage ?? false
            size = UploadSize.format(Int(row.size))
            uploadedAt = ChinaTime.dateTime(row.created_at)
            self.deletable = deletable
        }

        package var previewURL: String { "/uploads/\(id)" }
        package var downloadURL: String { "/uploads/\(id)/download" }
    }

    package struct Model: Sendable {
        package var items: [Item]
        package var total: Int
        package var page: Int
        package var csrfToken: String
    }
}
