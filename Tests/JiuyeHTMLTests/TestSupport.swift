import Foundation
import XCTest
@testable import JiuyeHTML

/// Small string helpers for assertions on rendered markup.
extension String {
    /// How many times `needle` occurs (non-overlapping).
    func occurrences(of needle: String) -> Int {
        guard !needle.isEmpty else { return 0 }
        var count = 0
        var searchRange = startIndex..<endIndex
        while let found = range(of: needle, range: searchRange) {
            count += 1
            searchRange = found.upperBound..<endIndex
        }
        return count
    }

    /// The first start tag `<tag ...>` whose text contains `marker`, e.g.
    /// `tag("input", containing: "name=\"email\"")`.
    func tag(_ name: String, containing marker: String) -> String? {
        var searchRange = startIndex..<endIndex
        while let open = range(of: "<" + name, range: searchRange) {
            guard let close = self[open.upperBound...].firstIndex(of: ">") else { return nil }
            let tag = String(self[open.lowerBound...close])
            if tag.contains(marker) { return tag }
            searchRange = close..<endIndex
        }
        return nil
    }

    /// The text between the first `start` and the following `end`.
    func between(_ start: String, _ end: String) -> String? {
        guard let open = range(of: start),
              let close = range(of: end, range: open.upperBound..<endIndex) else { return nil }
        return String(self[open.upperBound..<close.lowerBound])
    }
}
