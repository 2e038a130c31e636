import JiuyeDomain
import XCTest

/// 职业测评: the inventory's items, its scoring, the stored form and the code's consistency.
final class CareerInterestTests: XCTestCase {
    typealias Kind = CareerInterest.Kind

    func answers(liking liked: Set<Kind>, except: Set<Int> = []) -> [String: String] {
        var form: [String: String] = [:]
        for item in CareerInterest.items where !except.contains(item.number) { form["q\(item.number)"] = liked.contains(item.kind) ? "1" : "0" }
        return form
    }

    func testSixtyItemsTenPerTypeTakingTurns() {
        let items = CareerInterest.items
        XCTAssertEqual(items.map(\.number), Array(1...60))
        for kind in Kind.allCases { XCTAssertEqual(items.filter { $0.kind == kind }.count, 10, kind.label) }
        for item in items { XCTAssertEqual(item.kind, Kind.allCases[(item.number - 1) % 6]) }
        XCTAssertEqual(Set(items.map(\.text)).count, 60, "no item twice")
        XCTAssertTrue(items.allSatisfy { !$0.text.isEmpty && $0.text.count <= 30 && !$0.text.hasSuffix("。") })
        XCTAssertEqual(Kind.allCases.map(\.label), ["现实型", "研究型", "艺术型", "社会型", "企业型", "常规型"])
        XCTAssertTrue(Kind.allCases.allSatisfy { !$0.summary.isEmpty && (6...10).contains($0.occupations.count) })
    }

    func testScoresAndCode() throws {
        let all = try CareerInterest.score(answers(liking: Set(Kind.allCases))).get()
        XCTAssertEqual(all.scores, Dictionary(uniqueKeysWithValues: Kind.allCases.map { ($0, 10) }))
        XCTAssertEqual(all.code, "RIA", "ties go in hexagon order")
        let none = try CareerInterest.score(answers(liking: [])).get()
        XCTAssertEqual(none.scores.values.reduce(0, +), 0)
        XCTAssertEqual(none.code, "RIA")

        // S 9, E 7, A 5, I 3, C 2, R 0.
        var form = answers(liking: [])
        func like(_ kind: Kind, _ count: Int) {
            for item in CareerInterest.items.filter({ $0.kind == kind }).prefix(count) { form["q\(item.number)"] = "1" }
        }
        like(.social, 9); like(.enterprising, 7); like(.artistic, 5); like(.investigative, 3); like(.conventional, 2)
        form["unrelated"] = "1"
        let outcome = try CareerInterest.score(form).get()
        XCTAssertEqual(outcome.code, "SEA")
        XCTAssertEqual(outcome.top, [.social, .enterprising, .artistic])
        XCTAssertEqual(outcome.scores, [.realistic: 0, .investigative: 3, .artistic: 5, .social: 9, .enterprising: 7, .conventional: 2])
        XCTAssertEqual(outcome.consistency, .high, "S and E are neighbours")
    }

    func testUnansweredItemsAreNamed() {
        guard case .failure(let problem) = CareerInterest.score(answers(liking: [.social], except: [4, 17, 60])) else { return XCTFail() }
        XCTAssertEqual(problem.missing, [4, 17, 60])
        XCTAssertEqual(problem.message, "还有 3 题未作答：第 4、17、60 题。")
        var form = answers(liking: [.social])
        form["q5"] = "2"; form["q6"] = "yes"; form["q7"] = ""
        guard case .failure(let invalid) = CareerInterest.score(form) else { return XCTFail() }
        XCTAssertEqual(invalid.missing, [5, 6, 7], "anything but 1 or 0 is unanswered")
        guard case .failure(let many) = CareerInterest.score([:]) else { return XCTFail() }
        XCTAssertEqual(many.missing.count, 60)
        XCTAssertEqual(many.message, "还有 60 题未作答：第 1、2、3、4、5、6、7、8、9、10 题等。")
    }

    func testStoredFormRoundTripsAndRefusesJunk() throws {
        let outcome = try CareerInterest.score(answers(liking: [.artistic, .social, .enterprising])).get()
        let stored = CareerInterest.encode(outcome.scores)
        XCTAssertEqual(stored, "R0 I0 A10 S10 E10 C0")
        XCTAssertEqual(CareerInterest.decode(stored), outcome)
        XCTAssertEqual(outcome.code, "ASE")
        for junk in ["", "R11 I0 A0 S0 E0 C0", "R0 R0 A0 S0 E0 C0", "R0 I0 A0 S0 E0", "R0 I0 A0 S0 E0 C0 X1", "I0 R0 A0 S0 E0 C0", "R-1 I0 A0 S0 E0 C0",
                     "R0 I0 A0 S0 E0 C0 ", "R I0 A0 S0 E0 C0", "R0 I0 A0 S0 E0 C99999999999999999999", "R０ I0 A0 S0 E0 C0", "R05 I0 A0 S0 E0 C0", "R00 I0 A0 S0 E0 C0", "garbage"] {
            XCTAssertNil(CareerInterest.decode(junk), junk)
        }
    }

    func testConsistencyOnTheHexagon() throws {
        func consistency(_ first: Kind, _ second: Kind) throws -> CareerInterest.Consistency {
            var scores = Dictionary(uniqueKeysWithValues: Kind.allCases.map { ($0, 0) })
            scores[first] = 10; scores[second] = 9
            return try XCTUnwrap(CareerInterest.decode(CareerInterest.encode(scores))).consistency
        }
        XCTAssertEqual(try consistency(.realistic, .investigative), .high)
        XCTAssertEqual(try consistency(.conventional, .realistic), .high, "the hexagon wraps")
        XCTAssertEqual(try consistency(.realistic, .artistic), .middle)
        XCTAssertEqual(try consistency(.realistic, .social), .low, "opposite")
        XCTAssertEqual(try consistency(.investigative, .enterprising), .low)
        XCTAssertEqual(try consistency(.artistic, .conventional), .low)
        XCTAssertEqual(CareerInterest.Consistency.high.label, "高")
    }
}
