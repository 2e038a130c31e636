import Fluent
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// Generated documents for the signed-in graduate (the first is 基层就业承诺书, seed 000's first
/// wizard step), on A4 with serial and verification QR code, as a page to print and as a PDF;
/// and the public verification page the QR code opens.
///
/// GETs never write: the page shows the current version when its content is today's content;
/// otherwise (never issued, the school corrected a field since, or a version whose QR code cannot
/// be shown again) it shows the content and a 签发 button, an explicit POST.
package struct DocumentsController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("documents", "commitment", use: commitment)
        routes.post("documents", "commitment", "issue", use: issueCommitment)
        routes.get("documents", "commitment.pdf", use: commitmentPDF)
        routes.get("verify", ":token", use: verify)
    }

    package static let commitmentKind = "grassroots-commitment"
    package static let commitmentTitle = "基层就业承诺书"
    /// Bump when the printed wording of the commitment changes: every graduate then issues a new version.
    package static let commitmentTemplate = 1

    package struct Graduate: Sendable {
        package let id: Int64
        package let name: String
        package let studentNo: String
        package let idNumber: String
        package let school: String
        package let college: String
        package let major: String
        package let cohort: Int
        package let level: String

        package var subjectKey: String { "user:\(id)" }

        /// What the commitment prints about the graduate, in order; the content hash covers exactly these.
        package var commitmentFields: [(String, String)] {
            [("姓名", name), ("学号", studentNo), ("证件号码", idNumber.isEmpty ? "—" : idNumber), ("学历", level),
             ("学校", school), ("院系", college), ("专业", major), ("届别", "\(cohort)届")]
        }

        /// What the verification page shows: personal data masked.
        package var commitmentSummary: [(String, String)] {
            [("姓名", Masking.name(name)), ("证件号码", idNumber.isEmpty ? "—" : Masking.idNumber(idNumber)),
             ("学校", school), ("届别", "\(cohort)届")]
        }

        package func commitmentHash(keys: KeyService) -> String {
            Documents.contentHash(kind: DocumentsController.commitmentKind, template: DocumentsController.commitmentTemplate,
                                  title: DocumentsController.commitmentTitle, fields: commitmentFields, keys: keys)
        }
    }

    package func graduate(_ req: Request) async throws -> Graduate {
        let user = try req.requireRole(.student)
        guard let row = try await req.db.sql.raw("""
            SELECT u.display_name, u.student_no, u.id_number_cipher, s.name AS school, c.name AS college, m.name AS major, st.cohort, st.level
            FROM students st JOIN users u ON u.id = st.user_id JOIN schools s ON s.id = st.school_id JOIN colleges c ON c.id = st.college_id
            JOIN majors m ON m.id = st.major_id WHERE st.user_id = \(bind: user.id)
            """).first() else { throw Abort(.notFound) }
        return Graduate(id: user.id, name: try row.decode(column: "display_name", as: String.self),
                        studentNo: try row.decode(column: "student_no", as: String?.self) ?? "—",
                        idNumber: try row.decode(column: "id_number_cipher", as: String?.self).map { try req.keys.decrypt($0) } ?? "",
                        school: try row.decode(column: "school", as: String.self), college: try row.decode(column: "college", as: String.self),
                        major: try row.decode(column: "major", as: String.self), cohort: try row.decode(column: "cohort", as: Int.self),
                        level: try row.decode(column: "level", as: String.self))
    }

    /// What the commitment page shows now, without writing anything.
    package enum CommitmentState {
        /// The current version, with today's content and a QR code to show.
        case issued(CommitmentDocument)
        /// Nothing shown yet: the content to check and why a 签发 is needed.
        case needsIssue(CommitmentIssuePage.Model)
    }

    package func commitmentState(_ req: Request) async throws -> CommitmentState {
        let graduate = try await graduate(req)
        let hash = graduate.commitmentHash(keys: req.keys)
        let current = try await Documents.current(kind: Self.commitmentKind, subjectKey: graduate.subjectKey, keys: req.keys, on: req.db)
        if let current, let token = current.token, current.contentHash == hash {
            return .issued(CommitmentDocument(graduate: graduate, serial: current.serial, verifyURL: Documents.verificationURL(req, token: token),
                                              date: ChinaTime.date(current.createdAt)))
        }
        let reason: CommitmentIssuePage.Reason
        if let current {
            reason = current.contentHash == hash || current.contentHash == nil && current.token == nil
                ? .notShowable(serial: current.serial, date: ChinaTime.date(current.createdAt))
                : .contentChanged(serial: current.serial, date: ChinaTime.date(current.createdAt))
        } else {
            reason = .neverIssued
        }
        return .needsIssue(.init(reason: reason, fields: graduate.commitmentFields, contentHash: hash, csrfToken: req.currentUser?.csrfToken ?? ""))
    }

    @Sendable
    package func commitment(req: Request) async throws -> Response {
        switch try await commitmentState(req) {
        case .issued(let document): return req.render(document)
        case .needsIssue(let model):
            return req.render(CommitmentIssuePage(context: req.pageContext(Self.commitmentTitle), model: model))
        }
    }

    /// 签发 / 签发新版本: the explicit write. The form carries the content hash the graduate
    /// checked; if the record changed meanwhile, nothing is issued and the page shows the new content.
    @Sendable
    package func issueCommitment(req: Request) async throws -> Response {
        let graduate = try await graduate(req)
        let hash = graduate.commitmentHash(keys: req.keys)
        let seen = (try? req.content.get(String.self, at: "content")) ?? ""
        guard seen.utf8.count <= 128, seen == hash else {
            return req.seeOther("/documents/commitment", flash: Flash(.error, "您的信息刚刚有变化，请核对下面的内容后再签发。"))
        }
        _ = try await Documents.issue(kind: Self.commitmentKind, title: Self.commitmentTitle, subjectID: graduate.id, subjectKey: graduate.subjectKey,
                                      summary: graduate.commitmentSummary, contentHash: hash, by: req.currentUser, ip: req.clientAddress,
                                      now: req.now, keys: req.keys, on: req.db)
        return req.seeOther("/documents/commitment")
    }

    /// The PDF of the current version; reads only (without a current version, back to the page and its 签发 button).
    @Sendable
    package func commitmentPDF(req: Request) async throws -> Response {
        guard case .issued(let page) = try await commitmentState(req) else {
            return req.seeOther("/documents/commitment")
        }
        var buffer = HTMLBuffer(capacity: 32 * 1024)
        page.render(into: &buffer)
        let pdf: Data
        do {
            pdf = try await PDFRenderer.render(html: String(decoding: buffer.bytes, as: UTF8.self), app: req.application)
        } catch {
            req.logger.error("PDF rendering failed: \(String(describing: error))")
            return req.seeOther("/documents/commitment", flash: Flash(.error, "暂时无法生成 PDF，请使用页面上的“打印”按钮，在打印对话框中选择“另存为 PDF”。"))
        }
        let headers = Download.headers(contentType: "application/pdf", filename: "基层就业承诺书-\(page.serial).pdf", fallback: "commitment-\(page.serial).pdf")
        return Response(status: .ok, headers: headers, body: .init(data: pdf))
    }

    /// Anyone holding the printed page can check it; the page names no one in full.
    @Sendable
    package func verify(req: Request) async throws -> Response {
        guard let token = req.parameters.get("token"), let document = try await Documents.verify(token: token, on: req.db) else {
            return req.render(DocumentVerifyPage(context: req.pageContext("文档核验"), document: nil), status: .notFound)
        }
        return req.render(DocumentVerifyPage(context: req.pageContext("文档核验"), document: document))
    }
}

/// 基层就业承诺书 on one A4 page.
package struct CommitmentDocument: HTML {
    package let graduate: DocumentsController.Graduate
    package let serial: String
    package let verifyURL: String
    /// The version's issue date (the same on every print of it).
    package let date: String

    package func render(into buffer: inout HTMLBuffer) {
        PrintDocument(title: DocumentsController.commitmentTitle, subtitle: "中央高校毕业生基层就业学费补偿国家助学贷款代偿", backHref: "/", pdfHref: "/documents/commitment.pdf",
                      verification: .init(serial: serial, url: verifyURL), footer: "本承诺书由九业就业服务平台生成，编号 \(serial)，扫描右上角二维码可核验真伪。") {
            dl {
                ForEach(graduate.commitmentFields) { field in
                    dt { field.0 }; dd { field.1 }
                }
            }
            CommitmentText()
            SignatureLines(["承诺人"])
            p(.class("no-indent muted")) { "签发日期：\(date)" }
        }.render(into: &buffer)
    }
}

/// The commitment's wording (change it only with `DocumentsController.commitmentTemplate`).
package struct CommitmentText: HTML {
    package func render(into buffer: inout HTMLBuffer) {
        p { "本人自愿申请中央高校毕业生基层就业学费补偿国家助学贷款代偿，并郑重承诺：" }.render(into: &buffer)
        p { "一、本人所填报的就业单位、服务岗位、服务年限等信息及上传的就业协议、劳动合同、工资流水等证明材料真实、准确、完整，不存在伪造、变造或隐瞒情况。" }.render(into: &buffer)
        p { "二、本人在基层单位服务期限不少于3年，服务期间如工作单位、岗位或联系方式发生变化，将在规定时间内通过平台如实报告。" }.render(into: &buffer)
        p { "三、本人知晓学费补偿国家助学贷款代偿资金分年度发放，将按要求完成在职在岗确认；未按要求确认或不再符合条件的，同意停止发放。" }.render(into: &buffer)
        p { "四、如有虚假承诺或违反上述事项，本人自愿退还已获得的补偿代偿资金，并承担由此产生的一切后果。" }.render(into: &buffer)
    }
}

/// The commitment before it can be shown: the content to check and one 签发 button.
package struct CommitmentIssuePage: HTML {
    package enum Reason: Equatable {
        case neverIssued
        /// The school changed a printed field since `serial` was issued.
        case contentChanged(serial: String, date: String)
        /// `serial` was issued before QR codes could be shown again.
        case notShowable(serial: String, date: String)
    }

    package struct Model {
        package let reason: Reason
        package let fields: [(String, String)]
        package let contentHash: String
        package let csrfToken: String
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        Layout(context) {
            Card(title: DocumentsController.commitmentTitle) {
                switch model.reason {
                case .neverIssued:
                    p { "承诺书尚未签发。请核对下面的信息，确认无误后点击“签发承诺书”。签发后生成唯一编号和核验二维码，之后每次打开或打印都是同一份。" }
                case .contentChanged(let serial, let date):
                    div(.class("alert alert-warning"), .role("status")) {
                        "您于 \(date) 签发的承诺书（编号 \(serial)）上的信息已被学校更正，与下面的当前信息不一致。"
                    }
                    p { "请核对当前信息后签发新版本。新版本使用新的编号；原编号的核验页将显示“已被新版本替代”，请改交新版本的打印件。" }
                case .notShowable(let serial, let date):
                    div(.class("alert alert-warning"), .role("status")) {
                        "您于 \(date) 签发的承诺书（编号 \(serial)）由平台早期版本生成，其二维码无法再次显示。"
                    }
                    p { "如需再次打印，请签发新版本。新版本使用新的编号；原编号的核验页将显示“已被新版本替代”。" }
                }
                DescriptionList(model.fields)
                p(.class("muted")) { "信息有误时请先联系学校更正，不要签发。" }
                form(.method("post"), .action("/documents/commitment/issue")) {
                    CSRFField(model.csrfToken)
                    input(.type("hidden"), .name("content"), .value(model.contentHash))
                    FormActions {
                        Button(model.reason == .neverIssued ? "签发承诺书" : "签发新版本")
                        LinkButton("返回首页", href: "/")
                    }
                }
            }
        }.render(into: &buffer)
    }
}

/// 文档核验: the document's title, serial, date and masked summary; that a newer version replaced
/// it (and when); or that the link is not valid.
package struct DocumentVerifyPage: HTML {
    package let context: PageContext
    package let document: Documents.Verified?

    package func render(into buffer: inout HTMLBuffer) {
        PlainLayout(context) {
            Card(title: "文档核验") {
                if let document {
                    if document.revoked {
                        div(.class("alert alert-error"), .role("status")) { "该文档已作废。" }
                    } else if let replaced = document.supersededAt {
                        div(.class("alert alert-warning"), .role("status")) {
                            "该文档已被新版本替代（替代日期：\(ChinaTime.date(replaced))）。文档由九业就业服务平台生成，但已不是最新版本，请以新版本为准。"
                        }
                    } else {
                        div(.class("alert alert-success"), .role("status")) { "该文档由九业就业服务平台生成，是最新版本，信息如下。" }
                    }
                    DescriptionList([("文档", document.title), ("编号", document.serial), ("签发时间", ChinaTime.dateTime(document.createdAt))]
                        + (document.supersededAt.map { [("状态", "已被新版本替代"), ("替代日期", ChinaTime.date($0))] } ?? [])
                        + (document.supersededBy.map { [("新版本编号", $0)] } ?? [])
                        + document.summary)
                    p(.class("muted")) { "为保护个人信息，姓名和证件号码只显示部分。请与纸质文档上的信息核对。" }
                } else {
                    div(.class("alert alert-error"), .role("status")) { "核验链接无效：平台上没有这份文档。请核对二维码是否完整、清晰。" }
                }
            }
        }.render(into: &buffer)
    }
}
