import JiuyeDomain
import XCTest

/// 就业调查: the header, the builder's questions and a student's answers.
final class SurveyTests: XCTestCase {
    func testTheHeader() {
        func fields(_ form: [String: String]) -> [String] {
            if case .failure(let problems) = Survey.checkHeader(form, today: "2026-12-05", lastDay: "2027-12-06") { return problems.list.map(\.field) }
            return []
        }
        XCTAssertEqual(fields(["title": "2027届毕业生求职意向调查", "closes_on": "2026-12-31"]), [])
        XCTAssertEqual(fields(["title": "调查", "closes_on": "2026-12-31"]), ["title"])
        XCTAssertEqual(fields(["title": "2027届毕业生求职意向调查", "closes_on": "2026-12-05"]), [], "closing today is allowed")
        XCTAssertEqual(fields(["title": "2027届毕业生求职意向调查", "closes_on": "2026-12-04"]), ["closes_on"])
        XCTAssertEqual(fields(["title": "2027届毕业生求职意向调查", "closes_on": "2027-12-07"]), ["closes_on"])
        XCTAssertEqual(fields(["title": "2027届毕业生求职意向调查", "closes_on": "2027-02-30"]), ["closes_on"], "no such day")
        XCTAssertEqual(fields(["title": "2027届毕业生求职意向调查", "closes_on": "99999999999-01-01"]), ["closes_on"])
        XCTAssertEqual(fields(["title": "2027届毕业生求职意向调查", "closes_on": "2026-12-31", "intro": String(repeating: "说", count: 1_001)]), ["intro"])
    }

    func testQuestions() throws {
        let single = try Survey.checkQuestion(kind: "单选", text: " 你目前的就业状态 ", options: "已签约\r\n\n 求职中 \n升学\n").get()
        XCTAssertEqual(single, Survey.Question(kind: .single, text: "你目前的就业状态", options: ["已签约", "求职中", "升学"]))
        let text = try Survey.checkQuestion(kind: "填空", text: "对就业服务的建议", options: "被忽略").get()
        XCTAssertEqual(text.options, [], "a fill-in has no options")
        func fields(_ kind: String, _ text: String, _ options: String) -> [String] {
            if case .failure(let problems) = Survey.checkQuestion(kind: kind, text: text, options: options) { return problems.list.map(\.field) }
            return []
        }
        XCTAssertEqual(fields("判断", "你目前的就业状态", "是\n否"), ["kind"])
        XCTAssertEqual(fields("多选", "你", "a\nb"), ["text"])
        XCTAssertEqual(fields("多选", "你关注哪些行业", "互联网"), ["options"], "at least two")
        XCTAssertEqual(fields("多选", "你关注哪些行业", (1...11).map { "行业\($0)" }.joined(separator: "\n")), ["options"], "at most ten")
        XCTAssertEqual(fields("多选", "你关注哪些行业", "互联网\n互联网"), ["options"], "no repeats")
        XCTAssertEqual(fields("多选", "你关注哪些行业", "互联网\n" + String(repeating: "长", count: 41)), ["options"])
    }

    func testAnswers() throws {
        let questions = [
            Survey.Question(kind: .single, text: "就业状态", options: ["已签约", "求职中", "升学"]),
            Survey.Question(kind: .multiple, text: "关注行业", options: ["互联网", "制造业", "教育", "金融"]),
            Survey.Question(kind: .text, text: "建议", options: []),
        ]
        let answers = try Survey.answers(questions, form: ["q1": ["1"], "q2": ["3", "0", "3"], "q3": [" 多办招聘会 "]]).get()
        XCTAssertEqual(answers, [.choices([1]), .choices([0, 3]), .text("多办招聘会")], "repeats folded, sorted")
        XCTAssertEqual(try Survey.answers(questions, form: ["q1": ["0"], "q2": ["2"]]).get().last, .blank, "a fill-in may stay empty")
        func fields(_ form: [String: [String]]) -> [String] {
            if case .failure(let problems) = Survey.answers(questions, form: form) { return problems.list.map(\.field) }
            return []
        }
        XCTAssertEqual(fields([:]), ["q1", "q2"], "choices are required")
        XCTAssertEqual(fields(["q1": ["3"], "q2": ["0"]]), ["q1"], "no such option")
        XCTAssertEqual(fields(["q1": ["0", "1"], "q2": ["0"]]), ["q1"], "one choice only")
        XCTAssertEqual(fields(["q1": ["-1"], "q2": ["x"]]), ["q1", "q2"])
        XCTAssertEqual(fields(["q1": ["99999999999999999999"], "q2": ["0"]]), ["q1"], "refused, not trapped")
        XCTAssertEqual(fields(["q1": ["0"], "q2": ["0"], "q3": [String(repeating: "字", count: 501)]]), ["q3"])
        if case .failure(let problems) = Survey.answers(questions, form: ["q2": ["0"]]) {
            XCTAssertEqual(problems.list.first?.message, "请回答第 1 题。")
        } else { XCTFail() }
    }

    func testShares() {
        XCTAssertEqual(Survey.share(1, of: 3), "33.3%")
        XCTAssertEqual(Survey.share(3, of: 8), "37.5%")
        XCTAssertEqual(Survey.share(2, of: 2), "100%")
        XCTAssertEqual(Survey.share(0, of: 0), "0%")
    }
}
