import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import Vapor

/// Versions of one graduate's registration (modules review C4): each approved version takes
/// effect on the day it was approved and is superseded on the day the next one is.
package enum DestinationVersions {
    /// The approved versions, oldest first, from the case's 审核记录.
    package static func approved(_ history: [CaseEngine.HistoryRow], approvedLabel: String) -> [DestinationVersion] {
        var versions: [DestinationVersion] = []
        var seen: Set<Int> = []
        for entry in history where entry.status_label == approvedLabel && !seen.contains(entry.version) {
            guard let day = CivilDate.parse(ChinaTime.date(entry.at)) else { continue }
            seen.insert(entry.version)
            let new = DestinationVersion(number: entry.version, effectiveFrom: day)
            if case .success(let next) = DestinationVersion.supersede(versions, with: new) { versions = next }
        }
        return versions
    }

    /// 8 月 31 日 and what happens after it, as the deployment sets them
    /// (`JIUYE_DESTINATION_CHANGE_DEADLINE` = "08-31", `JIUYE_DESTINATION_LATE_CHANGE` =
    /// "needs-school-approval" or "refused").
    package static func deadline() -> (DestinationChangeDeadline, DestinationLateChangePolicy) {
        var deadline = DestinationChangeDeadline.standard
        if let set = Environment.get("JIUYE_DESTINATION_CHANGE_DEADLINE").flatMap(MonthDay.init(parsing:)) { deadline = DestinationChangeDeadline(set) }
        let policy = Environment.get("JIUYE_DESTINATION_LATE_CHANGE").flatMap(DestinationLateChangePolicy.init(rawValue:)) ?? .needsSchoolApproval
        return (deadline, policy)
    }
}

/// 版本记录 under the registration: each approved version, when it took effect and whether a
/// later one replaced it.
package struct DestinationVersionList: HTML {
    package let versions: [DestinationVersion]
    package let current: Int

    package func render(into buffer: inout HTMLBuffer) {
        guard !versions.isEmpty else { return }
        let pending: [[AnyHTML]] = current > (versions.last?.number ?? 0)
            ? [[AnyHTML(Text("第 \(current) 版")), AnyHTML(Text("—")), AnyHTML(Text("变更中，审核通过后生效"))]] : []
        Card(title: "版本记录") {
            // Newest first: a version being changed, then the approved ones.
            DataTable(columns: [.init("版本"), .init("生效日期"), .init("状态")], rows: pending + versions.reversed().map { version in
                let state: String
                if let superseded = version.supersededOn {
                    state = "已被新版本替代（\(superseded) 起失效）"
                } else {
                    state = "当前有效"
                }
                return [AnyHTML(Text("第 \(version.number) 版")), AnyHTML(Text(version.effectiveFrom.description)), AnyHTML(Text(state))]
            })
        }.render(into: &buffer)
    }
}
