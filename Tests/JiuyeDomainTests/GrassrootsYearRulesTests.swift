import JiuyeDomain
import XCTest

/// Every path of seed 000 §6–§11 as review D1 fixes it (N = 2026).
final class GrassrootsYearRulesTests: XCTestCase {
    typealias R = GrassrootsYearRules
    let n = 2026

    func rec(_ stage: GrassrootsStage, _ outcome: R.Outcome, _ year: Int? = nil) -> R.Record {
        R.Record(stage: stage, year: year ?? R.year(of: stage, applicationYear: n), outcome: outcome)
    }

    func availability(_ stage: GrassrootsStage, year: Int, _ records: [R.Record]) -> R.Availability {
        R.availability(of: stage, applicationYear: n, year: year, records: records)
    }

    func testYearsOfTheMatrix() {
        XCTAssertEqual(GrassrootsStage.allCases.map { R.year(of: $0, applicationYear: n) }, [2026, 2027, 2027, 2028, 2028, 2029])
    }

    func testApplicationOnlyInItsYearAndOnce() {
        XCTAssertEqual(availability(.apply, year: 2026, []), .open)
        XCTAssertEqual(availability(.apply, year: 2026, [rec(.apply, .pending)]), .filed(.pending))
        guard case .closed(let late) = availability(.apply, year: 2027, []) else { return XCTFail() }
        XCTAssertTrue(late.contains("已超过填报年度"))
        guard case .closed(let early) = availability(.apply, year: 2025, []) else { return XCTFail() }
        XCTAssertTrue(early.contains("2026年"))
    }

    func testApplicationReviewAfterARejection() {
        XCTAssertEqual(availability(.applyReview, year: 2027, [rec(.apply, .rejected)]), .open)
        // Not in the year of the application itself, and not two years later.
        XCTAssertNotEqual(availability(.applyReview, year: 2026, [rec(.apply, .rejected)]), .open)
        XCTAssertNotEqual(availability(.applyReview, year: 2028, [rec(.apply, .rejected)]), .open)
        guard case .closed(let passed) = availability(.applyReview, year: 2027, [rec(.apply, .approved)]) else { return XCTFail() }
        XCTAssertTrue(passed.contains("无需复核"))
        guard case .closed(let none) = availability(.applyReview, year: 2027, []) else { return XCTFail() }
        XCTAssertTrue(none.contains("未提交过基层就业申请"))
        guard case .closed(let waiting) = availability(.applyReview, year: 2027, [rec(.apply, .pending)]) else { return XCTFail() }
        XCTAssertTrue(waiting.contains("尚未审核完成"))
        XCTAssertEqual(availability(.applyReview, year: 2027, [rec(.apply, .rejected), rec(.applyReview, .pending)]), .filed(.pending))
    }

    func testFirstConfirmationAfterTheApplicationOrItsReview() {
        XCTAssertEqual(availability(.first, year: 2027, [rec(.apply, .approved)]), .open)
        // §8: "如果当年进行的复核，复核通过之后，当年可以填报第一次在职在岗确认信息" — the same year, no clock move.
        XCTAssertEqual(availability(.first, year: 2027, [rec(.apply, .rejected), rec(.applyReview, .approved)]), .open)
        XCTAssertNotEqual(availability(.first, year: 2026, [rec(.apply, .approved)]), .open)
        XCTAssertNotEqual(availability(.first, year: 2028, [rec(.apply, .approved)]), .open)
        guard case .closed(let pending) = availability(.first, year: 2027, [rec(.apply, .rejected), rec(.applyReview, .pending)]) else { return XCTFail() }
        XCTAssertTrue(pending.contains("尚未审核通过"))
        guard case .closed(let ended) = availability(.first, year: 2027, [rec(.apply, .rejected), rec(.applyReview, .rejected)]) else { return XCTFail() }
        XCTAssertTrue(ended.contains("复核未通过"))
        guard case .closed(let hint) = availability(.first, year: 2027, [rec(.apply, .rejected)]) else { return XCTFail() }
        XCTAssertTrue(hint.contains("可在复核时间内填报基层就业复核"))
        guard case .closed(let never) = availability(.first, year: 2027, []) else { return XCTFail() }
        XCTAssertTrue(never.contains("需先通过基层就业申请"))
    }

    func testFirstConfirmationReview() {
        let firstRejected = [rec(.apply, .approved), rec(.first, .rejected)]
        XCTAssertEqual(availability(.firstReview, year: 2028, firstRejected), .open)
        XCTAssertNotEqual(availability(.firstReview, year: 2027, firstRejected), .open)
        XCTAssertNotEqual(availability(.firstReview, year: 2029, firstRejected), .open)
        XCTAssertNotEqual(availability(.firstReview, year: 2028, [rec(.apply, .approved), rec(.first, .approved)]), .open)
    }

    func testSecondConfirmation() {
        XCTAssertEqual(availability(.second, year: 2028, [rec(.apply, .approved), rec(.first, .approved)]), .open)
        // §9/§10: a first-confirmation 复核 passed this year opens the second confirmation this year.
        XCTAssertEqual(availability(.second, year: 2028, [rec(.apply, .approved), rec(.first, .rejected), rec(.firstReview, .approved)]), .open)
        XCTAssertNotEqual(availability(.second, year: 2029, [rec(.apply, .approved), rec(.first, .approved)]), .open)
        XCTAssertNotEqual(availability(.second, year: 2027, [rec(.apply, .approved), rec(.first, .approved)]), .open)
        XCTAssertNotEqual(availability(.second, year: 2028, [rec(.apply, .approved)]), .open)
        XCTAssertNotEqual(availability(.second, year: 2028, [rec(.apply, .approved), rec(.first, .rejected), rec(.firstReview, .rejected)]), .open)
    }

    func testSecondConfirmationReview() {
        let secondRejected = [rec(.apply, .approved), rec(.first, .approved), rec(.second, .rejected)]
        XCTAssertEqual(availability(.secondReview, year: 2029, secondRejected), .open)
        XCTAssertNotEqual(availability(.secondReview, year: 2028, secondRejected), .open)
        XCTAssertNotEqual(availability(.secondReview, year: 2030, secondRejected), .open)
        XCTAssertEqual(availability(.secondReview, year: 2029, secondRejected + [rec(.secondReview, .approved)]), .filed(.approved))
    }

    func testLegacyImportedStagesOpenTheNextCase() {
        // Review D10: a graduate of 2022 whose application and first confirmation passed in the
        // predecessor system files the second confirmation in 2024.
        let legacy = [R.Record(stage: .apply, year: 2022, outcome: .approved), R.Record(stage: .first, year: 2023, outcome: .approved)]
        XCTAssertEqual(R.availability(of: .second, applicationYear: 2022, year: 2024, records: legacy), .open)
        XCTAssertEqual(R.availability(of: .first, applicationYear: 2022, year: 2023, records: legacy), .filed(.approved))
    }

    func testWindows() {
        XCTAssertEqual(R.business(of: .apply), .grassrootsApply)
        XCTAssertEqual(R.business(of: .applyReview), .grassrootsReview)
        XCTAssertEqual(R.business(of: .first), .onDutyFirst)
        XCTAssertEqual(R.business(of: .firstReview), .onDutyFirst)
        XCTAssertEqual(R.business(of: .second), .onDutySecond)
        XCTAssertEqual(R.business(of: .secondReview), .onDutySecond)
    }

    func testStageLabels() {
        XCTAssertEqual(GrassrootsStage.apply.startLabel, "立即申请")
        XCTAssertEqual(GrassrootsStage.applyReview.doneLabel, "已申请")
        XCTAssertEqual(GrassrootsStage.first.startLabel, "立即填报")
        XCTAssertEqual(GrassrootsStage.secondReview.doneLabel, "已填报")
        XCTAssertEqual(GrassrootsStage.firstReview.reviewed, .first)
        XCTAssertEqual(GrassrootsStage.second.review, .secondReview)
        XCTAssertEqual(GrassrootsStage.allCases.map(\.installment), [1, 1, 2, 2, 3, 3])
    }
}

final class GrassrootsEligibilityTests: XCTestCase {
    typealias E = GrassrootsEligibility

    func testThreeCasesOfSeed000() {
        XCTAssertEqual(E.check(.init(studentsListGraduationYear: 2026), currentYear: 2026), .eligible(.freshGraduate))
        XCTAssertEqual(E.check(.init(studentsListGraduationYear: 2027), currentYear: 2026), .ineligible)
        XCTAssertEqual(E.check(.init(inGraduatesList: true, supplementYear: 2026), currentYear: 2026), .eligible(.supplement))
        XCTAssertEqual(E.check(.init(inGraduatesList: true), currentYear: 2026), .ineligible)
        XCTAssertEqual(E.check(.init(supplementYear: 2026), currentYear: 2026), .ineligible)
        // Not hard-coded to 2022 (review D10): any year's legacy list entry with a passed application.
        XCTAssertEqual(E.check(.init(legacyPassed: [.apply, .first]), currentYear: 2026), .eligible(.legacy))
        XCTAssertEqual(E.check(.init(legacyPassed: [.applyReview]), currentYear: 2030), .eligible(.legacy))
        XCTAssertEqual(E.check(.init(), currentYear: 2026), .ineligible)
        XCTAssertTrue(E.failureText.contains("补录库"))
    }
}

final class GrassrootsAmountTests: XCTestCase {
    typealias A = GrassrootsAmount

    func testCapsByYear() {
        XCTAssertEqual(A.cap(year: 2026, stage: .undergraduate), 2_000_000)
        XCTAssertEqual(A.cap(year: 2026, stage: .graduate), 2_500_000)
        XCTAssertEqual(A.cap(year: 2020, stage: .undergraduate), 1_200_000)
        XCTAssertEqual(A.cap(year: 2016, stage: .graduate), 1_200_000)
        XCTAssertNil(A.cap(year: 2010, stage: .graduate))
    }

    func testTuitionCappedPerYearAndCountedOverTheStandardYears() {
        let years = [A.StudyYear(number: 1, tuitionPaid: 500_000), A.StudyYear(number: 2, tuitionPaid: 2_600_000),
                     A.StudyYear(number: 3, tuitionPaid: 500_000), A.StudyYear(number: 4, tuitionPaid: 500_000),
                     A.StudyYear(number: 5, tuitionPaid: 500_000)]
        let result = A.total(mode: .tuition, years: years, standardYears: 4, cap: 2_000_000)
        XCTAssertEqual(result.total, 500_000 * 3 + 2_000_000)
        XCTAssertEqual(result.lines.count, 4, "the fifth year is beyond the 学制")
        XCTAssertEqual(result.lines[1].note, "超过每学年上限，按上限计")
    }

    func testLoanNeverMoreThanTuitionPaid() {
        let years = [A.StudyYear(number: 1, tuitionPaid: 500_000, loanForTuition: 800_000), A.StudyYear(number: 2, tuitionPaid: 500_000, loanForTuition: 300_000)]
        let result = A.total(mode: .loan, years: years, standardYears: 4, cap: 2_000_000)
        XCTAssertEqual(result.total, 800_000)
        XCTAssertEqual(result.lines[0].counted, 500_000)
        XCTAssertEqual(A.total(mode: .tuition, years: years, standardYears: 4, cap: 2_000_000).total, 1_000_000)
    }

    func testInstallmentsSumToTheTotal() {
        XCTAssertEqual(A.installments(1_000_000), [333_333, 333_333, 333_334])
        XCTAssertEqual(A.installments(900), [300, 300, 300])
        XCTAssertEqual(A.installments(0), [0, 0, 0])
        for total: Int64 in [1, 2, 7, 1_999_999, 10_000_000] { XCTAssertEqual(A.installments(total).reduce(0, +), total) }
    }

    func testFenParsingIsRangeChecked() {
        XCTAssertEqual(Money.fen("5000"), 500_000)
        XCTAssertEqual(Money.fen("5000.5"), 500_050)
        XCTAssertEqual(Money.fen(" 0.05 "), 5)
        XCTAssertNil(Money.fen("5000."))
        XCTAssertNil(Money.fen("-1"))
        XCTAssertNil(Money.fen("1e5"))
        XCTAssertNil(Money.fen("99999999999999999999"))
        XCTAssertNil(Money.fen("1000000.01"))
        XCTAssertEqual(Money.yuan(2_000_000), "20000.00")
        XCTAssertEqual(Money.yuan(333_334), "3333.34")
        XCTAssertEqual(Money.yuan(5), "0.05")
    }
}

final class BankCardTests: XCTestCase {
    func testLengthDigitsAndBank() {
        guard case .success(let ok) = BankCard.check(number: "6222 0202 0000 0000 000", bank: "中国工商银行") else { return XCTFail() }
        XCTAssertEqual(ok.number, "6222020200000000000")
        guard case .failure(let short) = BankCard.check(number: "622202020000", bank: "") else { return XCTFail() }
        XCTAssertEqual(short.number, .length)
        XCTAssertEqual(short.bank, .bankMissing)
        guard case .failure(let letters) = BankCard.check(number: "6222abcd00000000", bank: "建行") else { return XCTFail() }
        XCTAssertEqual(letters.number, .notDigits)
    }

    func testLuhnIsAWarningOnly() {
        // 4111111111111111 passes Luhn; changing the last digit fails it, and both are accepted.
        guard case .success(let valid) = BankCard.check(number: "4111111111111111", bank: "某银行") else { return XCTFail() }
        XCTAssertFalse(valid.luhnWarning)
        guard case .success(let warned) = BankCard.check(number: "4111111111111112", bank: "某银行") else { return XCTFail() }
        XCTAssertTrue(warned.luhnWarning)
        XCTAssertEqual(BankCard.masked("6222020200000001234"), "6222 **** **** 1234")
    }
}
