import XCTest
import JiuyeDomain

final class PasswordPolicyTests: XCTestCase {
    let policy = PasswordPolicy()

    private func messages(_ password: String, username: String? = nil, phone: String? = nil) -> [String] {
        policy.problems(password: password, username: username, phone: phone).map(\.message)
    }

    func testDefaultsMatchTheProductRules() {
        XCTAssertEqual(policy.minimumLength, 8)
        XCTAssertEqual(policy.requiredClasses, 3)
        XCTAssertEqual(PasswordPolicy.maximumBytes, 72)
    }

    func testGoodPasswordHasNoProblems() {
        XCTAssertEqual(messages("Abcdef12"), [])
        XCTAssertEqual(messages("abcdef1!"), [])
        XCTAssertEqual(messages("ABCDEF1!", username: "zhangsan", phone: "15812342340"), [])
        XCTAssertNoThrow(try policy.validate(password: "Tr0ub4dor&3", username: "li", phone: nil))
    }

    func testChineseCharactersCountAsSymbols() {
        XCTAssertEqual(messages("密码abcd1234"), [])
    }

    func testShortPasswordIsRejected() {
        XCTAssertEqual(messages("Ab1!xyz"), ["密码至少需要 8 位，请加长后重新输入。"])
    }

    func testTwoClassesAreNotEnough() {
        let expected = ["密码须包含大写字母、小写字母、数字、符号中的至少 3 类，请补充后重新输入。"]
        XCTAssertEqual(messages("abcdefgh12"), expected)
        XCTAssertEqual(messages("ABCDEFGH!!"), expected)
        XCTAssertEqual(messages("abcdefghij"), expected)
    }

    func testEveryProblemIsReportedAtOnce() {
        let problems = policy.problems(password: "abc", username: nil, phone: nil)
        XCTAssertEqual(problems.count, 2)
        XCTAssertTrue(problems.allSatisfy { $0.field == "password" })
    }

    func testEmptyPasswordAsksForOne() {
        XCTAssertEqual(messages(""), ["请输入密码。"])
    }

    func testUsernameIsRefusedCaseInsensitively() {
        XCTAssertEqual(messages("ZhangSan#2024", username: "zhangsan"), ["密码不能包含用户名，请换一个密码。"])
        XCTAssertEqual(messages("x1!ZHANGSANx", username: " ZhangSan "), ["密码不能包含用户名，请换一个密码。"])
    }

    func testShortUsernameIsNotChecked() {
        XCTAssertEqual(messages("abXY12#z", username: "ab"), [])
        XCTAssertEqual(messages("abcXY12#", username: "abc"), ["密码不能包含用户名，请换一个密码。"])
    }

    func testPhoneNumberIsRefusedWhateverItsFormat() {
        let expected = ["密码不能包含手机号，请换一个密码。"]
        XCTAssertEqual(messages("Pw#15812342340", phone: "15812342340"), expected)
        XCTAssertEqual(messages("Pw#15812342340", phone: "+86 158-1234-2340"), expected)
        XCTAssertEqual(messages("Pw#158 1234 2340", phone: "15812342340"), expected)
        XCTAssertEqual(messages("Pw#15812342340", phone: nil), [])
        XCTAssertEqual(messages("Pw#1581234", phone: "15812342340"), [])
    }

    func testPasswordOver72BytesIsRefusedAsTooLong() {
        let tooLong = "Aa1!" + String(repeating: "x", count: 69)
        XCTAssertEqual(tooLong.utf8.count, 73)
        let problems = messages(tooLong)
        XCTAssertEqual(problems, ["密码过长：最多 72 个字节（约 24 个汉字），请缩短后重新输入。"])
    }

    func testPasswordOfExactly72BytesIsAccepted() {
        let limit = "Aa1!" + String(repeating: "x", count: 68)
        XCTAssertEqual(limit.utf8.count, 72)
        XCTAssertEqual(messages(limit), [])
    }

    func testChineseCharactersCountThreeBytesEach() {
        let fits = "Aa1" + String(repeating: "汉", count: 23)   // 3 + 69 = 72 bytes
        let over = "Aa1" + String(repeating: "汉", count: 24)   // 3 + 72 = 75 bytes
        XCTAssertEqual(messages(fits), [])
        XCTAssertTrue(messages(over).contains { $0.contains("过长") })
    }

    func testNulByteIsRefused() {
        XCTAssertEqual(messages("Abcdef1\u{0}2"), ["密码不能包含空字符（NUL），请重新输入。"])
    }

    func testValidateThrowsTheFirstProblem() {
        let error = identityError { try policy.validate(password: "abc", username: nil, phone: nil) }
        XCTAssertEqual(error, policy.problems(password: "abc", username: nil, phone: nil).first)
        XCTAssertEqual(error?.field, "password")
    }

    func testDefaultDescription() {
        XCTAssertEqual(policy.description, "密码至少 8 位，须包含大写字母、小写字母、数字、符号中的至少 3 类，且不能包含用户名或手机号。")
    }

    func testCustomPolicyChangesRulesAndDescription() {
        var strict = PasswordPolicy()
        strict.minimumLength = 12
        strict.requiredClasses = 4
        XCTAssertEqual(strict.description, "密码至少 12 位，须同时包含大写字母、小写字母、数字和符号，且不能包含用户名或手机号。")
        XCTAssertEqual(strict.problems(password: "Abcdefghij1!", username: nil, phone: nil), [])
        let problems = strict.problems(password: "Abcdefghij12", username: nil, phone: nil).map(\.message)
        XCTAssertEqual(problems, ["密码须同时包含大写字母、小写字母、数字和符号，请补充后重新输入。"])
        XCTAssertEqual(strict.problems(password: "Abcdefgh1!", username: nil, phone: nil).map(\.message),
                       ["密码至少需要 12 位，请加长后重新输入。"])
    }

    func testLenientPolicyOmitsClassRequirementFromDescription() {
        var lenient = PasswordPolicy()
        lenient.requiredClasses = 1
        XCTAssertEqual(lenient.description, "密码至少 8 位，且不能包含用户名或手机号。")
        XCTAssertEqual(lenient.problems(password: "abcdefgh", username: nil, phone: nil), [])
    }

    func testStrengthIsZeroForEmptyShortOrCommonPasswords() {
        for password in ["", "aB3$x", "password", "12345678", "woaini1314", "Password1"] {
            XCTAssertEqual(policy.strength(of: password), 0, password)
        }
    }

    func testStrengthGrowsWithLengthAndVariety() {
        XCTAssertEqual(policy.strength(of: "sunflowerz"), 1)
        XCTAssertEqual(policy.strength(of: "sunflower7"), 2)
        XCTAssertEqual(policy.strength(of: "Tr0ub4dor&3"), 3)
        XCTAssertEqual(policy.strength(of: "Tr0ub4dor&3x!Zq9"), 4)
        XCTAssertLessThanOrEqual(policy.strength(of: "Abcdefg1"), policy.strength(of: "Abcdefg1Abcdefg1"))
    }

    func testRepeatedCharactersScoreLow() {
        XCTAssertLessThanOrEqual(policy.strength(of: "aaaaaaaaaaaaaaaa"), 1)
        XCTAssertLessThanOrEqual(policy.strength(of: "aaaaaaaaaaaaaaaaA1"), 1, "only three distinct characters")
        XCTAssertGreaterThan(policy.strength(of: "aQ7!mZ2#kP9&xR4$"), 1)
    }

    func testStrengthIsZeroForUnusablePasswords() {
        XCTAssertEqual(policy.strength(of: "Aa1!" + String(repeating: "x", count: 69)), 0)
        XCTAssertEqual(policy.strength(of: "Abcdef1\u{0}2xyz"), 0)
    }

    func testStrengthStaysWithinZeroToFour() {
        for password in ["a", "Ab1!", "密码密码密码密码", "correct horse battery staple", String(repeating: "Zz9#", count: 18)] {
            XCTAssertTrue((0...4).contains(policy.strength(of: password)), password)
        }
    }
}
