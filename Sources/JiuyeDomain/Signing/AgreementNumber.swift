/// 就业协议书编号 issued by the platform (seed 003 §3.4: "网上签约系统为签约的毕业生自动生成唯一的就业协议书，
/// 就业协议书编号与毕业生学号一一对应，毕业生不得私自更改、伪造"). Distinct from `AgreementNumber`, which
/// reads the printed number of any province's paper form.
///
/// Assumption (the manual gives no format): 院校代码 (5 digits) + 毕业年度 (4 digits) + 学号
/// (upper-case, as the 生源 record holds it) + the student's agreement sequence (2 digits: 01 for
/// the first agreement, 02 after a 解约) + 2 check digits, with no separators: 10611 + 2025 +
/// 20211234 + 01 + 33 = "106112025202112340133". The check digits follow ISO 7064 MOD 97-10 over
/// the characters' values in base 38 (0–9, A–Z = 10–35, "-" = 36, "_" = 37): one check digit
/// cannot catch every single-character slip over 38 symbols, two catch every one and every swap
/// of neighbours. At most 40 characters, so the number also passes the 协议书号 field of 去向登记
/// (`AgreementNumber.problem`); the 学号 part is therefore at most 27 characters.
///
/// Assumption: mode 1 issues the number when the 签约考虑期 ends (the manual's page shows
/// 协议书编号 "-" right after acceptance), mode 2 at 保存并生成协议书.
///
/// Unique by construction: 学号 is unique within a school and year, and the sequence is the
/// student's next one (`nextSequence`, taken under the student's row lock). Failures are
/// reported on field `"agreementNumber"`.
public struct StudentAgreementNumber: Hashable, Sendable, CustomStringConvertible {
    /// 院校代码, 5 digits.
    public let schoolCode: String
    /// 毕业年度.
    public let graduationYear: Int
    /// 学号, upper-case.
    public let studentNo: String
    /// The student's n-th agreement, 1...99.
    public let sequence: Int
    /// The number as printed and stored.
    public let value: String

    public var description: String { value }

    static let field = "agreementNumber"
    public static let maxLength = 40
    public static let maxStudentNoLength = maxLength - 13
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_")
    static let years = 2000...2100

    /// Issues the number for the student's `sequence`-th agreement. A failure is the app's data
    /// problem (a 学号 or 院校代码 the number cannot hold), said in Chinese for the page.
    public init(schoolCode: String, graduationYear: Int, studentNo: String, sequence: Int) throws(ValidationError) {
        let school = IdentityInput.compact(schoolCode)
        guard school.count == 5, school.allSatisfy(IdentityInput.isASCIIDigit) else {
            throw ValidationError(field: Self.field, message: "院校代码应为 5 位数字，无法生成协议书编号，请联系系统管理员核对学校信息。")
        }
        guard Self.years.contains(graduationYear) else {
            throw ValidationError(field: Self.field, message: "毕业年度“\(graduationYear)”不正确，无法生成协议书编号，请联系学院核对生源信息。")
        }
        let student = IdentityInput.asciiUppercased(IdentityInput.compact(studentNo))
        guard !student.isEmpty, student.count <= Self.maxStudentNoLength, student.allSatisfy(Self.alphabet.contains) else {
            throw ValidationError(field: Self.field, message: "学号为空、过长或含有字母、数字、“-”和“_”以外的字符，无法生成协议书编号，请联系学院核对生源信息。")
        }
        guard (1...99).contains(sequence) else {
            throw ValidationError(field: Self.field, message: "该学生的协议书编号已用完，请联系系统管理员。")
        }
        let body = school + String(graduationYear) + student + (sequence < 10 ? "0" : "") + String(sequence)
        self.schoolCode = school
        self.graduationYear = graduationYear
        self.studentNo = student
        self.sequence = sequence
        self.value = body + Self.checkDigits(for: body)
    }

    /// Reads a number as typed (spaces and full-width forms tolerated, letters upper-cased) and
    /// checks its form and check digits.
    public init(parsing raw: String) throws(ValidationError) {
        let text = IdentityInput.asciiUppercased(IdentityInput.compact(raw))
        guard !text.isEmpty else { throw ValidationError(field: Self.field, message: "请输入协议书编号。") }
        guard text.allSatisfy(Self.alphabet.contains) else {
            throw ValidationError(field: Self.field, message: "协议书编号只能包含数字、字母、“-”和“_”，请按协议书上印制的编号填写。")
        }
        let chars = Array(text)
        guard (14...Self.maxLength).contains(chars.count) else {
            throw ValidationError(field: Self.field, message: "协议书编号长度不正确，请按协议书上印制的编号填写。")
        }
        let school = String(chars[0..<5]), year = String(chars[5..<9])
        let sequenceText = String(chars[(chars.count - 4)..<(chars.count - 2)])
        let check = String(chars[(chars.count - 2)...])
        let student = String(chars[9..<(chars.count - 4)])
        guard (school + year + sequenceText + check).allSatisfy(IdentityInput.isASCIIDigit),
              let graduationYear = Int(year), Self.years.contains(graduationYear),
              let sequence = Int(sequenceText), sequence >= 1 else {
            throw ValidationError(field: Self.field, message: "协议书编号格式不正确，请按协议书上印制的编号填写。")
        }
        guard Self.checkDigits(for: String(chars[0..<(chars.count - 2)])) == check else {
            throw ValidationError(field: Self.field, message: "协议书编号校验位不正确，请核对后重新输入。")
        }
        self.schoolCode = school
        self.graduationYear = graduationYear
        self.studentNo = student
        self.sequence = sequence
        self.value = text
    }

    /// The number, when it is well formed and bound to this student: its 学号 part must be
    /// `studentNo` (letters compared without case), and where given, its 院校代码 and 毕业年度 too.
    public static func validate(_ raw: String, studentNo: String, schoolCode: String? = nil, graduationYear: Int? = nil) throws(ValidationError) -> StudentAgreementNumber {
        let number = try StudentAgreementNumber(parsing: raw)
        let own = IdentityInput.asciiUppercased(IdentityInput.compact(studentNo))
        guard number.studentNo == own else {
            throw ValidationError(field: field, message: "协议书编号 \(number.value) 不属于学号为 \(own) 的学生。协议书编号与毕业生学号一一对应，不得私自更改、伪造，请按本人协议书上的编号填写。")
        }
        if let schoolCode, number.schoolCode != IdentityInput.compact(schoolCode) {
            throw ValidationError(field: field, message: "协议书编号 \(number.value) 不是本校网上签约系统生成的编号，请按本人协议书上的编号填写。")
        }
        if let graduationYear, number.graduationYear != graduationYear {
            throw ValidationError(field: field, message: "协议书编号 \(number.value) 的毕业年度为 \(number.graduationYear)，与您的毕业年度 \(graduationYear) 不一致，请按本人协议书上的编号填写。")
        }
        return number
    }

    /// The sequence for the student's next agreement: one past the highest issued to them
    /// (numbers of a withdrawn or voided agreement stay used); nil when 99 are used.
    public static func nextSequence(after issued: [StudentAgreementNumber]) -> Int? {
        let next = (issued.map(\.sequence).max() ?? 0) + 1
        return next <= 99 ? next : nil
    }

    /// Two digits (ISO 7064 MOD 97-10): with r the body's value in base 38 modulo 97,
    /// check = 98 − (r × 100 mod 97), so that (r × 100 + check) mod 97 = 1.
    static func checkDigits(for body: String) -> String {
        var remainder = 0
        for char in body {
            guard let value = alphabet.firstIndex(of: char) else { continue }
            remainder = (remainder * alphabet.count + value) % 97
        }
        let check = 98 - (remainder * 100) % 97
        return check < 10 ? "0\(check)" : String(check)
    }
}
