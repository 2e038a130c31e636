import Foundation

// The drawing kit the charts share: number formats, text measurement, axis
// scales, the palette with its patterns and marker shapes, and labels.

// MARK: - Numbers

enum ChartNumber {
    /// "1,234,567" or "1,234.5": thousands separators, at most two decimals,
    /// no trailing zeros. Written by hand rather than with a locale so the
    /// output is the same on every server.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        let hundredths = (abs(value) * 100).rounded()
        guard hundredths < 1e17 else { return String(value) }
        let whole = Int(hundredths / 100)
        let fraction = Int(hundredths.truncatingRemainder(dividingBy: 100))
        var digits = String(whole)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        grouped = digits + grouped
        if fraction != 0 {
            let twoDigits = fraction < 10 ? "0" + String(fraction) : String(fraction)
            grouped += "." + (fraction % 10 == 0 ? String(twoDigits.prefix(1)) : twoDigits)
        }
        return (hundredths != 0 && value < 0 ? "-" : "") + grouped
    }

    /// Shares of `values` in tenths of a percent (325 = 32.5%) that add up to
    /// exactly 1000: each share is rounded down and the tenths left over go to
    /// the largest remainders (the earlier value on a tie), so the labels of a
    /// pie sum to 100.0%. `nil` when the values do not add up to more than 0.
    static func percentTenths(_ values: [Double]) -> [Int]? {
        let positive = values.map { max($0, 0) }
        let total = positive.reduce(0, +)
        guard total > 0 else { return nil }
        let exact = positive.map { $0 / total * 1000 }
        var tenths = exact.map { Int($0.rounded(.down)) }
        let leftOver = 1000 - tenths.reduce(0, +)
        let remainders = exact.indices.map { exact[$0] - Double(tenths[$0]) }
        let byRemainder = exact.indices.sorted { first, second in
            remainders[first] != remainders[second] ? remainders[first] > remainders[second] : first < second
        }
        for index in byRemainder.prefix(max(leftOver, 0)) { tenths[index] += 1 }
        return tenths
    }

    /// "32.5%".
    static func percent(tenths: Int) -> String {
        String(tenths / 10) + "." + String(tenths % 10) + "%"
    }

    /// An SVG coordinate: rounded to 0.01, no trailing zeros, never "-0".
    static func coordinate(_ value: Double) -> String {
        let hundredths = (value * 100).rounded()
        if hundredths == 0 { return "0" }
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = Int(abs(hundredths))
        let fraction = magnitude % 100
        if fraction == 0 { return sign + String(magnitude / 100) }
        let fractionText = fraction < 10 ? "0" + String(fraction) : String(fraction)
        return sign + String(magnitude / 100) + "." + (fraction % 10 == 0 ? String(fractionText.prefix(1)) : fractionText)
    }
}

// MARK: - Text measurement

/// Approximate advance widths, good enough to lay out labels on the server:
/// a CJK character or full-width form is one em, Latin letters and digits
/// a little over half an em. Overestimates slightly so text never overflows.
enum ChartMetrics {
    static func width(_ text: String, fontSize: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ems($1) } * fontSize
    }

    static func width(_ character: Character, fontSize: Double) -> Double {
        character.unicodeScalars.reduce(0) { $0 + ems($1) } * fontSize
    }

    private static func ems(_ scalar: Unicode.Scalar) -> Double {
        let value = scalar.value
        switch value {
        case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: return 0          // combining, zero-width
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1FAFF,
             0x20000...0x3FFFD: return 1                                          // CJK, full-width, emoji
        case 0x30...0x39: return 0.58                                              // digits
        case 0x41...0x5A: return 0.68                                  // capitals
        case 0x20, 0x2C, 0x2E, 0x3A, 0x3B, 0x21, 0x27, 0x7C, 0x69, 0x6C: return 0.32 // narrow marks
        case 0x21...0x7E: return 0.56
        default: return 0.62
        }
    }

    /// `text` cut to `maxWidth` with "…" when it is longer. Whole characters
    /// only, so a surrogate pair or emoji sequence is never split.
    static func fit(_ text: String, maxWidth: Double, fontSize: Double) -> (shown: String, isTruncated: Bool) {
        guard width(text, fontSize: fontSize) > maxWidth else { return (text, false) }
        let budget = maxWidth - fontSize   // room for "…"
        var shown = ""
        var used = 0.0
        for character in text {
            let advance = width(character, fontSize: fontSize)
            if used + advance > budget { break }
            shown.append(character)
            used += advance
        }
        return (shown + "…", true)
    }
}

// MARK: - Scales

/// A value axis: round lower and upper bounds, a round step, and always 0
/// inside, so bars start at zero and negative values go the other way.
struct ChartScale: Equatable {
    let lower: Double
    let upper: Double
    let step: Double
    /// All values were equal (all zero): the axis is a placeholder.
    let isEmptyRange: Bool

    /// At most `maxTicks` intervals of 1, 2, 2.5 or 5 × 10ⁿ; when every value
    /// is a whole number the step is at least 1 (no "0.5 人"). All zeros give
    /// 0…1. `includeZero: false` fits the axis to the values alone (lines).
    init(values: [Double], maxTicks: Int = 5, includeZero: Bool = true) {
        let low = includeZero ? min(values.min() ?? 0, 0) : values.min() ?? 0
        let high = includeZero ? max(values.max() ?? 0, 0) : values.max() ?? 0
        guard high > low else {
            (lower, upper, step, isEmptyRange) = (0, 1, 1, true)
            return
        }
        isEmptyRange = false
        let wholeNumbers = values.allSatisfy { $0 == $0.rounded() }
        let rough = (high - low) / Double(max(maxTicks, 1))
        let magnitude = pow(10, (log10(rough)).rounded(.down))
        let multiple = [1, 2, 2.5, 5, 10].first { $0 * magnitude >= rough * (1 - 1e-9) } ?? 10
        var step = multiple * magnitude
        if wholeNumbers { step = max(step, 1) }
        if wholeNumbers && step == 2.5 { step = 5 }
        self.step = step
        lower = (low / step).rounded(.down) * step
        upper = (high / step).rounded(.up) * step
    }

    /// The largest scale whose tick labels fit `length` units at `fontSize`.
    static func fitting(values: [Double], length: Double, fontSize: Double) -> ChartScale {
        var ticks = 5
        while true {
            let scale = ChartScale(values: values, maxTicks: ticks)
            let widest = scale.ticks.map { ChartMetrics.width(ChartNumber.format($0), fontSize: fontSize) }.max() ?? 0
            let room = length / Double(max(scale.ticks.count - 1, 1))
            if ticks <= 1 || room >= widest + 10 { return scale }
            ticks -= 1
        }
    }

    /// Where bars start and the axis line runs: 0, or the nearer end of an
    /// axis that does not reach 0.
    var baseline: Double { min(max(0, lower), upper) }

    /// Axis labels and grid lines; only "0" when the axis carries no data.
    var ticks: [Double] {
        if isEmptyRange { return [0] }
        let count = Int(((upper - lower) / step).rounded())
        return (0...count).map { lower + Double($0) * step }
    }

    /// Where `value` falls between `start` (at `lower`) and `end` (at `upper`).
    func position(_ value: Double, from start: Double, to end: Double) -> Double {
        start + (value - lower) / (upper - lower) * (end - start)
    }
}

/// Which category labels to write when they would overlap: every
/// `stride`-th one, always including the first.
enum ChartThinning {
    static func stride(slot: Double, labelWidth: Double) -> Int {
        guard slot > 0 else { return 1 }
        return max(1, Int((labelWidth / slot).rounded(.up)))
    }
}

// MARK: - Palette

/// Eight colours that each reach at least 4.5:1 against white, so marks and
/// labels in them pass WCAG 1.4.11, and eight fill patterns and line styles
/// that go with them, so series differ in more than hue. Series 8 repeats
/// series 0; charts keep to fewer (the pie folds the rest into "其他").
enum ChartPalette {
    static let colours = ["#1a5fb4", "#c2410c", "#15803d", "#7e22ce", "#a16207", "#0e7490", "#be185d", "#4b5563"]
    static let text = "#1f2937"
    static let muted = "#5b6472"
    static let grid = "#e5e9f0"
    static let axis = "#6b7280"
    static let neutral = "#9aa3af"

    static func colour(_ index: Int) -> String { colours[index % colours.count] }

    /// Series 0 is flat colour, the others their pattern.
    static func fill(_ index: Int, ids: ChartIDs) -> String {
        let slot = index % colours.count
        return slot == 0 ? colours[0] : "url(#" + ids.pattern(slot) + ")"
    }

    /// `<pattern>` for series `index` (1…7): the series colour with light
    /// stripes, dots or a grid on top.
    static func patternDefinition(_ index: Int, ids: ChartIDs) -> AnyHTML {
        let colour = colour(index)
        let light: [Attribute] = [Attribute("fill", "#ffffff"), Attribute("fill-opacity", "0.5")]
        let overlay: AnyHTML
        var transform: String?
        switch index % colours.count {
        case 1:
            transform = "rotate(45)"
            overlay = AnyHTML(svgNode("rect", [Attribute("width", "3"), Attribute("height", "8")] + light))
        case 2:
            overlay = AnyHTML(svgNode("circle", [Attribute("cx", "4"), Attribute("cy", "4"), Attribute("r", "1.8")] + light))
        case 3:
            overlay = AnyHTML(svgNode("path", [Attribute("d", "M0 0h8v1.5H0zM0 0h1.5v8H0z")] + light))
        case 4:
            overlay = AnyHTML(svgNode("rect", [Attribute("width", "8"), Attribute("height", "3")] + light))
        case 5:
            transform = "rotate(-45)"
            overlay = AnyHTML(svgNode("rect", [Attribute("width", "3"), Attribute("height", "8")] + light))
        case 6:
            overlay = AnyHTML(svgNode("path", [Attribute("d", "M0 0h4v4H0zM4 4h4v4H4z")] + light))
        default:
            overlay = AnyHTML(svgNode("rect", [Attribute("width", "3"), Attribute("height", "8")] + light))
        }
        var attributes: [Attribute] = [.id(ids.pattern(index)), Attribute("patternUnits", "userSpaceOnUse"), Attribute("width", "8"), Attribute("height", "8")]
        if let transform { attributes.append(Attribute("patternTransform", transform)) }
        return AnyHTML(Element("pattern", attributes, content: Group(
            svgRect(Attribute("width", "8"), Attribute("height", "8"), Attribute("fill", colour)),
            overlay
        )))
    }

    static let dashes = ["", "7 4", "2 3", "9 3 2 3", "12 4", "4 4", "1.5 4", "12 3 3 3"]

    /// A line of series `index` through `points` ("x,y x,y …").
    static func lineStroke(_ index: Int, points: String) -> AnyHTML {
        var attributes: [Attribute] = [
            Attribute("points", points), Attribute("fill", "none"), Attribute("stroke", colour(index)),
            Attribute("stroke-width", "2.5"), Attribute("stroke-linejoin", "round"), Attribute("stroke-linecap", "round"),
            .class("chart-line"),
        ]
        let dash = dashes[index % dashes.count]
        if !dash.isEmpty { attributes.append(Attribute("stroke-dasharray", dash)) }
        return AnyHTML(svgNode("polyline", attributes))
    }

    /// The point marker of series `index`: circle, square, triangle, diamond,
    /// then the same four hollow. `tooltip` becomes its `<title>`.
    static func marker(_ index: Int, x: Double, y: Double, tooltip: String?) -> AnyHTML {
        let slot = index % colours.count
        let colour = colour(index)
        let hollow = slot >= 4
        let paint: [Attribute] = [
            Attribute("fill", hollow ? "#ffffff" : colour), Attribute("stroke", hollow ? colour : "#ffffff"),
            Attribute("stroke-width", hollow ? "2" : "1.5"), .class("chart-point"),
        ]
        let size = 4.5
        let d: String
        switch slot % 4 {
        case 0:
            let tip = tooltip.map { text in titleElement { text } }
            return AnyHTML(Element("circle", [Attribute.svg("cx", x), .svg("cy", y), .svg("r", size)] + paint, content: tip))
        case 1:
            d = "M\(c(x - size)) \(c(y - size))h\(c(2 * size))v\(c(2 * size))h\(c(-2 * size))z"
        case 2:
            d = "M\(c(x)) \(c(y - size * 1.25))L\(c(x + size * 1.2)) \(c(y + size * 0.85))H\(c(x - size * 1.2))z"
        default:
            d = "M\(c(x)) \(c(y - size * 1.35))L\(c(x + size * 1.35)) \(c(y))L\(c(x)) \(c(y + size * 1.35))L\(c(x - size * 1.35)) \(c(y))z"
        }
        let tip = tooltip.map { text in titleElement { text } }
        return AnyHTML(Element("path", [Attribute("d", d)] + paint, content: tip))
    }

    private static func c(_ value: Double) -> String { ChartNumber.coordinate(value) }
}

// MARK: - Marks

/// An SVG element with no children, closed explicitly (`<rect …></rect>`):
/// an HTML parser does not end `<rect>` by itself inside inline SVG.
func svgNode(_ tag: StaticString, _ attributes: [Attribute]) -> Element<EmptyHTML> {
    Element(tag, attributes, content: EmptyHTML())
}

extension Attribute {
    /// A numeric SVG attribute, rounded to 0.01 unit.
    static func svg(_ name: StaticString, _ value: Double) -> Attribute {
        Attribute(name, ChartNumber.coordinate(value))
    }
}

/// A `<text>`. With `maxWidth` a longer label is cut with "…" and keeps its
/// full text in a `<title>` child, which browsers show as a tooltip. With
/// `halo` the text gets an outline in that colour (`paint-order`), so white
/// numbers stay legible on striped fills.
struct ChartLabel: HTML {
    enum Anchor: String { case start, middle, end }

    let text: String
    let x: Double
    let y: Double
    var anchor = Anchor.start
    var fontSize = 12.0
    var fill: String?
    var maxWidth: Double?
    var bold = false
    var halo: String?
    var cssClass = "chart-label"

    func render(into buffer: inout HTMLBuffer) {
        var fitted = (shown: text, isTruncated: false)
        if let maxWidth { fitted = ChartMetrics.fit(text, maxWidth: maxWidth, fontSize: fontSize) }
        var attributes: [Attribute] = [.class(cssClass), .svg("x", x), .svg("y", y), Attribute("dy", "0.35em"), .svg("font-size", fontSize)]
        if anchor != .start { attributes.append(Attribute("text-anchor", anchor.rawValue)) }
        if let fill { attributes.append(Attribute("fill", fill)) }
        if bold { attributes.append(Attribute("font-weight", "600")) }
        if let halo {
            attributes += [Attribute("stroke", halo), Attribute("stroke-width", "3"), Attribute("stroke-linejoin", "round"), Attribute("paint-order", "stroke")]
        }
        let fullText = text
        Element("text", attributes, content: Group(
            fitted.isTruncated ? titleElement { fullText } : nil,
            Text(fitted.shown)
        )).render(into: &buffer)
    }
}

/// A straight line, for grid and axis lines.
func chartRule(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, cssClass: String = "chart-grid") -> AnyHTML {
    AnyHTML(svgLine(
        .class(cssClass), .svg("x1", x1), .svg("y1", y1), .svg("x2", x2), .svg("y2", y2),
        Attribute("stroke", stroke), .svg("stroke-width", width), Attribute("shape-rendering", "crispEdges")
    ))
}
