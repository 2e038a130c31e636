import Fluent
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// Generated documents for the signed-in graduate (the first is 基层就业承诺书, seed 000's first
/// wizard step), on A4 with serial and verification QR code, as a page to print and as a PDF;
/// and the public verification page the QR code opens.
struct DocumentsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("documents", "commitment", use: commitment)
        routes.get("documents", "commitment.pdf", use: commitmentPDF)
        routes.get("verify", ":token", use: verify)
    }

    static let commitmentKind = "grassroots-commitment"

    struct Graduate: Sendable {
        let id: Int64
        let name: String
        let studentNo: String
        let idNumber: String
        let school: String
        let college: String
        let major: String
        let cohort: Int
        let level: String
    }

    func graduate(_ req: Request) async throws -> Graduate {
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

    func commitmentPage(_ req: Request) async throws -> CommitmentDocument {
        let graduate = try await graduate(req)
        let summary = [("姓名", Masking.name(graduate.name)), ("证件号码", graduate.idNumber.isEmpty ? "—" : Masking.idNumber(graduate.idNumber)),
                       ("学校", graduate.school), ("届别", "\(graduate.cohort)届")]
        let issued = try await Documents.issue(kind: Self.commitmentKind, title: "基层就业承诺书", subjectID: graduate.id, subjectKey: "user:\(graduate.id)",
                                               summary: summary, by: req.currentUser, now: req.now, keys: req.keys, on: req.db)
        return CommitmentDocument(graduate: graduate, serial: issued.serial, verifyURL: Documents.verificationURL(req, token: issued.token),
                                  date: ChinaTime.date(req.now))
    }

    @Sendable
    func commitment(req: Request) async throws -> Response {
        req.render(try await commitmentPage(req))
    }

    @Sendable
    func commitmentPDF(req: Request) async throws -> Response {
        let page = try await commitmentPage(req)
        var buffer = HTMLBuffer(capacity: 32 * 1024)
        page.render(into: &buffer)
        let pdf: Data
        do {
            pdf = try await PDFRenderer.render(html: String(decoding: buffer.bytes, as: UTF8.self), app: req.application)
        } catch {
            req.logger.error("PDF rendering failed: \(String(describing: error))")
            return req.seeOther("/documents/commitment", flash: Flash(.error, "暂时无法生成 PDF，请使用页面上的“打印”按钮，在打印对话框中选择“另存为 PDF”。"))
        }
        try await req.db.writeTransaction { db in
            try await req.audit("document.pdf", target: "document", id: page.serial, on: db)
        }
        let headers = Download.headers(contentType: "application/pdf", filename: "基层就业承诺书-\(page.serial).pdf", fallback: "commitment-\(page.serial).pdf")
        return Response(status: .ok, headers: headers, body: .init(data: pdf))
    }

    /// Anyone holding the printed page can check it; the page names no one in full.
    @Sendable
    func verify(req: Request) async throws -> Response {
        guard let token = req.parameters.get("token"), let document = try await Documents.verify(token: token, on: req.db) else {
            return req.render(DocumentVerifyPage(context: req.pageContext("文档核验"), document: nil), status: .notFound)
        }
        return req.render(DocumentVerifyPage(context: req.pageContext("文档核验"), document: document))
    }
}

/// 基层就业承诺书 on one A4 page.
struct CommitmentDocument: HTML {
    let graduate: DocumentsController.Graduate
    let serial: String
    let verifyURL: String
    let date: String

    func render(into buffer: inout HTMLBuffer) {
        PrintDocument(title: "基层就业承诺书", subtitle: "中央高校毕业生基层就业学费补偿国家助学贷款代偿", backHref: "/", pdfHref: "/documents/commitment.pdf",
                      verification: .init(serial: serial, url: verifyURL), footer: "本承诺书由九业就业服务平台生成，编号 \(serial)，扫描右上角二维码可核验真伪。") {
            dl {
                dt { "姓名" }; dd { graduate.name }
                dt { "学号" }; dd { graduate.studentNo }
                dt { "证件号码" }; dd { graduate.idNumber.isEmpty ? "—" : graduate.idNumber }
                dt { "学历" }; dd { graduate.level }
                dt { "学校" }; dd { graduate.school }
                dt { "院系" }; dd { graduate.college }
                dt { "专业" }; dd { graduate.major }
                dt { "届别" }; dd { "\(graduate.cohort)届" }
            }
            p { "本人自愿申请中央高校毕业生基层就业学费补偿国家助学贷款代偿，并郑重承诺：" }
            p { "一、本人所填报的就业单位、服务岗位、服务年限等信息及上传的就业协议、劳动合同、工资流水等证明材料真实、准确、完整，不存在伪造、变造或隐瞒情况。" }
            p { "二、本人在基层单位服务期限不少于3年，服务期间如工作单位、岗位或联系方式发生变化，将在规定时间内通过平台如实报告。" }
            p { "三、本人知晓学费补偿国家助学贷款代偿资金分年度发放，将按要求完成在职在岗确认；未按要求确认或不再符合条件的，同意停止发放。" }
            p { "四、如有虚假承诺或违反上述事项，本人自愿退还已获得的补偿代偿资金，并承担由此产生的一切后果。" }
            SignatureLines(["承诺人"])
            p(.class("no-indent muted")) { "生成日期：\(date)" }
        }.render(into: &buffer)
    }
}

/// 文档核验: the document's title, serial, date and masked summary; or that the link is not valid.
struct DocumentVerifyPage: HTML {
    let context: PageContext
    let document: Documents.Verified?

    func render(into buffer: inout HTMLBuffer) {
        PlainLayout(context) {
            Card(title: "文档核验") {
                if let document {
                    div(.class(document.revoked ? "alert alert-error" : "alert alert-success"), .role("status")) {
                        document.revoked ? "该文档已作废。" : "该文档由九业就业服务平台生成，信息如下。"
                    }
                    DescriptionList([("文档", document.title), ("编号", document.serial), ("生成时间", ChinaTime.dateTime(document.createdAt))] + document.summary)
                    p(.class("muted")) { "为保护个人信息，姓名和证件号码只显示部分。请与纸质文档上的信息核对。" }
                } else {
                    div(.class("alert alert-error"), .role("status")) { "核验链接无效：文档不存在，或已重新打印（以最新打印件上的二维码为准）。" }
                }
            }
        }.render(into: &buffer)
    }
}
