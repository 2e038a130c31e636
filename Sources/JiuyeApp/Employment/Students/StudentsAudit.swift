/// The employment module's audited actions, targets and change fields, with their Chinese labels
/// (registered with the platform's `AuditLabels` through `AuditAction.modules`).
extension AuditAction {
    static let exportStudents = AuditAction("export.students", "导出毕业生名单")
    static let importGraduatesUpload = AuditAction("import.graduates.upload", "上传毕业生导入文件")
    static let importGraduatesReport = AuditAction("import.graduates.report", "下载导入错误报告")
    static let importGraduates = AuditAction("import.graduates", "导入毕业生")
    static let studentCreate = AuditAction("student.create", "添加毕业生")

    static let employment: [AuditAction] = [.exportStudents, .importGraduatesUpload, .importGraduatesReport, .importGraduates, .studentCreate]
}

extension AuditTarget {
    static let students = AuditTarget("students", "毕业生名单")
    static let student = AuditTarget("student", "毕业生")
    static let graduateImport = AuditTarget("import", "毕业生导入")

    static let employment: [AuditTarget] = [.students, .student, .graduateImport]
}

extension AuditLabels {
    static let moduleFields: [String: String] = [
        "uploaded_by": "上传人编号", "student.create#name": "姓名", "import.graduates#rows": "导入行数",
    ]
    static let moduleValues: [String: String] = ["kind=grassroots-commitment": "基层就业承诺书"]
}
