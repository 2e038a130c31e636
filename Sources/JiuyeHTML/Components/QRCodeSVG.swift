import JiuyeDomain

/// A QR code drawn as inline SVG: `QRCodeSVG(code, title: "身份验证器绑定二维码")`.
///
/// One `viewBox` unit per module, a light quiet zone of four modules on every side,
/// a white background `<rect>` (so the code scans in dark mode too) and every dark
/// module in ONE `<path>`, each horizontal run of dark modules as `M x y h n v1 h-n z`.
/// `role="img"` with a `<title>` gives it an accessible name. No style attributes:
/// colours are `fill` attributes, which a strict CSP allows.
public struct QRCodeSVG: HTML {
    /// Light modules around the symbol, as the standard requires.
    public static let quietZone = 4

    let code: QRCode
    let moduleSize: Int
    let titleText: String

    /// `moduleSize` is the CSS pixel size of one module (at least 1).
    public init(_ code: QRCode, moduleSize: Int = 4, title: String) {
        self.code = code
        self.moduleSize = max(moduleSize, 1)
        self.titleText = title
    }

    /// The `d` attribute: one subpath per horizontal run of dark modules, in module units
    /// offset by the quiet zone.
    var pathData: String {
        var d = ""
        let quiet = Self.quietZone
        for y in 0..<code.size {
            var x = 0
            while x < code.size {
                guard code.isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                var run = 1
                while x + run < code.size && code.isDark(x: x + run, y: y) { run += 1 }
                d += "M\(x + quiet) \(y + quiet)h\(run)v1h-\(run)z"
                x += run
            }
        }
        return d
    }

    public func render(into buffer: inout HTMLBuffer) {
        let units = code.size + 2 * Self.quietZone
        let pixels = String(units * moduleSize)
        let titleText = titleText
        svg(
            Attribute("xmlns", "http://www.w3.org/2000/svg"),
            Attribute("viewBox", "0 0 \(units) \(units)"),
            Attribute("width", pixels),
            Attribute("height", pixels),
            .role("img"),
            .class("qr-code"),
            Attribute("shape-rendering", "crispEdges")
        ) {
            titleElement { titleText }
            svgRect(Attribute("width", String(units)), Attribute("height", String(units)), Attribute("fill", "#fff"))
            svgPath(Attribute("d", pathData), Attribute("fill", "#000"))
        }
        .render(into: &buffer)
    }
}
