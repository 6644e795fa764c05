import Core
import Foundation
import Testing

@Suite("Login throttle")
struct LoginThrottleTests {
    let t0 = Date(timeIntervalSince1970: 1_780_000_000)

    @Test("The sixth attempt on an account within 15 minutes is blocked until the first failure expires")
    func perAccount() throws {
        var throttle = LoginThrottle()
        for i in 0..<5 {
            #expect(throttle.blockedUntil(account: "an", address: "1.1.1.\(i)", now: t0 + Double(i)) == nil)
            throttle.recordFailure(account: "AN", address: "1.1.1.\(i)", now: t0 + Double(i))
        }
        #expect(throttle.blockedUntil(account: "an", address: "9.9.9.9", now: t0 + 10) == t0 + 900)
        #expect(throttle.blockedUntil(account: "other", address: "9.9.9.9", now: t0 + 10) == nil)
        #expect(throttle.blockedUntil(account: "an", address: "9.9.9.9", now: t0 + 901) == nil)
    }

    @Test("One address trying many accounts is blocked after 20 failures; success clears only the account")
    func perAddress() {
        var throttle = LoginThrottle()
        for i in 0..<20 { throttle.recordFailure(account: "user\(i)", address: "10.0.0.1", now: t0) }
        #expect(throttle.blockedUntil(account: "fresh", address: "10.0.0.1", now: t0 + 1) != nil)
        #expect(throttle.blockedUntil(account: "fresh", address: "10.0.0.2", now: t0 + 1) == nil)
        throttle.recordSuccess(account: "user0")
        #expect(throttle.blockedUntil(account: "fresh", address: "10.0.0.1", now: t0 + 1) != nil)
    }
}
