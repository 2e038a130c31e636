import Foundation
import JiuyeHTML
import Vapor

package enum CookieName {
    package static let session = "jiuye_session"
    package static let remember = "jiuye_remember"
    package static let anonymous = "jiuye_anon"
    package static let flash = "jiuye_flash"
    /// Password checked, second factor pending (SignedToken, 5 minutes).
    package static let secondFactor = "jiuye_2fa"
    /// Account proven for 更换手机号 (SignedToken, 10 minutes).
    package static let phoneChange = "jiuye_phone_change"
    /// Set at login: the next home page pops up unread messages.
    package static let popup = "jiuye_popup"
}

extension Request {
    /// A cookie with the platform's attributes: HttpOnly, SameSite=Lax, Secure on https.
    package func cookie(_ value: String, maxAge: Int? = nil) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, expires: nil, maxAge: maxAge, domain: nil, path: "/",
                          isSecure: application.settings.isHTTPS, isHTTPOnly: true, sameSite: .lax)
    }

    package func expiredCookie() -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, domain: nil, path: "/",
                          isSecure: application.settings.isHTTPS, isHTTPOnly: true, sameSite: .lax)
    }
}

/// One-shot messages carried across a redirect in a signed cookie (no session row needed).
package enum FlashCookie {
    package static func encode(_ flash: Flash, keys: KeyService) -> String {
        let payload = Data("\(flash.kind.rawValue)|\(flash.message)".utf8).base64URLEncoded
        return "\(payload).\(keys.sign("flash|" + payload))"
    }

    package static func decode(_ value: String, keys: KeyService) -> Flash? {
        let parts = value.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, keys.verify(signature: parts[1], for: "flash|" + parts[0]),
              let data = Data(base64URLEncoded: parts[0]) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let bar = text.firstIndex(of: "|"), let kind = Flash.Kind(rawValue: String(text[..<bar])) else { return nil }
        return Flash(kind, String(text[text.index(after: bar)...]))
    }
}

extension Request {
    /// A redirect (303, so a POST becomes a GET) carrying an optional flash message.
    package func seeOther(_ path: String, flash: Flash? = nil) -> Response {
        let response = Response(status: .seeOther)
        response.headers.replaceOrAdd(name: .location, value: path)
        if let flash {
            response.cookies[CookieName.flash] = cookie(FlashCookie.encode(flash, keys: keys), maxAge: 120)
        }
        return response
    }
}
