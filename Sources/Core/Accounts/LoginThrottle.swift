public import Foundation

/// Counts failed sign-ins per account and per client address and refuses further attempts once either passes
/// its limit within the window. A value type: the App keeps one in an actor.
public struct LoginThrottle: Sendable {
    public struct Policy: Sendable {
        public var maxFailuresPerAccount: Int
        public var maxFailuresPerAddress: Int
        public var window: TimeInterval

        public init(maxFailuresPerAccount: Int = 5, maxFailuresPerAddress: Int = 20, window: TimeInterval = 900) {
            self.maxFailuresPerAccount = maxFailuresPerAccount
            self.maxFailuresPerAddress = maxFailuresPerAddress
            self.window = window
        }
    }

    public let policy: Policy
    private var failures: [String: [Date]] = [:]

    public init(policy: Policy = Policy()) { self.policy = policy }

    /// `nil` when an attempt may go ahead; otherwise the moment the earliest blocking failure expires.
    public mutating func blockedUntil(account: String, address: String, now: Date) -> Date? {
        prune(now: now)
        let checks = [
            (Self.accountKey(account), policy.maxFailuresPerAccount),
            (Self.addressKey(address), policy.maxFailuresPerAddress),
        ]
        return checks.compactMap { key, limit -> Date? in
            guard let times = failures[key], times.count >= limit else { return nil }
            return times[times.count - limit] + policy.window
        }.max()
    }

    public mutating func recordFailure(account: String, address: String, now: Date) {
        failures[Self.accountKey(account), default: []].append(now)
        failures[Self.addressKey(address), default: []].append(now)
    }

    /// A successful sign-in clears the account's failures (not the address's: one address may try many accounts).
    public mutating func recordSuccess(account: String) {
        failures[Self.accountKey(account)] = nil
    }

    private mutating func prune(now: Date) {
        let cutoff = now - policy.window
        failures = failures.compactMapValues { times in
            let kept = times.filter { $0 > cutoff }
            return kept.isEmpty ? nil : kept
        }
    }

    private static func accountKey(_ account: String) -> String { "u:" + account.lowercased() }
    private static func addressKey(_ address: String) -> String { "a:" + address }
}
