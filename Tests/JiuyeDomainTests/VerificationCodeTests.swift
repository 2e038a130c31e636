import XCTest
@testable import JiuyeDomain

final class VerificationCodeTests: XCTestCase {
    let policy = VerificationCodePolicy()
    let now: Int64 = 1_800_000_000

    // MARK: Issuing

    func testFirstCodeIsAllowed() {
        XCTAssertEqual(policy.canIssue(previouslySentAt: [], now: now), .allowed)
    }

    func testResendInsideSixtySecondsWaits() {
        XCTAssertEqual(policy.canIssue(previouslySentAt: [now - 1], now: now), .wait(seconds: 59))
        XCTAssertEqual(policy.canIssue(previouslySentAt: [now - 59], now: now), .wait(seconds: 1))
        XCTAssertEqual(policy.canIssue(previouslySentAt: [now - 60], now: now), .allowed)
    }

    func testSixthCodeInAnHourIsRefusedUntilTheOldestLeaves() {
        let sent: [Int64] = [now - 3000, now - 2400, now - 1800, now - 1200, now - 600]
        XCTAssertEqual(policy.canIssue(previouslySentAt: sent, now: now), .hourlyLimit(until: now - 3000 + 3600))
        // Once the oldest is an hour old, a sixth is fine.
        XCTAssertEqual(policy.canIssue(previouslySentAt: sent, now: now - 3000 + 3600), .allowed)
    }

    func testCodesOlderThanAnHourDoNotCount() {
        let sent: [Int64] = [now - 7200, now - 5000, now - 4000, now - 3700, now - 3601]
        XCTAssertEqual(policy.canIssue(previouslySentAt: sent, now: now), .allowed)
    }

    func testRefusalMessagesAreChinese() {
        XCTAssertEqual(VerificationCodePolicy.IssueDecision.wait(seconds: 42).message(clock: { _ in "" }), "验证码发送过于频繁，请 42 秒后再获取。")
        XCTAssertEqual(VerificationCodePolicy.IssueDecision.hourlyLimit(until: 0).message(clock: { _ in "14:05" }), "该号码一小时内获取验证码已达上限，请于 14:05 后再试。")
        XCTAssertNil(VerificationCodePolicy.IssueDecision.allowed.message(clock: { _ in "" }))
    }

    // MARK: Checking

    func testRightCodeInsideFiveMinutesIsAccepted() {
        let issued = VerificationCodePolicy.Issued(sentAt: now - 299, tries: 0, usedAt: nil)
        XCTAssertEqual(policy.check(issued, typedIsWellFormed: true, matches: true, now: now), .accepted)
    }

    func testExpiredAtFiveMinutes() {
        let issued = VerificationCodePolicy.Issued(sentAt: now - 300, tries: 0, usedAt: nil)
        XCTAssertEqual(policy.check(issued, typedIsWellFormed: true, matches: true, now: now), .expired)
    }

    func testUsedCodeIsRefusedEvenWhenRight() {
        let issued = VerificationCodePolicy.Issued(sentAt: now - 10, tries: 0, usedAt: now - 5)
        XCTAssertEqual(policy.check(issued, typedIsWellFormed: true, matches: true, now: now), .used)
    }

    func testWrongTriesCountDownAndTheSixthIsRefusedEvenWhenRight() {
        var issued = VerificationCodePolicy.Issued(sentAt: now - 10, tries: 0, usedAt: nil)
        for expected in stride(from: 4, through: 0, by: -1) {
            let result = policy.check(issued, typedIsWellFormed: true, matches: false, now: now)
            XCTAssertEqual(result, .wrong(remaining: expected))
            XCTAssertTrue(result.countsAsTry)
            issued.tries += 1
        }
        XCTAssertEqual(policy.check(issued, typedIsWellFormed: true, matches: true, now: now), .exhausted)
        XCTAssertEqual(VerificationCodePolicy.CheckResult.wrong(remaining: 0).message, "验证码错误次数过多，已失效，请重新获取。")
    }

    func testMissingAndMalformed() {
        XCTAssertEqual(policy.check(nil, typedIsWellFormed: true, matches: false, now: now), .missing)
        let issued = VerificationCodePolicy.Issued(sentAt: now, tries: 0, usedAt: nil)
        XCTAssertEqual(policy.check(issued, typedIsWellFormed: false, matches: false, now: now), .malformed)
        XCTAssertFalse(VerificationCodePolicy.CheckResult.malformed.countsAsTry)
    }

    // MARK: Codes

    func testGeneratedCodesAreSixDigitsAndSpread() {
        var generator = SecurityTestGenerator(seed: 7)
        var counts = [Character: Int]()
        for _ in 0..<2000 {
            let code = policy.generate(using: &generator)
            XCTAssertEqual(code.count, 6)
            XCTAssertTrue(code.allSatisfy { $0.isASCII && $0.isNumber })
            for c in code { counts[c, default: 0] += 1 }
        }
        XCTAssertEqual(counts.count, 10)
        // 12,000 digits: each digit near 1,200.
        XCTAssertTrue(counts.values.allSatisfy { $0 > 1000 && $0 < 1400 }, "\(counts)")
    }

    func testNormalizeAcceptsFullWidthDigitsAndSpaces() {
        XCTAssertEqual(policy.normalize(" 123 456 "), "123456")
        XCTAssertEqual(policy.normalize("１２３４５６"), "123456")
        XCTAssertNil(policy.normalize("12345"))
        XCTAssertNil(policy.normalize("12345a"))
        XCTAssertNil(policy.normalize("1234567"))
    }
}
