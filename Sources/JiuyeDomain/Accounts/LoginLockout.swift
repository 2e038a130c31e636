/// 登录锁定: repeated failures lock an account. Pure rule over failure times (Unix seconds).
public struct LockoutPolicy: Sendable, Equatable {
    /// Failures for one account from one client address that lock it for that address.
    public var perClientFailures = 5
    public var perClientSeconds: Int64 = 15 * 60
    /// Failures for one account from any address within `globalWindowSeconds` that lock it everywhere.
    public var globalFailures = 20
    public var globalWindowSeconds: Int64 = 60 * 60
    public var globalLockSeconds: Int64 = 60 * 60

    public init() {}
    public init(perClientFailures: Int, perClientSeconds: Int64, globalFailures: Int, globalWindowSeconds: Int64 = 3600, globalLockSeconds: Int64) {
        self.perClientFailures = perClientFailures
        self.perClientSeconds = perClientSeconds
        self.globalFailures = globalFailures
        self.globalWindowSeconds = globalWindowSeconds
        self.globalLockSeconds = globalLockSeconds
    }

    /// How far back the caller must load failures.
    public var lookbackSeconds: Int64 { max(perClientSeconds, globalWindowSeconds + globalLockSeconds) }
}

public enum LockState: Equatable, Sendable {
    case open(remainingForClient: Int)
    /// Locked for this client address until `until`.
    case lockedForClient(until: Int64)
    /// Locked for every address until `until` (or an admin unlocks it).
    case lockedEverywhere(until: Int64)

    public var isLocked: Bool {
        if case .open = self { return false }
        return true
    }
}

public enum LoginLockout {
    /// - Parameters:
    ///   - clientFailures: failure times for this account from this client address.
    ///   - allFailures: failure times for this account from any address.
    ///   - unlockedAt: failures at or before an admin unlock do not count.
    public static func state(clientFailures: [Int64], allFailures: [Int64], unlockedAt: Int64?, now: Int64, policy: LockoutPolicy) -> LockState {
        let floor = unlockedAt ?? Int64.min
        let all = allFailures.filter { $0 > floor && $0 <= now }.sorted(by: >)
        // Find any run of `globalFailures` failures inside one window whose lock has not run out.
        if all.count >= policy.globalFailures {
            for start in 0...(all.count - policy.globalFailures) {
                let newest = all[start]
                let oldest = all[start + policy.globalFailures - 1]
                if newest - oldest <= policy.globalWindowSeconds {
                    let until = newest + policy.globalLockSeconds
                    if until > now { return .lockedEverywhere(until: until) }
                    break
                }
            }
        }
        let recent = clientFailures.filter { $0 > floor && $0 > now - policy.perClientSeconds && $0 <= now }.sorted(by: >)
        if recent.count >= policy.perClientFailures {
            return .lockedForClient(until: recent[policy.perClientFailures - 1] + policy.perClientSeconds)
        }
        return .open(remainingForClient: policy.perClientFailures - recent.count)
    }
}
