import Foundation
import JiuyeDomain
import JiuyeJobCentre
import JiuyePlatform
import Fluent
import SQLKit
import Vapor

/// `jiuye seed-bench-jobcentre`: the 就业网 for `bench/jobcentre`, on a database prepared by
/// `seed-bench` (its school and graduates):
///
/// - 40 units, each with published postings (default 2,000 in all, deadlines 60 days ahead,
///   spread over categories, counties and pay);
/// - notices in every column (default 300, already published), and 20 upcoming events this month;
/// - the benchmark event 「大型双选会（压测）」 with `seats` seats, tomorrow;
/// - a session for each of the first `students` graduates (as logging in would make one).
///
/// The output file has `EVENT <id>` on its first line, then one session cookie value per line.
/// With `--count-event <id>` it only prints that event's seats, booked count and tickets.
package enum BenchJobCentre {
    package static func run(_ app: Application, postings: Int, notices: Int, students: Int, seats: Int, output: String) async throws {
        let started = Date()
        guard let school = try await app.db.sql.select().column("id").from("schools").where("code", .equal, SQLBind(BenchSeed.schoolCode)).first()?
            .decode(column: "id", as: Int64.self) else {
            throw Abort(.badRequest, reason: "run `jiuye seed-bench --students \(students)` first")
        }
        if try await app.db.sql.raw("SELECT id FROM job_events WHERE title = '大型双选会（压测）'").first() != nil {
            throw Abort(.conflict, reason: "seed-bench-jobcentre: already seeded (use a fresh database)")
        }
        let now = app.clock.now()
        let today = ChinaTime.date(now)
        let deadline = CivilDate.parse(today)!.adding(days: 60)!.description
        let creator = try await app.db.sql.raw("SELECT MIN(user_id) AS id FROM students WHERE school_id = \(bind: school)").first()!.decode(column: "id", as: Int64.self)
        let counties = ["500106", "500103", "500105", "500107", "500108", "500112", "110105", "310115", "440305", "510107"]
        let categories = DestinationForm.positions.map(\.code)
        let titles = ["软件开发工程师", "数据分析师", "产品经理", "机械设计工程师", "会计", "市场专员", "人力资源专员", "电气工程师", "测试工程师", "教师"]
        let (eventID, graduates): (Int64, [Int64]) = try await app.db.writeTransaction { db in
            var units = BulkInsert("units", ["name", "credit_code", "county_code", "status", "created_at"])
            for index in 0..<40 {
                units.append([.text("基准招聘单位\(index + 1)有限公司"), .text("91500106JC" + String(format: "%08d", index + 1)), .text(counties[index % counties.count]),
                              .text("approved"), .int(now)])
            }
            try await units.flush(on: db)
            let unitIDs = try await db.sql.raw("SELECT id FROM units WHERE credit_code LIKE '91500106JC%' ORDER BY id").all().map { try $0.decode(column: "id", as: Int64.self) }
            var rows = BulkInsert("job_postings", ["unit_id", "school_id", "title", "category_code", "county_code", "salary_min", "salary_max", "education", "majors",
                                                   "headcount", "deadline", "description", "state", "created_by", "created_at", "updated_at", "reviewed_by", "reviewed_at",
                                                   "published_at"])
            for index in 0..<postings {
                let at = now - Int64(postings - index) * 60
                let low = Int64(4_000 + (index % 12) * 1_000)
                rows.append([.int(unitIDs[index % unitIDs.count]), .int(school), .text(titles[index % titles.count]), .text(categories[index % categories.count]),
                             .text(counties[index % counties.count]), .int(low), .int(low + 3_000), .text(JobPosting.educations[index % JobPosting.educations.count]),
                             .text(index % 3 == 0 ? "计算机类" : ""), .int(Int64(1 + index % 20)), .text(deadline), .text("岗位职责：负责相关工作。任职要求：\(today) 届毕业生。"),
                             .text(JobPosting.State.published.rawValue), .int(creator), .int(at), .int(at), .int(creator), .int(at), .int(at)])
                if rows.count >= 400 { try await rows.flush(on: db) }
            }
            try await rows.flush(on: db)
            var articles = BulkInsert("notices", ["school_id", "category", "title", "body", "summary", "pinned", "publish_at", "created_by", "created_at"])
            let columns = Notice.Category.allCases
            for index in 0..<notices {
                let at = now - Int64(notices - index) * 3_600
                let category = columns[index % columns.count]
                articles.append([.int(school), .text(category.rawValue), .text("\(category.label)第\(index + 1)期"), .text("<p>关于就业工作的说明第\(index + 1)期。</p>"),
                                 .text("关于就业工作的说明第\(index + 1)期。"), .bool(index % 50 == 0), .int(at), .int(creator), .int(at)])
                if articles.count >= 400 { try await articles.flush(on: db) }
            }
            try await articles.flush(on: db)
            var events = BulkInsert("job_events", ["school_id", "kind", "title", "venue", "starts_at", "ends_at", "capacity", "booked", "description", "created_by", "created_at"])
            for index in 0..<20 {
                let starts = now + Int64(index + 2) * 86_400 / 2
                events.append([.int(school), .text(JobEvent.Kind.allCases[index % 3].rawValue), .text("基准单位\(index + 1)专场宣讲会"), .text("学术报告厅"),
                               .int(starts), .int(starts + 7_200), .int(200), .int(0), .text("欢迎参加。"), .int(creator), .int(now)])
            }
            events.append([.int(school), .text(JobEvent.Kind.fair.rawValue), .text("大型双选会（压测）"), .text("体育馆"), .int(now + 86_400), .int(now + 86_400 + 14_400),
                           .int(Int64(seats)), .int(0), .text("百家单位进校招聘。"), .int(creator), .int(now)])
            try await events.flush(on: db)
            let event = try await db.sql.raw("SELECT id FROM job_events WHERE title = '大型双选会（压测）'").first()!.decode(column: "id", as: Int64.self)
            let graduates = try await db.sql.raw("SELECT user_id FROM students WHERE school_id = \(bind: school) ORDER BY user_id LIMIT \(bind: students)").all()
                .map { try $0.decode(column: "user_id", as: Int64.self) }
            return (event, graduates)
        }
        var lines = ["EVENT \(eventID)"]
        for user in graduates {
            lines.append(try await SessionStore.create(userID: user, ip: "127.0.0.1", userAgent: "bench", now: now, on: app.db))
        }
        try lines.joined(separator: "\n").appending("\n").write(toFile: output, atomically: true, encoding: .utf8)
        print(String(format: "seed-bench-jobcentre: %d postings, %d notices, 21 events (one of %d seats), %d sessions in %.1f s",
                     postings, notices, seats, graduates.count, Date().timeIntervalSince(started)))
    }

    package static func count(_ app: Application, event: Int64) async throws {
        let row = try await app.db.sql.raw("""
            SELECT capacity, booked, (SELECT COUNT(*) FROM event_tickets WHERE event_id = \(bind: event)) AS tickets,
                   (SELECT COUNT(DISTINCT student_id) FROM event_tickets WHERE event_id = \(bind: event)) AS holders
            FROM job_events WHERE id = \(bind: event)
            """).first()
        guard let row else { throw Abort(.notFound, reason: "no event \(event)") }
        print("seats \(try row.decode(column: "capacity", as: Int.self)) booked \(try row.decode(column: "booked", as: Int.self)) tickets \(try row.decode(column: "tickets", as: Int.self)) holders \(try row.decode(column: "holders", as: Int.self))")
    }
}

package struct SeedBenchJobCentreCommand: AsyncCommand {
    package struct Signature: CommandSignature {
        package init() {}
        @Option(name: "postings", help: "Published postings (default 2000)")
        package var postings: Int?
        @Option(name: "notices", help: "Published notices (default 300)")
        package var notices: Int?
        @Option(name: "students", help: "Graduates given a session (default 2000)")
        package var students: Int?
        @Option(name: "seats", help: "Seats of the benchmark event (default 500)")
        package var seats: Int?
        @Option(name: "output", help: "File for the event id and the session cookies")
        package var output: String?
        @Option(name: "count-event", help: "Only print this event's seats, booked count and tickets")
        package var countEvent: Int?
    }

    package var help: String { "Seeds the 就业网 benchmark (postings, notices, events, sessions) or counts an event's tickets." }

    package func run(using context: CommandContext, signature: Signature) async throws {
        if let event = signature.countEvent {
            try await BenchJobCentre.count(context.application, event: Int64(max(0, event)))
            return
        }
        try await BenchJobCentre.run(context.application, postings: min(max(signature.postings ?? 2_000, 1), 100_000),
                                     notices: min(max(signature.notices ?? 300, 1), 10_000), students: min(max(signature.students ?? 2_000, 1), 50_000),
                                     seats: min(max(signature.seats ?? 500, 1), JobEvent.maximumCapacity), output: signature.output ?? "/tmp/jiuye-bench-jobcentre.txt")
    }
}
