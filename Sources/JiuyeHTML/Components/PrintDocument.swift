import JiuyeDomain

/// A generated document on A4 (承诺书, application forms, agreements, a batch's 汇总表): a page
/// of its own, without the site's menus, that prints on A4 with `/css/print.css`. On screen a
/// toolbar (not printed) offers 打印 and a way back, and, where the caller gives one, a PDF download.
///
/// A document may carry the platform's serial number and a verification QR code whose link
/// opens the document's verification page (reached by an unguessable token, never by the serial).
public struct PrintDocument<Content: HTML>: HTML {
    public struct Verification: Sendable {
        public let serial: String
        public let url: String
        public init(serial: String, url: String) {
            self.serial = serial
            self.url = url
        }
    }

    let title: String
    let subtitle: String?
    let backHref: String?
    let pdfHref: String?
    let verification: Verification?
    let footerText: String?
    let content: Content

    public init(title: String, subtitle: String? = nil, backHref: String? = nil, pdfHref: String? = nil, verification: Verification? = nil,
                footer: String? = nil, @HTMLBuilder content: () -> Content) {
        self.title = title
        self.subtitle = subtitle
        self.backHref = backHref
        self.pdfHref = pdfHref
        self.verification = verification
        self.footerText = footer
        self.content = content()
    }

    public func render(into buffer: inout HTMLBuffer) {
        Unescaped("<!DOCTYPE html><html lang=\"zh-CN\">").render(into: &buffer)
        head {
            meta(.charset("utf-8"))
            meta(.name("viewport"), .content("width=device-width, initial-scale=1"))
            meta(.name("format-detection"), .content("telephone=no"))
            titleElement { title }
            link(.rel("stylesheet"), .href("/css/print.css"))
            script(.src("/js/app.js"), .init("defer", nil))
        }.render(into: &buffer)
        body(.class("print-body")) {
            nav(.class("print-toolbar"), .ariaLabel("文档操作")) {
                if let backHref { a(.class("print-button secondary"), .href(backHref)) { "返回" } }
                button(.class("print-button"), .type("button"), .data("data-print", "1")) { "打印" }
                if let pdfHref { a(.class("print-button secondary"), .href(pdfHref)) { "下载 PDF" } }
            }
            article(.class("print-sheet")) {
                header(.class("doc-header")) {
                    div(.class("doc-heading")) {
                        h1(.class("doc-title")) { title }
                        if let subtitle { p(.class("doc-subtitle")) { subtitle } }
                    }
                    if let verification {
                        div(.class("doc-verify")) {
                            if let code = try? QRCode(encoding: verification.url) {
                                QRCodeSVG(code, moduleSize: 2, title: "扫码核验：" + verification.serial)
                            }
                            p(.class("doc-serial")) { "编号 " + verification.serial }
                        }
                    }
                }
                div(.class("doc-body")) { content }
                if let footerText { footer(.class("doc-footer")) { footerText } }
            }
        }.render(into: &buffer)
        Unescaped("</html>").render(into: &buffer)
    }
}

/// The signature block at the foot of a form: one line per signer, with a date.
public struct SignatureLines: HTML {
    let roles: [String]

    public init(_ roles: [String]) { self.roles = roles }

    public func render(into buffer: inout HTMLBuffer) {
        div(.class("doc-signatures")) {
            ForEach(roles) { role in
                div(.class("doc-signature")) {
                    span { role + "（签字）：" }
                    span(.class("doc-blank")) { "" }
                    span { "日期：" }
                    span(.class("doc-blank short")) { "" }
                }
            }
        }.render(into: &buffer)
    }
}
