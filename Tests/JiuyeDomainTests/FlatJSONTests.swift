import Foundation
@testable import JiuyeDomain
import XCTest

final class FlatJSONTests: XCTestCase {
    private func foundation(_ text: String) -> [String: String]? {
        try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))
    }

    func testReadsWhatJSONEncoderWritesAsFoundationDoes() throws {
        let samples: [[String: String]] = [
            [:], ["a": ""], ["category": "10", "unit_name": "重庆示范科技有限公司（渝北）", "note": "第一行\n第二行\t\"引号\" \\ / 😀"],
            ["control": "\u{01}\u{1F}", "unicode": "\u{2028}é", "key with space": " value "],
        ]
        for sample in samples {
            let text = String(decoding: try JSONEncoder().encode(sample), as: UTF8.self)
            XCTAssertEqual(FlatJSON.stringMap(text), sample, text)
            XCTAssertEqual(FlatJSON.stringMap(text), foundation(text), text)
        }
    }

    func testEscapesAndSpacesAsJSONAllows() {
        let text = #" { "a" : "\u4e2d\u6587" , "b":"\ud83d\ude00", "c" : "\/\b\f\r" } "#
        XCTAssertEqual(FlatJSON.stringMap(text), ["a": "中文", "b": "😀", "c": "/\u{08}\u{0C}\r"])
        XCTAssertEqual(FlatJSON.stringMap(text), foundation(text))
    }

    func testAnythingButAFlatObjectOfStringsIsLeftToTheCaller() {
        for text in [#"{"a":1}"#, #"{"a":null}"#, #"{"a":{"b":"c"}}"#, #"["a"]"#, #"{"a":"b""#, #"{"a":"b",}"#, #"{"a":"\x"}"#,
                     #"{"a":"\ud83d"}"#, #"{"a":"\udc00"}"#, "{\"a\":\"\u{01}\"}", #"{"a":"b"} x"#, "", #"{"a" "b"}"#] {
            XCTAssertNil(FlatJSON.stringMap(text), text)
        }
    }
}
