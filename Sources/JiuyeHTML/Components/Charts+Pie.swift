import Foundation

/// Shares of a whole, as a donut (default) or a pie:
///
///     PieChart(id: "destination-share", title: "毕业去向构成", data: [
///         ChartDatum("签约就业", 1_820), ChartDatum("升学", 640), ChartDatum("待就业", 97),
///     ], unit: "人")
///
/// Slices run clockwise from twelve o'clock in the order given, the same
/// order as the legend beside the chart, which lists each value with its
/// percentage (one decimal; the percentages add up to exactly 100.0%).
/// Slices of 25° or more carry their percentage. A donut shows the total in
/// its hole. Past eight categories the smallest are drawn together as
/// "其他" (the data table still lists each one). Negative values make no
/// sense as shares: the chart then says so and opens its data table.
public struct PieChart: HTML {
    public enum Style: Sendable {
        case pie, donut
    }

    /// Slices drawn at most, "其他" included.
    static let maxSlices = 8
    /// Slices narrower than this carry no percentage (it would not fit).
    static let minLabelledAngle = 25.0
    static let size = 220.0
    static let radius = 104.0
    static let holeRadius = 62.0

    let ids: ChartIDs
    let title: String
    let data: [ChartDatum]
    let unit: String
    let style: Style
    let categoryName: String
    let valueName: String
    let summary: String?

    public init(
        id: String, title: String, data: [ChartDatum], unit: String = "", style: Style = .donut,
        categoryName: String = "类别", valueName: String = "数值", summary: String? = nil
    ) {
        self.ids = ChartIDs(id)
        self.title = title
        self.data = data
        self.unit = unit
        self.style = style
        self.categoryName = categoryName
        self.valueName = valueName
        self.summary = summary
    }

    struct Slice: Equatable {
        let label: String
        let value: Double
        /// Degrees clockwise from twelve o'clock.
        let startAngle: Double
        let endAngle: Double
        /// Tenths of a percent of the total (see `ChartNumber.percentTenths`).
        let percentTenths: Int
        /// How many categories "其他" stands for; 0 for an ordinary slice.
        let foldedCount: Int

        var sweep: Double { endAngle - startAngle }
        var percent: String { ChartNumber.percent(tenths: percentTenths) }
    }

    var total: Double { data.reduce(0) { $0 + $1.value } }
    var hasNegativeValues: Bool { data.contains { $0.value < 0 } }

    /// The slices to draw. Empty when the values add up to 0. Shares are
    /// taken over every category, so a slice's percentage is the data table's
    /// and "其他" shows the sum of the shares it stands for.
    var slices: [Slice] {
        guard let tenths = ChartNumber.percentTenths(data.map(\.value)) else { return [] }
        var entries = data.indices.map { (label: data[$0].label, value: data[$0].value, tenths: tenths[$0], folded: 0) }
        if entries.count > Self.maxSlices {
            // Keep the largest (the earlier on a tie) in the caller's order.
            let ranked = entries.indices.sorted { entries[$0].value != entries[$1].value ? entries[$0].value > entries[$1].value : $0 < $1 }
            let kept = Set(ranked.prefix(Self.maxSlices - 1))
            let rest = entries.indices.filter { !kept.contains($0) }
            let other = (
                label: ChartText.other, value: rest.reduce(0) { $0 + entries[$1].value },
                tenths: rest.reduce(0) { $0 + entries[$1].tenths }, folded: rest.count
            )
            entries = entries.indices.filter(kept.contains).map { entries[$0] } + [other]
        }
        let total = entries.reduce(0) { $0 + $1.value }
        var slices: [Slice] = []
        var running = 0.0
        for (index, entry) in entries.enumerated() {
            let start = running / total * 360
            running += entry.value
            let end = index == entries.count - 1 ? 360 : running / total * 360
            slices.append(Slice(label: entry.label, value: entry.value, startAngle: start, endAngle: end, percentTenths: entry.tenths, foldedCount: entry.folded))
        }
        return slices
    }

    var description: String {
        let kind = style == .donut ? "环形图" : "饼图"
        var text = kind + "，共 " + String(data.count) + " 项，合计 " + ChartText.amount(total, unit: unit) + "。"
        let slices = slices
        if let largest = slices.indices.max(by: { slices[$0].value < slices[$1].value }) {
            text += "占比最大：" + slices[largest].label + " " + slices[largest].percent + "。"
        } else if !hasNegativeValues {
            text += "所有数值均为 0。"
        }
        return text + (summary ?? "") + ChartText.seeTable
    }

    public func render(into buffer: inout HTMLBuffer) {
        let kindClass = style == .donut ? "chart-pie chart-donut" : "chart-pie"
        guard !data.isEmpty else {
            ChartFigure.empty(ids: ids, kindClass: kindClass, title: title).render(into: &buffer)
            return
        }
        let refused = hasNegativeValues
        let tenths = refused ? nil : ChartNumber.percentTenths(data.map(\.value))
        let table = ChartDataTable(
            captionText: ChartText.caption(title, unit: unit),
            headers: [categoryName, valueName, "占比"],
            rows: data.indices.map { index in
                [data[index].label, ChartNumber.format(data[index].value), tenths.map { ChartNumber.percent(tenths: $0[index]) } ?? "—"]
            },
            footer: [ChartText.total, ChartNumber.format(total), tenths == nil ? "—" : "100.0%"],
            isOpen: refused
        )
        let body: ChartFigure.Body
        if refused {
            body = .message("数据中有负值，无法绘制占比图，请查看下方数据表。")
        } else {
            body = .canvasWithSideLegend(canvas, legend)
        }
        ChartFigure(ids: ids, kindClass: kindClass, title: title, legend: nil, body: body, table: table).render(into: &buffer)
    }

    /// "签约就业 1,820人 71.2%" for each drawn slice, in slice order.
    var legend: ChartLegend {
        let slices = slices
        let entries: [ChartLegend.Entry]
        if slices.isEmpty {
            entries = data.map { .init(label: $0.label, detail: ChartText.amount($0.value, unit: unit), swatch: .neutral) }
        } else {
            entries = slices.indices.map { index in
                let slice = slices[index]
                let label = slice.foldedCount > 0 ? slice.label + "（\(slice.foldedCount) 项）" : slice.label
                return .init(label: label, detail: ChartText.amount(slice.value, unit: unit) + " · " + slice.percent, swatch: .area(index))
            }
        }
        return ChartLegend(ids: ids, entries: entries, cssClass: "chart-legend chart-legend-side")
    }

    var canvas: ChartCanvas {
        let slices = slices
        let centre = Self.size / 2
        let hole = style == .donut ? Self.holeRadius : 0
        var marks: [AnyHTML] = []
        if slices.isEmpty {
            // All zero: an empty grey ring.
            marks.append(AnyHTML(svgNode("path", [
                .class("chart-slice chart-slice-empty"), Attribute("d", Self.ringPath(centre: centre, outer: Self.radius, inner: hole)),
                Attribute("fill", "#e5e9f0"), Attribute("fill-rule", "evenodd"),
            ])))
        }
        for (index, slice) in slices.enumerated() where slice.sweep > 0 {
            let d = slice.sweep >= 359.999
                ? Self.ringPath(centre: centre, outer: Self.radius, inner: hole)
                : Self.slicePath(centre: centre, outer: Self.radius, inner: hole, from: slice.startAngle, to: slice.endAngle)
            let tip = slice.label + "：" + ChartText.amount(slice.value, unit: unit) + "（" + slice.percent + "）"
            marks.append(AnyHTML(Element("path", [
                .class("chart-slice"), Attribute("d", d), Attribute("fill", ChartPalette.fill(index, ids: ids)),
                Attribute("fill-rule", "evenodd"), Attribute("stroke", "#ffffff"), Attribute("stroke-width", "1.5"),
            ], content: titleElement { tip })))
        }
        for (index, slice) in slices.enumerated() where slice.sweep >= Self.minLabelledAngle {
            let middle = slices.count == 1 ? 180 : (slice.startAngle + slice.endAngle) / 2
            let distance = style == .donut ? (Self.radius + hole) / 2 : Self.radius * 0.64
            let point = Self.point(centre: centre, radius: slices.count == 1 && hole == 0 ? 0 : distance, angle: middle)
            marks.append(AnyHTML(ChartLabel(
                text: slice.percent, x: point.x, y: point.y, anchor: .middle, fontSize: 12, fill: "#ffffff",
                bold: true, halo: ChartPalette.colour(index), cssClass: "chart-part-value"
            )))
        }
        if style == .donut {
            let amount = ChartText.amount(total, unit: unit)
            let fontSize = min(20, 1.6 * hole / max(ChartMetrics.width(amount, fontSize: 1), 1))
            marks.append(AnyHTML(ChartLabel(text: ChartText.total, x: centre, y: centre - 13, anchor: .middle, fontSize: 12, fill: ChartPalette.muted)))
            marks.append(AnyHTML(ChartLabel(text: amount, x: centre, y: centre + 9, anchor: .middle, fontSize: fontSize, bold: true, cssClass: "chart-total")))
        }
        return ChartCanvas(
            ids: ids, title: title, description: description, width: Self.size, height: Self.size,
            patternCount: min(slices.count, ChartPalette.colours.count), marks: marks
        )
    }

    // MARK: Geometry

    /// The point `radius` from the centre at `angle` degrees clockwise from twelve o'clock.
    static func point(centre: Double, radius: Double, angle: Double) -> (x: Double, y: Double) {
        let radians = angle * .pi / 180
        return (centre + radius * sin(radians), centre - radius * cos(radians))
    }

    /// A wedge (no hole) or a ring sector between two angles.
    static func slicePath(centre: Double, outer: Double, inner: Double, from start: Double, to end: Double) -> String {
        let large = end - start > 180 ? "1" : "0"
        let a = point(centre: centre, radius: outer, angle: start)
        let b = point(centre: centre, radius: outer, angle: end)
        var d = "M" + pair(a) + "A" + c(outer) + " " + c(outer) + " 0 " + large + " 1 " + pair(b)
        if inner > 0 {
            let p = point(centre: centre, radius: inner, angle: end)
            let q = point(centre: centre, radius: inner, angle: start)
            d += "L" + pair(p) + "A" + c(inner) + " " + c(inner) + " 0 " + large + " 0 " + pair(q)
        } else {
            d += "L" + c(centre) + " " + c(centre)
        }
        return d + "Z"
    }

    /// A whole disc or ring: two half arcs each (one arc cannot close on itself).
    static func ringPath(centre: Double, outer: Double, inner: Double) -> String {
        func circle(_ r: Double) -> String {
            "M" + c(centre) + " " + c(centre - r) + "A" + c(r) + " " + c(r) + " 0 1 1 " + c(centre) + " " + c(centre + r)
                + "A" + c(r) + " " + c(r) + " 0 1 1 " + c(centre) + " " + c(centre - r) + "Z"
        }
        return inner > 0 ? circle(outer) + circle(inner) : circle(outer)
    }

    private static func c(_ value: Double) -> String { ChartNumber.coordinate(value) }
    private static func pair(_ point: (x: Double, y: Double)) -> String { c(point.x) + " " + c(point.y) }
}
