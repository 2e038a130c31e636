import JiuyeDomain
import XCTest

/// 单位所在地 typed as a name and resolved to a county code (seed 004: 必须选择到区县一级).
final class RegionNamesTests: XCTestCase {
    let names = RegionNames([
        .init(code: "110000", name: "北京市", level: .province, parent: nil),
        .init(code: "110100", name: "北京市", level: .city, parent: "110000"),
        .init(code: "110105", name: "朝阳区", level: .county, parent: "110100"),
        .init(code: "220000", name: "吉林省", level: .province, parent: nil),
        .init(code: "220100", name: "长春市", level: .city, parent: "220000"),
        .init(code: "220104", name: "朝阳区", level: .county, parent: "220100"),
        .init(code: "500000", name: "重庆市", level: .province, parent: nil),
        .init(code: "500100", name: "重庆市", level: .city, parent: "500000"),
        .init(code: "500106", name: "沙坪坝区", level: .county, parent: "500100"),
    ])

    func testFullNamesSkipARepeatedMunicipalityName() {
        XCTAssertEqual(names.fullName("500106"), "重庆市沙坪坝区")
        XCTAssertEqual(names.fullName("220104"), "吉林省长春市朝阳区")
        XCTAssertEqual(names.fullName("500000"), "重庆市")
        XCTAssertNil(names.fullName("999999"))
    }

    func testNamesAndCodesResolveToACounty() {
        XCTAssertEqual(names.resolve("重庆市沙坪坝区"), .county("500106"))
        XCTAssertEqual(names.resolve(" 沙坪坝区 "), .county("500106"))
        XCTAssertEqual(names.resolve("重庆市 沙坪坝区"), .county("500106"))
        XCTAssertEqual(names.resolve("500106"), .county("500106"))
        XCTAssertEqual(names.resolve("长春市朝阳区"), .county("220104"))
        XCTAssertEqual(names.resolve("吉林省长春市朝阳区"), .county("220104"))
        XCTAssertEqual(names.resolve("北京市朝阳区"), .county("110105"))
    }

    func testProvincesSharedNamesAndUnknownPlacesAreRefusedInChinese() {
        XCTAssertEqual(names.resolve("重庆市"), .notCounty("500000"))
        XCTAssertEqual(names.resolve("500100"), .notCounty("500100"))
        XCTAssertEqual(names.resolve("朝阳区"), .ambiguous(["北京市朝阳区", "吉林省长春市朝阳区"]))
        XCTAssertEqual(names.resolve("火星市"), .unknown)
        XCTAssertEqual(names.resolve("123456"), .unknown)
        XCTAssertNil(RegionNames.problem(.county("500106"), label: "单位所在地"))
        XCTAssertTrue(RegionNames.problem(names.resolve("朝阳区"), label: "单位所在地")!.contains("请写明省市"))
        XCTAssertTrue(RegionNames.problem(.notCounty("500000"), label: "单位所在地")!.contains("区县一级"))
    }
}
