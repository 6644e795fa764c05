import Foundation

/// Shares one `LoginThrottle` across concurrent sign-ins.
public actor LoginGuard {
    private var throttle: LoginThrottle
    private let clock: Clock

    public init(policy: LoginThrottle.Policy = .init(), clock: Clock) {
        self.throttle = LoginThrottle(policy: policy)
        self.clock = clock
    }

    /// Throws `tooManyAttempts` while the account or address is blocked.
    public func check(account: String, address: String) throws(AccountError) {
        if let until = throttle.blockedUntil(account: account, address: address, now: clock.now()) {
            throw .tooManyAttempts(retryAfter: until)
        }
    }

    public func failed(account: String, address: String) {
        throttle.recordFailure(account: account, address: address, now: clock.now())
    }

    public func succeeded(account: String) { throttle.recordSuccess(account: account) }
}
