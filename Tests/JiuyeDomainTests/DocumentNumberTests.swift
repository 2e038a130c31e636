import XCTest
@testable import JiuyeDomain

/// Independent Hong Kong ID check-digit computation for the tests.
private func expectedHKCheck(_ letters: String, _ digits: String) -> String {
    var values: [Int] = letters.count == 1 ? [36] : []
    values += letters.unicodeScalars.map { Int($0.value) - 55 }
    values += digits.map { Int(String($0))! }
    let total = zip(values, [9, 8, 7, 6, 5, 4, 3, 2]).reduce(0) { $0 + $1.0 * $1.1 }
    let check = (11 - total % 11) % 11
    return check == 10 ? "A" : String(check)
}

final class IdentityDocumentTypeTests: XCTestCase {
    func testCodesFollowTheStandard() {
        XCTAssertEqual(IdentityDocumentType.residentID.rawValue, "1")
        XCTAssertEqual(IdentityDocumentType.hkMacaoPass.rawValue, "6")
        XCTAssertEqual(IdentityDocumentType.taiwanPass.rawValue, "8")
        XCTAssertEqual(IdentityDocumentType.hkmoTwResidencePermit.rawValue, "B")
        XCTAssertEqual(IdentityDocumentType.hongKongID.rawValue, "C")
        XCTAssertEqual(IdentityDocumentType.passport.rawValue, "A")
        XCTAssertEqual(IdentityDocumentType(rawValue: "B"), .hkmoTwResidencePermit)
    }

    func testEveryTypeHasADistinctChineseLabel() {
        XCTAssertEqual(IdentityDocumentType.allCases.count, 6)
        XCTAssertEqual(Set(IdentityDocumentType.allCases.map(\.label)).count, 6)
        XCTAssertEqual(IdentityDocumentType.residentID.label, "居民身份证")
        XCTAssertEqual(IdentityDocumentType.hkMacaoPass.label, "港澳居民来往内地通行证")
        XCTAssertEqual(IdentityDocumentType.taiwanPass.label, "台湾居民来往大陆通行证")
        XCTAssertEqual(IdentityDocumentType.hkmoTwResidencePermit.label, "港澳台居民居住证")
        XCTAssertEqual(IdentityDocumentType.hongKongID.label, "香港身份证")
        XCTAssertEqual(IdentityDocumentType.passport.label, "护照")
    }
}

final class DocumentNumberTests: XCTestCase {
    private func normalise(_ raw: String, _ type: IdentityDocumentType) -> String? {
        try? DocumentNumber.normalise(raw, type: type)
    }

    private func failure(_ raw: String, _ type: IdentityDocumentType) -> ValidationError? {
        identityError { try DocumentNumber.normalise(raw, type: type) }
    }

    // MARK: 居民身份证 / 居住证

    func testResidentIDIsNormalised() {
        XCTAssertEqual(normalise(" 11010519491231002x ", .residentID), "11010519491231002X")
    }

    func testResidentIDErrorsComeFromTheIDValidator() {
        XCTAssertEqual(failure("110105194912310021", .residentID)?.message, "证件号码校验位不正确，请核对后重新输入。")
    }

    func testResidencePermitNumberUnderResidentIDTypeAsksToSwitchType() {
        let permit = makeResidentID(area: "810000", birth: "19900101")
        let error = failure(permit, .residentID)
        XCTAssertEqual(error?.field, "idNumber")
        XCTAssertTrue(error?.message.contains("港澳台居民居住证") ?? false)
    }

    func testResidencePermitTypeAcceptsAllThreePrefixes() {
        for area in ["810000", "820000", "830000"] {
            let permit = makeResidentID(area: area, birth: "19900101")
            XCTAssertEqual(normalise(permit, .hkmoTwResidencePermit), permit)
        }
    }

    func testResidencePermitTypeRejectsMainlandID() {
        let error = failure("11010519491231002X", .hkmoTwResidencePermit)
        XCTAssertTrue(error?.message.contains("810000、820000 或 830000") ?? false)
    }

    // MARK: 港澳居民来往内地通行证

    func testHongKongMacaoPassAcceptsCurrentAndOldFormats() {
        XCTAssertEqual(normalise("H12345678", .hkMacaoPass), "H12345678")
        XCTAssertEqual(normalise("m 1234 5678", .hkMacaoPass), "M12345678")
        XCTAssertEqual(normalise("H1234567890", .hkMacaoPass), "H1234567890")
    }

    func testHongKongMacaoPassRejectsWrongShapes() {
        for raw in ["A12345678", "12345678", "H1234567", "H123456789", "H12345678X", "HM1234567"] {
            XCTAssertEqual(
                failure(raw, .hkMacaoPass)?.message,
                "港澳居民来往内地通行证号码应为 H 或 M 加 8 位数字（旧版为 10 位数字），请核对后重新输入。", raw)
        }
        XCTAssertEqual(failure("", .hkMacaoPass)?.message, "请输入港澳居民来往内地通行证号码。")
    }

    // MARK: 台湾居民来往大陆通行证

    func testTaiwanPassAcceptsEightDigits() {
        XCTAssertEqual(normalise("12345678", .taiwanPass), "12345678")
        XCTAssertEqual(normalise("1234 5678", .taiwanPass), "12345678")
    }

    func testOldTaiwanPassIsNormalisedWithLetterInParentheses() {
        XCTAssertEqual(normalise("1234567890", .taiwanPass), "1234567890")
        XCTAssertEqual(normalise("1234567890(B)", .taiwanPass), "1234567890(B)")
        XCTAssertEqual(normalise("1234567890b", .taiwanPass), "1234567890(B)")
        XCTAssertEqual(normalise("1234567890（B）", .taiwanPass), "1234567890(B)")
    }

    func testTaiwanPassRejectsWrongShapes() {
        for raw in ["1234567", "123456789", "12345678(B)", "1234567890(BC)", "1234567890(1)", "A1234567", "1234567890)"] {
            XCTAssertNotNil(failure(raw, .taiwanPass), raw)
        }
        XCTAssertTrue(failure("123", .taiwanPass)?.message.contains("8 位数字") ?? false)
    }

    // MARK: 香港身份证

    func testHongKongIDExamplesHaveTheExpectedCheckDigits() {
        XCTAssertEqual(expectedHKCheck("A", "123456"), "3")
        XCTAssertEqual(expectedHKCheck("AB", "987654"), "3")
        XCTAssertEqual(expectedHKCheck("G", "123456"), "A")
    }

    func testHongKongIDIsAcceptedWithOrWithoutParentheses() {
        XCTAssertEqual(normalise("A123456(3)", .hongKongID), "A123456(3)")
        XCTAssertEqual(normalise("A1234563", .hongKongID), "A123456(3)")
        XCTAssertEqual(normalise("a123456 (3)", .hongKongID), "A123456(3)")
        XCTAssertEqual(normalise("A123456（3）", .hongKongID), "A123456(3)")
    }

    func testHongKongIDWithTwoLettersIsAccepted() {
        XCTAssertEqual(normalise("AB987654(3)", .hongKongID), "AB987654(3)")
        XCTAssertEqual(normalise("XA123456" + expectedHKCheck("XA", "123456"), .hongKongID), "XA123456(8)")
    }

    func testHongKongIDCheckDigitCanBeA() {
        XCTAssertEqual(normalise("G123456(A)", .hongKongID), "G123456(A)")
        XCTAssertEqual(normalise("g123456a", .hongKongID), "G123456(A)")
    }

    func testHongKongIDWithWrongCheckDigitIsRejected() {
        for check in ["0", "4", "9", "A"] {
            XCTAssertEqual(failure("A123456(\(check))", .hongKongID)?.message, "证件号码校验位不正确，请核对后重新输入。", check)
        }
    }

    func testHongKongIDWithBadShapeIsRejected() {
        for raw in ["123456(3)", "A12345(3)", "ABC123456(3)", "A123456(B)", "A123456(33)", "A1234X6(3)", "A12(3)456"] {
            XCTAssertTrue(failure(raw, .hongKongID)?.message.contains("例如 A123456(3)") ?? false, raw)
        }
    }

    // MARK: 护照

    func testPassportIsUpperCasedAndCompacted() {
        XCTAssertEqual(normalise("e12345678", .passport), "E12345678")
        XCTAssertEqual(normalise(" EA 1234567 ", .passport), "EA1234567")
        XCTAssertEqual(normalise("X1234", .passport), "X1234")
        XCTAssertEqual(normalise(String(repeating: "9", count: 17), .passport), String(repeating: "9", count: 17))
    }

    func testPassportOutsideFiveToSeventeenAlphanumericsIsRejected() {
        for raw in ["E123", String(repeating: "9", count: 18), "E1234567!", "E护照12345"] {
            XCTAssertEqual(failure(raw, .passport)?.message, "护照号码应为 5–17 位英文字母或数字，请核对后重新输入。", raw)
        }
        XCTAssertEqual(failure("  ", .passport)?.message, "请输入护照号码。")
    }

    func testEveryDocumentErrorIsOnTheIDNumberField() {
        for type in IdentityDocumentType.allCases {
            XCTAssertEqual(failure("?", type)?.field, "idNumber", type.label)
        }
    }
}
