import Foundation

/// 银行卡信息 of an aid applicant (seed 000 §5, review D15): editable at any time; the money is
/// paid to it. 16–19 digits and the 开户银行 are required; the Luhn check digit is only a warning,
/// since not every Chinese debit card carries one.
public enum BankCard {
    public struct Checked: Sendable, Equatable {
        public var number: String
        public var bank: String
        /// The number fails the Luhn check: shown to the student as a warning, never refused.
        public var luhnWarning: Bool
    }

    public enum Problem: Sendable, Equatable {
        case bankMissing, bankTooLong, numberMissing, notDigits, length

        public var message: String {
            switch self {
            case .bankMissing: "请填写开户银行（如：中国建设银行重庆沙坪坝支行）。"
            case .bankTooLong: "开户银行不能超过 40 个字。"
            case .numberMissing: "请填写银行卡号。"
            case .notDigits: "银行卡号只能是数字。"
            case .length: "银行卡号应为 16 到 19 位数字。"
            }
        }
    }

    public static func check(number: String, bank: String) -> Result<Checked, BankCardProblems> {
        var problems: [Problem] = []
        let bank = bank.trimmingCharacters(in: .whitespaces)
        let compact = String(number.unicodeScalars.filter { $0 != " " && $0 != "-" }.map(Character.init))
        if bank.isEmpty { problems.append(.bankMissing) } else if bank.count > 40 { problems.append(.bankTooLong) }
        if compact.isEmpty {
            problems.append(.numberMissing)
        } else if !compact.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            problems.append(.notDigits)
        } else if compact.utf8.count < 16 || compact.utf8.count > 19 {
            problems.append(.length)
        }
        if !problems.isEmpty { return .failure(BankCardProblems(problems: problems)) }
        return .success(Checked(number: compact, bank: bank, luhnWarning: !passesLuhn(compact)))
    }

    public static func passesLuhn(_ digits: String) -> Bool {
        var sum = 0
        for (index, byte) in digits.utf8.reversed().enumerated() {
            var digit = Int(byte) - 48
            if index % 2 == 1 { digit *= 2; if digit > 9 { digit -= 9 } }
            sum += digit
        }
        return sum % 10 == 0
    }

    /// Shown everywhere but the owner's own edit field: 6222 **** **** 1234.
    public static func masked(_ number: String) -> String {
        guard number.count > 8 else { return String(repeating: "*", count: number.count) }
        return "\(number.prefix(4)) **** **** \(number.suffix(4))"
    }

    public static let luhnWarning = "卡号未通过校验位检查，请再核对一遍；如确认无误可以保存。"
}

public struct BankCardProblems: Error, Sendable, Equatable {
    public var problems: [BankCard.Problem]
    public var bank: BankCard.Problem? { problems.first { [.bankMissing, .bankTooLong].contains($0) } }
    public var number: BankCard.Problem? { problems.first { ![.bankMissing, .bankTooLong].contains($0) } }
}
