import XCTest
@testable import JiuyeDomain

/// 网上签约 (seed 003 §3.4): who may sign, the mode-1 invitation and its 签约考虑期, one agreement
/// at a time, the 协议书编号, and the four-step bar with its scan.
final class SigningRulesTests: XCTestCase {
    /// Midnight in Beijing at the start of `date`, as epoch seconds.
    static func beijingMidnight(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
        Int64(CivilDate(year: year, month: month, day: day)!.daysSince1970) * 86_400 - 8 * 3600
    }

    static func date(_ year: Int, _ month: Int, _ day: Int) -> CivilDate { CivilDate(year: year, month: month, day: day)! }

    func candidate(_ level: EducationLevel = .bachelor, _ studyType: String = "全日制", _ mode: String = "非定向",
                   archive: String? = nil, recommended: Bool = false) -> SigningCandidate {
        SigningCandidate(level: level, studyType: studyType, trainingMode: mode, archiveAtSchool: archive, recommendedForAdmission: recommended)
    }

    // MARK: - 签约权限

    func testFullTimeUndirectedGraduatesOfEveryLevelMaySign() {
        for level in EducationLevel.allCases {
            XCTAssertEqual(SigningEligibility.evaluate(candidate(level)), .eligible, level.label)
        }
        XCTAssertEqual(SigningEligibility.evaluate(candidate(.bachelor, "普通全日制", "非定向培养")), .eligible)
    }

    func testDirectedAndCommissionedGraduatesCannotSign() {
        XCTAssertEqual(SigningEligibility.evaluate(candidate(.master, "全日制", "定向")), .ineligible(.directedTraining(.directed)))
        XCTAssertEqual(SigningEligibility.evaluate(candidate(.bachelor, "全日制", "委托培养")), .ineligible(.directedTraining(.commissioned)))
        // 定向 wins even with archives at school and part-time.
        XCTAssertEqual(SigningEligibility.evaluate(candidate(.doctor, "非全日制", "定向", archive: "是")),
                       .ineligible(.directedTraining(.directed)))
        let message = SigningIneligibility.directedTraining(.directed).message
        XCTAssertTrue(message.contains("定向培养毕业生"), message)
        XCTAssertTrue(message.contains("定向、委培回原单位就业"), message)
    }

    func testRecommendedForPostgraduateAdmissionCannotSign() {
        XCTAssertEqual(SigningEligibility.evaluate(candidate(recommended: true)), .ineligible(.recommendedAdmission))
        XCTAssertTrue(SigningIneligibility.recommendedAdmission.message.contains("就业状态为升学"))
        XCTAssertTrue(SigningIneligibility.recommendedAdmission.message.contains("学校不开放签约权限"))
    }

    func testPartTimeGraduateStudentsSignOnlyWithArchivesAtSchool() {
        XCTAssertEqual(SigningEligibility.evaluate(candidate(.master, "非全日制", "非定向", archive: "是")), .eligible)
        XCTAssertEqual(SigningEligibility.evaluate(candidate(.doctor, "非全日制", "非定向", archive: "Y")), .eligible)
        XCTAssertEqual(SigningEligibility.evaluate(candidate(.master, "非全日制", "非定向", archive: "否")),
                       .ineligible(.partTimeArchivesNotAtSchool))
        XCTAssertEqual(SigningEligibility.evaluate(candidate(.master, "非全日制", "非定向", archive: nil)),
                       .ineligible(.missingRecord("档案是否转入学校")))
        // Archives do not matter for full-time graduates.
        XCTAssertEqual(SigningEligibility.evaluate(candidate(.master, "全日制", "非定向", archive: "否")), .eligible)
    }

    func testPartTimeUndergraduatesCannotSign() {
        XCTAssertEqual(SigningEligibility.evaluate(candidate(.bachelor, "非全日制", "非定向", archive: "是")),
                       .ineligible(.partTimeNotGraduateStudent))
        XCTAssertEqual(SigningEligibility.evaluate(candidate(.junior, "非全日制", "非定向", archive: "是")),
                       .ineligible(.partTimeNotGraduateStudent))
    }

    func testMissingRecordFactsAreRefusedWithWhatToDo() {
        XCTAssertEqual(SigningEligibility.evaluate(SigningCandidate(level: .bachelor, studyType: "全日制", trainingMode: nil)),
                       .ineligible(.missingRecord("培养方式")))
        XCTAssertEqual(SigningEligibility.evaluate(SigningCandidate(level: .bachelor, studyType: " ", trainingMode: "非定向")),
                       .ineligible(.missingRecord("学历类型")))
        XCTAssertEqual(SigningEligibility.evaluate(SigningCandidate(level: nil, studyType: "非全日制", trainingMode: "非定向", archiveAtSchool: "是")),
                       .ineligible(.missingRecord("学历")))
        XCTAssertEqual(SigningEligibility.evaluate(SigningCandidate(level: .bachelor, studyType: "全日制", trainingMode: "自费")),
                       .ineligible(.missingRecord("培养方式")))
        XCTAssertTrue(SigningIneligibility.missingRecord("培养方式").message.contains("请先完成生源信息核对"))
    }

    func testModesHaveTheManualsNames() {
        XCTAssertEqual(SigningMode.online.name, "签约模式一")
        XCTAssertEqual(SigningMode.offline.name, "签约模式二")
        XCTAssertEqual(SigningMode.online.label, "电子签约")
        XCTAssertEqual(SigningMode.offline.label, "纸质签约")
        XCTAssertEqual(SigningMode.online.employmentCategory, "协议就业（电子签约）")
    }

    // MARK: - 发送签约 form

    let today = SigningRulesTests.date(2025, 3, 10)

    func validInvitation() -> [String: String] {
        ["position": " 产品经理 ", "hukou_reception": "不接收", "archive_reception": "不接收", "expires_on": "2025-03-15"]
    }

    func testInvitationFormNormalizesAValidInvitation() throws {
        let terms = try InvitationForm.check(validInvitation(), today: today).get()
        XCTAssertEqual(terms.position, "产品经理")
        XCTAssertNil(terms.otherTerms)
        XCTAssertEqual(terms.hukouReception, .notReceived)
        XCTAssertNil(terms.hukouAddress)
        XCTAssertEqual(terms.expiresOn, Self.date(2025, 3, 15))
        XCTAssertEqual(terms.letter(studentName: "杨海"),
                       "杨海同学，你好！\n我单位拟录用（聘用）你为 产品经理 岗位员工，请于2025年3月15日前反馈，办理网签手续。过期不反馈视为主动放弃。")
    }

    func testInvitationFormRequiresPositionChoicesAndExpiry() {
        guard case .failure(let problems) = InvitationForm.check([:], today: today) else { return XCTFail("accepted an empty form") }
        XCTAssertEqual(problems.errors.map(\.field), ["position", "hukou_reception", "archive_reception", "expires_on"])
        XCTAssertEqual(problems.message(for: "position"), "请填写拟聘用职位。")
        XCTAssertEqual(problems.message(for: "hukou_reception"), "请选择户口接收类型。")
        XCTAssertEqual(problems.message(for: "expires_on"), "请填写应约过期日期。")
    }

    func testReceivingHukouOrArchivesNeedsTheirAddresses() {
        var data = validInvitation()
        data["hukou_reception"] = "接收"
        data["archive_reception"] = "接收"
        data["archive_postcode"] = "4000４4"
        guard case .failure(let problems) = InvitationForm.check(data, today: today) else { return XCTFail("accepted") }
        XCTAssertEqual(problems.errors.map(\.field), ["hukou_address", "archive_unit", "archive_address"])
        data["hukou_address"] = "重庆市沙坪坝区"
        data["archive_unit"] = "某某人才服务中心"
        data["archive_address"] = "重庆市渝中区某路 1 号"
        let terms = try? InvitationForm.check(data, today: today).get()
        XCTAssertEqual(terms?.archivePostcode, "400044", "full-width digits are accepted")
        data["archive_postcode"] = "40004"
        if case .failure(let problems) = InvitationForm.check(data, today: today) {
            XCTAssertEqual(problems.message(for: "archive_postcode"), "档案接收地址邮编应为 6 位数字，请核对后重新填写。")
        }
    }

    func testInvitationFormRefusesUnknownChoicesLongTextsAndControlCharacters() {
        var data = validInvitation()
        data["hukou_reception"] = "托管"
        data["position"] = String(repeating: "职", count: 51)
        data["other_terms"] = "试用期\u{202E}三个月"
        guard case .failure(let problems) = InvitationForm.check(data, today: today) else { return XCTFail("accepted") }
        XCTAssertEqual(problems.message(for: "hukou_reception"), "请从列表中选择户口接收类型（不接收或接收）。")
        XCTAssertEqual(problems.message(for: "position"), "拟聘用职位不能超过 50 字，请精简后重新填写。")
        XCTAssertEqual(problems.message(for: "other_terms"), "其它约定中含有看不见的控制字符（多为复制时带入），请删除后重新输入。")
        XCTAssertEqual(problems.errors.map(\.field), ["position", "other_terms", "hukou_reception"], "in the form's order")
    }

    func testExpiryMustBeAfterTodayAndWithinTheLimit() {
        func expiryProblem(_ text: String) -> String? {
            var data = validInvitation()
            data["expires_on"] = text
            if case .failure(let problems) = InvitationForm.check(data, today: today) { return problems.message(for: "expires_on") }
            return nil
        }
        XCTAssertEqual(expiryProblem("2025-03-10"), "应约过期日期须晚于今天（2025-03-10），请重新选择。")
        XCTAssertEqual(expiryProblem("2025-03-09"), "应约过期日期须晚于今天（2025-03-10），请重新选择。")
        XCTAssertNil(expiryProblem("2025-03-11"))
        XCTAssertNil(expiryProblem("2025-04-09"), "30 days ahead is the limit")
        XCTAssertEqual(expiryProblem("2025-04-10"), "应约过期日期最迟为 30 天后（2025-04-09），请重新选择。")
        XCTAssertEqual(expiryProblem("下周五"), "请按“2025-06-18”的格式填写应约过期日期。")
    }

    // MARK: - 应约状态 and transitions

    let sentAt = SigningRulesTests.beijingMidnight(2025, 3, 10) + 9 * 3600
    var invitation: Invitation { Invitation(expiresOn: Self.date(2025, 3, 15)) }

    func testStatusLabelsAreTheManuals() {
        XCTAssertEqual(InvitationStatus.awaitingReply.label, "单位发起邀约")
        XCTAssertEqual(InvitationStatus.signed.label, "双方达成签约意向")
        XCTAssertEqual(Set(InvitationStatus.allCases.map(\.label)).count, InvitationStatus.allCases.count)
    }

    func testAcceptingSignsAndStartsTheConsiderationPeriod() throws {
        let accepted = try invitation.applying(.accept, now: sentAt).get()
        XCTAssertEqual(accepted.status, .signed)
        XCTAssertEqual(accepted.acceptedAt, sentAt)
        XCTAssertEqual(accepted.statusLabel(now: sentAt + 3600), "双方达成签约意向（签约考虑期至 2025-03-11 09:00）")
        XCTAssertEqual(accepted.statusLabel(now: sentAt + 86_400), "双方达成签约意向")
        XCTAssertEqual(accepted.applying(.accept, now: sentAt + 1), .failure(Refusal(.wrongState, "您已同意签约，无需重复操作。")))
    }

    func testTheExpiryDateItselfIsStillInTime() throws {
        let lastMinute = Self.beijingMidnight(2025, 3, 16) - 60
        XCTAssertEqual(try invitation.applying(.accept, now: lastMinute).get().status, .signed)
        let nextDay = Self.beijingMidnight(2025, 3, 16)
        guard case .failure(let refusal) = invitation.applying(.accept, now: nextDay) else { return XCTFail("accepted after expiry") }
        XCTAssertEqual(refusal.message, "该签约邀请已于 2025-03-15 过期，过期不反馈视为主动放弃。如仍有意向，请联系单位重新发送签约邀请。")
    }

    func testTheJobRunnerExpiresOnlyAfterTheDate() throws {
        XCTAssertEqual(invitation.applying(.expire, now: Self.beijingMidnight(2025, 3, 16) - 1),
                       .failure(Refusal(.wrongState, "该签约邀请的应约过期日期为 2025-03-15，尚未过期。")))
        let expired = try invitation.applying(.expire, now: Self.beijingMidnight(2025, 3, 16)).get()
        XCTAssertEqual(expired.status, .expired)
        XCTAssertEqual(expired.status.label, "已过期")
        XCTAssertNotNil(expired.closedAt)
    }

    func testRefusingAndCancellingCloseAnInvitationAwaitingReply() throws {
        let refused = try invitation.applying(.refuse, now: sentAt).get()
        XCTAssertEqual(refused.status, .refused)
        XCTAssertEqual(refused.applying(.accept, now: sentAt + 1),
                       .failure(Refusal(.wrongState, "该签约邀请已被拒绝。如仍有意向，请联系单位重新发送签约邀请。")))
        let cancelled = try invitation.applying(.cancel, now: sentAt).get()
        XCTAssertEqual(cancelled.status, .cancelled)
        XCTAssertEqual(cancelled.applying(.accept, now: sentAt + 1), .failure(Refusal(.wrongState, "单位已撤回该签约邀请。")))
    }

    func testTheEmployerCannotCancelOnceTheStudentHasAccepted() throws {
        let accepted = try invitation.applying(.accept, now: sentAt).get()
        XCTAssertEqual(accepted.applying(.cancel, now: sentAt + 60),
                       .failure(Refusal(.wrongState, "学生已同意签约，单位不能撤回邀约。如需解除协议，须按学校规定办理解约手续。")))
        XCTAssertEqual(accepted.applying(.refuse, now: sentAt + 60).map(\.status), .failure(Refusal(.wrongState,
            "您已同意签约，签约成功后不能拒绝。签约考虑期内可撤销签约，考虑期结束后如需改签新单位，须办理解约手续。")))
    }

    func testWithdrawalIsAllowedUntilExactlyTwentyFourHours() throws {
        let accepted = try invitation.applying(.accept, now: sentAt).get()
        let justInTime = try accepted.applying(.withdraw, now: sentAt + 86_399).get()
        XCTAssertEqual(justInTime.status, .withdrawn)
        XCTAssertEqual(justInTime.status.label, "学生撤销签约")
        guard case .failure(let late) = accepted.applying(.withdraw, now: sentAt + 86_400) else { return XCTFail("withdrawn at 24 h") }
        XCTAssertEqual(late.message, "签约考虑期（应约后 24 小时）已于 2025-03-11 09:00 结束，协议已生效，不能撤销。如需改签新单位，须办理解约手续。")
    }

    func testCanWithdrawAtTheBoundaryAndWithAnotherPeriod() {
        XCTAssertTrue(SigningConsideration.canWithdraw(acceptedAt: 1_000, now: 1_000))
        XCTAssertTrue(SigningConsideration.canWithdraw(acceptedAt: 1_000, now: 1_000 + 86_399))
        XCTAssertFalse(SigningConsideration.canWithdraw(acceptedAt: 1_000, now: 1_000 + 86_400))
        XCTAssertTrue(SigningConsideration.isBinding(acceptedAt: 1_000, now: 1_000 + 86_400))
        XCTAssertTrue(SigningConsideration.canWithdraw(acceptedAt: 0, now: 47 * 3600, period: 48 * 3600))
        XCTAssertFalse(SigningConsideration.canWithdraw(acceptedAt: 0, now: 3600, period: 3600))
        XCTAssertTrue(SigningConsideration.notice.contains("24 小时签约考虑期"))
    }

    func testWithdrawBeforeAcceptingAndTerminationDuringThePeriodAreRefused() throws {
        XCTAssertEqual(invitation.applying(.withdraw, now: sentAt),
                       .failure(Refusal(.wrongState, "您尚未同意签约，无需撤销；如不同意签约，请选择拒绝。")))
        let accepted = try invitation.applying(.accept, now: sentAt).get()
        guard case .failure(let early) = accepted.applying(.terminate, now: sentAt + 3600) else { return XCTFail("terminated in the period") }
        XCTAssertTrue(early.message.contains("可直接撤销签约，无需办理解约"), early.message)
        let terminated = try accepted.applying(.terminate, now: sentAt + 86_400).get()
        XCTAssertEqual(terminated.status, .terminated)
        XCTAssertEqual(terminated.status.label, "已解约")
        XCTAssertEqual(invitation.applying(.terminate, now: sentAt), .failure(Refusal(.wrongState, "只有已生效的协议才能解约。")))
    }

    // MARK: - One agreement at a time

    let other = HeldAgreement(mode: .online, unitName: "上海萃思软件有限公司", acceptedAt: 0)

    func testAStudentWithABindingAgreementCannotAcceptAnother() {
        let refusal = SigningGate.refusalToAccept(eligibility: .eligible, held: [other], now: 86_400)
        XCTAssertEqual(refusal, Refusal(.wrongState, "您已与「上海萃思软件有限公司」签约，签约成功后不能再与其他单位另行签约。如需改签新单位，须先办理解约手续。"))
        guard case .failure(let viaInvitation) = invitation.accepting(now: sentAt, eligibility: .eligible, held: [other]) else {
            return XCTFail("accepted a second agreement")
        }
        XCTAssertEqual(viaInvitation, refusal)
    }

    func testAStudentInTheConsiderationPeriodCannotAcceptAnother() {
        let considering = HeldAgreement(mode: .online, unitName: "完美数联（北京）科技有限公司", acceptedAt: sentAt)
        let refusal = SigningGate.refusalToAccept(eligibility: .eligible, held: [considering], now: sentAt + 60)
        XCTAssertEqual(refusal?.message, "您已同意与「完美数联（北京）科技有限公司」签约，签约考虑期至 2025-03-11 09:00，不能再应约。如需改签，请先在考虑期内撤销该签约。")
    }

    func testAMode2AgreementBlocksMode1AndTheOtherWayRound() {
        let paper = HeldAgreement(mode: .offline, unitName: "某某公司")
        XCTAssertNotNil(SigningGate.refusalToAccept(eligibility: .eligible, held: [paper], now: 0))
        XCTAssertNotNil(SigningGate.refusalToEnterAgreement(eligibility: .eligible, held: [other], now: 86_400))
        XCTAssertNil(SigningGate.refusalToEnterAgreement(eligibility: .eligible, held: [], now: 0))
        XCTAssertEqual(SigningGate.activeAgreement(in: [HeldAgreement(mode: .online, unitName: "甲", acceptedAt: 100), paper], now: 200), paper,
                       "the binding one is named first")
    }

    func testAcceptingWithNothingHeldSucceedsAndIneligibleStudentsAreRefused() throws {
        XCTAssertEqual(try invitation.accepting(now: sentAt, eligibility: .eligible, held: []).get().status, .signed)
        guard case .failure(let refusal) = invitation.accepting(now: sentAt, eligibility: .ineligible(.recommendedAdmission), held: []) else {
            return XCTFail("a 推免 student accepted")
        }
        XCTAssertEqual(refusal, Refusal(.guardClosed, SigningIneligibility.recommendedAdmission.message))
    }

    func testOnlySignedInvitationsHoldTheStudent() throws {
        XCTAssertNil(HeldAgreement(invitation, unitName: "甲"), "an invitation awaiting reply does not hold")
        let accepted = try invitation.applying(.accept, now: sentAt).get()
        XCTAssertEqual(HeldAgreement(accepted, unitName: "甲"), HeldAgreement(mode: .online, unitName: "甲", acceptedAt: sentAt))
        let withdrawn = try accepted.applying(.withdraw, now: sentAt + 10).get()
        XCTAssertNil(HeldAgreement(withdrawn, unitName: "甲"))
    }

    func testInvitationsToSignedIneligibleOrFromUnverifiedEmployersAreRefused() {
        XCTAssertNil(SigningGate.refusalToInvite(employerVerified: true, eligibility: .eligible, held: []))
        XCTAssertEqual(SigningGate.refusalToInvite(employerVerified: true, eligibility: .eligible, held: [other]),
                       Refusal(.wrongState, "该毕业生已与其他单位签约，不能再发送签约邀请。"))
        XCTAssertEqual(SigningGate.refusalToInvite(employerVerified: true, eligibility: .ineligible(.directedTraining(.directed)), held: []),
                       Refusal(.guardClosed, SigningIneligibility.employerMessage))
        XCTAssertEqual(SigningGate.refusalToInvite(employerVerified: false, eligibility: .eligible, held: [])?.kind, .forbidden)
    }

    // MARK: - 协议书编号

    func testAgreementNumberIsBuiltFromSchoolYearStudentNumberAndSequence() throws {
        let number = try StudentAgreementNumber(schoolCode: "10611", graduationYear: 2025, studentNo: "20211234", sequence: 1)
        XCTAssertEqual(number.value, "1061120252021123401" + "33")
        XCTAssertEqual(number.value.count, 5 + 4 + 8 + 2 + 2)
        let parsed = try StudentAgreementNumber(parsing: " " + number.value + " ")
        XCTAssertEqual(parsed, number)
        XCTAssertEqual(parsed.studentNo, "20211234")
        XCTAssertEqual(parsed.sequence, 1)
        XCTAssertNil(AgreementNumber.problem(AgreementNumber.normalized(number.value)), "the number fits 去向登记's 协议书号 field")
    }

    func testAgreementNumberRejectsAnotherStudentsNumber() throws {
        let mine = try StudentAgreementNumber(schoolCode: "10611", graduationYear: 2025, studentNo: "20211234", sequence: 1)
        XCTAssertEqual(try StudentAgreementNumber.validate(mine.value, studentNo: "20211234", schoolCode: "10611", graduationYear: 2025), mine)
        let theirs = try StudentAgreementNumber(schoolCode: "10611", graduationYear: 2025, studentNo: "20211235", sequence: 1)
        XCTAssertThrowsError(try StudentAgreementNumber.validate(theirs.value, studentNo: "20211234")) { error in
            let message = (error as? ValidationError)?.message ?? ""
            XCTAssertTrue(message.contains("不属于学号为 20211234 的学生"), message)
            XCTAssertTrue(message.contains("不得私自更改、伪造"), message)
        }
        XCTAssertThrowsError(try StudentAgreementNumber.validate(mine.value, studentNo: "20211234", schoolCode: "10612"))
        XCTAssertThrowsError(try StudentAgreementNumber.validate(mine.value, studentNo: "20211234", graduationYear: 2026))
    }

    func testChangingTheStudentNumberPartBreaksTheCheckDigits() throws {
        let number = try StudentAgreementNumber(schoolCode: "10611", graduationYear: 2025, studentNo: "20211234", sequence: 1)
        let forged = number.value.replacingOccurrences(of: "20211234", with: "20211235")
        XCTAssertThrowsError(try StudentAgreementNumber(parsing: forged)) { error in
            XCTAssertEqual((error as? ValidationError)?.message, "协议书编号校验位不正确，请核对后重新输入。")
        }
        var chars = Array(number.value)
        chars.swapAt(10, 11)
        if chars[10] != chars[11] { XCTAssertThrowsError(try StudentAgreementNumber(parsing: String(chars)), "a swap is caught") }
    }

    func testEverySingleCharacterSlipIsCaught() throws {
        let number = try StudentAgreementNumber(schoolCode: "10611", graduationYear: 2025, studentNo: "SY2103-a_7", sequence: 2)
        XCTAssertEqual(number.studentNo, "SY2103-A_7")
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_")
        let chars = Array(number.value)
        for index in chars.indices {
            for replacement in alphabet where replacement != chars[index] {
                var slipped = chars
                slipped[index] = replacement
                XCTAssertThrowsError(try StudentAgreementNumber(parsing: String(slipped)), "\(String(slipped)) passed")
            }
        }
        XCTAssertEqual(try StudentAgreementNumber.validate(number.value.lowercased(), studentNo: "sy2103-a_7"), number)
    }

    func testMalformedAgreementNumbersSayWhatIsWrong() {
        func message(_ text: String) -> String? {
            do { _ = try StudentAgreementNumber(parsing: text); return nil } catch { return error.message }
        }
        XCTAssertEqual(message(""), "请输入协议书编号。")
        XCTAssertEqual(message("10611（2025）"), "协议书编号只能包含数字、字母、“-”和“_”，请按协议书上印制的编号填写。")
        XCTAssertEqual(message("1061120251"), "协议书编号长度不正确，请按协议书上印制的编号填写。")
        XCTAssertEqual(message("AB611202520211234" + "0100"), "协议书编号格式不正确，请按协议书上印制的编号填写。")
    }

    func testIssuingRefusesNumbersThatCannotBeBuilt() {
        XCTAssertThrowsError(try StudentAgreementNumber(schoolCode: "1061", graduationYear: 2025, studentNo: "1", sequence: 1))
        XCTAssertThrowsError(try StudentAgreementNumber(schoolCode: "10611", graduationYear: 2025, studentNo: String(repeating: "1", count: 28), sequence: 1))
        XCTAssertNoThrow(try StudentAgreementNumber(schoolCode: "10611", graduationYear: 2025, studentNo: String(repeating: "1", count: 27), sequence: 1))
        XCTAssertThrowsError(try StudentAgreementNumber(schoolCode: "10611", graduationYear: 2025, studentNo: "学号1", sequence: 1))
        XCTAssertThrowsError(try StudentAgreementNumber(schoolCode: "10611", graduationYear: 2025, studentNo: "1", sequence: 100))
    }

    func testTheSecondAgreementAfterTerminationTakesTheNextSequence() throws {
        XCTAssertEqual(StudentAgreementNumber.nextSequence(after: []), 1)
        let first = try StudentAgreementNumber(schoolCode: "10611", graduationYear: 2025, studentNo: "20211234", sequence: 1)
        XCTAssertEqual(StudentAgreementNumber.nextSequence(after: [first]), 2)
        let last = try StudentAgreementNumber(schoolCode: "10611", graduationYear: 2025, studentNo: "20211234", sequence: 99)
        XCTAssertNil(StudentAgreementNumber.nextSequence(after: [first, last]))
    }

    // MARK: - The four-step bar and the scan

    func testTheBarHasTheManualsFourSteps() {
        XCTAssertEqual(AgreementStep.allCases.map(\.label), ["学生录入签约信息", "学生打印协议书", "学生反馈签约资料", "就业信息审核"])
        XCTAssertEqual(AgreementStep.allCases.prefix(3).map(\.title), ["录入协议书", "下载协议书", "反馈签约材料"])
        XCTAssertEqual(AgreementStep.review.mark, "④")
    }

    func testTheBarFollowsTheAgreementsState() {
        XCTAssertEqual(AgreementProgress.of(.entering).current, .enter)
        XCTAssertEqual(AgreementProgress.of(.generated).current, .print)
        XCTAssertEqual(AgreementProgress.of(.downloaded).current, .feedback)
        XCTAssertEqual(AgreementProgress.of(.review(.inReview(step: 1))).current, .review)
        XCTAssertEqual(AgreementProgress.of(.review(.returned(reentry: 1))).current, .feedback, "a returned scan is uploaded again")
        let done = AgreementProgress.of(.review(.approved))
        XCTAssertTrue(done.finished)
        XCTAssertEqual(done.items.map(\.state), [.done, .done, .done, .done])
        XCTAssertEqual(AgreementProgress.of(.generated).items.map(\.state), [.done, .current, .upcoming, .upcoming])
    }

    func testTheScanHasTheManualsThreeRequirements() {
        XCTAssertEqual(AgreementScan.requirements.count, 3)
        XCTAssertTrue(AgreementScan.requirements[0].contains("加盖单位公章(或劳动合同专用章)"))
        XCTAssertTrue(AgreementScan.requirements[1].contains("否则不予审核"))
        XCTAssertTrue(AgreementScan.requirements[2].contains("边距规整、字体清晰"))
    }
}

private extension Error {
    var message: String { (self as? ValidationError)?.message ?? "\(self)" }
}
