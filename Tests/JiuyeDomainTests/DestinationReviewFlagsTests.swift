import XCTest
@testable import JiuyeDomain

private func digest(_ character: Character) -> String { String(repeating: character, count: 64) }

/// 审核提示 (modules review C14, C20).
final class DestinationReviewFlagsTests: XCTestCase {
    private func kinds(_ facts: DestinationReviewFacts, burst: DestinationEntryBurstThresholds = .standard) -> [DestinationReviewFlagKind] {
        DestinationReviewFlags.compute(facts, burst: burst).map(\.kind)
    }

    // MARK: 同一证明材料

    func testEvidenceSharedWithOtherStudentsIsFlaggedOncePerStudent() {
        let facts = DestinationReviewFacts(student: 1, category: "11", evidenceHashes: [digest("A"), " \(digest("b")) "], others: [
            DestinationReviewOther(student: 2, evidenceHashes: [digest("a")]),
            DestinationReviewOther(student: 2, evidenceHashes: [digest("b")]),
            DestinationReviewOther(student: 3, evidenceHashes: [digest("c"), digest("a")]),
            DestinationReviewOther(student: 1, evidenceHashes: [digest("b")]),  // the graduate's own other case
            DestinationReviewOther(student: 4, evidenceHashes: [digest("d")]),
        ])
        XCTAssertEqual(DestinationReviewFlags.compute(facts), [DestinationReviewFlag(kind: .sharedEvidence, explanation:
            "本记录的证明材料与另外 2 名毕业生去向登记中的材料是同一文件（SHA-256 相同）。每名毕业生应提交本人的证明材料，请核实材料是否属于本人。")])
    }

    func testOnlyRealDigestsAreCompared() {
        for hash in ["", "xyz", digest("g"), String(repeating: "a", count: 63)] {
            let facts = DestinationReviewFacts(student: 1, category: "11", evidenceHashes: [hash],
                                               others: [DestinationReviewOther(student: 2, evidenceHashes: [hash])])
            XCTAssertEqual(kinds(facts), [], hash)
        }
        XCTAssertEqual(kinds(DestinationReviewFacts(student: 1, category: "11", evidenceHashes: [digest("e")],
                                                    others: [DestinationReviewOther(student: 2, evidenceHashes: [digest("f")])])), [])
    }

    // MARK: 协议书号 (C20: per province and year)

    func testAnAgreementNumberUsedByAnotherRecordOfTheSameProvinceAndYearIsFlagged() throws {
        let key = try XCTUnwrap(AgreementNumber.uniquenessKey("皖就协2025-001", province: "340000", year: 2025))
        let sameWrittenOtherwise = try XCTUnwrap(AgreementNumber.uniquenessKey(" 皖就协2025001 ", province: "340000", year: 2025))
        XCTAssertEqual(key, sameWrittenOtherwise)
        let facts = DestinationReviewFacts(student: 1, category: "10", agreementKey: key,
                                           others: [DestinationReviewOther(student: 2, agreementKey: sameWrittenOtherwise)])
        XCTAssertEqual(DestinationReviewFlags.compute(facts), [DestinationReviewFlag(kind: .reusedAgreementNumber, explanation:
            "协议书号在同一省份、同一年度已被另外 1 条去向登记使用。每份就业协议书只能登记一名毕业生，请核对协议书原件上的编号。")])
    }

    func testTheSameAgreementNumberInAnotherProvinceOrYearIsNotFlagged() {
        let key = AgreementNumber.uniquenessKey("皖就协2025-001", province: "340000", year: 2025)
        let otherProvince = AgreementNumber.uniquenessKey("皖就协2025-001", province: "500000", year: 2025)
        let otherYear = AgreementNumber.uniquenessKey("皖就协2025-001", province: "340000", year: 2026)
        let facts = DestinationReviewFacts(student: 1, category: "10", agreementKey: key, others: [
            DestinationReviewOther(student: 2, agreementKey: otherProvince),
            DestinationReviewOther(student: 3, agreementKey: otherYear),
            DestinationReviewOther(student: 4),
        ])
        XCTAssertEqual(kinds(facts), [])
        let empty = DestinationReviewFacts(student: 1, category: "10", agreementKey: "", others: [DestinationReviewOther(student: 2, agreementKey: "")])
        XCTAssertEqual(kinds(empty), [])
    }

    // MARK: 单位联系人手机

    func testAContactMobileEqualToTheStudentsOwnPhoneIsFlagged() {
        let facts = DestinationReviewFacts(student: 1, category: "11", studentPhone: "13800001001", contactMobile: "+86 138-0000-1001")
        XCTAssertEqual(DestinationReviewFlags.compute(facts), [DestinationReviewFlag(kind: .contactIsOwnPhone, explanation:
            "单位联系人手机与毕业生本人的手机号相同。请核实单位联系人信息，必要时通过单位公开的联系电话核实录用情况。")])
        XCTAssertEqual(kinds(DestinationReviewFacts(student: 1, category: "11", studentPhone: "13800001001", contactMobile: "13800001002")), [])
        XCTAssertEqual(kinds(DestinationReviewFacts(student: 1, category: "11", studentPhone: "13800001001")), [])
        XCTAssertEqual(kinds(DestinationReviewFacts(student: 1, category: "11", studentPhone: "", contactMobile: "")), [])
        XCTAssertEqual(kinds(DestinationReviewFacts(student: 1, category: "11", studentPhone: "023-6510 2000", contactMobile: "02365102000")),
                       [.contactIsOwnPhone])
    }

    func testAContactMobileSharedByStudentsOfOtherUnitsIsFlagged() {
        let mobile = "13900000000"
        let facts = DestinationReviewFacts(student: 1, category: "11", unitName: "重庆示范科技（北京）有限公司", contactMobile: mobile, others: [
            DestinationReviewOther(student: 2, unitName: "重庆示范科技 (北京)有限公司", contactMobile: mobile),  // the same unit
            DestinationReviewOther(student: 3, unitName: "重庆某某人力资源有限公司", contactMobile: "139 0000 0000"),
            DestinationReviewOther(student: 4, unitName: "重庆某某人力资源有限公司", contactMobile: mobile),
            DestinationReviewOther(student: 1, unitName: "另一家公司", contactMobile: mobile),  // the graduate's own other case
            DestinationReviewOther(student: 5, unitName: "", contactMobile: mobile),
            DestinationReviewOther(student: 6, unitName: "别的公司", contactMobile: "13900000001"),
        ])
        XCTAssertEqual(DestinationReviewFlags.compute(facts), [DestinationReviewFlag(kind: .contactSharedAcrossUnits, explanation:
            "单位联系人手机也是其他单位毕业生登记的联系人手机（“重庆某某人力资源有限公司”）。同一手机号对应不同单位，请核实联系人及单位信息是否真实。")])
    }

    func testManyUnitsSharingAContactMobileAreSummarised() {
        let others = ["甲公司", "乙公司", "丙公司", "丁公司"].enumerated().map { index, unit in
            DestinationReviewOther(student: Int64(index + 2), unitName: unit, contactMobile: "13900000000")
        }
        let facts = DestinationReviewFacts(student: 1, category: "11", unitName: "戊公司", contactMobile: "13900000000", others: others)
        XCTAssertEqual(DestinationReviewFlags.compute(facts).first?.explanation,
                       "单位联系人手机也是其他单位毕业生登记的联系人手机（“甲公司”、“乙公司”、“丙公司”等 4 家单位）。同一手机号对应不同单位，请核实联系人及单位信息是否真实。")
    }

    // MARK: 人才服务、人才交流、劳务派遣

    func testAnAgreementWithATalentCentreOrLabourDispatcherIsFlagged() {
        XCTAssertEqual(DestinationReviewFlags.compute(DestinationReviewFacts(student: 1, category: "10", unitName: "重庆市人才交流服务中心")),
                       [DestinationReviewFlag(kind: .staffingAgencyUnit, explanation:
                           "单位名称含“人才交流”，毕业去向为签就业协议形式就业（10）。“四不准”规定不准以户档托管为由劝说毕业生签订虚假就业协议，请核实毕业生是否实际在该单位工作，而非仅由其托管档案或户口。")])
        XCTAssertEqual(DestinationReviewFlags.compute(DestinationReviewFacts(student: 1, category: "10", unitName: "某某人才服务劳务派遣有限公司")).first?.explanation,
                       "单位名称含“人才服务”“劳务派遣”，毕业去向为签就业协议形式就业（10）。“四不准”规定不准以户档托管为由劝说毕业生签订虚假就业协议，请核实毕业生是否实际在该单位工作，而非仅由其托管档案或户口。")
        XCTAssertEqual(kinds(DestinationReviewFacts(student: 1, category: "10", unitName: "重庆 人才 服务中心")), [.staffingAgencyUnit])
    }

    func testOnlyCode10IsCheckedForTalentCentres() {
        XCTAssertEqual(kinds(DestinationReviewFacts(student: 1, category: "11", unitName: "重庆市人才服务中心")), [])
        XCTAssertEqual(kinds(DestinationReviewFacts(student: 1, category: "10", unitName: "重庆示范科技有限公司")), [])
    }

    // MARK: 实习、见习

    func testEvidenceDescribedAsInternshipOrTraineeshipIsFlagged() {
        XCTAssertEqual(DestinationReviewFlags.compute(DestinationReviewFacts(student: 1, category: "12", texts: ["聘用证明", "顶岗实习鉴定表"])),
                       [DestinationReviewFlag(kind: .internshipEvidence, explanation:
                           "证明材料说明或备注中出现“实习”（“顶岗实习鉴定表”）。“四不准”规定不准将毕业生顶岗实习、见习证明材料作为就业证明材料，就业见习属于待就业，请核实材料是否为正式录用的证明。")])
        XCTAssertEqual(DestinationReviewFlags.compute(DestinationReviewFacts(student: 1, category: "11", texts: ["就业见习协议", "实习"])).first?.explanation,
                       "证明材料说明或备注中出现“实习”“见习”（“就业见习协议”）。“四不准”规定不准将毕业生顶岗实习、见习证明材料作为就业证明材料，就业见习属于待就业，请核实材料是否为正式录用的证明。")
    }

    func testALongTextIsShortenedInTheExplanation() {
        let text = "见习" + String(repeating: "甲", count: 48)
        let explanation = DestinationReviewFlags.compute(DestinationReviewFacts(student: 1, category: "76", texts: [text])).first?.explanation
        XCTAssertEqual(explanation?.contains("（“见习" + String(repeating: "甲", count: 38) + "…”）"), true)
    }

    func testInternshipWordsOnAnUnplacedRecordAreNotFlagged() {
        XCTAssertEqual(kinds(DestinationReviewFacts(student: 1, category: "70", texts: ["参加就业见习"])), [])
        XCTAssertEqual(kinds(DestinationReviewFacts(student: 1, category: "72", texts: ["实习结束"])), [])
        XCTAssertEqual(kinds(DestinationReviewFacts(student: 1, category: "999", texts: ["实习"])), [.internshipEvidence])
        XCTAssertEqual(kinds(DestinationReviewFacts(student: 1, category: "11", texts: ["劳动合同"])), [])
    }

    // MARK: 临近截止集中代录

    let deadline: Int64 = 1_756_656_000
    let tight = DestinationEntryBurstThresholds(entries: 5, windowSeconds: 600, beforeDeadlineSeconds: 86_400)!

    private func entered(at time: Int64, others: [Int64], deadline: Int64? = nil) -> DestinationReviewFacts {
        DestinationReviewFacts(student: 1, category: "11",
                               staffEntry: DestinationStaffEntry(enteredAt: time, deadline: deadline ?? self.deadline, sameStaffEntries: others))
    }

    func testABurstOfStaffEntriesBeforeTheDeadlineIsFlagged() {
        let others = [deadline - 3000, deadline - 2900, deadline - 2800, deadline - 2700]
        XCTAssertEqual(DestinationReviewFlags.compute(entered(at: deadline - 2600, others: others), burst: tight),
                       [DestinationReviewFlag(kind: .staffEntryBurst, explanation:
                           "本记录由工作人员代录：截止前 1 天内，同一工作人员在 10 分钟内代录了 5 条去向登记（提示阈值为 5 条）。请逐条核对证明材料，并确认毕业生本人已确认。")])
        // The record's own time may or may not be among the staff member's entries.
        XCTAssertEqual(kinds(entered(at: deadline - 2600, others: others + [deadline - 2600]), burst: tight), [.staffEntryBurst])
        XCTAssertEqual(kinds(entered(at: deadline - 2600, others: Array(others.dropFirst())), burst: tight), [])
    }

    func testEntriesSpreadOutOrElsewhereDoNotMakeABurst() {
        let spread = [deadline - 3000, deadline - 2400, deadline - 1800, deadline - 1200]
        XCTAssertEqual(kinds(entered(at: deadline - 600, others: spread), burst: tight), [])
        let earlierBurst = [deadline - 50_000, deadline - 49_900, deadline - 49_800, deadline - 49_700, deadline - 49_600]
        XCTAssertEqual(kinds(entered(at: deadline - 100, others: earlierBurst), burst: tight), [])
        XCTAssertEqual(kinds(entered(at: deadline - 49_650, others: earlierBurst), burst: tight), [.staffEntryBurst])
    }

    func testABurstOutsideThePeriodBeforeTheDeadlineIsNotFlagged() {
        let time = deadline - 2 * 86_400
        let others = [time - 400, time - 300, time - 200, time - 100]
        XCTAssertEqual(kinds(entered(at: time, others: others), burst: tight), [])
        XCTAssertEqual(kinds(entered(at: deadline + 100, others: [deadline + 10, deadline + 20, deadline + 30, deadline + 40]), burst: tight), [])
        XCTAssertEqual(kinds(DestinationReviewFacts(student: 1, category: "11"), burst: tight), [])
    }

    func testExtremeTimesNeverTrap() {
        let two = DestinationEntryBurstThresholds(entries: 2, windowSeconds: 600, beforeDeadlineSeconds: 86_400)!
        XCTAssertEqual(kinds(entered(at: Int64.min, others: [Int64.min, Int64.max], deadline: Int64.max), burst: two), [])
        let explanation = DestinationReviewFlags.compute(entered(at: Int64.max - 10, others: [Int64.min, Int64.max, Int64.max - 5], deadline: Int64.max), burst: two).first?.explanation
        XCTAssertEqual(explanation?.contains("同一工作人员在 10 分钟内代录了 3 条去向登记（提示阈值为 2 条）"), true)
    }

    func testBurstThresholdsAreBounded() {
        let standard = DestinationEntryBurstThresholds.standard
        XCTAssertEqual([standard.entries, Int(standard.windowSeconds), Int(standard.beforeDeadlineSeconds)], [20, 3_600, 259_200])
        XCTAssertNil(DestinationEntryBurstThresholds(entries: 1, windowSeconds: 600, beforeDeadlineSeconds: 86_400))
        XCTAssertNil(DestinationEntryBurstThresholds(entries: 5, windowSeconds: 59, beforeDeadlineSeconds: 86_400))
        XCTAssertNil(DestinationEntryBurstThresholds(entries: 5, windowSeconds: 600, beforeDeadlineSeconds: 0))
        XCTAssertNil(DestinationEntryBurstThresholds(entries: 5, windowSeconds: 600, beforeDeadlineSeconds: 367 * 86_400))
        XCTAssertEqual(DestinationReviewFlags.duration(3 * 86_400), "3 天")
        XCTAssertEqual(DestinationReviewFlags.duration(7_200), "2 小时")
        XCTAssertEqual(DestinationReviewFlags.duration(5_400), "90 分钟")
        XCTAssertEqual(DestinationReviewFlags.duration(45), "45 秒")
    }

    // MARK: Clearing

    func testFlagsComeInOrderAndEachMustBeClearedBeforeApproval() {
        let facts = DestinationReviewFacts(student: 1, category: "10", unitName: "某某人才服务中心",
                                           studentPhone: "13800001001", contactMobile: "13800001001")
        let flags = DestinationReviewFlags.compute(facts)
        XCTAssertEqual(flags.map(\.kind), [.contactIsOwnPhone, .staffingAgencyUnit])
        XCTAssertEqual(flags.map(\.label), ["联系人手机为本人手机", "人才服务或劳务派遣机构"])
        XCTAssertEqual(DestinationReviewFlags.approvalRefusal(flags, cleared: []),
                       "还有 2 项审核提示未核实：联系人手机为本人手机、人才服务或劳务派遣机构。请逐项核实并标记“已核实”后再审核通过。")
        XCTAssertEqual(DestinationReviewFlags.uncleared(flags, cleared: [.contactIsOwnPhone]).map(\.kind), [.staffingAgencyUnit])
        XCTAssertEqual(DestinationReviewFlags.approvalRefusal(flags, cleared: [.contactIsOwnPhone]),
                       "还有 1 项审核提示未核实：人才服务或劳务派遣机构。请逐项核实并标记“已核实”后再审核通过。")
        XCTAssertNil(DestinationReviewFlags.approvalRefusal(flags, cleared: [.contactIsOwnPhone, .staffingAgencyUnit]))
    }

    func testACleanRecordRaisesNothing() {
        let facts = DestinationReviewFacts(student: 1, category: "11", unitName: "重庆示范科技有限公司", studentPhone: "13800001001",
                                           contactMobile: "13900000000", evidenceHashes: [digest("a")], texts: ["劳动合同"])
        XCTAssertEqual(DestinationReviewFlags.compute(facts), [])
        XCTAssertNil(DestinationReviewFlags.approvalRefusal([], cleared: []))
    }

    func testFlagKindsHaveStableKeysAndDistinctLabels() {
        XCTAssertEqual(DestinationReviewFlagKind.allCases.map(\.rawValue),
                       ["shared-evidence", "reused-agreement-number", "contact-is-own-phone", "contact-shared-across-units",
                        "staffing-agency-unit", "internship-evidence", "staff-entry-burst"])
        XCTAssertEqual(Set(DestinationReviewFlagKind.allCases.map(\.label)).count, DestinationReviewFlagKind.allCases.count)
        XCTAssertEqual(DestinationReviewFlagKind.staffEntryBurst.label, "临近截止集中代录")
    }
}
