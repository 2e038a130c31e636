import JiuyeDomain
import XCTest

/// 咨询预约: the counselor's form, the student's booking and the time rules.
final class ConsultationTests: XCTestCase {
    let now: Int64 = 1_796_000_000
    let valid = ["minutes": "30", "count": "3", "place": "就业指导中心 203"]

    func fields(_ changes: [String: String], starts: Int64?? = .none) -> [String] {
        let startsAt: Int64? = starts ?? now + 86_400
        if case .failure(let problems) = Consultation.checkSlots(valid.merging(changes) { $1 }, startsAt: startsAt, now: now) { return problems.list.map(\.field) }
        return []
    }

    func testTheCounselorsFormEdges() {
        XCTAssertEqual(fields([:]), [])
        XCTAssertEqual(fields(["minutes": "14"]), ["minutes"])
        XCTAssertEqual(fields(["minutes": "15"]), [])
        XCTAssertEqual(fields(["minutes": "120"]), [])
        XCTAssertEqual(fields(["minutes": "121"]), ["minutes"])
        XCTAssertEqual(fields(["minutes": "-30"]), ["minutes"])
        XCTAssertEqual(fields(["minutes": "99999999999999999999"]), ["minutes"], "refused, not trapped")
        XCTAssertEqual(fields(["count": ""]), [], "one time by default")
        XCTAssertEqual(fields(["count": "0"]), ["count"])
        XCTAssertEqual(fields(["count": "9"]), ["count"])
        XCTAssertEqual(fields(["place": "室"]), ["place"])
        XCTAssertEqual(fields([:], starts: .some(nil)), ["starts_at"])
        XCTAssertEqual(fields([:], starts: now), ["starts_at"], "not now or before")
        XCTAssertEqual(fields([:], starts: now + 90 * 86_400), [])
        XCTAssertEqual(fields([:], starts: now + 90 * 86_400 + 1), ["starts_at"])
    }

    func testConsecutiveTimesFollowEachOther() throws {
        let slots = try Consultation.checkSlots(valid, startsAt: now + 3_600, now: now).get()
        XCTAssertEqual(slots.map(\.startsAt), [now + 3_600, now + 5_400, now + 7_200])
        XCTAssertEqual(slots.map(\.endsAt), [now + 5_400, now + 7_200, now + 9_000])
        XCTAssertEqual(Set(slots.map(\.place)), ["就业指导中心 203"])
        for (a, b) in zip(slots, slots.dropFirst()) { XCTAssertFalse(Consultation.overlap((a.startsAt, a.endsAt), (b.startsAt, b.endsAt)), "back to back is not overlap") }
    }

    func testOverlapBookingAndCancelling() {
        XCTAssertTrue(Consultation.overlap((0, 10), (5, 15)))
        XCTAssertTrue(Consultation.overlap((0, 10), (2, 3)))
        XCTAssertFalse(Consultation.overlap((0, 10), (10, 20)))
        XCTAssertFalse(Consultation.overlap((10, 20), (0, 10)))
        XCTAssertTrue(Consultation.bookable(startsAt: now + 1, now: now))
        XCTAssertFalse(Consultation.bookable(startsAt: now, now: now))
        XCTAssertTrue(Consultation.cancellable(startsAt: now + 3_600, now: now))
        XCTAssertFalse(Consultation.cancellable(startsAt: now + 3_599, now: now))
        if case .success(let booking) = Consultation.checkBooking(topic: " 简历修改 ", note: " 想请老师看看\r\n实习经历 ") {
            XCTAssertEqual(booking.topic, "简历修改")
            XCTAssertEqual(booking.note, "想请老师看看\n实习经历")
        } else { XCTFail() }
        if case .failure(let problems) = Consultation.checkBooking(topic: "闲聊", note: String(repeating: "问", count: 201)) {
            XCTAssertEqual(problems.list.map(\.field), ["topic", "note"])
        } else { XCTFail() }
        if case .success = Consultation.checkBooking(topic: "求职指导", note: String(repeating: "问", count: 200)) {} else { XCTFail() }
    }
}
