/// 就业问答 (seed 003 §1.3 在线问答): a student asks, the employment office answers, and the
/// answered question is public (without the asker). Assumptions: a question's title 4–60
/// characters, its text up to 1,000, an answer 2–2,000.
public enum Question {
    public static func check(title raw: String, body rawBody: String) -> Result<(title: String, body: String), JobPosting.Problems> {
        var problems: [JobPosting.Problem] = []
        let title = JobPosting.collapsed(raw.trimmingCharacters(in: .whitespacesAndNewlines))
        if title.count < 4 || title.count > 60 || TextInput.forbiddenCharacter(in: title) != nil {
            problems.append(.init(field: "title", message: "请用 4 至 60 个字概括你的问题。"))
        }
        let body = lines(rawBody)
        if body.count > 1_000 || TextInput.forbiddenCharacter(in: body.replacingOccurrences(of: "\n", with: "")) != nil {
            problems.append(.init(field: "body", message: "问题说明不超过 1000 字。"))
        }
        return problems.isEmpty ? .success((title, body)) : .failure(.init(list: problems))
    }

    public static func checkAnswer(_ raw: String) -> Result<String, JobPosting.Problem> {
        let answer = lines(raw)
        guard answer.count >= 2, answer.count <= 2_000, TextInput.forbiddenCharacter(in: answer.replacingOccurrences(of: "\n", with: "")) == nil else {
            return .failure(.init(field: "answer", message: "请填写回答（2 至 2000 字）。"))
        }
        return .success(answer)
    }

    /// Line breaks as "\n", trimmed.
    static func lines(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
