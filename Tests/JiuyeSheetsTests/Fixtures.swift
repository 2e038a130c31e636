import XCTest
@testable import JiuyeSheets

/// The committed files under Fixtures/ (made by Fixtures/make_fixtures.py), copied into the
/// test bundle as a resource folder.
enum Fixture {
    static let directory: String = {
        guard let path = Bundle.module.path(forResource: "Fixtures", ofType: nil) else {
            fatalError("Fixtures missing from the test bundle")
        }
        return path + "/"
    }()

    static func bytes(_ name: String) throws -> [UInt8] {
        try FileBytes.read(directory + name)
    }

    static func workbook(_ name: String) throws -> XLSXReader {
        try XLSXReader(path: directory + name)
    }
}

extension XLSXWriter {
    /// The whole file, for tests that do not stream.
    static func file(_ build: (XLSXWriter) -> Void) throws -> [UInt8] {
        let writer = XLSXWriter()
        build(writer)
        try writer.finish()
        return writer.takeOutput()
    }
}

/// Asserts that `body` throws exactly `expected`.
func XCTAssertThrowsSheetsError<T>(_ expected: SheetsError, _ body: @autoclosure () throws -> T,
                                   file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
        XCTAssertEqual(error as? SheetsError, expected, file: file, line: line)
    }
}
