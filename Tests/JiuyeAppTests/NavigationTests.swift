@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeHTML
import XCTest

/// The left menu marks one item as the current page: the longest link that the path falls under.
final class NavigationTests: XCTestCase {
    let sections = [
        MenuSection(title: "工作台", items: [MenuItem(label: "首页", href: "/")]),
        MenuSection(title: "毕业生", items: [MenuItem(label: "毕业生名单", href: "/students"), MenuItem(label: "导入毕业生", href: "/students/import")]),
    ]

    func current(_ path: String) -> [String] {
        Navigation.markCurrent(sections, current: path).flatMap(\.items).filter(\.isCurrent).map(\.label)
    }

    func testTheLongestMatchingLinkIsTheOnlyCurrentOne() {
        XCTAssertEqual(current("/students/import"), ["导入毕业生"])
        XCTAssertEqual(current("/students/import/12"), ["导入毕业生"])
        XCTAssertEqual(current("/students"), ["毕业生名单"])
        XCTAssertEqual(current("/students/34"), ["毕业生名单"])
        XCTAssertEqual(current("/"), ["首页"])
        XCTAssertEqual(current("/studentsX"), [], "a path boundary, not a string prefix")
        XCTAssertEqual(current("/admin/users"), [])
    }
}
