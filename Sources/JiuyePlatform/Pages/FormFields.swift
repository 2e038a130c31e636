import Foundation
import Vapor

/// The fields of a url-encoded form, keeping repeated keys (checkbox groups) in order.
/// `name[]` and `name` are the same field.
package struct FormFields: Sendable {
    private var pairs: [(String, String)] = []

    package init(_ req: Request) {
        guard var body = req.body.data, let text = body.readString(length: body.readableBytes) else { return }
        for part in text.split(separator: "&") {
            let kv = part.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            var key = kv[0]
            if key.hasSuffix("[]") { key.removeLast(2) }
            pairs.append((key, kv.count > 1 ? kv[1] : ""))
        }
    }

    package func value(_ name: String) -> String {
        (pairs.first { $0.0 == name }?.1 ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The trimmed values of `keys` (a missing field is ""), as a form is redrawn after a refusal.
    package func values(of keys: [String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: keys.map { ($0, value($0)) })
    }

    /// Whether the request sent the field at all (a hidden field is not sent; an empty one is).
    package func has(_ name: String) -> Bool { pairs.contains { $0.0 == name } }

    package func values(_ name: String) -> [String] {
        pairs.filter { $0.0 == name }.map { $0.1.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}
