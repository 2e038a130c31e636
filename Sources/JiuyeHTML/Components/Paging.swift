/// Percent-encoding for query strings: unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`) are kept, every other UTF-8 byte becomes `%XX`.
public enum QueryString {
    /// The parameters of a query string (`a=1&b=%E4%B8%AD`), `+` as a space, the first value of a
    /// repeated name winning; malformed escapes are kept as written.
    public static func parse(_ query: String?) -> [String: String] {
        guard let query, !query.isEmpty else { return [:] }
        var result: [String: String] = [:]
        for part in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let pair = part.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(pair[0])
            if result[name] == nil { result[name] = pair.count > 1 ? decode(pair[1]) : "" }
        }
        return result
    }

    static func decode(_ bytes: Substring.UTF8View.SubSequence) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), bytes.distance(from: index, to: bytes.endIndex) > 2,
                      let high = hexValue(bytes[bytes.index(index, offsetBy: 1)]), let low = hexValue(bytes[bytes.index(index, offsetBy: 2)]) {
                out.append(high << 4 | low)
                index = bytes.index(index, offsetBy: 2)
            } else {
                out.append(byte)
            }
            index = bytes.index(after: index)
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func encode(_ string: String) -> String {
        var encoded: [UInt8] = []
        encoded.reserveCapacity(string.utf8.count)
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.append(byte)
            default:
                encoded.append(UInt8(ascii: "%"))
                encoded.append(hex[Int(byte >> 4)])
                encoded.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    /// `name=value&name=value`, each part encoded.
    public static func make(_ items: [(String, String)]) -> String {
        var query = ""
        for (name, value) in items {
            if !query.isEmpty { query += "&" }
            query += encode(name) + "=" + encode(value)
        }
        return query
    }
}

/// "共 N 条，第 p/P 页" and links 首页 上一页 1 2 3 4 5 下一页 末页.
///
/// The page number is clamped to 1...P (P is at least 1, so an empty list
/// is "第 1/1 页"). Links keep `baseQuery` (the current filters, minus any
/// "page") and add `page=n`. The links are left out when there is a single page.
public struct Pager: HTML {
    let path: String
    let baseQuery: [(String, String)]
    let total: Int
    let pageSize: Int
    /// The clamped current page.
    let page: Int
    let pageCount: Int

    /// How many numbered links to show around the current page.
    static let window = 5

    public init(path: String, baseQuery: [(String, String)], page: Int, pageSize: Int, total: Int) {
        self.path = path
        self.baseQuery = baseQuery.filter { $0.0 != "page" }
        self.total = max(total, 0)
        self.pageSize = max(pageSize, 1)
        let pageCount = max(1, (self.total + self.pageSize - 1) / self.pageSize)
        self.pageCount = pageCount
        self.page = min(max(page, 1), pageCount)
    }

    /// The numbered pages shown: up to `window` pages, centred on the
    /// current one where possible.
    var numberedPages: ClosedRange<Int> {
        let size = min(Self.window, pageCount)
        var first = page - size / 2
        first = max(1, min(first, pageCount - size + 1))
        return first...(first + size - 1)
    }

    func href(for target: Int) -> String {
        var items = baseQuery
        items.append(("page", String(target)))
        return path + "?" + QueryString.make(items)
    }

    public func render(into buffer: inout HTMLBuffer) {
        let pager = self
        nav(.class("pager"), .ariaLabel("分页")) {
            p(.class("pager-summary")) { "共 \(total) 条，第 \(page)/\(pageCount) 页" }
            if pageCount > 1 {
                ul(.class("pager-links")) {
                    PageLink(label: "首页", target: 1, pager: pager, rel: nil)
                    PageLink(label: "上一页", target: page - 1, pager: pager, rel: "prev")
                    ForEach(numberedPages) { number in
                        PageLink(label: String(number), target: number, pager: pager, rel: nil)
                    }
                    PageLink(label: "下一页", target: page + 1, pager: pager, rel: "next")
                    PageLink(label: "末页", target: pageCount, pager: pager, rel: nil)
                }
            }
        }.render(into: &buffer)
    }
}

/// One pager link. The current page is marked with aria-current; a target
/// outside 1...P (上一页 on page 1) or equal to the current page for the
/// 首页/上一页/下一页/末页 links renders as disabled text.
struct PageLink: HTML {
    let label: String
    let target: Int
    let pager: Pager
    let rel: String?

    func render(into buffer: inout HTMLBuffer) {
        let isNumber = Int(label) != nil
        li {
            if isNumber && target == pager.page {
                span(.class("page-link current"), .ariaCurrent("page")) { label }
            } else if target < 1 || target > pager.pageCount || (!isNumber && target == pager.page) {
                span(.class("page-link disabled"), .init("aria-disabled", "true")) { label }
            } else {
                Element(
                    "a",
                    rel.map { [.class("page-link"), .href(pager.href(for: target)), .rel($0)] }
                        ?? [.class("page-link"), .href(pager.href(for: target))],
                    content: Text(label)
                )
            }
        }.render(into: &buffer)
    }
}

/// A GET filter form above a list: the fields, then 查询 and 重置 (a link
/// back to `path` without any query).
public struct FilterBar<Content: HTML>: HTML {
    let path: String
    let content: Content

    public init(path: String, @HTMLBuilder content: () -> Content) {
        self.path = path
        self.content = content()
    }

    public func render(into buffer: inout HTMLBuffer) {
        form(.class("filter-bar"), .method("get"), .action(path), .role("search")) {
            div(.class("filter-fields")) { content }
            div(.class("filter-actions")) {
                Button("查询", kind: .primary)
                LinkButton("重置", href: path, kind: .secondary)
            }
        }.render(into: &buffer)
    }
}
