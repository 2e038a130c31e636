import Foundation
import XCTest
@testable import JiuyeHTML

final class ChartTests: XCTestCase {
    private let colleges = [
        ChartDatum("计算机科学与技术学院", 1_320), ChartDatum("外国语学院", 428),
        ChartDatum("经济与管理学院", 986), ChartDatum("艺术设计学院", 96),
    ]

    private func collegeBars(orientation: ChartOrientation = .horizontal) -> BarChart {
        BarChart(id: "college-bar", title: "各学院已就业人数", data: colleges, unit: "人", orientation: orientation, categoryName: "学院", valueName: "已就业人数")
    }

    private var destinations: StackedBarChart {
        StackedBarChart(
            id: "destinations", title: "各学院毕业去向", categories: ["计算机学院", "外国语学院", "艺术学院"],
            series: [ChartSeries("签约就业", [820, 210, 40]), ChartSeries("升学", [300, 98, 12]), ChartSeries("待就业", [200, 120, 44])],
            unit: "人", categoryName: "学院"
        )
    }

    private var shares: PieChart {
        PieChart(id: "share", title: "毕业去向构成", data: [
            ChartDatum("签约就业", 1_820), ChartDatum("灵活就业", 420), ChartDatum("升学", 640), ChartDatum("待就业", 97),
        ], unit: "人", categoryName: "去向")
    }

    private var rates: LineChart {
        LineChart(id: "rates", title: "近五届就业率", categories: ["2021届", "2022届", "2023届", "2024届", "2025届"], series: [
            ChartSeries("本科", [91.2, 90.4, 92.8, 93.1, 94.05]), ChartSeries("研究生", [95.1, 94.6, 96.0, 95.5, 96.3]),
        ], unit: "%", categoryName: "届别")
    }

    // MARK: Bars

    func testBarChartDrawsOneBarPerCategoryWithItsValueWritten() {
        let html = collegeBars().renderedString()
        XCTAssertEqual(html.occurrences(of: "class=\"chart-bar-rect\""), 4)
        XCTAssertEqual(html.occurrences(of: "class=\"chart-value\""), 4)
        XCTAssertTrue(html.contains(">1,320</text>"), "values are written with thousands separators")
        XCTAssertTrue(html.contains("<title>外国语学院：428人</title>"), "each bar has a tooltip")
        XCTAssertTrue(html.contains(">单位：人</text>"))
    }

    func testHorizontalBarLengthsAreProportionalToValues() throws {
        let bars = collegeBars().plot.bars
        XCTAssertEqual(bars.count, 4)
        let unitsPerValue = try XCTUnwrap(bars.first).width / 1_320
        for bar in bars {
            XCTAssertEqual(bar.width, bar.value * unitsPerValue, accuracy: 1e-9, "bar \(bar.category)")
            XCTAssertEqual(bar.x, bars[0].x, "all bars start at the zero line")
        }
        XCTAssertEqual(Set(bars.map(\.y)).count, 4, "one row per category")
    }

    func testVerticalBarHeightsAreProportionalAndStandOnTheBaseline() throws {
        let bars = collegeBars(orientation: .vertical).plot.bars
        let unitsPerValue = try XCTUnwrap(bars.first).height / 1_320
        for bar in bars {
            XCTAssertEqual(bar.height, bar.value * unitsPerValue, accuracy: 1e-9)
            XCTAssertEqual(bar.y + bar.height, bars[0].y + bars[0].height, accuracy: 1e-9)
        }
        XCTAssertLessThan(bars[0].x, bars[1].x, "categories run left to right in order")
    }

    func testNegativeBarsGrowFromTheZeroLineTheOtherWay() throws {
        let chart = BarChart(id: "change", title: "同比变化", data: [ChartDatum("甲", 120), ChartDatum("乙", -45), ChartDatum("丙", -12.5)])
        let plot = chart.plot
        let zero = plot.bars[0].x
        XCTAssertEqual(plot.bars[1].x + plot.bars[1].width, zero, accuracy: 1e-9, "a negative bar ends at zero")
        XCTAssertEqual(plot.bars[2].x + plot.bars[2].width, zero, accuracy: 1e-9)
        XCTAssertEqual(plot.bars[1].width / 45, plot.bars[0].width / 120, accuracy: 1e-9)
        XCTAssertLessThan(plot.scale.lower, 0)
        let html = chart.renderedString()
        XCTAssertTrue(html.contains(">-45</text>"))
        XCTAssertTrue(html.contains(">-12.5</text>"))
    }

    func testAllZeroBarsDrawNoRectanglesButWriteZero() {
        let html = BarChart(id: "zero", title: "全部为零", data: [ChartDatum("甲", 0), ChartDatum("乙", 0)]).renderedString()
        XCTAssertEqual(html.occurrences(of: "chart-bar-rect"), 0)
        XCTAssertEqual(html.occurrences(of: ">0</text>"), 3, "two value labels and the single 0 tick")
        XCTAssertTrue(html.contains("所有数值均为 0。"))
    }

    func testOneCategoryIsDescribedByItsValue() {
        let html = BarChart(id: "one", title: "单项", data: [ChartDatum("计算机学院", 5)], unit: "人").renderedString()
        XCTAssertEqual(html.occurrences(of: "class=\"chart-bar-rect\""), 1)
        XCTAssertTrue(html.contains("计算机学院 5人。"), html)
    }

    func testLongLabelIsCutWithFullNameInATooltip() throws {
        let name = "材料科学与工程学院（含新能源材料研究院）"
        let html = BarChart(id: "long", title: "长名称", data: [ChartDatum(name, 7)]).renderedString()
        let label = try XCTUnwrap(html.between("<text class=\"chart-label\"", "</text>"))
        XCTAssertTrue(label.contains("<title>" + name + "</title>"), label)
        XCTAssertTrue(label.hasSuffix("…"), label)
        XCTAssertTrue(html.contains("<th scope=\"row\">" + name + "</th>"), "the table keeps the full name")
    }

    func testManyCategoriesMakeATallerHorizontalChart() {
        let few = BarChart(id: "few", title: "少", data: (1...3).map { ChartDatum("专业\($0)", $0) }).plot
        let many = BarChart(id: "many", title: "多", data: (1...40).map { ChartDatum("专业\($0)", $0) }).plot
        XCTAssertEqual(many.bars.count, 40)
        XCTAssertEqual(many.height - few.height, 37 * 28, accuracy: 1e-9, "one 28-unit row per category")
    }

    func testCrowdedVerticalLabelsThinOut() {
        let chart = BarChart(id: "days", title: "每日", data: (1...30).map { ChartDatum("6月\($0)日", $0) }, orientation: .vertical)
        let html = chart.renderedString()
        XCTAssertEqual(html.occurrences(of: "class=\"chart-bar-rect\""), 30)
        let labels = html.occurrences(of: "class=\"chart-label\"")
        XCTAssertGreaterThan(labels, 1)
        XCTAssertLessThan(labels, 30)
    }

    // MARK: Stacked bars

    func testStackedPartsAddUpToTheCategoryTotal() throws {
        let plot = destinations.plot
        XCTAssertEqual(plot.bars.count, 9, "three parts for each of three categories")
        let first = plot.bars.filter { $0.category == 0 }
        XCTAssertEqual(first.map(\.series), [0, 1, 2], "parts in series order")
        for (part, next) in zip(first, first.dropFirst()) {
            XCTAssertEqual(part.x + part.width, next.x, accuracy: 1e-9, "parts touch end to end")
        }
        let perValue = first[0].width / 820
        XCTAssertEqual(first.reduce(0) { $0 + $1.width }, 1_320 * perValue, accuracy: 1e-9)
        let html = destinations.renderedString()
        XCTAssertTrue(html.contains(">1,320</text>"), "the total is written at the end")
        XCTAssertTrue(html.contains("<th scope=\"col\" class=\"num\">合计</th>"))
    }

    func testSeriesDifferByPatternNotOnlyColour() {
        let html = destinations.renderedString()
        XCTAssertTrue(html.contains("<pattern id=\"destinations-p1\""))
        XCTAssertTrue(html.contains("<pattern id=\"destinations-p2\""))
        XCTAssertFalse(html.contains("destinations-p3"), "only as many patterns as series")
        XCTAssertTrue(html.contains("fill=\"url(#destinations-p1)\""))
        XCTAssertTrue(html.contains("fill=\"url(#destinations-p2)\""))
        let legend = html.between("<ul class=\"chart-legend\" aria-hidden=\"true\">", "</ul>") ?? ""
        XCTAssertEqual(legend.occurrences(of: "<li>"), 3)
        let order = ["签约就业", "升学", "待就业"].compactMap { legend.range(of: $0)?.lowerBound }
        XCTAssertEqual(order, order.sorted(), "legend in series order")
    }

    func testStackedChartRefusesNegativeValuesAndOpensTheTable() {
        let chart = StackedBarChart(id: "neg", title: "含负值", categories: ["甲"], series: [ChartSeries("A", [3]), ChartSeries("B", [-1])])
        let html = chart.renderedString()
        XCTAssertFalse(html.contains("<svg class=\"chart-svg\""))
        XCTAssertTrue(html.contains("无法绘制堆叠图"))
        XCTAssertTrue(html.contains("<details class=\"chart-data\" open>"))
        XCTAssertTrue(html.contains("<td class=\"num\">-1</td>"))
    }

    func testShortSeriesCountMissingValuesAsZero() {
        let chart = StackedBarChart(id: "short", title: "缺值", categories: ["甲", "乙"], series: [ChartSeries("A", [3])])
        XCTAssertEqual(chart.totals, [3, 0])
        XCTAssertTrue(chart.renderedString().contains("<th scope=\"row\">乙</th><td class=\"num\">0</td>"))
    }

    // MARK: Pie

    func testPieSliceAnglesAreContiguousAndSumTo360() throws {
        let slices = shares.slices
        XCTAssertEqual(slices.count, 4)
        XCTAssertEqual(slices.first?.startAngle, 0)
        XCTAssertEqual(slices.last?.endAngle, 360)
        XCTAssertEqual(slices.reduce(0) { $0 + $1.sweep }, 360, accuracy: 1e-9)
        for (slice, next) in zip(slices, slices.dropFirst()) {
            XCTAssertEqual(slice.endAngle, next.startAngle, accuracy: 1e-9)
        }
        XCTAssertEqual(slices[0].sweep, 1_820.0 / 2_977 * 360, accuracy: 1e-9)
    }

    func testPiePercentagesHaveOneDecimalAndAddUpTo100() {
        let slices = shares.slices
        XCTAssertEqual(slices.map(\.percent), ["61.1%", "14.1%", "21.5%", "3.3%"])
        XCTAssertEqual(slices.reduce(0) { $0 + $1.percentTenths }, 1000)
        XCTAssertEqual(ChartNumber.percentTenths([1, 1, 1]), [334, 333, 333], "the leftover tenth goes to the first of equals")
        let html = shares.renderedString()
        XCTAssertEqual(html.occurrences(of: "class=\"chart-slice\""), 4)
        XCTAssertTrue(html.contains("1,820人 · 61.1%"), "legend gives value and share")
        XCTAssertTrue(html.contains(">61.1%</text>"), "big slices carry their share")
        XCTAssertFalse(html.contains(">3.3%</text>"), "a 12° slice is too thin for a label")
        XCTAssertTrue(html.contains("<tfoot><tr><th scope=\"row\">合计</th><td class=\"num\">2,977</td><td class=\"num\">100.0%</td></tr></tfoot>"))
        XCTAssertTrue(html.contains(">2,977人</text>"), "the donut shows the total in its hole")
    }

    func testPieWithManyCategoriesFoldsTheSmallestIntoOther() {
        let data = (1...10).map { ChartDatum("地区\($0)", 110 - 10 * $0) }
        let chart = PieChart(id: "regions", title: "地区", data: data, style: .pie)
        let slices = chart.slices
        XCTAssertEqual(slices.count, PieChart.maxSlices)
        XCTAssertEqual(slices.last?.label, "其他")
        XCTAssertEqual(slices.last?.foldedCount, 3)
        XCTAssertEqual(slices.last?.value, 30 + 20 + 10)
        XCTAssertEqual(slices.reduce(0) { $0 + $1.percentTenths }, 1000)
        let tableShares = ChartNumber.percentTenths(data.map(\.value)) ?? []
        XCTAssertEqual(slices.last?.percentTenths, tableShares.suffix(3).reduce(0, +), "其他 is the sum of the shares in the table")
        XCTAssertEqual(slices.first?.percentTenths, tableShares.first)
        let html = chart.renderedString()
        XCTAssertTrue(html.contains("其他（3 项）"))
        XCTAssertEqual(html.occurrences(of: "<th scope=\"row\">地区"), 10, "the table lists every category")
        XCTAssertFalse(html.contains(">合计</text>"), "a plain pie has no hole for the total")
    }

    func testSingleValuePieIsAWholeRing() {
        let chart = PieChart(id: "one", title: "一项", data: [ChartDatum("签约就业", 1_234)])
        XCTAssertEqual(chart.slices, [PieChart.Slice(label: "签约就业", value: 1_234, startAngle: 0, endAngle: 360, percentTenths: 1000, foldedCount: 0)])
        let html = chart.renderedString()
        XCTAssertEqual(html.occurrences(of: "class=\"chart-slice\""), 1)
        XCTAssertTrue(html.contains(">100.0%</text>"))
        XCTAssertFalse(html.contains("NaN"))
    }

    func testAllZeroPieDrawsAnEmptyRing() {
        let chart = PieChart(id: "zeros", title: "全零", data: [ChartDatum("甲", 0), ChartDatum("乙", 0)])
        XCTAssertTrue(chart.slices.isEmpty)
        let html = chart.renderedString()
        XCTAssertEqual(html.occurrences(of: "chart-slice-empty"), 1)
        XCTAssertTrue(html.contains("所有数值均为 0。"))
        XCTAssertFalse(html.contains("NaN"))
        XCTAssertTrue(html.contains("<td class=\"num\">—</td>"), "no share of nothing")
    }

    func testPieRefusesNegativeValues() {
        let html = PieChart(id: "neg", title: "含负值", data: [ChartDatum("甲", 10), ChartDatum("乙", -3)]).renderedString()
        XCTAssertFalse(html.contains("<svg"))
        XCTAssertTrue(html.contains("<p class=\"chart-empty\">数据中有负值，无法绘制占比图，请查看下方数据表。</p>"))
        XCTAssertTrue(html.contains("<details class=\"chart-data\" open>"))
    }

    func testSlicePathsUseTheLargeArcFlagPastHalfACircle() {
        XCTAssertEqual(PieChart.slicePath(centre: 10, outer: 10, inner: 0, from: 0, to: 90), "M10 0A10 10 0 0 1 20 10L10 10Z")
        XCTAssertTrue(PieChart.slicePath(centre: 10, outer: 10, inner: 5, from: 0, to: 270).contains("A10 10 0 1 1"))
    }

    // MARK: Lines

    func testLineChartDrawsALinePerSeriesAndAPointPerCategory() throws {
        let html = rates.renderedString()
        let canvas = try XCTUnwrap(html.between("class=\"chart-svg\"", "</svg>"))
        XCTAssertEqual(canvas.occurrences(of: "<polyline "), 2)
        XCTAssertEqual(canvas.occurrences(of: "class=\"chart-point\""), 10)
        XCTAssertEqual(canvas.occurrences(of: "<circle "), 5, "series 1 has circles, series 2 squares")
        XCTAssertTrue(html.contains("stroke-dasharray=\"7 4\""), "the second line is dashed")
        XCTAssertTrue(html.contains(">94.05</text>"), "each line's last value at its end")
        XCTAssertTrue(html.contains("<title>研究生 · 2023届：96%</title>"))
    }

    func testLinePointsFollowTheValues() throws {
        let plot = rates.plot
        let line = try XCTUnwrap(plot.points.first)
        XCTAssertEqual(line.count, 5)
        let perValue = (line[1].y - line[0].y) / (line[1].value - line[0].value)
        XCTAssertLessThan(perValue, 0, "higher values are drawn higher up")
        for point in line {
            XCTAssertEqual(point.y - line[0].y, (point.value - line[0].value) * perValue, accuracy: 1e-9)
        }
        XCTAssertEqual(Set(zip(line, line.dropFirst()).map { $1.x - $0.x }.map { ($0 * 1e6).rounded() }).count, 1, "evenly spaced")
    }

    func testNarrowRatesZoomInButCountsStartAtZero() {
        XCTAssertEqual(rates.plot.scale.lower, 90)
        XCTAssertEqual(rates.plot.scale.upper, 98)
        let counts = LineChart(id: "counts", title: "签约", categories: ["1月", "2月"], series: [ChartSeries("人数", [12, 980])])
        XCTAssertEqual(counts.plot.scale.lower, 0)
        XCTAssertFalse(LinePlot.zoomsIn(on: [-3, 4]), "values on both sides of zero keep zero")
    }

    func testSingleLineWritesEveryValueOrOnlyTheExtremesWhenCrowded() {
        let months = LineChart(id: "m", title: "月", categories: (1...6).map { "\($0)月" }, series: [ChartSeries("人数", [12, 30, 85, 160, 420, 980])])
        XCTAssertEqual(months.renderedString().occurrences(of: "class=\"chart-value\""), 6)
        let days = LineChart(id: "d", title: "日", categories: (1...60).map { "第\($0)天" }, series: [ChartSeries("人数", (1...60).map { Double($0 * 1_000) })])
        let html = days.renderedString()
        XCTAssertEqual(html.occurrences(of: "class=\"chart-value\""), 2, "first and last, which are also lowest and highest")
        XCTAssertEqual(html.occurrences(of: "class=\"chart-point\""), 0, "points closer than 9 units get no marker, and one line has no legend")
        XCTAssertLessThan(html.occurrences(of: "class=\"chart-label\""), 20)
    }

    // MARK: Shared behaviour

    func testEmptyDataSaysSoInEveryChart() {
        let charts: [any HTML] = [
            BarChart(id: "a", title: "空", data: []),
            StackedBarChart(id: "b", title: "空", categories: [], series: []),
            StackedBarChart(id: "b2", title: "空", categories: ["甲"], series: []),
            PieChart(id: "c", title: "空", data: []),
            LineChart(id: "d", title: "空", categories: ["1月"], series: []),
        ]
        for chart in charts {
            let html = chart.renderedString()
            XCTAssertTrue(html.contains("<figcaption class=\"chart-title\">空</figcaption><p class=\"chart-empty\">暂无数据</p>"), html)
            XCTAssertFalse(html.contains("<svg"))
            XCTAssertFalse(html.contains("<table"))
        }
    }

    func testSVGHasATitleAndDescriptionForScreenReaders() throws {
        let html = collegeBars().renderedString()
        let svgTag = try XCTUnwrap(html.tag("svg", containing: "chart-svg"))
        XCTAssertTrue(svgTag.contains("role=\"img\""))
        XCTAssertTrue(svgTag.contains("aria-labelledby=\"college-bar-title\""))
        XCTAssertTrue(svgTag.contains("aria-describedby=\"college-bar-desc\""))
        XCTAssertTrue(html.contains("<title id=\"college-bar-title\">各学院已就业人数</title>"))
        let desc = try XCTUnwrap(html.between("<desc id=\"college-bar-desc\">", "</desc>"))
        XCTAssertEqual(desc, "条形图，共 4 项，单位：人。最高：计算机科学与技术学院 1,320人；最低：艺术设计学院 96人。详细数值见图下数据表。")
    }

    func testTableFallbackHoldsEveryNumber() throws {
        let html = collegeBars().renderedString()
        let details = try XCTUnwrap(html.between("<details class=\"chart-data\">", "</details>"))
        XCTAssertTrue(details.hasPrefix("<summary>查看数据表</summary>"))
        XCTAssertTrue(details.contains("<caption>各学院已就业人数（单位：人）</caption>"))
        XCTAssertTrue(details.contains("<thead><tr><th scope=\"col\">学院</th><th scope=\"col\" class=\"num\">已就业人数</th></tr></thead>"))
        for datum in colleges {
            XCTAssertTrue(details.contains("<tr><th scope=\"row\">\(datum.label)</th><td class=\"num\">\(ChartNumber.format(datum.value))</td></tr>"), datum.label)
        }
        XCTAssertTrue(details.contains("<td class=\"num\">1,320</td>"))
    }

    func testTextIsEscapedEverywhere() {
        let evil = "<script>alert(1)</script>"
        let charts: [any HTML] = [
            BarChart(id: "x", title: evil, data: [ChartDatum(evil, 5)], unit: evil, categoryName: evil, valueName: evil, summary: evil),
            StackedBarChart(id: "y", title: evil, categories: [evil], series: [ChartSeries(evil, [1]), ChartSeries("\"'&", [2])]),
            PieChart(id: "z", title: evil, data: [ChartDatum(evil, 1), ChartDatum("b", 2)], unit: evil),
            LineChart(id: "w", title: evil, categories: [evil, "b"], series: [ChartSeries(evil, [1, 2]), ChartSeries("b", [2, 1])]),
        ]
        for chart in charts {
            let html = chart.renderedString()
            XCTAssertFalse(html.contains("<script"), html)
            XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            XCTAssertFalse(html.contains("\"'&"))
        }
    }

    func testIdsComeFromTheCallersIdAndOutputIsDeterministic() {
        XCTAssertEqual(destinations.renderedString(), destinations.renderedString())
        XCTAssertEqual(ChartIDs("学院 统计\"><").base, "chart-" + String(repeating: "-", count: 8))
        XCTAssertEqual(ChartIDs("2025-rates").base, "chart-2025-rates")
        let html = StackedBarChart(id: "a b", title: "t", categories: ["甲"], series: [ChartSeries("A", [1]), ChartSeries("B", [1])]).renderedString()
        XCTAssertTrue(html.contains("<figure class=\"chart chart-bar chart-stacked\" id=\"a-b\">"))
        XCTAssertTrue(html.contains("fill=\"url(#a-b-p1)\""))
    }

    func testChartsAreResponsiveAndUseNoInlineStyles() throws {
        let charts: [any HTML] = [collegeBars(), collegeBars(orientation: .vertical), destinations, shares, rates]
        for chart in charts {
            let html = chart.renderedString()
            let svgTag = try XCTUnwrap(html.tag("svg", containing: "chart-svg"))
            XCTAssertTrue(svgTag.contains("width=\"100%\""))
            XCTAssertNotNil(svgTag.range(of: #"viewBox="0 0 \d+(\.\d+)? \d+(\.\d+)?""#, options: .regularExpression), svgTag)
            XCTAssertFalse(svgTag.contains("height="), "the height follows from the viewBox")
            XCTAssertFalse(html.contains("style="), "CSP forbids inline styles")
            XCTAssertFalse(html.contains("NaN"))
        }
    }

    // MARK: Numbers and scales

    func testNumbersHaveThousandsSeparatorsAndAtMostTwoDecimals() {
        XCTAssertEqual(ChartNumber.format(0), "0")
        XCTAssertEqual(ChartNumber.format(999), "999")
        XCTAssertEqual(ChartNumber.format(1_000), "1,000")
        XCTAssertEqual(ChartNumber.format(1_234_567), "1,234,567")
        XCTAssertEqual(ChartNumber.format(1_234.5), "1,234.5")
        XCTAssertEqual(ChartNumber.format(-1_234.567), "-1,234.57")
        XCTAssertEqual(ChartNumber.format(0.05), "0.05")
        XCTAssertEqual(ChartNumber.format(-0.001), "0")
        XCTAssertEqual(ChartNumber.percent(tenths: 5), "0.5%")
        XCTAssertEqual(ChartNumber.coordinate(-0.004), "0")
        XCTAssertEqual(ChartNumber.coordinate(12.5), "12.5")
        XCTAssertEqual(ChartNumber.coordinate(-3.456), "-3.46")
    }

    func testScalesUseRoundStepsAndWholeStepsForWholeNumbers() {
        let counts = ChartScale(values: [0, 1_320])
        XCTAssertEqual(counts.ticks, [0, 500, 1_000, 1_500])
        XCTAssertEqual(ChartScale(values: [1, 2]).step, 1, "no half people")
        XCTAssertEqual(ChartScale(values: [0.1, 0.3]).step, 0.1, accuracy: 1e-12)
        let mixed = ChartScale(values: [-45, 120])
        XCTAssertEqual(mixed.lower, -50)
        XCTAssertEqual(mixed.upper, 150)
        XCTAssertTrue(mixed.ticks.contains(0))
        XCTAssertEqual(ChartScale(values: [0, 0]).ticks, [0])
    }

    func testLabelFittingCutsWholeCharactersOnly() {
        XCTAssertEqual(ChartMetrics.fit("外国语学院", maxWidth: 100, fontSize: 10).shown, "外国语学院")
        let cut = ChartMetrics.fit("计算机科学与技术学院", maxWidth: 50, fontSize: 10)
        XCTAssertTrue(cut.isTruncated)
        XCTAssertEqual(cut.shown, "计算机科…")
        XCTAssertEqual(ChartMetrics.fit("🎓🎓🎓🎓🎓🎓", maxWidth: 30, fontSize: 10).shown, "🎓🎓…")
    }
}
