import JiuyeDomain
import XCTest

/// Field-level permissions: grey (只读) and hidden fields keep the stored value; a request that
/// changes one is a violation (issue 17 item 2, seed 004 §2(1)).
final class FieldAccessTests: XCTestCase {
    let stored = ["phone": "13900000000", "qq": "123456", "email": "a@example.com"]
    let fields = ["qq", "email", "phone"]

    func testUnsetFieldsAreEditable() {
        let outcome = FieldAccessRules.allEditable.apply(submitted: ["phone": "13800000000", "qq": "654321"], stored: stored, fields: fields)
        XCTAssertEqual(outcome.violations, [])
        XCTAssertEqual(outcome.data["phone"], "13800000000")
        XCTAssertNil(outcome.data["email"], "an editable field left out of the request is empty")
    }

    func testReadOnlyAndHiddenKeepTheStoredValue() {
        let rules = FieldAccessRules(["phone": .readOnly, "email": .hidden])
        XCTAssertEqual(rules.readOnly, ["phone"])
        XCTAssertEqual(rules.hidden, ["email"])
        // The page sends the grey field unchanged and leaves the hidden one out: no violation.
        let honest = rules.apply(submitted: ["phone": "13900000000 ", "qq": "777777"], stored: stored, fields: fields)
        XCTAssertEqual(honest.violations, [])
        XCTAssertEqual(honest.data, ["phone": "13900000000", "qq": "777777", "email": "a@example.com"])
        // A crafted request changing both is refused field by field, in form order.
        let crafted = rules.apply(submitted: ["phone": "13800000000", "email": "b@example.com", "qq": "777777"], stored: stored, fields: fields)
        XCTAssertEqual(crafted.violations, ["email", "phone"])
        XCTAssertEqual(crafted.data["phone"], "13900000000", "the stored value stands")
    }

    func testLabelsAreChinese() {
        XCTAssertEqual(FieldAccess.allCases.map(\.label), ["可编辑", "只读", "隐藏"])
        XCTAssertEqual(FieldAccess(rawValue: "read-only"), .readOnly)
    }
}
