import JiuyeDomain
import XCTest

final class TextInputTests: XCTestCase {
    func testControlCharactersAndBidiOverridesAreRefused() {
        XCTAssertEqual(TextInput.forbiddenCharacter(in: "张\u{0}明"), "\u{0}")
        XCTAssertEqual(TextInput.forbiddenCharacter(in: "张明\u{1B}[31m"), "\u{1B}")
        XCTAssertEqual(TextInput.forbiddenCharacter(in: "abc\u{7F}"), "\u{7F}")
        XCTAssertEqual(TextInput.forbiddenCharacter(in: "x\u{85}y"), "\u{85}")
        XCTAssertEqual(TextInput.forbiddenCharacter(in: "\u{202E}gpj.exe"), "\u{202E}")
        XCTAssertEqual(TextInput.forbiddenCharacter(in: "a\u{2066}b"), "\u{2066}")
        XCTAssertEqual(TextInput.forbiddenCharacter(in: "a\u{200F}b"), "\u{200F}")
    }

    func testOrdinaryTextAndLineBreaksPass() {
        XCTAssertNil(TextInput.forbiddenCharacter(in: "张明"))
        XCTAssertNil(TextInput.forbiddenCharacter(in: "阿卜杜热合曼·买买提"))
        XCTAssertNil(TextInput.forbiddenCharacter(in: "第一行\r\n第二行\t缩进"))
        XCTAssertNil(TextInput.forbiddenCharacter(in: "Zoë O'Brien-Łukasz 😀"))
        XCTAssertNil(TextInput.forbiddenCharacter(in: "مرحبا"), "right-to-left letters themselves are text")
        XCTAssertNil(TextInput.forbiddenCharacter(in: ""))
    }
}
