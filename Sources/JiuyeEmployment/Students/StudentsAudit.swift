import JiuyePlatform

/// The employment module's audited actions, targets and change fields, with their Chinese labels
/// (registered with the platform's `AuditLabels` by `EmploymentModule`).
extension AuditAction {
    package static let exportStudents = AuditAction("export.students", "导出毕业生名单")
    package static let importGraduatesUpload = AuditAction("import.graduates.upload", "上传毕业生导入文件")
    package static let importGraduatesReport = AuditAction("import.graduates.report", "下载导入错误报告")
    package static let importGraduates = AuditAction("import.graduates", "导入毕业生")
    package static let studentCreate = AuditAction("student.create", "添加毕业生")

    package static let employment: [AuditAction] = [.exportStudents, .importGraduatesUpload, .importGraduatesReport, .importGraduates, .studentCreate,
                                                          .exportStatistics]
}

extension AuditTarget {
    package static let students = AuditTarget("students", "毕业生名单")
    package static let student = AuditTarget("student", "毕业生")
    package static let graduateImport = AuditTarget("import", "毕业生导入")

    package static let employment: [AuditTarget] = [.students, .student, .graduateImport, .destinationStatistics]
}

package enum EmploymentAudit {
    package static let fields: [String: String] = [
        "uploaded_by": "上传人编号", "student.create#name": "姓名", "import.graduates#rows": "导入行数", "day": "日期", "hardship.import#rows": "导入人数",
    ]
    package static let values: [String: String] = ["kind=grassroots-commitment": "基层就业承诺书"]
}
