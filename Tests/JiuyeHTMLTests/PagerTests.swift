import Foundation
import XCTest
@testable import JiuyeHTML

final class PagerTests: XCTestCase {
    // MARK: Percent-encoding

    func testUnreservedCharactersAreKept() {
        XCTAssertEqual(QueryString.encode("AZaz09-._~"), "AZaz09-._~")
    }

    func testChineseIsEncodedAsUTF8Bytes() {
        XCTAssertEqual(QueryString.encode("计算机"), "%E8%AE%A1%E7%AE%97%E6%9C%BA")
    }

    func testReservedAndUnsafeCharactersAreEncoded() {
        XCTAssertEqual(QueryString.encode("a b&c=d?e#f/g+h%\"<'>"), "a%20b%26c%3Dd%3Fe%23f%2Fg%2Bh%25%22%3C%27%3E")
        XCTAssertEqual(QueryString.encode("🎓"), "%F0%9F%8E%93")
    }

    func testQueryMake() {
        XCTAssertEqual(QueryString.make([("q", "张 三"), ("status", "a&b")]), "q=%E5%BC%A0%20%E4%B8%89&status=a%26b")
        XCTAssertEqual(QueryString.make([]), "")
    }

    // MARK: Math

    func testPageCountRoundsUp() {
        XCTAssertEqual(Pager(path: "/s", baseQuery: [], page: 1, pageSize: 20, total: 41).pageCount, 3)
        XCTAssertEqual(Pager(path: "/s", baseQuery: [], page: 1, pageSize: 20, total: 40).pageCount, 2)
        XCTAssertEqual(Pager(path: "/s", baseQuery: [], page: 1, pageSize: 20, total: 1).pageCount, 1)
    }

    func testTotalZeroIsOneEmptyPageWithoutLinks() {
        let pager = Pager(path: "/s", baseQuery: [], page: 1, pageSize: 20, total: 0)
        XCTAssertEqual(pager.pageCount, 1)
        XCTAssertEqual(pager.page, 1)
        let html = pager.renderedString()
        XCTAssertTrue(html.contains("共 0 条，第 1/1 页"), html)
        XCTAssertFalse(html.contains("<a"))
    }

    func testPageBeyondRangeClampsToLastPage() {
        let pager = Pager(path: "/s", baseQuery: [], page: 99, pageSize: 10, total: 35)
        XCTAssertEqual(pager.page, 4)
        XCTAssertTrue(pager.renderedString().contains("共 35 条，第 4/4 页"))
    }

    func testPageBelowOneClampsToFirstPage() {
        XCTAssertEqual(Pager(path: "/s", baseQuery: [], page: 0, pageSize: 10, total: 35).page, 1)
        XCTAssertEqual(Pager(path: "/s", baseQuery: [], page: -5, pageSize: 10, total: 35).page, 1)
    }

    func testNonPositivePageSizeDoesNotCrash() {
        let pager = Pager(path: "/s", baseQuery: [], page: 2, pageSize: 0, total: 3)
        XCTAssertEqual(pager.pageCount, 3)
        XCTAssertEqual(pager.page, 2)
    }

    func testNumberedWindowIsCentredAndClamped() {
        func window(_ page: Int, _ total: Int) -> [Int] {
            Array(Pager(path: "/s", baseQuery: [], page: page, pageSize: 10, total: total).numberedPages)
        }
        XCTAssertEqual(window(1, 200), [1, 2, 3, 4, 5])
        XCTAssertEqual(window(10, 200), [8, 9, 10, 11, 12])
        XCTAssertEqual(window(20, 200), [16, 17, 18, 19, 20])
        XCTAssertEqual(window(2, 30), [1, 2, 3])
    }

    // MARK: Links

    func testFirstPageDisablesFirstAndPrevious() throws {
        let html = Pager(path: "/students", baseQuery: [], page: 1, pageSize: 20, total: 100).renderedString()
        XCTAssertTrue(html.contains("<span class=\"page-link disabled\" aria-disabled=\"true\">首页</span>"), html)
        XCTAssertTrue(html.contains("<span class=\"page-link disabled\" aria-disabled=\"true\">上一页</span>"))
        XCTAssertTrue(html.contains("<span class=\"page-link current\" aria-current=\"page\">1</span>"))
        XCTAssertNotNil(html.tag("a", containing: "page=2\" rel=\"next\""), html)
        XCTAssertNotNil(html.tag("a", containing: "href=\"/students?page=5\""), "末页 links to the last page")
    }

    func testLastPageDisablesNextAndLast() {
        let html = Pager(path: "/students", baseQuery: [], page: 5, pageSize: 20, total: 100).renderedString()
        XCTAssertTrue(html.contains("aria-disabled=\"true\">下一页</span>"))
        XCTAssertTrue(html.contains("aria-disabled=\"true\">末页</span>"))
        XCTAssertTrue(html.contains("href=\"/students?page=4\" rel=\"prev\">上一页</a>"), html)
        XCTAssertTrue(html.contains("href=\"/students?page=1\">首页</a>"))
    }

    func testLinksKeepEncodedFiltersAndReplacePage() {
        let html = Pager(
            path: "/students",
            baseQuery: [("college", "计算机学院"), ("q", "a&b"), ("page", "7")],
            page: 2, pageSize: 10, total: 50
        ).renderedString()
        // The query is percent-encoded, then the "&" separators are attribute-escaped.
        XCTAssertTrue(
            html.contains("href=\"/students?college=%E8%AE%A1%E7%AE%97%E6%9C%BA%E5%AD%A6%E9%99%A2&amp;q=a%26b&amp;page=3\""),
            html
        )
        XCTAssertFalse(html.contains("page=7"), "the incoming page parameter is replaced")
        XCTAssertFalse(html.contains("计算机学院"), "no raw Chinese in URLs")
    }
}
