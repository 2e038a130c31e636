import JiuyeHTML

/// 我的材料: the user's own files, newest first, 20 a page, with preview, download and delete
/// (delete only while the file's case is a draft).
enum UploadList {
    struct Item: Sendable {
        let id: Int64
        let name: String
        let kindLabel: String
        let typeLabel: String
        let isImage: Bool
        let size: String
        let uploadedAt: String
        let deletable: Bool

        init(_ row: Uploads.Row, deletable: Bool) {
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

        var previewURL: String { "/uploads/\(id)" }
        var downloadURL: String { "/uploads/\(id)/download" }
    }

    struct Model: Sendable {
        var items: [Item]
        var total: Int
        var page: Int
        var csrfToken: String
    }
}
