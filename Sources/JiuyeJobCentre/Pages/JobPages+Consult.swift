import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// 咨询预约.
extension JobPages {
    package struct ConsultList: HTML {
        let context: PageContext
        let open: [ConsultController.Slot]
        let mine: [ConsultController.Slot]
        let student: Bool
        let now: Int64

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                if !student {
                    Card(title: "咨询预约") {
                        p { "就业指导老师提供一对一的求职指导、简历修改、面试技巧、生涯规划等咨询。" }
                        p(.class("muted")) { "本校学生登录后可查看咨询时段并预约。"; a(.href("/login?next=/consult")) { "登录" } }
                    }
                } else {
                    Card(title: "我的咨询") {
                        DataTable(columns: [.init("时间"), .init("老师"), .init("地点"), .init("主题"), .init("状态")],
                                  rows: mine.map { slot in
                                      [AnyHTML(a(.href("/consult/\(slot.id)")) { slot.when }), AnyHTML(Text(slot.counselorName)), AnyHTML(Text(slot.place)),
                                       AnyHTML(Text(slot.topic ?? "—")), AnyHTML(JobPages.consultState(slot, now: now))]
                                  }, emptyMessage: "还没有预约咨询。")
                    }
                    Card(title: "可预约的咨询时段") {
                        DataTable(columns: [.init("时间"), .init("老师"), .init("地点"), .init("")],
                                  rows: open.map { slot in
                                      [AnyHTML(Text(slot.when)), AnyHTML(Text(slot.counselorName)), AnyHTML(Text(slot.place)),
                                       AnyHTML(LinkButton("预约", href: "/consult/\(slot.id)"))]
                                  }, emptyMessage: "近期没有可预约的时段，请稍后再来看看。")
                    }
                }
            }.render(into: &buffer)
        }
    }

    static func consultState(_ slot: ConsultController.Slot, now: Int64) -> StatusBadge {
        if slot.withdrawnAt != nil { return StatusBadge("老师已取消", tone: .danger) }
        if slot.endsAt <= now { return StatusBadge("已结束", tone: .neutral) }
        if slot.startsAt <= now { return StatusBadge("进行中", tone: .info) }
        return StatusBadge("已预约", tone: .success)
    }

    package struct ConsultSlotPage: HTML {
        let context: PageContext
        let slot: ConsultController.Slot
        let mine: Bool
        let now: Int64
        let values: [String: String]
        let errors: [String: String]
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: mine ? "我的咨询预约" : "预约咨询") {
                    DescriptionList([("时间", slot.when), ("老师", slot.counselorName), ("地点", slot.place)]
                                    + (mine ? [("主题", slot.topic ?? "—"), ("想咨询的问题", (slot.note ?? "").isEmpty ? "—" : slot.note!)] : []))
                    if mine {
                        p { JobPages.consultState(slot, now: now) }
                        if slot.withdrawnAt == nil, Consultation.cancellable(startsAt: slot.startsAt, now: now) {
                            form(.method("post"), .action("/consult/\(slot.id)/cancel"), .class("form-inline")) {
                                CSRFField(csrfToken)
                                Button("取消预约", kind: .danger)
                            }
                        } else if slot.withdrawnAt == nil, now < slot.startsAt {
                            p(.class("muted")) { "咨询开始前 1 小时内不能在线取消，如有变化请直接联系老师。" }
                        }
                    } else if Consultation.bookable(startsAt: slot.startsAt, now: now) {
                        EditForm(action: "/consult/\(slot.id)/book", errors: errors, csrfToken: csrfToken) {
                            SelectField("咨询主题", name: "topic", options: Consultation.topics.map { SelectOption($0, $0) }, selected: values["topic"], required: true,
                                        error: errors["topic"], id: "cs-topic")
                            TextAreaField("想咨询的问题", name: "note", value: values["note"] ?? "", error: errors["note"], hint: "选填，不超过 200 字，只有咨询老师能看到",
                                          rows: 3, id: "cs-note")
                            FormActions { Button("确认预约") }
                        }
                    } else {
                        p(.class("muted")) { "该时段已开始，不能预约。" }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct ConsultManage: HTML {
        let context: PageContext
        let rows: [ConsultController.Slot]
        let now: Int64
        let values: [String: String]
        let errors: [String: String]
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            let upcoming = rows.filter { $0.withdrawnAt == nil && $0.endsAt > now }
            let booked = upcoming.filter { $0.studentID != nil }.count
            Layout(context) {
                Card(title: "发布咨询时段") {
                    EditForm(action: "/jobcentre/consult", errors: errors, csrfToken: csrfToken) {
                        TextField("开始时间", name: "starts_at", value: values["starts_at"] ?? "", type: "datetime-local", required: true, error: errors["starts_at"],
                                  id: "cs-starts")
                        TextField("每次时长（分钟）", name: "minutes", value: values["minutes"] ?? "30", required: true, error: errors["minutes"], inputMode: "numeric",
                                  maxLength: 3, id: "cs-minutes")
                        TextField("连续时段数", name: "count", value: values["count"] ?? "1", error: errors["count"], hint: "一次最多 \(Consultation.maximumBatch) 个，首尾相接",
                                  inputMode: "numeric", maxLength: 1, id: "cs-count")
                        TextField("地点", name: "place", value: values["place"] ?? "", required: true, error: errors["place"], maxLength: 60, id: "cs-place")
                        FormActions { Button("发布") }
                    }
                }
                Card(title: "我的咨询时段") {
                    p(.class("muted")) { "未开始 \(upcoming.count) 个，其中已预约 \(booked) 个。" }
                    DataTable(columns: [.init("时间"), .init("地点"), .init("预约学生"), .init("主题"), .init("想咨询的问题"), .init("")],
                              rows: rows.map { slot in
                                  [AnyHTML(Text(slot.when)), AnyHTML(Text(slot.place)),
                                   AnyHTML(Text(slot.studentName.map { "\($0)（\(slot.studentNo ?? "—")）" } ?? "—")),
                                   AnyHTML(Text(slot.topic ?? "—")), AnyHTML(Text((slot.note ?? "").isEmpty ? "—" : slot.note!)),
                                   AnyHTML(action(slot))]
                              }, emptyMessage: "还没有发布咨询时段。")
                }
            }.render(into: &buffer)
        }

        func action(_ slot: ConsultController.Slot) -> AnyHTML {
            if slot.withdrawnAt != nil { return AnyHTML(StatusBadge("已撤销", tone: .neutral)) }
            if slot.startsAt <= now { return AnyHTML(StatusBadge(slot.endsAt <= now ? "已结束" : "进行中", tone: .neutral)) }
            return AnyHTML(form(.method("post"), .action("/jobcentre/consult/\(slot.id)/withdraw"), .class("form-inline")) {
                CSRFField(csrfToken)
                Button(slot.studentID == nil ? "撤销" : "撤销并通知学生", kind: .danger)
            })
        }
    }
}
