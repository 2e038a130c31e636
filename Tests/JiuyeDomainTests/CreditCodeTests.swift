import XCTest
import JiuyeDomain

/// Independent GB 32100 check computation for the tests.
private func expectedCreditCheck(_ first17: String) -> Character {
    let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    let total = zip(first17, weights).reduce(0) { $0 + alphabet.firstIndex(of: $1.0)! * $1.1 }
    return alphabet[(31 - total % 31) % 31]
}

final class CreditCodeTests: XCTestCase {
    /// Codes published on business-registration records, each verified below by the algorithm:
    /// the standard's example, 腾讯科技（深圳）有限公司, 华为技术有限公司, 小米科技有限责任公司.
    let published = ["91110000600037341L", "9144030071526726XG", "914403001922038216", "91110108551385082Q"]

    func testPublishedCodesHaveCorrectCheckCharacters() {
        for code in published {
            XCTAssertEqual(expectedCreditCheck(String(code.prefix(17))), code.last, code)
        }
    }

    func testPublishedCodesAreAccepted() throws {
        for code in published {
            XCTAssertEqual(try CreditCode(validating: code).value, code)
        }
    }

    func testComputedCodesAreAccepted() throws {
        for body in ["91350100MA2XN5E0A", "12100000400000624", "52110000500021676", "Y1440300MA5DXXXXX"] {
            let code = body + String(expectedCreditCheck(body))
            XCTAssertEqual(try CreditCode(validating: code).value, code)
        }
    }

    func testLowerCaseAndSpacesAreNormalised() throws {
        XCTAssertEqual(try CreditCode(validating: " 9144 0300 7152 6726 xg ").value, "9144030071526726XG")
    }

    func testWrongCheckCharacterIsRejected() {
        let body = "91110000600037341"
        for check in "0123456789ABCDEFGHJKLMNPQRTUWXY" where check != "L" {
            XCTAssertEqual(
                identityError { try CreditCode(validating: body + String(check)) },
                ValidationError(field: "creditCode", message: "统一社会信用代码校验位不正确，请核对后重新输入。"),
                String(check))
        }
    }

    func testSingleCharacterTypoIsCaught() {
        XCTAssertNotNil(identityError { try CreditCode(validating: "91110000600037342L") })
        XCTAssertNotNil(identityError { try CreditCode(validating: "92110000600037341L") })
    }

    func testLettersOutsideTheCodeAlphabetAreRejected() {
        let expected = "统一社会信用代码只能包含数字和大写字母（不含 I、O、S、V、Z），请核对后重新输入。"
        for letter in ["I", "O", "S", "V", "Z", "*", "码"] {
            let code = "9111000060003734" + letter + "L"
            XCTAssertEqual(identityError { try CreditCode(validating: code) }?.message, expected, letter)
        }
    }

    func testWrongLengthIsRejected() {
        for raw in ["91110000600037341", "91110000600037341L0", "600037341"] {
            let error = identityError { try CreditCode(validating: raw) }
            XCTAssertEqual(error?.field, "creditCode")
            XCTAssertTrue(error?.message.contains("应为 18 位") ?? false, raw)
        }
    }

    func testEmptyInputAsksForTheCode() {
        XCTAssertEqual(identityError { try CreditCode(validating: "") }?.message, "请输入 18 位统一社会信用代码。")
    }
}
