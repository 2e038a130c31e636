import NIOPosix
import Vapor

/// Bcrypt on a dedicated thread pool, so hashing never stalls database work
/// (Vapor's `req.password.async` uses `app.threadPool`, which SQLite shares).
package final class PasswordHasher: Sendable {
    package let cost: Int
    private let pool: NIOThreadPool
    /// A hash of a random password at the same cost: an unknown account is checked against it,
    /// so it costs the same time as a known one.
    private let decoy: String

    package init(cost: Int, threads: Int = 2) {
        self.cost = cost
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
        decoy = try! Bcrypt.hash(SecureRandom.token(bytes: 16), cost: cost)
    }

    package enum HashError: Error { case tooLong, containsNul }

    /// Bcrypt reads 72 bytes and stops at NUL; refuse instead of silently truncating.
    package static func check(_ password: String) throws {
        if password.utf8.count > 72 { throw HashError.tooLong }
        if password.utf8.contains(0) { throw HashError.containsNul }
    }

    package func hash(_ password: String) async throws -> String {
        try Self.check(password)
        let cost = self.cost
        return try await pool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    /// Verifies against `hash`, or against the decoy when there is none (unknown account,
    /// imported graduate without a password), always spending one Bcrypt verification.
    package func verify(_ password: String, against hash: String?) async -> Bool {
        guard (try? Self.check(password)) != nil else {
            _ = try? await pool.runIfActive { [decoy] in try Bcrypt.verify("x", created: decoy) }
            return false
        }
        let target = hash ?? decoy
        let result = (try? await pool.runIfActive { try Bcrypt.verify(password, created: target) }) ?? false
        return hash != nil && result
    }

    package func shutdown() {
        try? pool.syncShutdownGracefully()
    }
}

extension Application {
    private struct PasswordsKey: StorageKey { typealias Value = PasswordHasher }
    package var passwords: PasswordHasher {
        get { storage[PasswordsKey.self]! }
        set {
            storage[PasswordsKey.self] = newValue
            lifecycle.use(PasswordHasherLifecycle(hasher: newValue))
        }
    }
}

private struct PasswordHasherLifecycle: LifecycleHandler {
    package let hasher: PasswordHasher
    package func shutdown(_ application: Application) { hasher.shutdown() }
}
