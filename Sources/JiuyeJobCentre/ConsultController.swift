import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 咨询预约: counselors and the employment office publish one-to-one consultation times; a
/// student of the same school books one with a topic (one statement that takes the time only if
/// nobody holds it and the student has nothing else then, so no time is ever held twice and no
/// student is in two places), cancels up to an hour before, and the counselor sees who comes and
/// why. A counselor may withdraw a time; the student holding it is told.
package struct ConsultController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("consult", use: list)
        routes.get("consult", ":id", use: show)
        routes.post("consult", ":id", "book", use: book)
        routes.post("consult", ":id", "cancel", use: cancel)
        routes.get("jobcentre", "consult", use: manage)
        routes.post("jobcentre", "consult", use: publish)
        routes.post("jobcentre", "consult", ":id", "withdraw", use: withdraw)
    }

    package struct Slot: Sendable {
        package let id: Int64
        package let schoolID: Int64
        package let counselorID: Int64
        package let counselorName: String
        package let startsAt: Int64
        package let endsAt: Int64
        package let place: String
        package let studentID: Int64?
        package let studentName: String?
        package let studentNo: String?
        package let topic: String?
        package let note: String?
        package let withdrawnAt: Int64?

        init(_ row: any SQLRow) throws {
            id = try row.decode(column: "id", as: Int64.self)
            schoolID = try row.decode(column: "school_id", as: Int64.self)
            counselorID = try row.decode(column: "counselor_id", as: Int64.self)
            counselorName = try row.decode(column: "counselor_name", as: String.self)
            startsAt = try row.decode(column: "starts_at", as: Int64.self)
            endsAt = try row.decode(column: "ends_at", as: Int64.self)
            place = try row.decode(column: "place", as: String.self)
            studentID = try row.decode(column: "student_id", as: Int64?.self)
            studentName = try row.decode(column: "student_name", as: String?.self)
            studentNo = try row.decode(column: "student_no", as: String?.self)
            topic = try row.decode(column: "topic", as: String?.self)
            note = try row.decode(column: "note", as: String?.self)
            withdrawnAt = try row.decode(column: "withdrawn_at", as: Int64?.self)
        }

        /// "2027-03-18 14:00–14:30".
        package var when: String { "\(ChinaTime.dateTime(startsAt))–\(ChinaTime.clock(endsAt))" }
    }

    static let select: SQLQueryString = """
        SELECT c.*, u.display_name AS counselor_name, s.display_name AS student_name, s.student_no AS student_no
        FROM consult_slots c JOIN users u ON u.id = c.counselor_id LEFT JOIN users s ON s.id = c.student_id
        """

    static func slot(_ id: Int64, on db: any Database) async throws -> Slot? {
        try await db.sql.raw("\(select) WHERE c.id = \(bind: id)").first().map(Slot.init)
    }

    /// A counselor or the office, with the school they serve.
    static func counsellor(_ req: Request) throws -> (CurrentUser, Int64) {
        let user = try req.requireRole(.counselor, .schoolAdmin)
        guard let school = user.active?.values[.school]?.first.flatMap({ Int64($0) }) else { throw Abort(.notFound) }
        return (user, school)
    }

    // MARK: - Students

    @Sendable
    func list(req: Request) async throws -> Response {
        let context = req.pageContext("咨询预约", breadcrumb: [Crumb("就业网首页", href: "/portal"), Crumb("咨询预约")], current: "/consult")
        guard let user = req.currentUser, user.role == .student else {
            if let user = req.currentUser, user.role == .counselor || user.role == .schoolAdmin { return req.redirect(to: "/jobcentre/consult") }
            return req.render(JobPages.ConsultList(context: context, open: [], mine: [], student: false, now: req.now))
        }
        guard let school = try await EventStore.studentSchool(user.id, on: req.db) else { throw Abort(.notFound) }
        let now = req.now
        let open = try await req.db.sql.raw("""
            \(Self.select) WHERE c.school_id = \(bind: school) AND c.student_id IS NULL AND c.withdrawn_at IS NULL AND c.starts_at > \(bind: now)
            ORDER BY c.starts_at, c.id LIMIT 200
            """).all().map(Slot.init)
        let mine = try await req.db.sql.raw("\(Self.select) WHERE c.student_id = \(bind: user.id) ORDER BY c.starts_at DESC LIMIT 50").all().map(Slot.init)
        return req.render(JobPages.ConsultList(context: context, open: open, mine: mine, student: true, now: now))
    }

    @Sendable
    func show(req: Request) async throws -> Response {
        let user = try req.requireRole(.student)
        return try await renderSlot(req, user: user, values: [:], errors: [:])
    }

    func renderSlot(_ req: Request, user: CurrentUser, values: [String: String], errors: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        guard let id = RequestNumber.id(req.parameters.get("id")), let slot = try await Self.slot(id, on: req.db),
              try await EventStore.studentSchool(user.id, on: req.db) == slot.schoolID,
              slot.studentID == user.id || (slot.studentID == nil && slot.withdrawnAt == nil) else { throw Abort(.notFound) }
        return req.render(JobPages.ConsultSlotPage(context: req.pageContext("咨询预约", breadcrumb: [Crumb("咨询预约", href: "/consult"), Crumb(slot.when)], current: "/consult"),
                                                   slot: slot, mine: slot.studentID == user.id, now: req.now, values: values, errors: errors,
                                                   csrfToken: user.csrfToken), status: status)
    }

    @Sendable
    func book(req: Request) async throws -> Response {
        let user = try req.requireRole(.student)
        guard let id = RequestNumber.id(req.parameters.get("id")), let slot = try await Self.slot(id, on: req.db),
              let school = try await EventStore.studentSchool(user.id, on: req.db), school == slot.schoolID else { throw Abort(.notFound) }
        let values = FormFields(req).values(of: ["topic", "note"])
        let booking: (topic: String, note: String)
        switch Consultation.checkBooking(topic: values["topic"] ?? "", note: values["note"] ?? "") {
        case .failure(let problems): return try await renderSlot(req, user: user, values: values, errors: problems.byField, status: .unprocessableEntity)
        case .success(let checked): booking = checked
        }
        let now = req.now
        let taken: Bool = try await req.db.writeTransaction { db in
            guard try await db.sql.raw("""
                UPDATE consult_slots SET student_id = \(bind: user.id), topic = \(bind: booking.topic), note = \(bind: booking.note), booked_at = \(bind: now)
                WHERE id = \(bind: id) AND school_id = \(bind: school) AND student_id IS NULL AND withdrawn_at IS NULL AND starts_at > \(bind: now)
                AND NOT EXISTS (SELECT 1 FROM consult_slots o WHERE o.student_id = \(bind: user.id) AND o.withdrawn_at IS NULL
                                AND o.starts_at < consult_slots.ends_at AND o.ends_at > consult_slots.starts_at)
                AND (SELECT COUNT(*) FROM consult_slots o WHERE o.student_id = \(bind: user.id) AND o.withdrawn_at IS NULL AND o.starts_at > \(bind: now))
                    < \(bind: Consultation.maximumUpcomingPerStudent)
                RETURNING id
                """).first() != nil else { return false }
            try await req.audit(.consultBook, target: .consultSlot, id: id, changes: [.init("topic", after: booking.topic)], on: db)
            try await MessageCenter.post(to: slot.counselorID, title: "新的咨询预约：\(slot.when)",
                                         body: "\(user.displayName)预约了\(slot.when)的咨询（\(booking.topic)）。", link: "/jobcentre/consult", now: now, on: db)
            return true
        }
        if taken {
            return req.seeOther("/consult", flash: Flash(.success, "已预约\(slot.when)的咨询，地点：\(slot.place)。"))
        }
        return req.seeOther("/consult", flash: Flash(.error, try await refusal(req, slotID: id, student: user.id, now: now)))
    }

    /// Why a booking did not take, read after the conditional update refused it.
    func refusal(_ req: Request, slotID: Int64, student: Int64, now: Int64) async throws -> String {
        guard let slot = try await Self.slot(slotID, on: req.db) else { return "该时段已不可预约。" }
        if slot.studentID == student { return "你已预约该时段。" }
        if slot.studentID != nil { return "该时段刚被其他同学预约，请选择其他时段。" }
        if slot.withdrawnAt != nil || !Consultation.bookable(startsAt: slot.startsAt, now: now) { return "该时段已不可预约。" }
        let clash = try await req.db.sql.raw("""
            SELECT COUNT(*) AS n FROM consult_slots WHERE student_id = \(bind: student) AND withdrawn_at IS NULL
            AND starts_at < \(bind: slot.endsAt) AND ends_at > \(bind: slot.startsAt)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        if clash > 0 { return "你在这一时间已有其他咨询预约。" }
        return "你已有 \(Consultation.maximumUpcomingPerStudent) 个未开始的咨询预约，请先完成或取消后再预约。"
    }

    @Sendable
    func cancel(req: Request) async throws -> Response {
        let user = try req.requireRole(.student)
        guard let id = RequestNumber.id(req.parameters.get("id")), let slot = try await Self.slot(id, on: req.db), slot.studentID == user.id else {
            throw Abort(.notFound)
        }
        let now = req.now
        let cancelled: Bool = try await req.db.writeTransaction { db in
            guard try await db.sql.raw("""
                UPDATE consult_slots SET student_id = NULL, topic = NULL, note = NULL, booked_at = NULL
                WHERE id = \(bind: id) AND student_id = \(bind: user.id) AND withdrawn_at IS NULL AND starts_at >= \(bind: now + Consultation.cancelNotice)
                RETURNING id
                """).first() != nil else { return false }
            try await req.audit(.consultCancel, target: .consultSlot, id: id, changes: [.init("topic", before: slot.topic ?? "")], on: db)
            try await MessageCenter.post(to: slot.counselorID, title: "咨询预约已取消：\(slot.when)", body: "\(user.displayName)取消了\(slot.when)的咨询预约。",
                                         link: "/jobcentre/consult", now: now, on: db)
            return true
        }
        return req.seeOther("/consult", flash: cancelled ? Flash(.success, "已取消\(slot.when)的咨询预约。")
                                                         : Flash(.error, "咨询开始前 1 小时内不能取消；如有变化请直接联系老师。"))
    }

    // MARK: - Counselors

    @Sendable
    func manage(req: Request) async throws -> Response {
        let (user, _) = try Self.counsellor(req)
        return try await renderManage(req, user: user, values: [:], errors: [:])
    }

    func renderManage(_ req: Request, user: CurrentUser, values: [String: String], errors: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let since = req.now - 30 * 86_400
        let rows = try await req.db.sql.raw("""
            \(Self.select) WHERE c.counselor_id = \(bind: user.id) AND c.starts_at > \(bind: since) ORDER BY c.starts_at, c.id LIMIT 500
            """).all().map(Slot.init)
        return req.render(JobPages.ConsultManage(context: req.pageContext("咨询时段", breadcrumb: [Crumb("咨询时段")], current: "/jobcentre/consult"),
                                                 rows: rows, now: req.now, values: values, errors: errors, csrfToken: user.csrfToken), status: status)
    }

    @Sendable
    func publish(req: Request) async throws -> Response {
        let (user, school) = try Self.counsellor(req)
        let values = FormFields(req).values(of: ["starts_at", "minutes", "count", "place"])
        let slots: [Consultation.Slot]
        switch Consultation.checkSlots(values, startsAt: ChinaTime.parseDateTime(values["starts_at"] ?? ""), now: req.now) {
        case .failure(let problems): return try await renderManage(req, user: user, values: values, errors: problems.byField, status: .unprocessableEntity)
        case .success(let checked): slots = checked
        }
        guard let first = slots.first, let last = slots.last else { throw Abort(.badRequest) }
        let now = req.now
        let published: Bool = try await req.db.writeTransaction { db in
            let clash = try await db.sql.raw("""
                SELECT COUNT(*) AS n FROM consult_slots WHERE counselor_id = \(bind: user.id) AND withdrawn_at IS NULL
                AND starts_at < \(bind: last.endsAt) AND ends_at > \(bind: first.startsAt)
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            guard clash == 0 else { return false }
            for slot in slots {
                let id = try await OrgQueries.insertReturningID(db, into: "consult_slots", [
                    ("school_id", school), ("counselor_id", user.id), ("starts_at", slot.startsAt), ("ends_at", slot.endsAt), ("place", slot.place),
                    ("created_at", now),
                ])
                try await req.audit(.consultPublish, target: .consultSlot, id: id,
                                    changes: [.init("starts_at", after: ChinaTime.dateTime(slot.startsAt)), .init("place", after: slot.place)], on: db)
            }
            return true
        }
        guard published else {
            return try await renderManage(req, user: user, values: values, errors: ["starts_at": "与你已发布的咨询时段时间重叠，请调整开始时间或时段数。"],
                                          status: .unprocessableEntity)
        }
        return req.seeOther("/jobcentre/consult", flash: Flash(.success, "已发布 \(slots.count) 个咨询时段，本校学生可在“咨询预约”中预约。"))
    }

    @Sendable
    func withdraw(req: Request) async throws -> Response {
        let (user, _) = try Self.counsellor(req)
        guard let id = RequestNumber.id(req.parameters.get("id")), let slot = try await Self.slot(id, on: req.db), slot.counselorID == user.id else {
            throw Abort(.notFound)
        }
        let now = req.now
        let withdrawn: Bool = try await req.db.writeTransaction { db in
            guard let row = try await db.sql.raw("""
                UPDATE consult_slots SET withdrawn_at = \(bind: now)
                WHERE id = \(bind: id) AND counselor_id = \(bind: user.id) AND withdrawn_at IS NULL AND starts_at > \(bind: now) RETURNING student_id
                """).first() else { return false }
            try await req.audit(.consultWithdraw, target: .consultSlot, id: id, changes: [.init("starts_at", before: ChinaTime.dateTime(slot.startsAt))], on: db)
            if let student = try row.decode(column: "student_id", as: Int64?.self) {
                try await MessageCenter.post(to: student, title: "咨询时段已取消：\(slot.when)",
                                             body: "\(slot.counselorName)老师取消了\(slot.when)的咨询，请另选时段预约。", link: "/consult", now: now, on: db)
            }
            return true
        }
        return req.seeOther("/jobcentre/consult", flash: withdrawn ? Flash(.success, "已撤销\(slot.when)的咨询时段。") : Flash(.error, "该时段已开始或已撤销。"))
    }
}

extension AuditAction {
    package static let consultPublish = AuditAction("jobcentre.consult", "发布咨询时段")
    package static let consultWithdraw = AuditAction("jobcentre.consult-withdraw", "撤销咨询时段")
    package static let consultBook = AuditAction("jobcentre.consult-book", "预约咨询")
    package static let consultCancel = AuditAction("jobcentre.consult-cancel", "取消咨询预约")
}

extension AuditTarget {
    package static let consultSlot = AuditTarget("consult_slot", "咨询时段")
}
