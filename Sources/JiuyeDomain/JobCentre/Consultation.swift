/// 咨询预约 (seed 003 §1.3 and §2.2 就业服务): counselors and the employment office publish
/// one-to-one consultation times; a student books one, says what it is about, and may cancel.
///
/// Assumptions (the manuals name the function only): a time lasts 15 to 120 minutes and is
/// published at most 90 days ahead; a counselor publishes up to 8 consecutive times at once and
/// never two that overlap; a student holds at most 3 upcoming consultations, never two at the
/// same time, and cancels up to 1 hour before the start.
public enum Consultation {
    public static let topics = ["求职指导", "简历修改", "面试技巧", "生涯规划", "升学深造", "创业指导", "就业手续", "心理调适"]
    public static let minutesRange = 15...120
    public static let maximumBatch = 8
    public static let maximumDaysAhead = 90
    public static let maximumUpcomingPerStudent = 3
    public static let cancelNotice: Int64 = 3_600

    /// One published time: [startsAt, endsAt) in epoch seconds, and where.
    public struct Slot: Sendable, Equatable {
        public let startsAt: Int64
        public let endsAt: Int64
        public let place: String
    }

    /// The counselor's form: the first start, the length in minutes, how many consecutive times
    /// and the place. `startsAt` is the parsed time (nil when not a time).
    public static func checkSlots(_ form: [String: String], startsAt: Int64?, now: Int64) -> Result<[Slot], JobPosting.Problems> {
        var problems: [JobPosting.Problem] = []
        func text(_ key: String) -> String { (form[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        if let startsAt {
            if startsAt <= now || startsAt > now + Int64(maximumDaysAhead) * 86_400 {
                problems.append(.init(field: "starts_at", message: "开始时间须在现在之后、\(maximumDaysAhead) 天以内。"))
            }
        } else {
            problems.append(.init(field: "starts_at", message: "请选择开始时间。"))
        }
        let minutes = RequestNumber.parse(text("minutes"), in: minutesRange)
        if minutes == nil {
            problems.append(.init(field: "minutes", message: "每次咨询时长为 \(minutesRange.lowerBound) 至 \(minutesRange.upperBound) 分钟。"))
        }
        let count = text("count").isEmpty ? 1 : RequestNumber.parse(text("count"), in: 1...maximumBatch)
        if count == nil {
            problems.append(.init(field: "count", message: "一次可发布 1 至 \(maximumBatch) 个连续时段。"))
        }
        let place = JobPosting.collapsed(text("place"))
        if place.count < 2 || place.count > 60 || TextInput.forbiddenCharacter(in: place) != nil {
            problems.append(.init(field: "place", message: "请填写咨询地点（2 至 60 个字，线上咨询可填会议号）。"))
        }
        guard problems.isEmpty, let startsAt, let minutes, let count else { return .failure(.init(list: problems)) }
        let length = Int64(minutes) * 60
        return .success((0..<count).map { index in
            let start = startsAt + Int64(index) * length
            return Slot(startsAt: start, endsAt: start + length, place: place)
        })
    }

    /// The student's booking: a topic from the list and an optional note of up to 200 characters.
    public static func checkBooking(topic rawTopic: String, note rawNote: String) -> Result<(topic: String, note: String), JobPosting.Problems> {
        var problems: [JobPosting.Problem] = []
        let topic = rawTopic.trimmingCharacters(in: .whitespaces)
        if !topics.contains(topic) { problems.append(.init(field: "topic", message: "请选择咨询主题。")) }
        let note = Question.lines(rawNote)
        if note.count > 200 || TextInput.forbiddenCharacter(in: note.replacingOccurrences(of: "\n", with: "")) != nil {
            problems.append(.init(field: "note", message: "想咨询的问题不超过 200 字。"))
        }
        return problems.isEmpty ? .success((topic, note)) : .failure(.init(list: problems))
    }

    /// Two half-open intervals share time.
    public static func overlap(_ a: (start: Int64, end: Int64), _ b: (start: Int64, end: Int64)) -> Bool {
        a.start < b.end && b.start < a.end
    }

    /// Booking is open until the time starts.
    public static func bookable(startsAt: Int64, now: Int64) -> Bool { now < startsAt }

    /// A student cancels up to an hour before the start.
    public static func cancellable(startsAt: Int64, now: Int64) -> Bool { now <= startsAt - cancelNotice }
}
