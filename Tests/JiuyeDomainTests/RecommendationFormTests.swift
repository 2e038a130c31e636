import JiuyeDomain
import XCTest

/// 推荐表注册 (seed 003 §3.3): fields, limits, 暂存 / 保存并送审, review states and the A4 print.
final class RecommendationFormTests: XCTestCase {
    typealias Field = RecommendationForm.Field

    let valid: [Field: String] = [
        .educationLevel: "本科生毕业", .name: "测试账号3", .gender: "男", .ethnicity: "汉族", .birthMonth: "1999-07",
        .maritalStatus: "未婚", .sourceRegion: "重庆市沙坪坝区", .photo: "upload-42",
        .college: "公共管理学院", .className: "测试班级", .major: "测试专业", .studentNo: "456", .enrolment: "2017-09-01",
        .graduation: "2021-06", .foreignLanguage: "CET-6", .computerSkill: "全国计算机等级考试二级",
        .address: "重庆市沙坪坝区沙正街174号", .postcode: "400044", .email: "a@example.com", .phone: "13912345678",
        .experience: "2017年-2021年，重庆大学，测试专业\n2019年-2020年，学生会，部长",
        .awards: "2018.05，优秀共青团员，共青团重庆大学委员会",
        .selfRecommendation: "性格开朗，善于沟通。",
    ]

    func problems(_ data: [Field: String], stage: RecommendationForm.Stage = .submission) -> [Field: String] {
        switch RecommendationForm.check(data, stage: stage) {
        case .success: [:]
        case .failure(let problems): problems.messages
        }
    }

    func testFieldsFollowTheManualsFormOrder() {
        XCTAssertEqual(Field.allCases.map(\.label), [
            "学历", "姓名", "性别", "民族", "出生年月", "婚姻状况", "生源地区", "相片",
            "所在学院", "班级", "主修专业", "学号", "第二专业", "外语水平", "计算机水平", "入学时间", "毕业时间",
            "联系地址", "邮政编码", "电子信箱", "联系电话", "个人经历", "获奖情况", "毕业生自我推荐",
        ])
        XCTAssertEqual(RecommendationForm.Section.allCases.map(\.label), ["基本情况", "教育背景", "联系方式", "个人经历", "获奖情况", "毕业生自我推荐"])
        XCTAssertEqual(Field.birthMonth.hint, "请按如下格式填写“1995-07”")
        XCTAssertTrue(RecommendationForm.Section.experience.instruction!.contains("限填4行"))
    }

    func testSubmissionNeedsTheStarredFieldsOnly() {
        XCTAssertEqual(problems(valid), [:])
        let empty = problems([:])
        XCTAssertEqual(empty, [.birthMonth: "请填写出生年月。", .address: "请填写联系地址。", .postcode: "请填写邮政编码。"])
        XCTAssertEqual(problems([:], stage: .draft), [:], "暂存 keeps an unfinished form")
    }

    func testDraftStillEnforcesLimitsAndFormats() {
        XCTAssertEqual(Set(problems([.postcode: "4000", .birthMonth: "1999-13"], stage: .draft).keys), [.postcode, .birthMonth])
    }

    func testBirthMonthIsYearDashMonth() throws {
        var data = valid
        data[.birthMonth] = "1999-13"
        XCTAssertEqual(problems(data)[.birthMonth], "出生年月请按“1995-07”的格式填写年份和月份（月份为 01–12）。")
        for typed in ["1999-7", "1999.07", "1999/07", "1999年7月", "１９９９－０７"] {
            data[.birthMonth] = typed
            XCTAssertEqual(try RecommendationForm.check(data, stage: .submission).get()[.birthMonth], "1999-07", typed)
        }
        for typed in ["99-07", "1999", "1999-00", "July 1999", "1999-07-32"] {
            data[.birthMonth] = typed
            XCTAssertNotNil(problems(data)[.birthMonth], typed)
        }
        data[.birthMonth] = "2010-01"
        XCTAssertTrue(problems(data)[.birthMonth]!.contains("不足 15 年"), "a birth month next to the graduation")
    }

    func testRecordDatesAreStoredAsYearMonth() throws {
        let form = try RecommendationForm.check(valid, stage: .submission).get()
        XCTAssertEqual(form[.enrolment], "2017-09")
        var data = valid
        data[.graduation] = "2017-06"
        XCTAssertEqual(problems(data)[.graduation], "毕业时间应晚于入学时间，请核对。")
    }

    func testExperienceAndAwardsAreLimitedToFourLines() throws {
        var data = valid
        data[.experience] = (1...5).map { "201\($0)年，某单位，职务" }.joined(separator: "\n")
        XCTAssertEqual(problems(data)[.experience], "个人经历限填 4 行，您填写了 5 行，请合并或删减后再保存（每一阶段写一行）。")
        data[.experience] = (1...4).map { "201\($0)年，某单位，职务" }.joined(separator: "\r\n\r\n") + "\n\n"
        XCTAssertEqual(problems(data), [:], "blank lines do not count")
        XCTAssertEqual(try RecommendationForm.check(data, stage: .submission).get()[.experience].split(separator: "\n").count, 4)
        data[.awards] = "2018.05，" + String(repeating: "奖", count: 40)
        XCTAssertTrue(problems(data)[.awards]!.contains("第 1 行超过 40 个字"))
    }

    func testSelfRecommendationIsAtMost300Characters() {
        var data = valid
        data[.selfRecommendation] = String(repeating: "我", count: 300)
        XCTAssertEqual(problems(data), [:])
        data[.selfRecommendation] = String(repeating: "我", count: 301)
        XCTAssertEqual(problems(data)[.selfRecommendation], "毕业生自我推荐限 300 字以内，您填写了 301 字，请删减 1 字。")
        data[.selfRecommendation] = String(repeating: "我", count: 150) + "\n" + String(repeating: "我", count: 150)
        XCTAssertEqual(problems(data), [:], "line breaks are not counted")
        data[.selfRecommendation] = (1...11).map { _ in "短段落" }.joined(separator: "\n")
        XCTAssertTrue(problems(data)[.selfRecommendation]!.contains("分段过多"))
    }

    func testContactFieldsAndChoices() {
        var data = valid
        data[.email] = "a@"
        data[.phone] = "123"
        data[.maritalStatus] = "保密"
        data[.address] = String(repeating: "路", count: 51)
        let found = problems(data)
        XCTAssertEqual(found[.email], "电子信箱格式不正确，请检查后重新输入，例如 name@example.com。")
        XCTAssertTrue(found[.phone]!.hasPrefix("联系电话"))
        XCTAssertEqual(found[.maritalStatus], "请从列表中选择婚姻状况。")
        XCTAssertTrue(found[.address]!.contains("联系地址不能超过 50 个字"))
    }

    func testMissingPhotoIsAReminderNotABlock() throws {
        var data = valid
        data[.photo] = nil
        let form = try RecommendationForm.check(data, stage: .submission).get()
        XCTAssertFalse(form.hasPhoto)
        XCTAssertTrue(form.notes.contains { $0.contains("相片") })
        XCTAssertTrue(try RecommendationForm.check(valid, stage: .submission).get().notes.isEmpty)
    }

    func testAFormAtEveryLimitFitsOneA4Page() throws {
        var data = valid
        let line = String(repeating: "经", count: RecommendationForm.blockLineWidth)
        data[.experience] = Array(repeating: line, count: 4).joined(separator: "\n")
        data[.awards] = Array(repeating: line, count: 4).joined(separator: "\n")
        data[.selfRecommendation] = (1...10).map { _ in String(repeating: "我", count: 30) }.joined(separator: "\n")
        let estimate = try RecommendationForm.check(data, stage: .submission).get().printEstimate
        XCTAssertEqual(estimate.experienceLines, 4)
        XCTAssertEqual(estimate.selfRecommendationLines, 10)
        XCTAssertEqual(estimate.totalLines, 43)
        XCTAssertTrue(estimate.fitsOnePage)
    }

    func testPrintLinesWrapAtTheBlockWidth() {
        let lines = RecommendationForm.printLines(String(repeating: "字", count: 85) + "\n\n短")
        XCTAssertEqual(lines.map(\.count), [40, 40, 5, 1])
        XCTAssertEqual(RecommendationForm.printLines(""), [])
    }

    func testOnlyAnApprovedFormPrintsAndSendingStartsANewReview() {
        XCTAssertEqual(RecommendationStatus.allCases.map(\.label), ["未提交", "待审核", "审核已通过", "审核未通过"])
        XCTAssertTrue(RecommendationStatus.approved.canPrint)
        XCTAssertFalse(RecommendationStatus.submitted.canPrint)
        XCTAssertFalse(RecommendationStatus.submitted.canEdit)
        XCTAssertEqual(RecommendationStatus.approved.afterSaving(.submission), .submitted)
        XCTAssertEqual(RecommendationStatus.draft.afterSaving(.draft), .draft)
        XCTAssertEqual(RecommendationStatus.returned.afterSaving(.submission), .submitted)
    }
}
