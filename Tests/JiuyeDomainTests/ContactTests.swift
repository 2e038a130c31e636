import XCTest
import JiuyeDomain

final class MobilePhoneTests: XCTestCase {
    func testPlainElevenDigitNumberIsAccepted() throws {
        XCTAssertEqual(try MobilePhone(validating: "13800138000").value, "13800138000")
        XCTAssertEqual(try MobilePhone(validating: "19912345678").value, "19912345678")
    }

    func testSpacesDashesAndCountryPrefixAreTolerated() throws {
        for raw in ["158 1234 2340", "158-1234-2340", "+86 158 1234 2340", "+86-158-1234-2340",
                    "86 15812342340", "8615812342340", "0086 158 1234 2340", " 15812342340 ", "(+86) 15812342340"] {
            XCTAssertEqual(try MobilePhone(validating: raw).value, "15812342340", raw)
        }
    }

    func testFullWidthDigitsAreAccepted() throws {
        XCTAssertEqual(try MobilePhone(validating: "１５８１２３４２３４０").value, "15812342340")
    }

    func testSecondDigitMustBeThreeToNine() {
        for raw in ["10012345678", "11012345678", "12812345678"] {
            XCTAssertEqual(identityError { try MobilePhone(validating: raw) },
                           ValidationError(field: "phone", message: "请输入正确的 11 位手机号码。"), raw)
        }
    }

    func testWrongLengthOrNonDigitsAreRejected() {
        for raw in ["1581234234", "158123423401", "25812342340", "1581234234a", "abc", "010-12345678"] {
            XCTAssertEqual(identityError { try MobilePhone(validating: raw) }?.message, "请输入正确的 11 位手机号码。", raw)
        }
    }

    func testEmptyInputAsksForAPhoneNumber() {
        XCTAssertEqual(identityError { try MobilePhone(validating: " ") }?.message, "请输入手机号码。")
    }

    func testForeignCountryCodeExplainsMainlandOnly() {
        let error = identityError { try MobilePhone(validating: "+852 9123 4567") }
        XCTAssertEqual(error?.field, "phone")
        XCTAssertTrue(error?.message.contains("中国大陆") ?? false)
    }

    func testSameNumberTypedDifferentlyIsEqual() throws {
        XCTAssertEqual(try MobilePhone(validating: "+86 158 1234 2340"), try MobilePhone(validating: "15812342340"))
    }
}

final class EmailAddressTests: XCTestCase {
    private func message(_ raw: String) -> String? {
        identityError { try EmailAddress(validating: raw) }?.message
    }

    func testDomainIsLowerCasedButLocalPartIsKept() throws {
        XCTAssertEqual(try EmailAddress(validating: "Zhang.San@Example.COM").value, "Zhang.San@example.com")
    }

    func testCommonAddressesAreAccepted() throws {
        for raw in ["123456@qq.com", "user+tag@mail.example.cn", "a@b.cn", "first_last-1@sub.domain.edu.cn",
                    "x@example.xn--fiqs8s", "o'brien@example.org"] {
            XCTAssertEqual(try EmailAddress(validating: raw).value, raw, raw)
        }
    }

    func testSurroundingSpacesAreTrimmed() throws {
        XCTAssertEqual(try EmailAddress(validating: "  name@example.com\n").value, "name@example.com")
    }

    func testFullWidthAtSignAndChinesePeriodAreAccepted() throws {
        XCTAssertEqual(try EmailAddress(validating: "name＠example。com").value, "name@example.com")
    }

    func testMalformedAddressesAreRejectedWithExample() {
        let expected = "邮箱地址格式不正确，请检查后重新输入，例如 name@example.com。"
        for raw in ["no-at-sign", "a@@b.com", "a@b@c.com", "@example.com", "name@", "a@b", "a@b.c", ".a@b.com",
                    "a.@b.com", "a..b@b.com", "a@-b.com", "a@b-.com", "a@b..com", "a b@c.com", "a@b_c.com",
                    "张三@example.com", "a@example.123", "a@例子.中国"] {
            XCTAssertEqual(message(raw), expected, raw)
        }
    }

    func testEmptyInputAsksForAnEmail() {
        XCTAssertEqual(identityError { try EmailAddress(validating: "") },
                       ValidationError(field: "email", message: "请输入邮箱地址。"))
    }

    func testAddressOfExactly254CharactersIsAccepted() throws {
        let address = String(repeating: "a", count: 64) + "@" + String(repeating: "b", count: 63) + "."
            + String(repeating: "c", count: 63) + "." + String(repeating: "d", count: 57) + ".com"
        XCTAssertEqual(address.count, 254)
        XCTAssertEqual(try EmailAddress(validating: address).value, address)
    }

    func testAddressLongerThan254CharactersIsRejectedAsTooLong() {
        let address = String(repeating: "a", count: 64) + "@" + String(repeating: "b", count: 63) + "."
            + String(repeating: "c", count: 63) + "." + String(repeating: "d", count: 58) + ".com"
        XCTAssertEqual(address.count, 255)
        XCTAssertEqual(message(address), "邮箱地址过长（最多 254 个字符），请换一个邮箱地址。")
    }

    func testLocalPartLongerThan64IsRejected() {
        XCTAssertNotNil(message(String(repeating: "a", count: 65) + "@example.com"))
    }

    func testDomainLabelLongerThan63IsRejected() {
        XCTAssertNotNil(message("a@" + String(repeating: "b", count: 64) + ".com"))
    }

    func testUsernameStartsWithALetterAndFoldsCase() throws {
        XCTAssertEqual(try Username(validating: " Wang.FDY ").value, "wang.fdy")
        XCTAssertEqual(try Username(validating: "abc").value, "abc")
        for bad in ["ab", "1abc", "王老师", "a b c", "_abc", String(repeating: "a", count: 33), "abc$"] {
            XCTAssertThrowsError(try Username(validating: bad), bad)
        }
    }
}
