import Foundation
import JiuyeDomain
import JiuyeHTML

/// The status badge of a case, toned by where it stands.
package struct CaseStatusBadge: HTML {
    package let label: String
    /// The case's status key (draft, step:…, publicity:…, returned, approved, rejected).
    package let key: String

    package init(label: String, key: String) {
        self.label = label
        self.key = key
    }

    package init(label: String, state: CaseState) {
        self.label = label
        switch state.status {
        case .draft: key = "draft"
        case .inReview: key = "step:"
        case .publicizing: key = "publicity:"
        case .returned: key = "returned"
        case .rejected: key = "rejected"
        case .approved: key = "approved"
        }
    }

    package func render(into buffer: inout HTMLBuffer) {
        let tone: StatusBadge.Tone
        switch key {
        case "draft": tone = .neutral
        case "returned", "rejected": tone = .danger
        case "approved": tone = .success
        default: tone = .info
        }
        StatusBadge(label, tone: tone).render(into: &buffer)
    }
}

package enum CaseDetails {
    /// The form's fields as (label, value) rows, blanks shown as —.
    package static func rows(_ type: CaseType, _ shown: [String: String], content: [String: String]? = nil) -> [(String, String)] {
        let listed = type.shownFields.map { $0(content ?? shown) }
        let labels = type.detailLabels.map { $0(content ?? shown) } ?? [:]
        return type.fields.filter { listed?.contains($0.key) ?? true }.map { field in
            let value = (shown[field.key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return (labels[field.key] ?? field.label, value.isEmpty ? "—" : value)
        }
    }
}

/// 审核记录 and 变更明细, the two tabs seed 003 shows under every form (two sections here, so they
/// read the same without script and on a phone).
/// 审核记录 of one case, newest first: every move with who made it and the words given.
package struct CaseHistoryCard: HTML {
    package let title: String
    package let history: [CaseEngine.HistoryRow]

    package init(title: String = "审核记录", history: [CaseEngine.HistoryRow]) {
        self.title = title
        self.history = history
    }

    package func render(into buffer: inout HTMLBuffer) {
        Card(title: title) {
            DataTable(
                columns: [.init("时间"), .init("环节"), .init("操作"), .init("操作人"), .init("结果"), .init("意见或原因")],
                rows: history.reversed().map { row in
                    [AnyHTML(Text(ChinaTime.dateTime(row.at))), AnyHTML(Text(row.step_label)), AnyHTML(Text(row.action_label)),
                     AnyHTML(Text([row.actor_name, row.actor_role.flatMap(Role.init(rawValue:))?.label].compactMap { $0 }.joined(separator: " · "))),
                     AnyHTML(Text(row.status_label)), AnyHTML(Text(row.remark ?? "—"))]
                },
                emptyMessage: "尚无审核记录。")
        }.render(into: &buffer)
    }
}

package struct CaseRecords: HTML {
    package let history: [CaseEngine.HistoryRow]
    package let changes: [CaseEngine.ChangeSet]

    package init(history: [CaseEngine.HistoryRow], changes: [CaseEngine.ChangeSet]) {
        self.history = history
        self.changes = changes
    }

    package func render(into buffer: inout HTMLBuffer) {
        CaseHistoryCard(history: history).render(into: &buffer)
        Card(title: "变更明细") {
            if changes.isEmpty {
                p(.class("muted")) { "尚无变更。每次提交与上一次提交的不同之处会记录在这里。" }
            } else {
                ForEach(changes) { set in
                    section(.class("change-set")) {
                        h3 { "第 \(set.version) 版 · 第 \(set.submission) 次提交 · \(ChinaTime.dateTime(set.at))" }
                        DataTable(
                            columns: [.init("项目"), .init("变更前"), .init("变更后")],
                            rows: set.changes.map { change in
                                [AnyHTML(Text(change["label"] ?? "")), AnyHTML(Text((change["before"] ?? "").isEmpty ? "（空）" : change["before"]!)),
                                 AnyHTML(Text((change["after"] ?? "").isEmpty ? "（空）" : change["after"]!))]
                            })
                    }
                }
            }
        }.render(into: &buffer)
    }
}
