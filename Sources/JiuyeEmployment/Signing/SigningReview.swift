import Fluent
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// What the reviewer of a 毕业去向登记 sees of the agreement behind it (finding C6): the
/// agreement, its mode and number, and for 网签 the 审核标准 of seed 004 §2(3) item by item, with
/// the unit's licence on file (the school admin opens it from 资质鉴证).
package enum SigningReview {
    package static func section(_ req: Request, row: CaseRow) async throws -> [RenderedHTML] {
        guard let found = try await req.db.sql.raw("""
            SELECT \(unsafeRaw: SigningStore.agreementColumns) FROM agreements WHERE destination_case_id = \(bind: row.id) ORDER BY id DESC LIMIT 1
            """).first() else { return [] }
        let agreement = try SigningStore.agreement(found)
        let licence = try await agreement.unitID.asyncFlatMap { try await SigningStore.unit($0, keys: req.keys, on: req.db)?.licenceUploadID }
        let licences = try await agreement.unitID.asyncFlatMap { try await Uploads.forCase(UploadCaseRef(type: "employer", id: $0), on: req.db) } ?? []
        let status: String = switch agreement.status {
        case .held: "有效"
        case .withdrawn: "已撤销"
        case .terminated: "已解约"
        }
        return [RenderedHTML(Card(title: "就业协议") {
            DescriptionList([("签约方式", agreement.mode.employmentCategory), ("协议书编号", agreement.number), ("签约单位", agreement.unitName),
                             ("协议状态", status), ("签约时间", ChinaTime.dateTime(agreement.acceptedAt ?? agreement.createdAt))])
            if agreement.mode == .online {
                h3 { OnlineSigningChecklist.heading }
                ul(.class("rule-list")) { for item in OnlineSigningChecklist.items { li { item.text } } }
                p(.class("muted")) {
                    licence != nil || !licences.isEmpty
                        ? "该单位已通过学校资质鉴证，营业执照扫描件可在“用人单位资质鉴证”中查看。"
                        : "该单位尚未上传营业执照扫描件，请核对纸质材料。"
                }
            }
        })]
    }
}
