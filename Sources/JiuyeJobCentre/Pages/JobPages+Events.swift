import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// 活动预约, 入场券, 我的报名, and the office's 活动管理, 现场签到 and attendance.
extension JobPages {
    package enum BookingState: Sendable {
        case visitor, otherSchool, closed, full
        case open(String)
        case booked(Int64)
    }

    static func eventFacts(_ row: EventStore.Row) -> [(String, String)] {
        [("活动类型", row.event.kind.label), ("举办学校", row.schoolName), ("时间", row.when), ("地点", row.event.venue),
         ("可预约人数", "\(row.event.capacity) 人"), ("剩余名额", "\(row.seatsLeft) 人")]
    }

    package struct EventList: HTML {
        let context: PageContext
        let rows: [EventStore.Row]
        let kind: JobEvent.Kind?

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "活动预约") {
                    FilterBar(path: "/events") {
                        SelectField("活动类型", name: "kind", options: JobEvent.Kind.allCases.map { SelectOption($0.rawValue, $0.label) }, selected: kind?.rawValue,
                                    prompt: "全部", id: "e-kind")
                    }
                    DataTable(columns: [.init("活动名称"), .init("类型"), .init("时间"), .init("地点"), .init("剩余名额", numeric: true)],
                              rows: rows.map { row in
                                  [AnyHTML(a(.href("/events/\(row.id)")) { row.event.title }), AnyHTML(Text(row.event.kind.label)), AnyHTML(Text(row.when)),
                                   AnyHTML(Text(row.event.venue)), AnyHTML(row.seatsLeft > 0 ? AnyHTML(Text("\(row.seatsLeft)")) : AnyHTML(StatusBadge("已约满", tone: .neutral)))]
                              }, emptyMessage: "近期没有可预约的活动。")
                }
            }.render(into: &buffer)
        }
    }

    package struct EventDetail: HTML {
        let context: PageContext
        let row: EventStore.Row
        let booking: BookingState

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: row.event.title) {
                    DescriptionList(JobPages.eventFacts(row))
                    switch booking {
                    case .visitor: p(.class("muted")) { "本校学生登录后可一键预约。"; a(.href("/login?next=/events/\(row.id)")) { "登录" } }
                    case .otherSchool: p(.class("muted")) { "该活动仅限\(row.schoolName)学生预约。" }
                    case .closed: p(.class("muted")) { "活动已开始，预约已截止。" }
                    case .full: Alert(.info, "名额已满。")
                    case .open(let token):
                        form(.method("post"), .action("/events/\(row.id)/book"), .class("form-inline")) {
                            CSRFField(token)
                            Button("一键预约")
                        }
                    case .booked(let ticket): p { "你已预约。"; LinkButton("查看入场券", href: "/jobcentre/tickets/\(ticket)") }
                    }
                }
                if !row.event.description.isEmpty { Card(title: "活动介绍") { Description(text: row.event.description) } }
            }.render(into: &buffer)
        }
    }

    package struct MyTickets: HTML {
        let context: PageContext
        let rows: [(Int64, EventStore.Row, Int64?)]
        let now: Int64

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "我的报名") {
                    DataTable(columns: [.init("活动名称"), .init("时间"), .init("地点"), .init("签到"), .init("入场券")],
                              rows: rows.map { ticket, row, checkedAt in
                                  let state: AnyHTML = checkedAt != nil ? AnyHTML(StatusBadge("已签到", tone: .success))
                                      : (row.event.endsAt < now ? AnyHTML(StatusBadge("未签到", tone: .neutral)) : AnyHTML(StatusBadge("待签到", tone: .info)))
                                  return [AnyHTML(a(.href("/events/\(row.id)")) { row.event.title }), AnyHTML(Text(row.when)), AnyHTML(Text(row.event.venue)), state,
                                          AnyHTML(a(.href("/jobcentre/tickets/\(ticket)")) { "查看" })]
                              }, emptyMessage: "还没有预约活动。在“活动预约”中一键预约宣讲会、招聘会和讲座。")
                }
            }.render(into: &buffer)
        }
    }

    package struct TicketPage: HTML {
        let context: PageContext
        let ticket: EventStore.Ticket
        let row: EventStore.Row
        let holder: String
        let url: String
        let canCancel: Bool
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "入场券") {
                    div(.class("ticket")) {
                        h3 { row.event.title }
                        if let qr = try? QRCode(encoding: url) { div(.class("ticket-qr")) { QRCodeSVG(qr, moduleSize: 5, title: "入场券二维码") } }
                        p(.class("ticket-code")) { "签到码 "; strong { TicketCode.display(ticket.code) } }
                        DescriptionList([("持券人", holder), ("时间", row.when), ("地点", row.event.venue),
                                         ("签到", ticket.checkedInAt.map { "已于 \(ChinaTime.dateTime($0)) 签到" } ?? "入场时出示二维码或签到码")])
                    }
                    if canCancel {
                        form(.method("post"), .action("/jobcentre/tickets/\(ticket.id)/cancel"), .class("form-inline")) {
                            CSRFField(csrfToken)
                            Button("取消预约", kind: .secondary)
                        }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct CheckIn: HTML {
        let context: PageContext
        let row: EventStore.Row
        let code: String
        let checked: Int
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "现场签到：\(row.event.title)") {
                    p(.class("muted")) { "\(row.when)，\(row.event.venue)。已签到 \(checked) / 已预约 \(row.booked) 人。" }
                    form(.method("post"), .action("/events/\(row.id)/checkin"), .class("form-stack checkin-form")) {
                        CSRFField(csrfToken)
                        TextField("签到码", name: "code", value: code, required: true, hint: "用手机扫描入场券二维码会自动填入；也可输入入场券上的 8 位签到码",
                                  placeholder: "如 ABCD-EFGH", autocomplete: "off", maxLength: 12, id: "checkin-code")
                        FormActions { Button("签到") }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct ManageEvents: HTML {
        let context: PageContext
        let rows: [(EventStore.Row, Int)]

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "活动管理") {
                    p { LinkButton("发布活动", href: "/jobcentre/events/new", kind: .primary) }
                    DataTable(columns: [.init("活动名称"), .init("类型"), .init("时间"), .init("可预约", numeric: true), .init("已预约", numeric: true),
                                        .init("已签到", numeric: true), .init("操作")],
                              rows: rows.map { row, checked in
                                  [AnyHTML(a(.href("/jobcentre/events/\(row.id)")) { row.event.title }), AnyHTML(Text(row.event.kind.label)), AnyHTML(Text(row.when)),
                                   AnyHTML(Text("\(row.event.capacity)")), AnyHTML(Text("\(row.booked)")), AnyHTML(Text("\(checked)")),
                                   AnyHTML(a(.href("/events/\(row.id)/checkin")) { "现场签到" })]
                              }, emptyMessage: "还没有发布活动。")
                }
            }.render(into: &buffer)
        }
    }

    package struct EventForm: HTML {
        let context: PageContext
        let values: [String: String]
        let errors: [String: String]
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "发布活动") {
                    EditForm(action: "/jobcentre/events", errors: errors, csrfToken: csrfToken) {
                        SelectField("活动类型", name: "kind", options: JobEvent.Kind.allCases.map { SelectOption($0.rawValue, $0.label) }, selected: values["kind"],
                                    required: true, error: errors["kind"], id: "ev-kind")
                        TextField("活动名称", name: "title", value: values["title"] ?? "", required: true, error: errors["title"], maxLength: 60, id: "ev-title")
                        TextField("活动地点", name: "venue", value: values["venue"] ?? "", required: true, error: errors["venue"], maxLength: 60, id: "ev-venue")
                        TextField("开始时间", name: "starts_at", value: values["starts_at"] ?? "", type: "datetime-local", required: true, error: errors["starts_at"], id: "ev-starts")
                        TextField("结束时间", name: "ends_at", value: values["ends_at"] ?? "", type: "datetime-local", required: true, error: errors["ends_at"], id: "ev-ends")
                        TextField("可预约人数", name: "capacity", value: values["capacity"] ?? "", required: true, error: errors["capacity"], inputMode: "numeric",
                                  maxLength: 5, id: "ev-capacity")
                        TextAreaField("活动介绍", name: "description", value: values["description"] ?? "", error: errors["description"], hint: "不超过 2000 字", rows: 5,
                                      id: "ev-description")
                        FormActions { Button("发布") }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct Attendance: HTML {
        let context: PageContext
        let row: EventStore.Row
        let people: [(String, String, Int64, Int64?)]

        package func render(into buffer: inout HTMLBuffer) {
            let checked = people.filter { $0.3 != nil }.count
            let rate = people.isEmpty ? "—" : String(format: "%.1f%%", Double(checked) * 100 / Double(people.count))
            Layout(context) {
                Card(title: row.event.title) {
                    DescriptionList(JobPages.eventFacts(row) + [("已预约", "\(row.booked) 人"), ("已签到", "\(checked) 人"), ("签到率", rate)])
                    p { LinkButton("现场签到", href: "/events/\(row.id)/checkin", kind: .primary) }
                }
                Card(title: "预约名单") {
                    DataTable(columns: [.init("姓名"), .init("学号"), .init("预约时间"), .init("签到时间")],
                              rows: people.map { name, number, booked, checkedAt in
                                  [AnyHTML(Text(name)), AnyHTML(Text(number)), AnyHTML(Text(ChinaTime.dateTime(booked))),
                                   AnyHTML(Text(checkedAt.map(ChinaTime.dateTime) ?? "未签到"))]
                              }, emptyMessage: "还没有学生预约。")
                }
            }.render(into: &buffer)
        }
    }
}
