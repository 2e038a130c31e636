/// Server-rendered SVG charts for the statistics pages: `BarChart`,
/// `StackedBarChart`, `PieChart` and `LineChart` (one file each,
/// `Charts+Bar.swift`, …). This file holds what they share: the data types,
/// the `<figure>` every chart renders, its legend and its data table.
///
/// Every chart is readable without the picture: the `<svg role="img">` is
/// named by its `<title>` and described by a `<desc>` that states the
/// extremes, and the same numbers follow in a `<table>` inside
/// `<details><summary>查看数据表</summary>`. Series are told apart by colour
/// AND by a fill pattern (bars, slices) or a dash and marker shape (lines),
/// and values are written on the chart. No `style` attributes (CSP): colours
/// are presentation attributes, layout is `Public/css/app.css` ("Charts").
/// Output is deterministic: every id derives from the caller's `id`.

// MARK: - Data

/// One labelled number: a bar of a `BarChart`, a slice of a `PieChart`.
/// A value that is not finite (NaN, ∞) counts as 0.
public struct ChartDatum: Sendable, Equatable {
    public var label: String
    public var value: Double

    public init(_ label: String, _ value: Double) {
        self.label = label
        self.value = value.isFinite ? value : 0
    }

    public init(_ label: String, _ value: Int) {
        self.init(label, Double(value))
    }
}

/// A named row of numbers, one per category, for `StackedBarChart` and
/// `LineChart`. When it has fewer values than the chart has categories the
/// missing ones count as 0; extra values are ignored; NaN and ∞ count as 0.
public struct ChartSeries: Sendable, Equatable {
    public var name: String
    public var values: [Double]

    public init(_ name: String, _ values: [Double]) {
        self.name = name
        self.values = values.map { $0.isFinite ? $0 : 0 }
    }

    public init(_ name: String, _ values: [Int]) {
        self.init(name, values.map(Double.init))
    }

    /// The value for category `index`, 0 where the series is short.
    func value(at index: Int) -> Double {
        index < values.count ? values[index] : 0
    }
}

/// Which way bars run. `.horizontal` (one row per category, labels on the
/// left) suits long names such as 学院 and any number of categories: the
/// chart grows taller. `.vertical` suits a few short labels such as years.
public enum ChartOrientation: Sendable {
    case horizontal, vertical
}

// MARK: - Ids

/// The ids inside one chart, all derived from the caller's id so two renders
/// are byte-identical and two charts on a page never collide. Characters
/// other than ASCII letters, digits, `-` and `_` become `-` so the id is safe
/// inside `url(#…)`; an id that does not start with a letter gets `chart-`.
struct ChartIDs: Sendable, Equatable {
    let base: String

    init(_ raw: String) {
        var cleaned = ""
        for scalar in raw.unicodeScalars {
            let isSafe = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_")
            cleaned.unicodeScalars.append(isSafe ? scalar : "-")
        }
        if let first = cleaned.unicodeScalars.first, first.properties.isAlphabetic {
            base = cleaned
        } else {
            base = "chart-" + cleaned
        }
    }

    var title: String { base + "-title" }
    var desc: String { base + "-desc" }
    /// The fill pattern of series `index` (see `ChartPalette`).
    func pattern(_ index: Int) -> String { base + "-p" + String(index) }
}

// MARK: - The figure

/// The markup every chart renders:
///
///     <figure class="chart chart-bar" id="ID">
///       <figcaption class="chart-title">标题</figcaption>
///       <ul class="chart-legend" aria-hidden="true">…</ul>   (more than one series)
///       <svg class="chart-svg" viewBox="0 0 360 H" width="100%" role="img"
///            aria-labelledby="ID-title" aria-describedby="ID-desc">
///         <title id="ID-title">标题</title><desc id="ID-desc">…</desc> …
///       </svg>
///       <details class="chart-data"><summary>查看数据表</summary>
///         <div class="chart-table-wrap"><table class="chart-table">…</table></div></details>
///     </figure>
///
/// Without data the figure holds the title and "暂无数据" only. A chart that
/// refuses its data (negative values in a pie) shows why, with the table open.
struct ChartFigure: HTML {
    enum Body {
        case canvas(ChartCanvas)
        /// The pie puts its legend with values beside the canvas.
        case canvasWithSideLegend(ChartCanvas, ChartLegend)
        case message(String)
    }

    let ids: ChartIDs
    let kindClass: String
    let title: String
    let legend: ChartLegend?
    let body: Body
    let table: ChartDataTable?

    static func empty(ids: ChartIDs, kindClass: String, title: String) -> ChartFigure {
        ChartFigure(ids: ids, kindClass: kindClass, title: title, legend: nil, body: .message(ChartText.noData), table: nil)
    }

    func render(into buffer: inout HTMLBuffer) {
        let body = body
        figure(.class("chart " + kindClass), .id(ids.base)) {
            figcaption(.class("chart-title")) { title }
            if let legend { legend }
            switch body {
            case .canvas(let canvas):
                canvas
            case .canvasWithSideLegend(let canvas, let sideLegend):
                div(.class("chart-side")) {
                    canvas
                    sideLegend
                }
            case .message(let message):
                p(.class("chart-empty")) { message }
            }
            if let table { table }
        }.render(into: &buffer)
    }
}

/// The `<svg>` itself: title, description, the fill patterns its series use,
/// then the marks in paint order.
struct ChartCanvas: HTML {
    /// The viewBox width of bar and line charts. The stylesheet caps the SVG at
    /// 440px, so 13-unit labels show at about 16px on a desktop and, scaled
    /// down to a 390px phone's content width, still at about 12px.
    static let standardWidth = 360.0

    let ids: ChartIDs
    let title: String
    let description: String
    let width: Double
    let height: Double
    /// Series 0..<patternCount are drawn; their patterns go into `<defs>`.
    let patternCount: Int
    let marks: [AnyHTML]

    func render(into buffer: inout HTMLBuffer) {
        let ids = ids
        let patternCount = patternCount
        svg(
            Attribute("xmlns", "http://www.w3.org/2000/svg"),
            .class("chart-svg"),
            Attribute("viewBox", "0 0 " + ChartNumber.coordinate(width) + " " + ChartNumber.coordinate(height)),
            Attribute("width", "100%"),
            .role("img"),
            Attribute("aria-labelledby", ids.title),
            .ariaDescribedBy(ids.desc),
            Attribute("font-size", "12"),
            Attribute("fill", ChartPalette.text)
        ) {
            titleElement(.id(ids.title)) { title }
            Element("desc", [.id(ids.desc)], content: Text(description))
            if patternCount > 1 {
                Element("defs", [], content: ForEach(1..<patternCount) { ChartPalette.patternDefinition($0, ids: ids) })
            }
            marks
        }.render(into: &buffer)
    }
}

// MARK: - Legend

/// The key to the series, in series order. `aria-hidden`: the data table
/// already gives assistive technology every name with its numbers.
struct ChartLegend: HTML {
    enum Swatch {
        /// A square filled like series `index` (colour and pattern).
        case area(Int)
        /// A short line with the dash and marker of series `index`.
        case line(Int)
        /// A grey square, for "其他" and empty pies.
        case neutral
    }

    struct Entry {
        let label: String
        let detail: String?
        let swatch: Swatch
    }

    let ids: ChartIDs
    let entries: [Entry]
    var cssClass = "chart-legend"

    func render(into buffer: inout HTMLBuffer) {
        let ids = ids
        ul(.class(cssClass), Attribute("aria-hidden", "true")) {
            ForEach(entries) { entry in
                li {
                    LegendSwatch(ids: ids, swatch: entry.swatch)
                    span(.class("chart-legend-label")) { entry.label }
                    if let detail = entry.detail {
                        span(.class("chart-legend-value")) { detail }
                    }
                }
            }
        }.render(into: &buffer)
    }
}

struct LegendSwatch: HTML {
    let ids: ChartIDs
    let swatch: ChartLegend.Swatch

    func render(into buffer: inout HTMLBuffer) {
        switch swatch {
        case .area(let index):
            svg(.class("chart-swatch"), Attribute("viewBox", "0 0 14 14"), Attribute("width", "14"), Attribute("height", "14")) {
                svgRect(Attribute("width", "14"), Attribute("height", "14"), Attribute("rx", "2"), Attribute("fill", ChartPalette.fill(index, ids: ids)))
            }.render(into: &buffer)
        case .line(let index):
            svg(.class("chart-swatch chart-swatch-line"), Attribute("viewBox", "0 0 28 14"), Attribute("width", "28"), Attribute("height", "14")) {
                ChartPalette.lineStroke(index, points: "1,7 27,7")
                ChartPalette.marker(index, x: 14, y: 7, tooltip: nil)
            }.render(into: &buffer)
        case .neutral:
            svg(.class("chart-swatch"), Attribute("viewBox", "0 0 14 14"), Attribute("width", "14"), Attribute("height", "14")) {
                svgRect(Attribute("width", "14"), Attribute("height", "14"), Attribute("rx", "2"), Attribute("fill", ChartPalette.neutral))
            }.render(into: &buffer)
        }
    }
}

// MARK: - Data table

/// The numbers behind the picture, for screen readers, text browsers and
/// anyone who wants exact values: a table with a caption, one row per
/// category with the category as row header.
struct ChartDataTable: HTML {
    let captionText: String
    /// The first header names the category column.
    let headers: [String]
    /// Each row: the category label, then its formatted values.
    let rows: [[String]]
    /// An optional 合计 row.
    let footer: [String]?
    /// Open when the chart could not be drawn, so the numbers show at once.
    var isOpen = false

    func render(into buffer: inout HTMLBuffer) {
        let headers = headers
        details(.class("chart-data"), .open(isOpen)) {
            summary { ChartText.showTable }
            div(.class("chart-table-wrap")) {
                table(.class("chart-table")) {
                    caption { captionText }
                    thead {
                        tr {
                            ForEach(headers.indices) { column in
                                Element("th", column == 0 ? [.scope("col")] : [.scope("col"), .class("num")], content: Text(headers[column]))
                            }
                        }
                    }
                    tbody {
                        ForEach(rows) { row in ChartTableRow(cells: row) }
                    }
                    if let footer {
                        tfoot { ChartTableRow(cells: footer) }
                    }
                }
            }
        }.render(into: &buffer)
    }
}

struct ChartTableRow: HTML {
    let cells: [String]

    func render(into buffer: inout HTMLBuffer) {
        let cells = cells
        tr {
            th(.scope("row")) { cells.first ?? "" }
            ForEach(cells.dropFirst()) { cell in
                td(.class("num")) { cell }
            }
        }.render(into: &buffer)
    }
}

// MARK: - Words

/// The fixed Chinese text of the charts, in one place.
enum ChartText {
    static let noData = "暂无数据"
    static let showTable = "查看数据表"
    static let total = "合计"
    static let other = "其他"
    static let seeTable = "详细数值见图下数据表。"

    /// "各学院就业人数（单位：人）", the data table's caption.
    static func caption(_ title: String, unit: String) -> String {
        unit.isEmpty ? title : title + "（单位：" + unit + "）"
    }

    /// "单位：人", drawn at the top right of bar and line charts.
    static func unitNote(_ unit: String) -> String { "单位：" + unit }

    /// "320人": a formatted value with its unit.
    static func amount(_ value: Double, unit: String) -> String {
        ChartNumber.format(value) + unit
    }

    /// "最高：计算机学院 320人；最低：艺术学院 12人。" (the first on a tie),
    /// or what is special about the values: only one, or all zero.
    static func extremes(labels: [String], values: [Double], unit: String, prefix: String = "") -> String {
        guard let highest = values.indices.max(by: { values[$0] < values[$1] }),
              let lowest = values.indices.min(by: { values[$0] < values[$1] }) else { return "" }
        if values.allSatisfy({ $0 == 0 }) { return "所有数值均为 0。" }
        if values.count == 1 { return labels[0] + " " + amount(values[0], unit: unit) + "。" }
        return prefix + "最高：" + labels[highest] + " " + amount(values[highest], unit: unit)
            + "；" + prefix + "最低：" + labels[lowest] + " " + amount(values[lowest], unit: unit) + "。"
    }

    /// The `<desc>`: "条形图，共 12 项，单位：人。最高：…。<summary>详细数值见图下数据表。"
    static func describe(kind: String, count: Int, unit: String, detail: String? = nil, extremes: String, summary: String?) -> String {
        var text = kind + "，共 " + String(count) + " 项"
        if let detail { text += "，" + detail }
        if !unit.isEmpty { text += "，单位：" + unit }
        return text + "。" + extremes + (summary ?? "") + seeTable
    }
}
