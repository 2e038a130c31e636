/// One or more series over ordered categories (years, months):
///
///     LineChart(id: "rate-trend", title: "近五届就业率", categories: ["2021届", "2022届", "2023届"],
///               series: [ChartSeries("本科", [91.2, 90.4, 92.8]), ChartSeries("研究生", [95.1, 94.6, 96.0])],
///               unit: "%")
///
/// Lines differ by colour, dash and marker shape (circle, square, triangle,
/// diamond, then hollow). A single line has every value written above its
/// point, or only the first, last, highest and lowest when points are too
/// close; several lines have their last value written at their right end.
/// Category labels thin out (every second, third, …) when they would touch.
/// Negative values are drawn below a zero line.
public struct LineChart: HTML {
    let ids: ChartIDs
    let title: String
    let categories: [String]
    let series: [ChartSeries]
    let unit: String
    let categoryName: String
    let summary: String?

    public init(
        id: String, title: String, categories: [String], series: [ChartSeries], unit: String = "",
        categoryName: String = "类别", summary: String? = nil
    ) {
        self.ids = ChartIDs(id)
        self.title = title
        self.categories = categories
        self.series = series
        self.unit = unit
        self.categoryName = categoryName
        self.summary = summary
    }

    var plot: LinePlot { LinePlot(categories: categories, series: series, unit: unit) }

    /// "折线图，横轴为届别（2021届至2025届），共 5 个点、2 条折线，单位：%。本科：最高：…"
    var description: String {
        var text = "折线图，横轴为" + categoryName
        if let first = categories.first, let last = categories.last, categories.count > 1 {
            text += "（" + first + "至" + last + "）"
        }
        text += "，共 \(categories.count) 个点、\(series.count) 条折线"
        if !unit.isEmpty { text += "，单位：" + unit }
        text += "。"
        for line in series {
            text += line.name + "：" + ChartText.extremes(labels: categories, values: categories.indices.map(line.value(at:)), unit: unit)
        }
        return text + (summary ?? "") + ChartText.seeTable
    }

    public func render(into buffer: inout HTMLBuffer) {
        let kindClass = "chart-line"
        guard !categories.isEmpty, !series.isEmpty else {
            ChartFigure.empty(ids: ids, kindClass: kindClass, title: title).render(into: &buffer)
            return
        }
        let series = series
        let table = ChartDataTable(
            captionText: ChartText.caption(title, unit: unit),
            headers: [categoryName] + series.map(\.name),
            rows: categories.indices.map { index in [categories[index]] + series.map { ChartNumber.format($0.value(at: index)) } },
            footer: nil
        )
        let legend = series.count > 1
            ? ChartLegend(ids: ids, entries: series.indices.map { .init(label: series[$0].name, detail: nil, swatch: .line($0)) })
            : nil
        let plot = plot
        ChartFigure(
            ids: ids, kindClass: kindClass, title: title, legend: legend,
            body: .canvas(ChartCanvas(ids: ids, title: title, description: description, width: LinePlot.width, height: plot.height, patternCount: 0, marks: plot.marks)),
            table: table
        ).render(into: &buffer)
    }
}

/// The geometry of a line chart, `ChartCanvas.standardWidth` wide.
struct LinePlot {
    struct Point: Equatable {
        let series: Int
        let category: Int
        let value: Double
        let x: Double
        let y: Double
    }

    static let width = ChartCanvas.standardWidth
    static let labelFont = 12.0
    static let valueFont = 11.0
    static let tickFont = 11.0
    static let plotHeight = 200.0
    /// Closer than this, points get no marker: the line alone reads better.
    static let minMarkerSpacing = 9.0

    private(set) var height = 0.0
    private(set) var points: [[Point]] = []
    private(set) var marks: [AnyHTML] = []
    let scale: ChartScale

    init(categories: [String], series: [ChartSeries], unit: String) {
        let count = categories.count
        let values = series.map { line in categories.indices.map(line.value(at:)) }
        scale = ChartScale(values: values.flatMap { $0 }, includeZero: !Self.zoomsIn(on: values.flatMap { $0 }))
        let scale = scale
        let several = series.count > 1
        let axisWidth = (scale.ticks.map { ChartMetrics.width(ChartNumber.format($0), fontSize: Self.tickFont) }.max() ?? 0) + 6
        let plotLeft = axisWidth + 6
        let endLabelWidth = several ? (values.compactMap { $0.last.map { ChartMetrics.width(ChartNumber.format($0), fontSize: Self.valueFont) } }.max() ?? 0) + 8 : 0
        let plotRight = Self.width - 6 - endLabelWidth
        let top = (unit.isEmpty ? 6.0 : 22.0) + 14
        let plotBottom = top + Self.plotHeight
        height = plotBottom + 26
        let step = (plotRight - plotLeft) / Double(count)
        func x(_ index: Int) -> Double { plotLeft + (Double(index) + 0.5) * step }
        func y(_ value: Double) -> Double { scale.position(value, from: plotBottom, to: top) }

        if !unit.isEmpty {
            marks.append(AnyHTML(ChartLabel(text: ChartText.unitNote(unit), x: Self.width - 2, y: 9, anchor: .end, fontSize: 11, fill: ChartPalette.muted, cssClass: "chart-unit")))
        }
        for tick in scale.ticks {
            marks.append(chartRule(x1: plotLeft, y1: y(tick), x2: plotRight, y2: y(tick), stroke: ChartPalette.grid))
            marks.append(AnyHTML(ChartLabel(text: ChartNumber.format(tick), x: plotLeft - 6, y: y(tick), anchor: .end, fontSize: Self.tickFont, fill: ChartPalette.muted, cssClass: "chart-tick")))
        }
        marks.append(chartRule(x1: plotLeft, y1: y(scale.baseline), x2: plotRight, y2: y(scale.baseline), stroke: ChartPalette.axis, cssClass: "chart-axis"))

        let widestLabel = min(categories.map { ChartMetrics.width($0, fontSize: Self.labelFont) }.max() ?? 0, 5 * Self.labelFont)
        let labelStride = ChartThinning.stride(slot: step, labelWidth: widestLabel + 6)
        for index in stride(from: 0, to: count, by: labelStride) {
            marks.append(AnyHTML(ChartLabel(
                text: categories[index], x: x(index), y: plotBottom + 14, anchor: .middle,
                fontSize: Self.labelFont, maxWidth: Double(labelStride) * step - 4
            )))
        }

        points = values.indices.map { line in
            values[line].indices.map { Point(series: line, category: $0, value: values[line][$0], x: x($0), y: y(values[line][$0])) }
        }
        for (line, linePoints) in points.enumerated() {
            let list = linePoints.map { ChartNumber.coordinate($0.x) + "," + ChartNumber.coordinate($0.y) }.joined(separator: " ")
            marks.append(ChartPalette.lineStroke(line, points: list))
            if step >= Self.minMarkerSpacing || count == 1 {
                for point in linePoints {
                    let prefix = several ? series[line].name + " · " : ""
                    let tip = prefix + categories[point.category] + "：" + ChartText.amount(point.value, unit: unit)
                    marks.append(ChartPalette.marker(line, x: point.x, y: point.y, tooltip: tip))
                }
            }
        }
        if several {
            addEndLabels(top: top, bottom: plotBottom)
        } else if let line = points.first {
            addPointLabels(line, step: step)
        }
    }

    /// Whether the value axis should fit the values instead of starting at 0:
    /// when they all lie on one side of 0 and vary by less than half the
    /// largest, as rates of 90–99% do. Bars always start at 0.
    static func zoomsIn(on values: [Double]) -> Bool {
        guard let low = values.min(), let high = values.max(), high > low else { return false }
        guard low > 0 || high < 0 else { return false }
        return high - low < max(abs(low), abs(high)) / 2
    }

    /// A single line: every value above its point, or when they would touch,
    /// the first, last, highest and lowest.
    private mutating func addPointLabels(_ line: [Point], step: Double) {
        let texts = line.map { ChartNumber.format($0.value) }
        let widest = texts.map { ChartMetrics.width($0, fontSize: Self.valueFont) }.max() ?? 0
        var shown = Set(line.indices)
        if widest + 4 > step {
            shown = [0, line.count - 1]
            if let highest = line.indices.max(by: { line[$0].value < line[$1].value }) { shown.insert(highest) }
            if let lowest = line.indices.min(by: { line[$0].value < line[$1].value }) { shown.insert(lowest) }
        }
        for index in shown.sorted() {
            let point = line[index]
            // Below the point when it is a dip (lower than a neighbour on both sides).
            let before = index > 0 ? line[index - 1].value : point.value
            let after = index < line.count - 1 ? line[index + 1].value : point.value
            let below = point.value < before && point.value < after
            marks.append(AnyHTML(ChartLabel(
                text: texts[index], x: point.x, y: point.y + (below ? 13 : -12), anchor: .middle,
                fontSize: Self.valueFont, bold: true, halo: "#ffffff", cssClass: "chart-value"
            )))
        }
    }

    /// Several lines: each line's last value at its right end, nudged apart
    /// vertically so no two overlap, in the line's colour.
    private mutating func addEndLabels(top: Double, bottom: Double) {
        let ends = points.compactMap(\.last)
        let gap = 13.0
        var placed = ends.map(\.y)
        let order = ends.indices.sorted { ends[$0].y != ends[$1].y ? ends[$0].y < ends[$1].y : $0 < $1 }
        var previous = -Double.infinity
        for index in order {
            placed[index] = max(placed[index], previous + gap)
            previous = placed[index]
        }
        // Pushed past the bottom: shift the whole stack up.
        if let last = order.last, placed[last] > bottom {
            let shift = placed[last] - bottom
            for index in order { placed[index] = max(placed[index] - shift, top - 10) }
        }
        for index in ends.indices {
            marks.append(AnyHTML(ChartLabel(
                text: ChartNumber.format(ends[index].value), x: ends[index].x + 8, y: placed[index],
                fontSize: Self.valueFont, fill: ChartPalette.colour(ends[index].series), bold: true, cssClass: "chart-value"
            )))
        }
    }
}
