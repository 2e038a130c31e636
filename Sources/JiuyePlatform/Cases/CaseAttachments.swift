import Fluent
import JiuyeHTML
import SQLKit
import Vapor

/// Files attached to a case (劳动合同, 就业证明 …): the uploads module asks every case type who
/// owns a case and whether it is still a draft; the pages list the files with their links.
package enum CaseAttachments {
    /// Registers every case type with the uploads module (at start-up).
    /// Files attach to every registered case type (call after the modules registered theirs);
    /// a module that registered its own rule for a type (files at an applicant's later step)
    /// keeps it.
    package static func register(on app: Application) {
        for type in app.caseTypes.all where app.uploadCaseTypes[type.key] == nil {
            let table = type.table
            let key = type.key
            let caseType = type
            let approvedLabel = type.definition.status.approved
            app.registerUploadCase(type.key, UploadCaseType(
                owner: { id, db in
                    try await db.sql.select().column("applicant_id").from(table).where("id", .equal, SQLBind(id)).first()?
                        .decode(column: "applicant_id", as: Int64.self)
                },
                isDraft: { id, db in
                    let key = try await db.sql.select().column("status_key").from(table).where("id", .equal, SQLBind(id)).first()?
                        .decode(column: "status_key", as: String.self)
                    return key == "draft" || key == "returned"
                },
                visibleTo: { user, id, db in
                    guard let row = try await CaseEngine.load(caseType, id: id, on: db) else { return false }
                    return CaseEngine.canSee(user, row: row)
                },
                approvedAt: { id, db in
                    try await db.sql.raw("""
                        SELECT MAX(h.at) AS at FROM case_history h JOIN \(ident: table) c ON c.id = h.case_id
                        WHERE h.case_type = \(bind: key) AND h.case_id = \(bind: id) AND h.status_label = \(bind: approvedLabel) AND c.in_force_json IS NOT NULL
                        """).first()?.decode(column: "at", as: Int64?.self)
                }))
        }
    }

    package static func files(_ type: CaseType, id: Int64, on db: any Database) async throws -> [Uploads.Row] {
        try await db.sql.select().columns(Uploads.columns).from("uploads")
            .where("case_type", .equal, SQLBind(type.key)).where("case_id", .equal, SQLBind(id))
            .where(SQLColumn("deleted_at"), .is, SQLLiteral.null).orderBy("id").all(decoding: Uploads.Row.self)
    }
}

/// The 证明材料 card: each file with 预览 and 下载; while the case is a draft, its owner may add more.
package struct CaseFilesCard: HTML {
    package let files: [Uploads.Row]
    /// `/uploads/new?…` when the viewer may still add files.
    package let addHref: String?

    package init(files: [Uploads.Row], addHref: String?) {
        self.files = files
        self.addHref = addHref
    }

    package func render(into buffer: inout HTMLBuffer) {
        Card(title: "证明材料") {
            if files.isEmpty {
                p(.class("muted")) { addHref == nil ? "未上传证明材料。" : "请上传劳动合同、就业协议书或录取通知书等证明材料（JPG/PNG 图片不超过 2 MB，PDF 不超过 10 MB）。" }
            } else {
                ul(.class("case-files")) {
                    ForEach(files) { file in
                        li {
                            span(.class("case-file-kind")) { UploadKind(rawValue: file.kind)?.label ?? file.kind }
                            span(.class("case-file-name")) { file.original_name }
                            a(.href("/uploads/\(file.id)"), .init("target", "_blank"), .rel("noopener")) { "预览" }
                            a(.href("/uploads/\(file.id)/download")) { "下载" }
                        }
                    }
                }
            }
            if let addHref {
                FormActions { LinkButton("上传证明材料", href: addHref, kind: .secondary) }
            }
        }.render(into: &buffer)
    }
}
