import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 导出和打印《大学生生活补贴申请表》 (seed 002 补贴申报管理 6)): one A4 page with the platform's
/// serial and verification QR code, issued once per version of the content (a GET never writes;
/// 生成 is a POST), and the same page as a PDF (导出).
extension ApplicationController {
    static let documentKind = "living-subsidy-form"
    static let documentTitle = "大学生生活补贴申请表"
    static let documentTemplate = 1

    func owned(_ req: Request) async throws -> (CurrentUser, SubsidyStore.Person, CaseRow) {
        let (user, person) = try await PersonController.applicant(req)
        guard let id = RequestNumber.id(req.parameters.get("id")), let row = try await CaseEngine.load(Self.type, id: id, on: req.db), row.applicant_id == user.id,
              row.status_key != "draft" else { throw Abort(.notFound) }
        return (user, person, row)
    }

    static func printed(_ person: SubsidyStore.Person, row: CaseRow) -> [(String, String)] {
        let data = row.data
        return [("姓名", person.name), ("毕业院校", person.school), ("专业", person.major), ("学历", person.education.label), ("学位", person.degree ?? "—")]
            + F.allCases.filter { $0 != .education }.map { ($0.label, data[$0.rawValue] ?? "—") }
    }

    func content(_ req: Request, person: SubsidyStore.Person, row: CaseRow) -> ([(String, String)], String) {
        let lines = Self.printed(person, row: row)
        return (lines, Documents.contentHash(kind: Self.documentKind, template: Self.documentTemplate, title: Self.documentTitle, fields: lines, keys: req.keys))
    }

    func issuedPage(_ req: Request, person: SubsidyStore.Person, row: CaseRow) async throws -> SubsidyPages.ApplicationSheet? {
        let (lines, hash) = content(req, person: person, row: row)
        guard let current = try await Documents.current(kind: Self.documentKind, subjectKey: "\(Self.type.key):\(row.id)", keys: req.keys, on: req.db),
              let token = current.token, current.contentHash == hash else { return nil }
        return SubsidyPages.ApplicationSheet(title: Self.documentTitle, lines: lines, serial: current.serial,
                                             verification: .init(serial: current.serial, url: Documents.verificationURL(req, token: token)),
                                             date: ChinaTime.date(current.createdAt), backHref: "/subsidy/applications/\(row.id)", pdfHref: "/subsidy/applications/\(row.id)/print.pdf")
    }

    @Sendable
    func printPage(req: Request) async throws -> Response {
        let (user, person, row) = try await owned(req)
        if let page = try await issuedPage(req, person: person, row: row) { return req.render(page) }
        let (lines, _) = content(req, person: person, row: row)
        return req.render(SubsidyPages.IssueSheet(context: req.pageContext("打印申请表", breadcrumb: [Crumb("补贴申报管理", href: "/subsidy/applications"), Crumb("打印申请表")],
                                                                           current: "/subsidy/applications"),
                                                  lines: lines, action: "/subsidy/applications/\(row.id)/print", csrfToken: user.csrfToken))
    }

    @Sendable
    func issue(req: Request) async throws -> Response {
        let (user, person, row) = try await owned(req)
        let (_, hash) = content(req, person: person, row: row)
        if try await Documents.current(kind: Self.documentKind, subjectKey: "\(Self.type.key):\(row.id)", keys: req.keys, on: req.db)?.contentHash != hash {
            let data = row.data
            _ = try await Documents.issue(kind: Self.documentKind, title: Self.documentTitle, subjectID: user.id, subjectKey: "\(Self.type.key):\(row.id)",
                                          summary: [("姓名", Masking.name(person.name)), ("补贴期间", "\(data[F.start.rawValue] ?? "") 至 \(data[F.end.rawValue] ?? "")"),
                                                    ("申请应发金额（元）", data[F.amount.rawValue] ?? "")],
                                          contentHash: hash, by: user, ip: req.clientAddress, now: req.now, keys: req.keys, on: req.db)
        }
        return req.seeOther("/subsidy/applications/\(row.id)/print")
    }

    @Sendable
    func printPDF(req: Request) async throws -> Response {
        let (_, person, row) = try await owned(req)
        guard let page = try await issuedPage(req, person: person, row: row) else { return req.seeOther("/subsidy/applications/\(row.id)/print") }
        var buffer = HTMLBuffer(capacity: 32 * 1024)
        page.render(into: &buffer)
        let pdf: Data
        do {
            pdf = try await PDFRenderer.render(html: String(decoding: buffer.bytes, as: UTF8.self), app: req.application)
        } catch {
            req.logger.error("PDF rendering failed: \(String(describing: error))")
            return req.seeOther("/subsidy/applications/\(row.id)/print", flash: Flash(.error, "暂时无法生成 PDF，请使用页面上的“打印”按钮，在打印对话框中选择“另存为 PDF”。"))
        }
        let headers = Download.headers(contentType: "application/pdf", filename: "大学生生活补贴申请表-\(page.serial).pdf", fallback: "subsidy-\(page.serial).pdf")
        return Response(status: .ok, headers: headers, body: .init(data: pdf))
    }
}
