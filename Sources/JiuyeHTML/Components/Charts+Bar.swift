/// A bar per category, its value written at the end of the bar:
///
///     BarChart(id: "college-employment", title: "各学院已就业人数", data: [
///         ChartDatum("计算机科学与技术学院", 320), ChartDatum("外国语学院", 128),
///     ], unit: "人")
///
/// Horizontal by default (labels on the left, cut with "…" past about nine
/// characters, the full name in a tooltip and in the table); the chart grows
/// one row per category, so any number of categories fits a phone.
/// Negative values are drawn to the other side of the zero line.
public struct BarChart: HTML {
    let ids: ChartIDs
    let title: String
    let data: [ChartDatum]
    let unit: String
    let orientation: ChartOrientation
    let categoryName: String
    let valueName: String
    let summary: String?

    /// - Parameters:
    ///   - id: the figure's id; every id inside derives from it.
    ///   - unit: "人", "元", "%"…: shown as 单位 and in the table caption.
    ///   - categoryName, valueName: the data table's column headers.
    ///   - summary: the chart's message in one sentence, added to its `<desc>`.
    public init(
        id: String, title: String, data: [ChartDatum], unit: String = "",
        orientation: ChartOrientation = .horizontal,
        categoryName: String = "类别", valueName: String = "数值", summary: String? = nil
    ) {
        self.ids = ChartIDs(id)
        self.title = title
        self.data = data
        self.unit = unit
        self.orientation = orientation
        self.categoryName = categoryName
        self.valueName = valueName
        self.summary = summary
    }

    var plot: BarPlot {
        BarPlot(
            categories: data.map(\.label), series: [ChartSeries(valueName, data.map(\.value))],
            stacked: false, orientation: orientation, unit: unit, ids: ids
        )
    }

    var description: String {
        let kind = orientation == .horizontal ? "条形图" : "柱状图"
        return ChartText.describe(
            kind: kind, count: data.count, unit: unit,
            extremes: ChartText.extremes(labels: data.map(\.label), values: data.map(\.value), unit: unit),
            summary: summary
        )
    }

    public func render(into buffer: inout HTMLBuffer) {
        let kindClass = "chart-bar"
        guard !data.isEmpty else {
            ChartFigure.empty(ids: ids, kindClass: kindClass, title: title).render(into: &buffer)
            return
        }
        let plot = plot
        let table = ChartDataTable(
            captionText: ChartText.caption(title, unit: unit),
            headers: [categoryName, valueName],
            rows: data.map { [$0.label, ChartNumber.format($0.value)] },
            footer: nil
        )
        ChartFigure(
            ids: ids, kindClass: kindClass, title: title, legend: nil,
            body: .canvas(ChartCanvas(ids: ids, title: title, description: description, width: BarPlot.width, height: plot.height, patternCount: 1, marks: plot.marks)),
            table: table
        ).render(into: &buffer)
    }
}

/// Bars split into parts, one per series, with each part's value inside
/// it when it fits and the category total at the end:
///
///     StackedBarChart(id: "destinations", title: "各学院毕业去向",
///         categories: ["计算机学院", "外国语学院"],
///         series: [ChartSeries("签约就业", [210, 80]), ChartSeries("升学", [60, 30])], unit: "人")
///
/// Parts are told apart by colour, fill pattern and their fixed order (the
/// legend's order, left to right or bottom to top). Negative values cannot
/// be stacked: the chart then says so and opens its data table instead.
public struct StackedBarChart: HTML {
    let ids: ChartIDs
    let title: String
    let categories: [String]
    let series: [ChartSeries]
    let unit: String
    let orientation: ChartOrientation
    let categoryName: String
    let summary: String?

    public init(
        id: String, title: String, categories: [String], series: [ChartSeries], unit: String = "",
        orientation: ChartOrientation = .horizontal, categoryName: String = "类别", summary: String? = nil
    ) {
        self.ids = ChartIDs(id)
        self.title = title
        self.categories = categories
        self.series = series
        self.unit = unit
        self.orientation = orientation
        self.categoryName = categoryName
        self.summary = summary
    }

    var plot: BarPlot {
        BarPlot(categories: categories, series: series, stacked: true, orientation: orientation, unit: unit, ids: ids)
    }

    var totals: [Double] {
        categories.indices.map { index in series.reduce(0) { $0 + $1.value(at: index) } }
    }

    var hasNegativeValues: Bool {
        series.contains { line in categories.indices.contains { line.value(at: $0) < 0 } }
    }

    var description: String {
        let kind = orientation == .horizontal ? "堆叠条形图" : "堆叠柱状图"
        let parts = "每项分为" + series.map(\.name).joined(separator: "、") + "共 \(series.count) 部分"
        return ChartText.describe(
            kind: kind, count: categories.count, unit: unit, detail: parts,
            extremes: ChartText.extremes(labels: categories, values: totals, unit: unit, prefix: "合计"),
            summary: summary
        )
    }

    public func render(into buffer: inout HTMLBuffer) {
        let kindClass = "chart-bar chart-stacked"
        guard !categories.isEmpty, !series.isEmpty else {
            ChartFigure.empty(ids: ids, kindClass: kindClass, title: title).render(into: &buffer)
            return
        }
        let series = series
        let totals = totals
        var table = ChartDataTable(
            captionText: ChartText.caption(title, unit: unit),
            headers: [categoryName] + series.map(\.name) + [ChartText.total],
            rows: categories.indices.map { index in
                [categories[index]] + series.map { ChartNumber.format($0.value(at: index)) } + [ChartNumber.format(totals[index])]
            },
            footer: nil
        )
        let legend = ChartLegend(ids: ids, entries: series.indices.map { .init(label: series[$0].name, detail: nil, swatch: .area($0)) })
        let body: ChartFigure.Body
        if hasNegativeValues {
            body = .message("数据中有负值，无法绘制堆叠图，请查看下方数据表。")
            table.isOpen = true
        } else {
            let plot = plot
            body = .canvas(ChartCanvas(
                ids: ids, title: title, description: description, width: BarPlot.width, height: plot.height,
                patternCount: min(series.count, ChartPalette.colours.count), marks: plot.marks
            ))
        }
        ChartFigure(ids: ids, kindClass: kindClass, title: title, legend: legend, body: body, table: table).render(into: &buffer)
    }
}

// MARK: - Layout

/// The geometry of a bar or stacked bar chart, `ChartCanvas.standardWidth` wide: `bars` are
/// the rectangles (kept for tests), `marks` everything drawn in paint order.
struct BarPlot {
    struct Bar: Equatable {
        let category: Int
        let series: Int
        let value: Double
        let x: Double
        let y: Double
        let width: Double
        let height: Double
    }

    static let width = ChartCanvas.standardWidth
    static let labelFont = 13.0
    static let valueFont = 12.0
    static let tickFont = 11.0

    private(set) var height = 0.0
    private(set) var bars: [Bar] = []
    private(set) var marks: [AnyHTML] = []
    private(set) var scale = ChartScale(values: [])

    private let categories: [String]
    private let series: [ChartSeries]
    private let stacked: Bool
    private let unit: String
    private let ids: ChartIDs

    init(categories: [String], series: [ChartSeries], stacked: Bool, orientation: ChartOrientation, unit: String, ids: ChartIDs) {
        self.categories = categories
        self.series = series
        self.stacked = stacked
        self.unit = unit
        self.ids = ids
        if !unit.isEmpty {
            marks.append(AnyHTML(ChartLabel(text: ChartText.unitNote(unit), x: Self.width - 2, y: 9, anchor: .end, fontSize: 11, fill: ChartPalette.muted, cssClass: "chart-unit")))
        }
        switch orientation {
        case .horizontal: layOutRows()
        case .vertical: layOutColumns()
        }
    }

    /// What one category adds up to: its single value, or the sum of its parts
    /// (negative parts are refused before layout, and count as 0 here).
    private func total(_ category: Int) -> Double {
        stacked ? series.reduce(0) { $0 + max($1.value(at: category), 0) } : series[0].value(at: category)
    }

    private func tooltip(_ category: Int, _ part: Int, _ value: Double) -> String {
        let amount = ChartText.amount(value, unit: unit)
        return stacked ? categories[category] + " · " + series[part].name + "：" + amount : categories[category] + "：" + amount
    }

    /// One row per category: label | bar | value.
    private mutating func layOutRows() {
        let count = categories.count
        let totals = categories.indices.map(total)
        let totalTexts = totals.map(ChartNumber.format)
        let labelWidth = min(max(categories.map { ChartMetrics.width($0, fontSize: Self.labelFont) }.max() ?? 0, 2 * Self.labelFont), 9 * Self.labelFont)
        let plotLeft = labelWidth + 10
        let valueRoom = (totalTexts.map { ChartMetrics.width($0, fontSize: Self.valueFont) }.max() ?? 0) + 8
        let hasNegative = totals.contains { $0 < 0 }
        let hasPositive = totals.contains { $0 > 0 }
        let start = plotLeft + (hasNegative ? valueRoom : 0)
        let end = Self.width - (hasPositive || !hasNegative ? valueRoom : 8)
        scale = ChartScale.fitting(values: totals, length: end - start, fontSize: Self.tickFont)
        let top = unit.isEmpty ? 6.0 : 22.0
        let rowHeight = stacked ? 32.0 : 28.0
        let barHeight = stacked ? 22.0 : 18.0
        let plotBottom = top + Double(count) * rowHeight
        height = plotBottom + 22
        let scale = scale
        func x(_ value: Double) -> Double { scale.position(value, from: start, to: end) }

        for tick in scale.ticks {
            marks.append(chartRule(x1: x(tick), y1: top, x2: x(tick), y2: plotBottom, stroke: ChartPalette.grid))
            marks.append(AnyHTML(ChartLabel(text: ChartNumber.format(tick), x: x(tick), y: plotBottom + 12, anchor: .middle, fontSize: Self.tickFont, fill: ChartPalette.muted, cssClass: "chart-tick")))
        }
        for category in 0..<count {
            let rowTop = top + Double(category) * rowHeight
            let barY = rowTop + (rowHeight - barHeight) / 2
            let middle = rowTop + rowHeight / 2
            marks.append(AnyHTML(ChartLabel(text: categories[category], x: plotLeft - 8, y: middle, anchor: .end, fontSize: Self.labelFont, maxWidth: labelWidth)))
            var cursor = 0.0
            for part in (stacked ? series.indices : 0..<1) {
                let value = stacked ? max(series[part].value(at: category), 0) : series[0].value(at: category)
                let from = x(cursor), to = x(cursor + value)
                let bar = Bar(category: category, series: part, value: value, x: min(from, to), y: barY, width: abs(to - from), height: barHeight)
                add(bar)
                if stacked { cursor += value }
                addInsideLabel(bar, centreX: bar.x + bar.width / 2, centreY: middle)
            }
            let barEnd = x(totals[category])
            let negative = totals[category] < 0
            marks.append(AnyHTML(ChartLabel(
                text: totalTexts[category], x: negative ? barEnd - 4 : barEnd + 4, y: middle,
                anchor: negative ? .end : .start, fontSize: Self.valueFont, bold: stacked, cssClass: "chart-value"
            )))
        }
        marks.append(chartRule(x1: x(0), y1: top - 2, x2: x(0), y2: plotBottom, stroke: ChartPalette.axis, cssClass: "chart-axis"))
    }

    /// One column per category: a value axis on the left, labels below.
    private mutating func layOutColumns() {
        let count = categories.count
        let totals = categories.indices.map(total)
        let totalTexts = totals.map(ChartNumber.format)
        scale = ChartScale(values: totals)
        let scale = scale
        let axisWidth = (scale.ticks.map { ChartMetrics.width(ChartNumber.format($0), fontSize: Self.tickFont) }.max() ?? 0) + 6
        let plotLeft = axisWidth + 6
        let plotRight = Self.width - 4
        let top = (unit.isEmpty ? 6.0 : 22.0) + 14
        let plotBottom = top + 200
        let negativeRoom = totals.contains { $0 < 0 } ? 16.0 : 0
        height = plotBottom + negativeRoom + 26
        let slot = (plotRight - plotLeft) / Double(count)
        let barWidth = min(slot * 0.62, 48)
        func y(_ value: Double) -> Double { scale.position(value, from: plotBottom, to: top) }

        for tick in scale.ticks {
            marks.append(chartRule(x1: plotLeft, y1: y(tick), x2: plotRight, y2: y(tick), stroke: ChartPalette.grid))
            marks.append(AnyHTML(ChartLabel(text: ChartNumber.format(tick), x: plotLeft - 6, y: y(tick), anchor: .end, fontSize: Self.tickFont, fill: ChartPalette.muted, cssClass: "chart-tick")))
        }
        let labelStride = ChartThinning.stride(slot: slot, labelWidth: 2 * Self.labelFont + 4)
        for category in 0..<count {
            let centre = plotLeft + (Double(category) + 0.5) * slot
            if category % labelStride == 0 {
                marks.append(AnyHTML(ChartLabel(
                    text: categories[category], x: centre, y: plotBottom + negativeRoom + 14, anchor: .middle,
                    fontSize: Self.labelFont, maxWidth: Double(labelStride) * slot - 4
                )))
            }
            var cursor = 0.0
            for part in (stacked ? series.indices : 0..<1) {
                let value = stacked ? max(series[part].value(at: category), 0) : series[0].value(at: category)
                let from = y(cursor), to = y(cursor + value)
                let bar = Bar(category: category, series: part, value: value, x: centre - barWidth / 2, y: min(from, to), width: barWidth, height: abs(to - from))
                add(bar)
                if stacked { cursor += value }
                addInsideLabel(bar, centreX: centre, centreY: bar.y + bar.height / 2)
            }
            // The value above the bar (below a negative one), when it fits the column.
            let text = totalTexts[category]
            if ChartMetrics.width(text, fontSize: Self.valueFont) <= slot - 2 {
                let negative = totals[category] < 0
                marks.append(AnyHTML(ChartLabel(
                    text: text, x: centre, y: y(totals[category]) + (negative ? 9 : -9), anchor: .middle,
                    fontSize: Self.valueFont, bold: stacked, cssClass: "chart-value"
                )))
            }
        }
        marks.append(chartRule(x1: plotLeft, y1: y(0), x2: plotRight, y2: y(0), stroke: ChartPalette.axis, cssClass: "chart-axis"))
    }

    private mutating func add(_ bar: Bar) {
        bars.append(bar)
        guard bar.value != 0 else { return }   // a zero draws nothing; its "0" label still shows
        var attributes: [Attribute] = [
            .class("chart-bar-rect"), .svg("x", bar.x), .svg("y", bar.y), .svg("width", bar.width), .svg("height", bar.height),
            Attribute("fill", ChartPalette.fill(bar.series, ids: ids)),
        ]
        if stacked { attributes += [Attribute("stroke", "#ffffff"), Attribute("stroke-width", "1")] }
        let tip = tooltip(bar.category, bar.series, bar.value)
        marks.append(AnyHTML(Element("rect", attributes, content: titleElement { tip })))
    }

    /// A part's value inside it, white on its colour, when the part is big enough.
    private mutating func addInsideLabel(_ bar: Bar, centreX: Double, centreY: Double) {
        guard stacked, bar.value > 0 else { return }
        let text = ChartNumber.format(bar.value)
        guard ChartMetrics.width(text, fontSize: 11) + 6 <= bar.width, bar.height >= 14 else { return }
        marks.append(AnyHTML(ChartLabel(
            text: text, x: centreX, y: centreY, anchor: .middle, fontSize: 11, fill: "#ffffff",
            bold: true, halo: ChartPalette.colour(bar.series), cssClass: "chart-part-value"
        )))
    }
}
