/// 就业调查 (seed 003 §1.3 问卷调查, §2.2 就业服务): the employment office builds a questionnaire
/// of single-choice, multiple-choice and fill-in questions, publishes it to its students until a
/// closing day, each student answers once, and the office reads the results as charts and exports
/// them.
///
/// Assumptions (the manual names the function only): a questionnaire has 1 to 30 questions; a
/// choice question 2 to 10 options of up to 40 characters each, and must be answered; a fill-in
/// answer is optional and up to 500 characters; a questionnaire is open at most a year; answers
/// are anonymous to staff (results and export carry no names, only how many answered).
public enum Survey {
    public enum Kind: String, CaseIterable, Sendable {
        case single = "单选"
        case multiple = "多选"
        case text = "填空"

        public var label: String { rawValue + "题" }
        public var hasOptions: Bool { self != .text }
    }

    public static let maximumQuestions = 30
    public static let optionRange = 2...10
    public static let maximumTextAnswer = 500

    public struct Header: Sendable, Equatable {
        public let title: String
        public let intro: String
        /// "yyyy-MM-dd", the last day answers are taken (China time).
        public let closesOn: String
    }

    public struct Question: Sendable, Equatable {
        public let kind: Kind
        public let text: String
        public let options: [String]

        public init(kind: Kind, text: String, options: [String]) {
            (self.kind, self.text, self.options) = (kind, text, options)
        }
    }

    /// The questionnaire's title, introduction and closing day; `today` and `lastDay` are
    /// "yyyy-MM-dd" (the latest closing day allowed).
    public static func checkHeader(_ form: [String: String], today: String, lastDay: String) -> Result<Header, JobPosting.Problems> {
        var problems: [JobPosting.Problem] = []
        let title = JobPosting.collapsed((form["title"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        if title.count < 4 || title.count > 60 || TextInput.forbiddenCharacter(in: title) != nil {
            problems.append(.init(field: "title", message: "请填写问卷标题（4 至 60 个字）。"))
        }
        let intro = JiuyeDomain.Question.lines(form["intro"] ?? "")
        if intro.count > 1_000 || TextInput.forbiddenCharacter(in: intro.replacingOccurrences(of: "\n", with: "")) != nil {
            problems.append(.init(field: "intro", message: "问卷说明不超过 1000 字。"))
        }
        let closes = CivilDate.parse((form["closes_on"] ?? "").trimmingCharacters(in: .whitespaces))?.description
        if closes == nil || closes! < today || closes! > lastDay {
            problems.append(.init(field: "closes_on", message: "截止日期须在今天至 \(lastDay) 之间。"))
        }
        guard problems.isEmpty, let closes else { return .failure(.init(list: problems)) }
        return .success(Header(title: title, intro: intro, closesOn: closes))
    }

    /// One question from the builder's form: its kind, its text and, for a choice question, its
    /// options one per line (blank lines ignored).
    public static func checkQuestion(kind rawKind: String, text rawText: String, options rawOptions: String) -> Result<Question, JobPosting.Problems> {
        var problems: [JobPosting.Problem] = []
        let kind = Kind(rawValue: rawKind.trimmingCharacters(in: .whitespaces))
        if kind == nil { problems.append(.init(field: "kind", message: "请选择题型。")) }
        let text = JobPosting.collapsed(rawText.trimmingCharacters(in: .whitespacesAndNewlines))
        if text.count < 2 || text.count > 100 || TextInput.forbiddenCharacter(in: text) != nil {
            problems.append(.init(field: "text", message: "请填写题目（2 至 100 个字）。"))
        }
        var options: [String] = []
        if kind?.hasOptions == true {
            options = JiuyeDomain.Question.lines(rawOptions).split(separator: "\n").map { JobPosting.collapsed($0.trimmingCharacters(in: .whitespaces)) }.filter { !$0.isEmpty }
            if !optionRange.contains(options.count) {
                problems.append(.init(field: "options", message: "选择题须有 \(optionRange.lowerBound) 至 \(optionRange.upperBound) 个选项，每行一个。"))
            } else if options.contains(where: { $0.count > 40 || TextInput.forbiddenCharacter(in: $0) != nil }) {
                problems.append(.init(field: "options", message: "每个选项不超过 40 个字。"))
            } else if Set(options).count != options.count {
                problems.append(.init(field: "options", message: "选项不能重复。"))
            }
        }
        guard problems.isEmpty, let kind else { return .failure(.init(list: problems)) }
        return .success(Question(kind: kind, text: text, options: options))
    }

    /// A student's answer to one question.
    public enum Answer: Sendable, Equatable {
        case choices([Int])
        case text(String)
        case blank
    }

    /// The student's form read against the questions, in order: field "q<n>" for the n-th
    /// question (from 1), one value for a single choice (the option's index from 0), any number
    /// for a multiple choice, the text for a fill-in. Every choice question must be answered;
    /// an index out of range or not a number is refused, never trusted.
    public static func answers(_ questions: [Question], form: [String: [String]]) -> Result<[Answer], JobPosting.Problems> {
        var problems: [JobPosting.Problem] = []
        var answers: [Answer] = []
        for (index, question) in questions.enumerated() {
            let field = "q\(index + 1)"
            let values = form[field] ?? []
            switch question.kind {
            case .single, .multiple:
                let last = question.options.count - 1
                let picked = values.map { last < 0 ? nil : RequestNumber.parse($0, in: 0...last) }
                if picked.contains(where: { $0 == nil }) || (question.kind == .single && picked.count > 1) {
                    problems.append(.init(field: field, message: "第 \(index + 1) 题的选择无效，请重新选择。"))
                } else if picked.isEmpty {
                    problems.append(.init(field: field, message: "请回答第 \(index + 1) 题。"))
                } else {
                    answers.append(.choices(Array(Set(picked.compactMap { $0 })).sorted()))
                }
            case .text:
                let text = JiuyeDomain.Question.lines(values.first ?? "")
                if values.count > 1 || text.count > maximumTextAnswer || TextInput.forbiddenCharacter(in: text.replacingOccurrences(of: "\n", with: "")) != nil {
                    problems.append(.init(field: field, message: "第 \(index + 1) 题不超过 \(maximumTextAnswer) 字。"))
                } else {
                    answers.append(text.isEmpty ? .blank : .text(text))
                }
            }
        }
        return problems.isEmpty ? .success(answers) : .failure(.init(list: problems))
    }

    /// The share of `count` in `total` as a percentage with one decimal ("37.5%"); "0%" of none.
    public static func share(_ count: Int, of total: Int) -> String {
        guard total > 0, count >= 0 else { return "0%" }
        let tenths = (count * 1_000 + total / 2) / total
        return tenths % 10 == 0 ? "\(tenths / 10)%" : "\(tenths / 10).\(tenths % 10)%"
    }
}
