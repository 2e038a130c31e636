import JiuyePlatform

/// The national report's audited actions, targets and change fields, with their Chinese labels.
extension AuditAction {
    package static let nationalExport = AuditAction("national.export", "生成全国系统上报数据")
    package static let nationalExportDownload = AuditAction("national.export.download", "下载全国系统上报文件")
    package static let nationalExportConfirm = AuditAction("national.export.confirm", "确认已上报全国系统")
    package static let nationalFeedback = AuditAction("national.feedback", "导入全国系统反馈")
    package static let nationalSourceUnlock = AuditAction("national.source.unlock", "根据全国系统反馈解锁生源信息")

    package static let nationalReport: [AuditAction] = [.nationalExport, .nationalExportDownload, .nationalExportConfirm, .nationalFeedback, .nationalSourceUnlock]
}

extension AuditTarget {
    package static let nationalExport = AuditTarget("national-export", "全国系统上报批次")
    package static let nationalFeedback = AuditTarget("national-feedback", "全国系统反馈文件")

    package static let nationalReport: [AuditTarget] = [.nationalExport, .nationalFeedback]
}

package enum NationalReportAudit {
    package static let fields: [String: String] = [
        "held_back": "未通过检查未上报条数", "error_type": "错误类型", "not_found": "未找到的行数", "unreadable": "无法读取的行数",
    ]
}
