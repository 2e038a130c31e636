import Fluent
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 纸质材料接收 (seed 003 §3.4.4.3 "纸质证明材料…交职就中心存档", §3.5 "职就中心留存一份"; finding
/// C21): the school records on the reviewer page of a 毕业去向登记 the day its paper copy came in
/// and who received it. Counselors and colleges see the record; only the school admin writes it,
/// and every record or correction is audited.
package enum DestinationPaper {
    package struct Record: Sendable {
        package let receivedOn: String
        package let receiverName: String
        package let recordedAt: Int64
    }

    package static func load(caseID: Int64, on db: any Database) async throws -> Record? {
        try await db.sql.raw("""
            SELECT p.received_on, p.recorded_at, u.display_name FROM destination_paper p JOIN users u ON u.id = p.received_by WHERE p.case_id = \(bind: caseID)
            """).first().map {
            Record(receivedOn: try $0.decode(column: "received_on", as: String.self), receiverName: try $0.decode(column: "display_name", as: String.self),
                   recordedAt: try $0.decode(column: "recorded_at", as: Int64.self))
        }
    }

    /// The card on the reviewer page (`CaseType.reviewSections`).
    static func section(_ req: Request, row: CaseRow, user: CurrentUser, error: String? = nil, value: String? = nil) async throws -> [RenderedHTML] {
        let record = try await load(caseID: row.id, on: req.db)
        let canRecord = user.role == .schoolAdmin
        let today = ChinaTime.date(req.now)
        return [RenderedHTML(Card(title: "纸质材料接收") {
            if let record {
                DescriptionList([("接收日期", record.receivedOn), ("接收人", record.receiverName), ("登记时间", ChinaTime.dateTime(record.recordedAt))])
            } else {
                p(.class("muted")) { "学校尚未登记收到该毕业生的纸质证明材料。纸质材料交就业指导中心存档后，由学校管理员在此登记。" }
            }
            if canRecord {
                form(.method("post"), .action("/destination/paper/\(row.id)"), .class("form-stack")) {
                    CSRFField(user.csrfToken)
                    TextField("接收日期", name: "received_on", value: value ?? record?.receivedOn ?? today, type: "date", required: true, error: error,
                              hint: "收到纸质材料的日期，接收人记为当前登录的学校管理员", id: "received_on")
                    FormActions { Button(record == nil ? "登记已收到纸质材料" : "更正接收日期", kind: .secondary) }
                }
            }
        })]
    }

    /// POST /destination/paper/:id: the school admin records (or corrects) the receipt.
    @Sendable
    static func record(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard user.role == .schoolAdmin else { throw Abort(.forbidden, reason: "只有学校管理员可以登记纸质材料接收。") }
        let row = try await ReviewController().row(req, .destination, user: user)
        let raw = WorkflowText.trimmed((try? req.content.get(String.self, at: "received_on")) ?? "")
        let today = CivilDate.parse(ChinaTime.date(req.now))
        guard let date = CivilDate.parse(raw), let today, date <= today, date.year >= 2000 else {
            let message = raw.isEmpty ? "请填写接收日期。" : "接收日期应为不晚于今天的日期，例如 \(ChinaTime.date(req.now))。"
            return try await ReviewController().render(req, type: .destination, user: user, row: row, message: Flash(.error, message), status: .unprocessableEntity)
        }
        let now = req.now
        let before = try await load(caseID: row.id, on: req.db)
        try await req.db.writeTransaction { db in
            try await db.sql.raw("DELETE FROM destination_paper WHERE case_id = \(bind: row.id)").run()
            try await db.sql.insert(into: "destination_paper").columns("case_id", "received_on", "received_by", "recorded_at")
                .values(SQLBind(row.id), SQLBind(date.description), SQLBind(user.id), SQLBind(now)).run()
            try await req.audit(.destinationPaper, target: .destinationCase, id: row.id,
                                changes: [.init("received_on", before: before?.receivedOn, after: date.description)], on: db)
        }
        return req.seeOther("/review/destination/\(row.id)", flash: Flash(.success, "已登记纸质材料于 \(date.description) 收到。"))
    }
}

extension AuditAction {
    package static let destinationPaper = AuditAction("destination.paper", "登记纸质材料接收")
}

extension AuditTarget {
    package static let destinationCase = AuditTarget("destination-case", "毕业去向登记")
}

/// 纸质材料接收 of 毕业去向登记 (finding C21): one row per case, the latest record.
package struct E007DestinationPaper: AsyncMigration {
    package var name: String { "employment-007-destination-paper" }

    package func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("""
            CREATE TABLE destination_paper (case_id BIGINT PRIMARY KEY REFERENCES destination_cases(id) ON DELETE CASCADE,
            received_on TEXT NOT NULL, received_by BIGINT NOT NULL REFERENCES users(id), recorded_at BIGINT NOT NULL)
            """).run()
    }

    package func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("DROP TABLE destination_paper").run()
    }
}
