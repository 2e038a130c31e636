import Fluent
import JiuyeDomain
import JiuyeHTML
import JiuyeSheets
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Small lists read on every page view that change rarely (filter options), with an expiry.
package final class OptionCache: Sendable {
    private let entries = NIOLockedValueBox<[String: (until: Int64, options: [SelectOption])]>([:])

    package func get(_ key: String, now: Int64) -> [SelectOption]? {
        entries.withLockedValue { entries in
            guard let entry = entries[key], entry.until > now else { return nil }
            return entry.options
        }
    }

    package func put(_ key: String, _ options: [SelectOption], until: Int64) {
        entries.withLockedValue { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[key] = (until, options)
        }
    }
}

extension Application {
    private struct OptionCacheKey: StorageKey { typealias Value = OptionCache }
    package var optionCache: OptionCache {
        if let cache = storage[OptionCacheKey.self] { return cache }
        let cache = OptionCache()
        storage[OptionCacheKey.self] = cache
        return cache
    }
}

/// College and major names by id, read at most once a minute: lists show names for ids without
/// joining the org tables on every page view. A renamed college shows within a minute.
package final class OrgNames: Sendable {
    package struct Snapshot: Sendable {
        package var colleges: [Int64: String] = [:]
        package var majors: [Int64: String] = [:]
    }

    private let state = NIOLockedValueBox<(until: Int64, snapshot: Snapshot)>((0, Snapshot()))

    /// Forgets the names (a college or major was added here).
    package func invalidate() { state.withLockedValue { $0.until = 0 } }

    package func snapshot(_ req: Request) async throws -> Snapshot {
        let now = req.now
        if let fresh = state.withLockedValue({ $0.until > now ? $0.snapshot : nil }) { return fresh }
        var snapshot = Snapshot()
        for row in try await req.db.sql.raw("SELECT id, name FROM colleges").all() {
            snapshot.colleges[try row.decode(column: "id", as: Int64.self)] = try row.decode(column: "name", as: String.self)
        }
        for row in try await req.db.sql.raw("SELECT id, name FROM majors").all() {
            snapshot.majors[try row.decode(column: "id", as: Int64.self)] = try row.decode(column: "name", as: String.self)
        }
        let ready = snapshot
        state.withLockedValue { $0 = (now + 60, ready) }
        return ready
    }
}

extension Application {
    private struct OrgNamesKey: StorageKey { typealias Value = OrgNames }
    package var orgNames: OrgNames {
        if let names = storage[OrgNamesKey.self] { return names }
        let names = OrgNames()
        storage[OrgNamesKey.self] = names
        return names
    }
}
