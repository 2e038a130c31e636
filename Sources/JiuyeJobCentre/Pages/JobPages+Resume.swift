import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// 我的简历, 职位申请 and the unit's 应聘人员.
extension JobPages {
    static func tone(_ status: JobApplicationStatus) -> StatusBadge.Tone {
        switch status {
        case .sent: .info
        case .viewed: .neutral
        case .interview: .success
        case .unsuitable: .danger
        }
    }

    /// What a student may do on a posting: already applied, apply, or why not.
    package enum ApplyState: Sendable {
        case applied(JobApplicationStatus)
        case open
        case refused(String)
    }

    struct ApplyCard: HTML {
        let postingID: Int64
        let state: ApplyState
        let csrfToken: String

        func render(into buffer: inout HTMLBuffer) {
            switch state {
            case .applied(let status):
                p { "已申请，处理状态："; StatusBadge(status.label, tone: JobPages.tone(status)) }.render(into: &buffer)
            case .open:
                form(.method("post"), .action("/jobs/\(postingID)/apply"), .class("form-inline")) {
                    CSRFField(csrfToken)
                    Button("一键求职")
                }.render(into: &buffer)
            case .refused(let reason):
                Alert(.info, reason).render(into: &buffer)
                p { LinkButton("完善简历", href: "/jobcentre/resume") }.render(into: &buffer)
            }
        }
    }

    package struct ResumeForm: HTML {
        let context: PageContext
        let resume: Resume
        let values: [String: String]
        let errors: [String: String]
        let userID: Int64
        let photo: Int64?
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            let percent = resume.completeness
            Layout(context) {
                Card(title: "简历完善度") {
                    p(.class("resume-score")) { strong { "\(percent)%" } }
                    Element("progress", [.class("resume-progress"), .init("max", "100"), .value(String(percent)), .ariaLabel("简历完善度")], content: EmptyHTML())
                    if let refusal = resume.applyRefusal { p(.class("muted")) { refusal } } else { p(.class("muted")) { "已达到 \(Resume.applyThreshold)%，可以一键求职。" } }
                }
                Card(title: "头像") {
                    div(.class("resume-photo")) {
                        if let photo { img(.src("/uploads/\(photo)"), .init("alt", "我的头像"), .class("resume-photo-img")) } else { p(.class("muted")) { "还没有上传头像。" } }
                        p { LinkButton(photo == nil ? "上传头像" : "更换头像", href: ResumePhoto.uploadLink(userID)) }
                        p(.class("muted")) { "JPG 或 PNG 证件照；是否让用人单位看到，在下方“隐私设置”中选择。" }
                    }
                }
                Card(title: "我的简历") {
                    EditForm(action: "/jobcentre/resume", errors: errors, csrfToken: csrfToken) {
                        for field in Resume.Field.allCases {
                            ResumeFieldInput(field: field, value: values[field.rawValue] ?? "", error: errors[field.rawValue])
                        }
                        fieldset(.class("field")) {
                            legend { "隐私设置（用人单位可见的内容）" }
                            CheckboxField("简历公开（用人单位可在人才库中看到）", name: "resume_public", checked: values["resume_public"] == "1", id: "r-resume-public")
                            CheckboxField("头像公开", name: "photo_public", checked: values["photo_public"] == "1", id: "r-photo-public")
                            CheckboxField("电话公开", name: "phone_public", checked: values["phone_public"] == "1", id: "r-phone-public")
                            CheckboxField("邮箱公开", name: "email_public", checked: values["email_public"] == "1", id: "r-email-public")
                        }
                        FormActions { Button("保存简历") }
                    }
                }
            }.render(into: &buffer)
        }
    }

    struct ResumeFieldInput: HTML {
        let field: Resume.Field
        let value: String
        let error: String?

        func render(into buffer: inout HTMLBuffer) {
            let id = "r-\(field.rawValue)"
            let hint = "占完善度 \(field.weight)%"
            switch field {
            case .gender:
                SelectField(field.label, name: field.rawValue, options: [SelectOption("男", "男"), SelectOption("女", "女")], selected: value, error: error,
                            hint: hint, id: id).render(into: &buffer)
            case _ where field.isLong:
                TextAreaField(field.label, name: field.rawValue, value: value, error: error, hint: "\(hint)，不超过 \(field.maxLength) 字", rows: 4, id: id).render(into: &buffer)
            default:
                TextField(field.label, name: field.rawValue, value: value, type: field == .email ? "email" : (field == .phone ? "tel" : "text"), error: error,
                          hint: hint, placeholder: field == .birthMonth ? "如 2003-05" : nil, inputMode: field == .phone ? "numeric" : nil,
                          maxLength: field.maxLength, id: id).render(into: &buffer)
            }
        }
    }

    package struct StudentApplication: Sendable {
        let postingID: Int64, title: String, unit: String, status: JobApplicationStatus, appliedAt: Int64, updatedAt: Int64
    }

    package struct StudentApplications: HTML {
        let context: PageContext
        let rows: [StudentApplication]

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "职位申请") {
                    DataTable(columns: [.init("职位名称"), .init("招聘单位"), .init("申请时间"), .init("处理状态"), .init("更新时间")],
                              rows: rows.map { row in
                                  [AnyHTML(a(.href("/jobs/\(row.postingID)")) { row.title }), AnyHTML(Text(row.unit)), AnyHTML(Text(ChinaTime.dateTime(row.appliedAt))),
                                   AnyHTML(StatusBadge(row.status.label, tone: JobPages.tone(row.status))), AnyHTML(Text(ChinaTime.dateTime(row.updatedAt)))]
                              }, emptyMessage: "还没有申请过职位。简历完善度达到 80% 后，在职位页面一键求职。")
                }
            }.render(into: &buffer)
        }
    }

    package struct Applicant: Sendable {
        let id: Int64, name: String, major: String, level: String, status: JobApplicationStatus, appliedAt: Int64
    }

    package struct Applicants: HTML {
        let context: PageContext
        let posting: JobStore.Row
        let rows: [Applicant]

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "应聘人员：\(posting.posting.title)") {
                    DataTable(columns: [.init("姓名"), .init("专业"), .init("学历"), .init("申请时间"), .init("处理状态")],
                              rows: rows.map { row in
                                  [AnyHTML(a(.href("/jobcentre/applicants/\(row.id)")) { row.name }), AnyHTML(Text(row.major)), AnyHTML(Text(row.level)),
                                   AnyHTML(Text(ChinaTime.dateTime(row.appliedAt))), AnyHTML(StatusBadge(row.status.label, tone: JobPages.tone(row.status)))]
                              }, emptyMessage: "还没有学生申请这个职位。")
                }
            }.render(into: &buffer)
        }
    }

    package struct ApplicantDetail: HTML {
        let context: PageContext
        let id: Int64
        let name: String
        let student: ResumeStore.Student?
        let posting: JobStore.Row
        let status: JobApplicationStatus
        let sections: [(String, String)]
        let photo: Int64?
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "职位申请") {
                    p { "申请职位：\(posting.posting.title)　处理状态："; StatusBadge(status.label, tone: JobPages.tone(status)) }
                    form(.method("post"), .action("/jobcentre/applicants/\(id)"), .class("form-inline")) {
                        CSRFField(csrfToken)
                        for next in JobApplicationStatus.allCases where JobApplicationStatus.mark(status, to: next) {
                            Button(next == .viewed ? "标为已查看" : next.label, kind: next == .interview ? .primary : .secondary, name: "status", value: next.rawValue)
                        }
                    }
                }
                ResumeCards(name: name, student: student, sections: sections, photo: photo)
            }.render(into: &buffer)
        }
    }

    /// A résumé as an employer reads it: who (photo when shown, school record), then its sections.
    struct ResumeCards: HTML {
        let name: String
        let student: ResumeStore.Student?
        let sections: [(String, String)]
        let photo: Int64?

        func render(into buffer: inout HTMLBuffer) {
            Card(title: name) {
                if let photo { img(.src("/uploads/\(photo)"), .init("alt", "\(name)的头像"), .class("resume-photo-img")) }
                if let student {
                    DescriptionList([("学校", student.school), ("院系", student.college), ("专业", student.major), ("学历", student.level), ("届别", "\(student.cohort) 届")])
                }
            }.render(into: &buffer)
            Card(title: "简历") {
                for (label, value) in sections {
                    div(.class("resume-section")) {
                        h3 { label }
                        for line in value.split(whereSeparator: \.isNewline) { p { String(line) } }
                    }
                }
            }.render(into: &buffer)
        }
    }
}
