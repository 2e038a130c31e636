import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// Business time windows per school (or county) and graduation year, read by the guards of every
/// module (`TimeWindows.state`) and set by the school admin or the county HR bureau.
package enum TimeWindows {
    package struct Owner: Sendable, Equatable {
        package let kind: WindowOwner
        package let id: String

        package init(kind: WindowOwner, id: String) {
            self.kind = kind
            self.id = id
        }
    }

    package static func window(_ business: Business, owner: Owner, year: Int, on db: any Database) async throws -> TimeWindow? {
        guard let row = try await db.sql.select().columns("opens_at", "closes_at").from("time_windows")
            .where("owner_kind", .equal, SQLBind(owner.kind.rawValue)).where("owner_id", .equal, SQLBind(owner.id))
            .where("year", .equal, SQLBind(year)).where("business", .equal, SQLBind(business.rawValue)).first() else { return nil }
        return TimeWindow(opensAt: try row.decode(column: "opens_at", as: Int64.self), closesAt: try row.decode(column: "closes_at", as: Int64.self))
    }

    /// Where `business` stands now for this owner and year; the clock is the injected one.
    package static func state(_ business: Business, owner: Owner, year: Int, now: Int64, on db: any Database) async throws -> WindowState {
        WindowState(try await window(business, owner: owner, year: year, on: db), now: now)
    }

    /// The Chinese refusal when closed, nil when open.
    package static func refusal(_ business: Business, owner: Owner, year: Int, now: Int64, on db: any Database) async throws -> String? {
        try await state(business, owner: owner, year: year, now: now, on: db).refusal(for: business, format: ChinaTime.dateTime)
    }

    package static func all(owner: Owner, year: Int, on db: any Database) async throws -> [Business: TimeWindow] {
        var windows: [Business: TimeWindow] = [:]
        for row in try await db.sql.select().columns("business", "opens_at", "closes_at").from("time_windows")
            .where("owner_kind", .equal, SQLBind(owner.kind.rawValue)).where("owner_id", .equal, SQLBind(owner.id))
            .where("year", .equal, SQLBind(year)).all() {
            guard let business = Business(rawValue: try row.decode(column: "business", as: String.self)) else { continue }
            windows[business] = TimeWindow(opensAt: try row.decode(column: "opens_at", as: Int64.self), closesAt: try row.decode(column: "closes_at", as: Int64.self))
        }
        return windows
    }

    /// Insert or replace one window (the unique key is owner, year and business).
    package static func set(_ business: Business, owner: Owner, year: Int, window: TimeWindow, by userID: Int64, now: Int64, on db: any Database) async throws -> TimeWindow? {
        let previous = try await self.window(business, owner: owner, year: year, on: db)
        if previous == nil {
            try await db.sql.insert(into: "time_windows").columns("owner_kind", "owner_id", "year", "business", "opens_at", "closes_at", "updated_by", "updated_at")
                .values(SQLBind(owner.kind.rawValue), SQLBind(owner.id), SQLBind(year), SQLBind(business.rawValue),
                        SQLBind(window.opensAt), SQLBind(window.closesAt), SQLBind(userID), SQLBind(now)).run()
        } else {
            try await db.sql.update("time_windows").set("opens_at", to: SQLBind(window.opensAt)).set("closes_at", to: SQLBind(window.closesAt))
                .set("updated_by", to: SQLBind(userID)).set("updated_at", to: SQLBind(now))
                .where("owner_kind", .equal, SQLBind(owner.kind.rawValue)).where("owner_id", .equal, SQLBind(owner.id))
                .where("year", .equal, SQLBind(year)).where("business", .equal, SQLBind(business.rawValue)).run()
        }
        return previous
    }
}

/// 业务时间设置: the school admin sets the school's windows, the county HR bureau the county's.
package struct TimeWindowsController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("admin", "windows", use: page)
        routes.post("admin", "windows", use: save)
    }

    /// The owner the acting role manages, and the businesses it sets.
    package func owner(_ user: CurrentUser) throws -> (TimeWindows.Owner, String) {
        switch user.role {
        case .schoolAdmin?:
            guard let school = user.active?.values[.school]?.first else { throw Abort(.notFound) }
            return (.init(kind: .school, id: school), "本校")
        case .countyHR?:
            guard let county = user.active?.values[.county]?.first else { throw Abort(.notFound) }
            return (.init(kind: .county, id: county), "本区县")
        default:
            throw Abort(.notFound)
        }
    }

    /// The years an owner sets: a school its graduating classes (last, this and next); a county
    /// the years its 生活补贴 applications start in, which reach back up to three years (an
    /// application covers at most 36 months).
    package func years(now: Int64, kind: WindowOwner = .school) -> [Int] {
        let current = Int(ChinaTime.date(now).prefix(4)) ?? 2026
        return kind == .school ? [current - 1, current, current + 1] : Array((current - 3)...(current + 1))
    }

    /// How a year is named: a school's by its class (2026届), a county's by the year (2026年度).
    package static func yearLabel(_ year: Int, kind: WindowOwner) -> String { kind == .school ? "\(year)届" : "\(year)年度" }

    @Sendable
    package func page(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let (owner, _) = try owner(user)
        let years = years(now: req.now, kind: owner.kind)
        let year = req.query[String.self, at: "year"].flatMap(Int.init).flatMap { years.contains($0) ? $0 : nil }
            ?? Int(ChinaTime.date(req.now).prefix(4)) ?? years[1]
        return try await render(req, user: user, owner: owner, year: year, errors: [:], entered: [:])
    }

    package func render(_ req: Request, user: CurrentUser, owner: TimeWindows.Owner, year: Int, errors: [Business: String], entered: [Business: (String, String)],
                status: HTTPResponseStatus = .ok) async throws -> Response {
        let windows = try await TimeWindows.all(owner: owner, year: year, on: req.db)
        let businesses = Business.allCases.filter { $0.ownerKind == owner.kind }
        let rows = businesses.map { business in
            TimeWindowsPage.Row(business: business, window: windows[business], state: WindowState(windows[business], now: req.now),
                                error: errors[business], entered: entered[business])
        }
        let model = TimeWindowsPage.Model(rows: rows, year: year, years: years(now: req.now, kind: owner.kind), ownerKind: owner.kind, csrfToken: user.csrfToken)
        return req.render(TimeWindowsPage(context: req.pageContext("业务时间设置", breadcrumb: [Crumb("业务时间设置")]), model: model), status: status)
    }

    package struct Form: Content {
        package var year: Int?
        package var business: String?
        package var opens: String?
        package var closes: String?
    }

    @Sendable
    package func save(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let (owner, _) = try owner(user)
        let form = try req.content.decode(Form.self)
        guard let year = form.year, years(now: req.now, kind: owner.kind).contains(year),
              let business = form.business.flatMap(Business.init(rawValue:)), business.ownerKind == owner.kind else { throw Abort(.badRequest) }
        let entered = (form.opens ?? "", form.closes ?? "")
        guard let opens = ChinaTime.parseDateTime(form.opens ?? ""), let closes = ChinaTime.parseDateTime(form.closes ?? "") else {
            return try await render(req, user: user, owner: owner, year: year, errors: [business: "请填写开放时间和截止时间。"], entered: [business: entered], status: .unprocessableEntity)
        }
        let window = TimeWindow(opensAt: opens, closesAt: closes)
        if let problem = window.problem {
            return try await render(req, user: user, owner: owner, year: year, errors: [business: problem.message], entered: [business: entered], status: .unprocessableEntity)
        }
        let now = req.now
        try await req.db.writeTransaction { db in
            let previous = try await TimeWindows.set(business, owner: owner, year: year, window: window, by: user.id, now: now, on: db)
            func describe(_ window: TimeWindow?) -> String? { window.map { "\(ChinaTime.dateTime($0.opensAt)) 至 \(ChinaTime.dateTime($0.closesAt))" } }
            try await req.audit(.windowSet, target: .timeWindow, id: "\(owner.kind.rawValue):\(owner.id):\(year):\(business.rawValue)",
                                changes: [.init(business.label, before: describe(previous), after: describe(window))], on: db)
        }
        return req.seeOther("/admin/windows?year=\(year)", flash: Flash(.success, "\(Self.yearLabel(year, kind: owner.kind))\(business.label)时间已保存。"))
    }
}

package struct TimeWindowsPage: HTML {
    package struct Row: Sendable {
        package let business: Business
        package let window: TimeWindow?
        package let state: WindowState
        package let error: String?
        package let entered: (String, String)?
    }

    package struct Model: Sendable {
        package var rows: [Row]
        package var year: Int
        package var years: [Int]
        package var ownerKind: WindowOwner
        package var csrfToken: String
    }

    package let context: PageContext
    package let model: Model

    package static func badge(_ state: WindowState) -> StatusBadge {
        switch state {
        case .notSet: StatusBadge("未设置", tone: .neutral)
        case .notYetOpen: StatusBadge("未开始", tone: .info)
        case .open: StatusBadge("开放中", tone: .success)
        case .closed: StatusBadge("已截止", tone: .warning)
        }
    }

    package func render(into buffer: inout HTMLBuffer) {
        Layout(context) {
            Card(title: "业务时间设置") {
                p(.class("muted")) {
                    model.ownerKind == .school
                        ? "按毕业年份设置本校各项业务的开放和截止时间（北京时间）。不在开放期内时，学生和教师提交相应业务会被拒绝，并看到开放时间。"
                        : "设置本区县高校毕业生生活补贴的申报时间（北京时间）。"
                }
                ul(.class("status-counts")) {
                    ForEach(model.years) { year in
                        li { a(.href("/admin/windows?year=\(year)"), .ariaCurrent(year == model.year ? "page" : "false")) { TimeWindowsController.yearLabel(year, kind: model.ownerKind) } }
                    }
                }
                div(.class("window-list")) {
                    ForEach(model.rows) { row in
                        section(.class("window-item"), .id("window-\(row.business.rawValue)")) {
                            div(.class("window-head")) {
                                h3 { row.business.label }
                                Self.badge(row.state)
                            }
                            form(.method("post"), .action("/admin/windows"), .class("window-form")) {
                                CSRFField(model.csrfToken)
                                input(.type("hidden"), .name("year"), .value(String(model.year)))
                                input(.type("hidden"), .name("business"), .value(row.business.rawValue))
                                TextField("开放时间", name: "opens", value: row.entered?.0 ?? row.window.map { ChinaTime.inputValue($0.opensAt) } ?? "",
                                          type: "datetime-local", required: true, error: row.error, id: "opens-\(row.business.rawValue)")
                                TextField("截止时间", name: "closes", value: row.entered?.1 ?? row.window.map { ChinaTime.inputValue($0.closesAt) } ?? "",
                                          type: "datetime-local", required: true, id: "closes-\(row.business.rawValue)")
                                Button("保存", kind: .secondary)
                            }
                        }
                    }
                }
            }
        }.render(into: &buffer)
    }
}

extension ChinaTime {
    /// "2026-03-01T08:00" (a datetime-local input) as Beijing time.
    package static func parseDateTime(_ text: String) -> Int64? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(whereSeparator: { $0 == "T" || $0 == " " })
        guard parts.count == 2, let day = parseDate(String(parts[0])) else { return nil }
        let clock = parts[1].split(separator: ":").compactMap { Int($0) }
        guard clock.count >= 2, (0..<24).contains(clock[0]), (0..<60).contains(clock[1]) else { return nil }
        return day + Int64(clock[0] * 3600 + clock[1] * 60)
    }

    /// The value a datetime-local input shows for `epoch`.
    package static func inputValue(_ epoch: Int64) -> String {
        dateTime(epoch).replacingOccurrences(of: " ", with: "T")
    }
}
