import NIOConcurrencyHelpers
import Vapor

/// The totals staff lists show ("共 N 条"), kept a short while per list and filter so a page view
/// does not count a large table (100,000 accounts, 40,000 乡镇街道, a year of logs): counting cost
/// more than the page's 20 rows. The rows are always read live; a total may trail by at most the
/// kept seconds, and a list's own writes empty its entries at once (`invalidate(prefix:)`).
package final class KeptCounts: Sendable {
    private let entries = NIOLockedValueBox<[String: (until: Int64, n: Int)]>([:])

    package init() {}

    /// The kept total under `key`, or `compute`'s (then kept `seconds`).
    package func total(_ key: String, now: Int64, seconds: Int64, _ compute: () async throws -> Int) async throws -> Int {
        if let kept = entries.withLockedValue({ $0[key].flatMap { $0.until > now ? $0.n : nil } }) { return kept }
        let n = try await compute()
        entries.withLockedValue { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[key] = (now + seconds, n)
        }
        return n
    }

    /// Forgets the totals of one list (keys beginning with `prefix`) after a write to it.
    package func invalidate(prefix: String) {
        entries.withLockedValue { entries in entries = entries.filter { !$0.key.hasPrefix(prefix) } }
    }
}

extension Application {
    private struct KeptCountsKey: StorageKey { typealias Value = KeptCounts }

    package var keptCounts: KeptCounts {
        if let counts = storage[KeptCountsKey.self] { return counts }
        let counts = KeptCounts()
        storage[KeptCountsKey.self] = counts
        return counts
    }
}

/// Empties a list's kept totals after every request through it (the list's write routes).
package struct KeptCountsInvalidation: AsyncMiddleware {
    package let prefix: String

    package init(prefix: String) { self.prefix = prefix }

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let prefix = self.prefix
        do {
            let response = try await next.respond(to: request)
            request.application.keptCounts.invalidate(prefix: prefix)
            return response
        } catch {
            request.application.keptCounts.invalidate(prefix: prefix)
            throw error
        }
    }
}
