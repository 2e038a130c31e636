import Foundation

/// 用户名 of a staff account: starts with a letter, 3–32 characters of lower-case letters,
/// digits and `_ . -`. Upper case is folded, so `Wang.FDY` and `wang.fdy` are one name.
public struct Username: Hashable, Sendable {
    public let value: String

    public init(validating raw: String) throws(ValidationError) {
        let text = raw.trimmingCharacters(in: .whitespaces).lowercased()
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_.-")
        guard (3...32).contains(text.count), let first = text.first, first.isLetter, first.isASCII,
              text.allSatisfy({ allowed.contains($0) }) else {
            throw ValidationError(field: "username", message: "用户名须以字母开头，3–32 位，只能包含小写字母、数字和 _ . -。")
        }
        value = text
    }
}
