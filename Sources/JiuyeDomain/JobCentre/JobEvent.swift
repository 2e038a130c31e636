/// 一键预约活动 (seed 003 §2.3 1)): a 宣讲会, 招聘会 or 讲座 the school holds, with a venue, a time
/// and a number of seats; students book up to the seats and get an 入场券 with a 签到码 that
/// staff check at the door.
public struct JobEvent: Sendable, Equatable {
    public enum Kind: String, CaseIterable, Sendable {
        case talk = "宣讲会"
        case fair = "招聘会"
        case lecture = "讲座"

        public var label: String { rawValue }
    }

    /// Assumptions (the manual gives none): up to 20,000 seats; an event lasts at most 24 hours
    /// and is announced at most a year ahead.
    public static let maximumCapacity = 20_000

    public let kind: Kind
    public let title: String
    public let venue: String
    /// Epoch seconds.
    public let startsAt: Int64
    public let endsAt: Int64
    public let capacity: Int
    public let description: String

    public init(kind: Kind, title: String, venue: String, startsAt: Int64, endsAt: Int64, capacity: Int, description: String) {
        (self.kind, self.title, self.venue, self.startsAt, self.endsAt, self.capacity, self.description) = (kind, title, venue, startsAt, endsAt, capacity, description)
    }

    /// The form checked. `startsAt`/`endsAt` are the parsed times (nil when the text was not a
    /// time); `now` the clock. One Chinese sentence per field.
    public static func check(_ form: [String: String], startsAt: Int64?, endsAt: Int64?, now: Int64) -> Result<JobEvent, JobPosting.Problems> {
        var problems: [JobPosting.Problem] = []
        func text(_ key: String) -> String { (form[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        let kind = Kind(rawValue: text("kind"))
        if kind == nil { problems.append(.init(field: "kind", message: "请选择活动类型。")) }
        let title = JobPosting.collapsed(text("title"))
        if title.count < 2 || title.count > 60 || TextInput.forbiddenCharacter(in: title) != nil {
            problems.append(.init(field: "title", message: "请填写活动名称（2 至 60 个字）。"))
        }
        let venue = JobPosting.collapsed(text("venue"))
        if venue.count < 2 || venue.count > 60 || TextInput.forbiddenCharacter(in: venue) != nil {
            problems.append(.init(field: "venue", message: "请填写活动地点（2 至 60 个字）。"))
        }
        if let startsAt {
            if startsAt <= now || startsAt > now + 366 * 86_400 { problems.append(.init(field: "starts_at", message: "开始时间须在现在之后、一年以内。")) }
        } else {
            problems.append(.init(field: "starts_at", message: "请选择开始时间。"))
        }
        if let endsAt, let startsAt {
            if endsAt <= startsAt || endsAt - startsAt > 86_400 { problems.append(.init(field: "ends_at", message: "结束时间须晚于开始时间，且活动不超过 24 小时。")) }
        } else if endsAt == nil {
            problems.append(.init(field: "ends_at", message: "请选择结束时间。"))
        }
        let seats = text("capacity")
        let capacity = !seats.isEmpty && seats.utf8.count <= 5 && seats.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) ? Int(seats) : nil
        if capacity == nil || capacity! < 1 || capacity! > maximumCapacity {
            problems.append(.init(field: "capacity", message: "请填写可预约人数（1 至 \(maximumCapacity) 人）。"))
        }
        let description = text("description").replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        if description.count > 2_000 || TextInput.forbiddenCharacter(in: description.replacingOccurrences(of: "\n", with: "")) != nil {
            problems.append(.init(field: "description", message: "活动介绍不超过 2000 字。"))
        }
        guard problems.isEmpty, let kind, let startsAt, let endsAt, let capacity else { return .failure(.init(list: problems)) }
        return .success(JobEvent(kind: kind, title: title, venue: venue, startsAt: startsAt, endsAt: endsAt, capacity: capacity, description: description))
    }

    /// Booking is open until the event starts.
    public static func bookingOpen(startsAt: Int64, now: Int64) -> Bool { now < startsAt }
}

/// 签到码: eight characters from an alphabet without look-alikes (no 0/O, 1/I/L), as printed on
/// the 入场券 and typed at the door in any case, with spaces or hyphens.
public enum TicketCode {
    public static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    public static let length = 8

    /// A new code from `generator`.
    public static func make<G: RandomNumberGenerator>(using generator: inout G) -> String {
        String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// The code as stored, or nil when the text cannot be one.
    public static func normalise(_ text: String) -> String? {
        let cleaned = text.uppercased().filter { $0 != " " && $0 != "-" && $0 != "　" }
        guard cleaned.count == length, cleaned.allSatisfy({ alphabet.contains($0) }) else { return nil }
        return cleaned
    }

    /// "ABCD-EFGH", easier to read aloud.
    public static func display(_ code: String) -> String {
        guard code.count == length else { return code }
        return String(code.prefix(4)) + "-" + String(code.suffix(4))
    }
}
