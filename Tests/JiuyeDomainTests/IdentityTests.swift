import Foundation
import XCTest
@testable import JiuyeDomain

// MARK: - Shared helpers for the identity tests

/// Runs `body` and returns the `ValidationError` it throws, or nil when it succeeds.
/// (Closures infer `any Error`, so the typed error is recovered with a cast; any other
/// error type fails the test.)
func identityError<T>(_ body: () throws -> T, file: StaticString = #filePath, line: UInt = #line) -> ValidationError? {
    do {
        _ = try body()
        return nil
    } catch let error as ValidationError {
        return error
    } catch {
        XCTFail("unexpected error type: \(error)", file: file, line: line)
        return nil
    }
}

/// Independent GB 11643 check-character computation, written separately from the production code.
func expectedIDCheck(_ first17: String) -> Character {
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    let total = zip(first17, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
    let map: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]
    return map[total % 11]
}

/// Builds a checksum-valid 18-character ID from area, birth date (YYYYMMDD) and sequence.
func makeResidentID(area: String = "110105", birth: String, sequence: String = "002") -> String {
    let body = area + birth + sequence
    return body + String(expectedIDCheck(body))
}

/// Swaps the check character for a wrong one.
func withWrongIDCheck(_ id: String) -> String {
    let last = id.last!
    return String(id.dropLast()) + (last == "1" ? "2" : "1")
}

// MARK: - 居民身份证 / 港澳台居民居住证

final class ChineseIDNumberTests: XCTestCase {
    /// Published sample numbers, hard-coded, valid under GB 11643.
    let knownValid = ["11010519491231002X", "110101199003074477", "110101199003072316"]

    func testPublishedSampleNumbersHaveCorrectCheckCharacters() {
        for id in knownValid + ["440524188001010014"] {
            XCTAssertEqual(expectedIDCheck(String(id.prefix(17))), id.last, id)
        }
    }

    func testPublishedSampleNumbersAreAccepted() throws {
        for id in knownValid {
            let parsed = try ChineseIDNumber(validating: id)
            XCTAssertEqual(parsed.value, id)
            XCTAssertEqual(parsed.kind, .mainland)
        }
    }

    func testWellKnownSampleDecodesBirthDateAndFemale() throws {
        let id = try ChineseIDNumber(validating: "11010519491231002X")
        XCTAssertEqual(id.birthYear, 1949)
        XCTAssertEqual(id.birthMonth, 12)
        XCTAssertEqual(id.birthDay, 31)
        XCTAssertFalse(id.isMale, "sequence 002 is even, so female")
    }

    func testOddSequenceMeansMale() throws {
        let id = try ChineseIDNumber(validating: "110101199003074477")
        XCTAssertEqual([id.birthYear, id.birthMonth, id.birthDay], [1990, 3, 7])
        XCTAssertTrue(id.isMale, "sequence 447 is odd, so male")
        XCTAssertTrue(try ChineseIDNumber(validating: "110101199003072316").isMale, "sequence 231 ends in odd 1")
        XCTAssertFalse(try ChineseIDNumber(validating: makeResidentID(birth: "19900307", sequence: "238")).isMale)
    }

    func testCheckSumValidSampleBornIn1880IsRejectedByThe1900Rule() {
        // 440524188001010014 is often quoted as a valid sample and its check character is right,
        // but the product rule refuses birth dates before 1900.
        let error = identityError { try ChineseIDNumber(validating: "440524188001010014") }
        XCTAssertEqual(error?.message, "身份证号码中的出生日期早于 1900 年，请核对后重新输入。")
    }

    func testWrongChecksumIsRejectedWithInstruction() {
        let error = identityError { try ChineseIDNumber(validating: "110105194912310021") }
        XCTAssertEqual(error, ValidationError(field: "idNumber", message: "证件号码校验位不正确，请核对后重新输入。"))
    }

    func testEveryWrongCheckCharacterIsRejected() {
        let body = "11010519491231002"
        for check in "0123456789X" where check != "X" {
            XCTAssertNotNil(identityError { try ChineseIDNumber(validating: body + String(check)) }, String(check))
        }
    }

    func testSingleDigitTypoIsCaught() {
        // Changing any one digit of the body must break the check (ISO 7064 MOD 11-2 catches all single errors).
        let valid = Array("110101199003074477")
        for position in [0, 5, 8, 14, 16] {
            var typo = valid
            typo[position] = typo[position] == "9" ? "8" : "9"
            XCTAssertNotNil(identityError { try ChineseIDNumber(validating: String(typo)) }, "position \(position)")
        }
    }

    func testLowerCaseXIsNormalised() throws {
        let id = try ChineseIDNumber(validating: "11010519491231002x")
        XCTAssertEqual(id.value, "11010519491231002X")
        XCTAssertEqual(id, try ChineseIDNumber(validating: "11010519491231002X"))
    }

    func testSpacesAreTrimmedAndRemoved() throws {
        XCTAssertEqual(try ChineseIDNumber(validating: "  11010519491231002X \n").value, "11010519491231002X")
        XCTAssertEqual(try ChineseIDNumber(validating: "110105 19491231 002X").value, "11010519491231002X")
    }

    func testFullWidthDigitsFromChineseInputMethodAreAccepted() throws {
        XCTAssertEqual(try ChineseIDNumber(validating: "１１０１０５１９４９１２３１００２ｘ").value, "11010519491231002X")
    }

    func testFifteenDigitOldIDIsRejectedAskingFor18Digits() {
        let error = identityError { try ChineseIDNumber(validating: "110105491231002") }
        XCTAssertEqual(error?.field, "idNumber")
        XCTAssertTrue(error?.message.contains("18 位") ?? false, error?.message ?? "no error")
        XCTAssertTrue(error?.message.contains("15 位") ?? false)
    }

    func testWrongLengthIsRejected() {
        for raw in ["1101051949123100", "11010519491231002X1", "1"] {
            let error = identityError { try ChineseIDNumber(validating: raw) }
            XCTAssertTrue(error?.message.hasPrefix("请输入 18 位居民身份证号码") ?? false, raw)
        }
    }

    func testEmptyInputAsksForTheNumber() {
        XCTAssertEqual(identityError { try ChineseIDNumber(validating: "   ") }?.message, "请输入 18 位居民身份证号码。")
    }

    func testLettersOtherThanFinalXAreRejected() {
        for raw in ["11010519491231002A", "1101051949123100X2", "A1010519491231002X"] {
            let error = identityError { try ChineseIDNumber(validating: raw) }
            XCTAssertEqual(error?.message, "身份证号码只能由数字组成（最后一位可以是 X），请核对后重新输入。", raw)
        }
    }

    func testFeb29InLeapYearsIsAccepted() throws {
        for birth in ["20000229", "19960229", "20200229"] {
            let id = try ChineseIDNumber(validating: makeResidentID(birth: birth))
            XCTAssertEqual(id.birthMonth, 2)
            XCTAssertEqual(id.birthDay, 29)
        }
    }

    func testFeb29InNonLeapYearIsRejected() {
        // 1900 is not a leap year (divisible by 100 but not by 400); 1999 is not divisible by 4.
        for birth in ["19990229", "19000229", "20230229"] {
            let error = identityError { try ChineseIDNumber(validating: makeResidentID(birth: birth)) }
            XCTAssertEqual(error?.message, "身份证号码中的出生日期（第 7–14 位）不是有效日期，请核对后重新输入。", birth)
        }
    }

    func testImpossibleMonthsAndDaysAreRejected() {
        for birth in ["19901301", "19900001", "19900100", "19900431", "19900132", "19990230"] {
            XCTAssertNotNil(identityError { try ChineseIDNumber(validating: makeResidentID(birth: birth)) }, birth)
        }
    }

    func testMonth13IsRejectedEvenWithCorrectChecksum() {
        let raw = makeResidentID(birth: "19901315")
        XCTAssertEqual(expectedIDCheck(String(raw.prefix(17))), raw.last)
        XCTAssertTrue(identityError { try ChineseIDNumber(validating: raw) }?.message.contains("出生日期") ?? false)
    }

    func testFutureBirthDateIsRejected() {
        let nextYear = Calendar(identifier: .gregorian).component(.year, from: Date()) + 1
        let raw = makeResidentID(birth: "\(nextYear)0101")
        let error = identityError { try ChineseIDNumber(validating: raw) }
        XCTAssertEqual(error?.message, "身份证号码中的出生日期晚于今天，请核对后重新输入。")
    }

    func testBirthDateIsComparedWithTodayToTheDay() throws {
        let today = ChineseIDNumber.Day(year: 2024, month: 6, day: 15)
        XCTAssertNoThrow(try ChineseIDNumber(validating: makeResidentID(birth: "20240615"), today: today))
        XCTAssertNotNil(identityError { try ChineseIDNumber(validating: makeResidentID(birth: "20240616"), today: today) })
        XCTAssertNotNil(identityError { try ChineseIDNumber(validating: makeResidentID(birth: "20240701"), today: today) })
    }

    func testBirthBefore1900IsRejected() {
        let error = identityError { try ChineseIDNumber(validating: makeResidentID(birth: "18991231")) }
        XCTAssertEqual(error?.message, "身份证号码中的出生日期早于 1900 年，请核对后重新输入。")
        XCTAssertNoThrow(try ChineseIDNumber(validating: makeResidentID(birth: "19000101")))
    }

    func testResidencePermitPrefixesAreAcceptedWithTheirKind() throws {
        let cases: [(String, ChineseIDNumber.Kind)] = [
            ("810000", .hongKongResident), ("820000", .macauResident), ("830000", .taiwanResident),
        ]
        for (prefix, kind) in cases {
            let raw = makeResidentID(area: prefix, birth: "19950817", sequence: "123")
            let id = try ChineseIDNumber(validating: raw)
            XCTAssertEqual(id.kind, kind, prefix)
            XCTAssertEqual(id.birthYear, 1995)
            XCTAssertTrue(id.isMale)
        }
    }

    func testResidencePermitWithWrongCheckIsRejected() {
        let raw = withWrongIDCheck(makeResidentID(area: "810000", birth: "19950817"))
        XCTAssertEqual(identityError { try ChineseIDNumber(validating: raw) }?.message, "证件号码校验位不正确，请核对后重新输入。")
    }

    func testAbolishedAreaCodeIsStillAccepted() throws {
        // 110103 was Beijing 崇文区, merged into 东城区 in 2010; people still carry such IDs.
        XCTAssertEqual(try ChineseIDNumber(validating: makeResidentID(area: "110103", birth: "19800101")).kind, .mainland)
    }

    func testAreaCodeStartingWithZeroOrNineIsRejected() {
        for area in ["010105", "910105"] {
            let error = identityError { try ChineseIDNumber(validating: makeResidentID(area: area, birth: "19800101")) }
            XCTAssertEqual(error?.message, "身份证号码前 6 位地区码不正确，请核对后重新输入。", area)
        }
    }

    func testPrefixStartingWithEightMustBeAResidencePermitPrefix() {
        let error = identityError { try ChineseIDNumber(validating: makeResidentID(area: "811234", birth: "19800101")) }
        XCTAssertEqual(error?.message, "身份证号码前 6 位地区码不正确，请核对后重新输入。")
    }

    func testValidatorsThrowTypedValidationErrors() {
        // Compile-time check: these `catch` blocks bind `error` as `ValidationError`, not `any Error`.
        do { _ = try ChineseIDNumber(validating: "") } catch { XCTAssertEqual(error.field, "idNumber") }
        do { _ = try DocumentNumber.normalise("", type: .passport) } catch { XCTAssertEqual(error.field, "idNumber") }
        do { _ = try MobilePhone(validating: "") } catch { XCTAssertEqual(error.field, "phone") }
        do { _ = try EmailAddress(validating: "") } catch { XCTAssertEqual(error.field, "email") }
        do { _ = try CreditCode(validating: "") } catch { XCTAssertEqual(error.field, "creditCode") }
        do { try PasswordPolicy().validate(password: "", username: nil, phone: nil) } catch {
            XCTAssertEqual(error.field, "password")
        }
    }

    func testEqualNumbersTypedDifferentlyAreEqualAndHashTheSame() throws {
        let a = try ChineseIDNumber(validating: "11010519491231002x")
        let b = try ChineseIDNumber(validating: " 110105 19491231 002X ")
        XCTAssertEqual(a, b)
        XCTAssertEqual(Set([a, b]).count, 1)
    }
}
