import JiuyeDomain
import Foundation

/// What a file is, decided by its first bytes and never by the client's file name or
/// Content-Type (Vapor derives a part's content type from the name's extension).
package enum UploadFileType: String, CaseIterable, Sendable {
    case jpeg, png, pdf

    /// 2 MB for images (seed 003: “图片要求jpg或png格式，大小不超过2M”), 10 MB for PDFs.
    package static let imageLimit = 2 * 1024 * 1024
    package static let pdfLimit = 10 * 1024 * 1024
    /// The most any upload may be, whatever its type.
    package static let largestLimit = pdfLimit
    /// Bytes needed to recognise every type (the PNG signature is the longest).
    package static let signatureLength = 8

    package var mimeType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .pdf: "application/pdf"
        }
    }

    package init?(mimeType: String) {
        guard let type = Self.allCases.first(where: { $0.mimeType == mimeType }) else { return nil }
        self = type
    }

    package var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .pdf: "pdf"
        }
    }

    /// Extensions a correct file name of this type may end with.
    package var extensions: Set<String> {
        switch self {
        case .jpeg: ["jpg", "jpeg", "jpe"]
        case .png: ["png"]
        case .pdf: ["pdf"]
        }
    }

    package var label: String {
        switch self {
        case .jpeg: "JPG 图片"
        case .png: "PNG 图片"
        case .pdf: "PDF 文件"
        }
    }

    package var isImage: Bool { self != .pdf }

    package var maxBytes: Int { isImage ? Self.imageLimit : Self.pdfLimit }

    /// The refusal for a file of this type over its limit.
    package var tooLargeMessage: String {
        isImage
            ? "图片不能超过 \(UploadSize.format(Self.imageLimit))，请压缩后重新上传（在上传页面选择照片会自动压缩）。"
            : "PDF 文件不能超过 \(UploadSize.format(Self.pdfLimit))。请压缩或拆分后再上传。"
    }

    /// JPEG: FF D8 FF; PNG: the 8-byte signature; PDF: `%PDF-`. Nil for anything else, and for
    /// a prefix too short to tell.
    package static func sniff<Bytes: Collection>(_ prefix: Bytes) -> UploadFileType? where Bytes.Element == UInt8 {
        let bytes = Array(prefix.prefix(signatureLength))
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: Array("%PDF-".utf8)) { return .pdf }
        return nil
    }
}

/// 材料类型: what a document is for, with the labels of the manuals (seed 002 lists 身份证复印件正反面,
/// 学位证书, 学历证书, 学历证书电子注册备案表, 劳动合同, 其他; seed 003 adds 协议书 and 解约证明).
package enum UploadKind: String, CaseIterable, Sendable {
    case labourContract = "labour-contract"
    case agreement
    case degree
    case diploma
    case diplomaRecord = "diploma-record"
    case employmentProof = "employment-proof"
    case termination
    case idCard = "id-card"
    case other
    /// 营业执照 (or a 登记证书) of a registering employer, for 资质鉴证.
    case businessLicence = "business-licence"
    /// The signed and stamped 就业协议书 of online signing (seed 003 §3.4: jpg or png, ≤ 2 MB).
    case signedAgreement = "signed-agreement"
    /// 推荐表's 相片 (a recent ID photo).
    case photo
    /// 基层就业资助 (seed 000 §6, review D11): the stamped 申请表 / 确认表 and the proofs.
    case grassrootsForm = "grassroots-form"
    case grassrootsContract = "grassroots-contract"
    case secondAssignment = "second-assignment"
    case hardshipProof = "hardship-proof"
    case secretPlaceProof = "secret-place-proof"
    case mobilePlaceProof = "mobile-place-proof"
    case offshoreProof = "offshore-proof"
    case onDutyProof = "on-duty-proof"
    case tuitionProof = "tuition-proof"

    package var label: String {
        switch self {
        case .labourContract: "劳动合同"
        case .agreement: "就业协议书"
        case .degree: "学位证书"
        case .diploma: "毕业证书"
        case .diplomaRecord: "学历证书电子注册备案表"
        case .employmentProof: "就业证明"
        case .termination: "解约证明"
        case .idCard: "身份证"
        case .other: "其他材料"
        case .businessLicence: "营业执照（或登记证书）"
        case .signedAgreement: "签字盖章的就业协议书"
        case .photo: "证件照"
        case .grassrootsForm, .grassrootsContract, .secondAssignment, .hardshipProof, .secretPlaceProof, .mobilePlaceProof, .offshoreProof,
             .onDutyProof, .tuitionProof:
            GrassrootsMaterials.Kind(rawValue: rawValue)?.label ?? "其他材料"
        }
    }

    /// Every kind takes scans and photos (jpg, png) and PDFs today; a kind that must be one of
    /// them narrows this list.
    package var allowedTypes: [UploadFileType] {
        switch self {
        case .signedAgreement, .photo: [.jpeg, .png]
        default: UploadFileType.allCases
        }
    }

    /// "JPG、PNG 图片或 PDF 文件" for the refusal of any other type.
    package var allowedTypesText: String {
        let images = allowedTypes.filter(\.isImage).map { $0.fileExtension.uppercased() }
        let pdf = allowedTypes.contains(.pdf)
        switch (images.isEmpty, pdf) {
        case (false, true): return "\(images.joined(separator: "、")) 图片或 PDF 文件"
        case (false, false): return "\(images.joined(separator: "、")) 图片"
        default: return "PDF 文件"
        }
    }
}

package enum UploadSize {
    /// 2 MB, 820 KB, 1.4 MB (1 MB = 1024 × 1024 bytes, as the limits are counted).
    package static func format(_ bytes: Int) -> String {
        if bytes >= 1024 * 1024 {
            let megabytes = Double(bytes) / 1_048_576
            return megabytes == megabytes.rounded() ? "\(Int(megabytes)) MB" : String(format: "%.1f MB", megabytes)
        }
        if bytes >= 1024 { return "\(Int((Double(bytes) / 1024).rounded())) KB" }
        return "\(bytes) 字节"
    }
}
