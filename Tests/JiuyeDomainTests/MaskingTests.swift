import XCTest
import JiuyeDomain

final class MaskingTests: XCTestCase {
    func testEighteenCharacterIDKeepsFourAndFour() {
        XCTAssertEqual(Masking.idNumber("41302619900307573X"), "4130**********573X")
        XCTAssertEqual(Masking.idNumber("11010519491231002X"), "1101**********002X")
    }

    func testOtherIDLengthsKeepTwoAndTwo() {
        XCTAssertEqual(Masking.idNumber("E12345678"), "E1*****78")
        XCTAssertEqual(Masking.idNumber("A123456(3)"), "A1******3)")
    }

    func testShortIDsNeverRevealMoreThanHalf() {
        XCTAssertEqual(Masking.idNumber(""), "")
        XCTAssertEqual(Masking.idNumber("1"), "*")
        XCTAssertEqual(Masking.idNumber("12"), "**")
        XCTAssertEqual(Masking.idNumber("123"), "***")
        XCTAssertEqual(Masking.idNumber("1234"), "1**4")
        XCTAssertEqual(Masking.idNumber("12345"), "1***5")
        for length in 0...30 {
            let input = String(repeating: "7", count: length)
            let masked = Masking.idNumber(input)
            XCTAssertEqual(masked.count, length)
            XCTAssertLessThanOrEqual(masked.filter { $0 != "*" }.count, length / 2, "length \(length)")
        }
    }

    func testPhoneShowsFirstThreeAndLastFour() {
        XCTAssertEqual(Masking.phone("15812342340"), "158****2340")
        XCTAssertEqual(Masking.phone("+86 158-1234-2340"), "158****2340")
    }

    func testOddPhoneInputIsMaskedSafely() {
        XCTAssertEqual(Masking.phone(""), "")
        XCTAssertEqual(Masking.phone("1"), "*")
        XCTAssertEqual(Masking.phone("123"), "***")
        XCTAssertEqual(Masking.phone("12345678"), "12****78")
    }

    func testBankCardShowsOnlyLastFour() {
        XCTAssertEqual(Masking.bankCard("6222021234567891234"), "**** **** **** 1234")
        XCTAssertEqual(Masking.bankCard("6222 0212 3456 7890"), "**** **** **** 7890")
        XCTAssertEqual(Masking.bankCard("6222-0212-3456-7890"), "**** **** **** 7890")
    }

    func testShortBankCardInputIsMaskedSafely() {
        XCTAssertEqual(Masking.bankCard(""), "")
        XCTAssertEqual(Masking.bankCard("1"), "****")
        XCTAssertEqual(Masking.bankCard("12345"), "**** 45")
        XCTAssertEqual(Masking.bankCard("1234567"), "**** 567")
    }

    func testNameKeepsTheSurname() {
        XCTAssertEqual(Masking.name("张三"), "张*")
        XCTAssertEqual(Masking.name("王小明"), "王**")
        XCTAssertEqual(Masking.name(" 李四 "), "李*")
    }

    func testCompoundSurnameIsKeptWhole() {
        XCTAssertEqual(Masking.name("欧阳娜娜"), "欧阳**")
        XCTAssertEqual(Masking.name("诸葛亮"), "诸葛*")
        XCTAssertEqual(Masking.name("欧阳"), "欧*")
    }

    func testShortNamesAreMaskedSafely() {
        XCTAssertEqual(Masking.name(""), "")
        XCTAssertEqual(Masking.name("李"), "*")
    }

    func testEmailKeepsFirstLetterAndDomain() {
        XCTAssertEqual(Masking.email("zhangsan@example.com"), "z***@example.com")
        XCTAssertEqual(Masking.email("ab@qq.com"), "a***@qq.com")
    }

    func testOddEmailInputIsMaskedSafely() {
        XCTAssertEqual(Masking.email(""), "")
        XCTAssertEqual(Masking.email("a@b.cn"), "***@b.cn")
        XCTAssertEqual(Masking.email("@example.com"), "***@example.com")
        XCTAssertEqual(Masking.email("nodomain"), "n*******")
        XCTAssertEqual(Masking.email("x"), "*")
    }

    func testNoMaskingFunctionCrashesOnAwkwardInput() {
        let inputs = ["", " ", "*", "@", "@@", "()", "👨‍👩‍👧", "é", "\u{0}", String(repeating: "字", count: 300)]
        for input in inputs {
            _ = Masking.idNumber(input)
            _ = Masking.phone(input)
            _ = Masking.bankCard(input)
            _ = Masking.name(input)
            _ = Masking.email(input)
        }
        XCTAssertEqual(Masking.name("👨‍👩‍👧"), "*")
    }

    func testPersonalDataInsideFreeTextIsRedacted() {
        let line = "lookup failed for 41302619900307573X and 15800002340, card 6222021234567890123, order 12345"
        let redacted = Masking.redactingPersonalData(in: line)
        XCTAssertEqual(redacted, "lookup failed for 4130**********573X and 158****2340, card **** **** **** 0123, order 12345")
        XCTAssertFalse(redacted.contains("41302619900307573X"))
        XCTAssertFalse(redacted.contains("15800002340"))
        // Other numbers (timestamps, ids) stay readable.
        XCTAssertEqual(Masking.redactingPersonalData(in: "job #42 at 1800000000"), "job #42 at 1800000000")
        XCTAssertEqual(Masking.redactingPersonalData(in: ""), "")
    }
}

final class MessageCodeMaskingTests: XCTestCase {
    func testCodesInAMessageAreHidden() {
        XCTAssertEqual(Masking.codes(in: "【九业】您的验证码为 482913，5 分钟内有效。"), "【九业】您的验证码为 ******，5 分钟内有效。")
        XCTAssertEqual(Masking.codes(in: "code:12345;x"), "code:*****;x")
        XCTAssertEqual(Masking.codes(in: "第 12 号，共 345 条"), "第 12 号，共 345 条", "short numbers stay")
        XCTAssertEqual(Masking.codes(in: "2026 年，手机 139****2222"), "2026 年，手机 139****2222", "years and masked phones stay")
        XCTAssertEqual(Masking.codes(in: ""), "")
    }
}
