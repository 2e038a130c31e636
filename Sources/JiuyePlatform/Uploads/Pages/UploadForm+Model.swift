import Foundation
import JiuyeHTML

/// 上传材料: choose the kind and the file; the page's script shrinks a large photo to 2 MB
/// before sending. Modules link here with `?kind=…&case=type:id&next=/their/page`, or embed
/// `UploadForm.Fields` in their own pages.
package enum UploadForm {
    package struct Model: Sendable {
        package var kind: UploadKind?
        package var caseRef: UploadCaseRef?
        /// Where to go after a successful upload (a local path).
        package var next: String?
        package var csrfToken: String
        /// Why the last attempt was refused.
        package var error: String?

        /// The form posts to the streamed endpoint; its CSRF token travels in the query string
        /// because the body is read only after the middleware has run.
        package var action: String {
            "/uploads?_csrf=" + (csrfToken.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-_"))) ?? "")
        }

        /// Kinds a business asks for by link (营业执照, the stamped agreement, 推荐表 相片) are offered only there.
        package var kindOptions: [SelectOption] {
            UploadKind.allCases.filter { ![.businessLicence, .signedAgreement, .photo].contains($0) || $0 == kind }.map { SelectOption($0.rawValue, $0.label) }
        }

        package var hint: String {
            if let kind, !kind.allowedTypes.contains(.pdf) {
                return "支持 JPG、PNG 图片（不超过 \(UploadSize.format(UploadFileType.imageLimit))）。手机拍摄的照片超过 \(UploadSize.format(UploadFileType.imageLimit)) 时，本页会先自动压缩再上传。"
            }
            return "支持 JPG、PNG 图片（不超过 \(UploadSize.format(UploadFileType.imageLimit))）和 PDF 文件（不超过 \(UploadSize.format(UploadFileType.pdfLimit))）。"
                + "手机拍摄的照片超过 \(UploadSize.format(UploadFileType.imageLimit)) 时，本页会先自动压缩再上传。"
        }
    }
}
