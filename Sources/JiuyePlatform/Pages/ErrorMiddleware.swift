import JiuyeHTML
import Vapor

/// Turns errors into Chinese pages (or JSON for API clients). 401 on a page → the login page.
package struct PageErrorMiddleware: AsyncMiddleware {
    package func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: req)
        } catch {
            let status: HTTPResponseStatus
            var message: String
            if let abort = error as? any AbortError {
                status = abort.status
                message = abort.reason
            } else {
                status = .internalServerError
                message = ""
                req.logger.report(error: error)
            }
            if status == .unauthorized, req.method == .GET {
                let expired = req.storage[SessionExpiredKey.self] == true
                let next = req.url.path == "/" ? "" : "?next=" + (req.url.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "/-_"))) ?? "")
                return req.seeOther("/login" + next, flash: expired ? Flash(.warning, "登录已超时，请重新登录。") : nil)
            }
            if message.isEmpty || message == status.reasonPhrase || !message.unicodeScalars.contains(where: { $0.value > 0x2E80 }) {
                message = Self.defaultMessage(for: status)
            }
            if req.headers.accept.mediaTypes.contains(.json) && !req.headers.accept.mediaTypes.contains(.html) {
                let response = Response(status: status)
                try response.content.encode(["error": message])
                return response
            }
            let page = ErrorPage(context: req.pageContext(Self.title(for: status)), status: status, message: message)
            return req.render(page, status: status)
        }
    }

    package static func title(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 403: "无法完成请求"
        case 404: "页面不存在"
        case 413: "内容过大"
        case 429: "请求过于频繁"
        case 400..<500: "请求有误"
        default: "系统繁忙"
        }
    }

    package static func defaultMessage(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 401: "请先登录。"
        case 403: "请求被拒绝，请刷新页面后重试。"
        case 404: "您访问的页面不存在，或您没有权限查看。"
        case 413: "提交的内容过大，请缩小后重试。"
        case 429: "操作过于频繁，请稍后再试。"
        case 400..<500: "请求有误，请检查后重试。"
        default: "系统暂时无法处理您的请求，请稍后再试。如多次出现，请联系管理员。"
        }
    }
}

package struct ErrorPage: HTML {
    package let context: PageContext
    package let status: HTTPResponseStatus
    package let message: String

    package func render(into buffer: inout HTMLBuffer) {
        let body = Card(title: context.title) {
            p(.class("error-message")) { message }
            FormActions {
                LinkButton("返回首页", href: "/", kind: .primary)
            }
        }
        if context.user == nil {
            PlainLayout(context) { body }.render(into: &buffer)
        } else {
            Layout(context) { body }.render(into: &buffer)
        }
    }
}
