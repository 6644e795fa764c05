import Core
import Foundation
import Testing

@Suite("Data sharing: API clients")
struct SharingTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func client(_ scopes: [ApiScope], expires: Date? = nil) -> ApiClient {
        ApiClient(
            name: "Hệ thống của Sở Y tế",
            unitCode: "38.SYT",
            keyPrefix: "ts_ab12",
            keyHash: String(repeating: "0", count: 64),
            scopes: scopes,
            ratePerMinute: 60,
            expiresAt: expires
        )
    }

    @Test("Scopes: exact paths, a folder with /*, everything with *; write includes read, not the reverse")
    func scopes() throws {
        let reader = client([ApiScope(resource: "datasets/*", access: .read)])
        try reader.authorize("datasets/ho-so-tthc", .read, at: now)
        #expect(throws: SharingError.outOfScope(resource: "datasets/ho-so-tthc", access: .write)) {
            try reader.authorize("datasets/ho-so-tthc", .write, at: now)
        }
        #expect(throws: SharingError.outOfScope(resource: "dossiers", access: .read)) {
            try reader.authorize("dossiers", .read, at: now)
        }
        let writer = client([ApiScope(resource: "dossiers", access: .write)])
        try writer.authorize("dossiers", .read, at: now)
        #expect(throws: SharingError.self) { try writer.authorize("dossiers/x", .read, at: now) }
        try client([ApiScope(resource: "*", access: .read)]).authorize("anything/at/all", .read, at: now)
    }

    @Test("Expiry and revocation end a key")
    func expiry() throws {
        let expiring = client([ApiScope(resource: "*", access: .read)], expires: now.addingTimeInterval(60))
        try expiring.authorize("x", .read, at: now.addingTimeInterval(59))
        #expect(throws: SharingError.expired(now.addingTimeInterval(60))) {
            try expiring.authorize("x", .read, at: now.addingTimeInterval(60))
        }
        var revoked = expiring
        revoked.revokedAt = now
        #expect(throws: SharingError.revoked) { try revoked.authorize("x", .read, at: now) }
    }

    @Test("The token bucket lets a burst through, then one call per second at 60 a minute, saying when to retry")
    func rateLimit() throws {
        var bucket = TokenBucket(perMinute: 60, now: now)
        for _ in 0..<60 { try bucket.take(at: now) }
        #expect(throws: SharingError.rateLimited(retryAfter: 1)) { try bucket.take(at: now) }
        #expect(throws: SharingError.rateLimited(retryAfter: 0.5)) { try bucket.take(at: now.addingTimeInterval(0.5)) }
        try bucket.take(at: now.addingTimeInterval(1))
        // A long pause refills only up to the capacity.
        for _ in 0..<60 { try bucket.take(at: now.addingTimeInterval(3600)) }
        #expect(throws: SharingError.self) { try bucket.take(at: now.addingTimeInterval(3600)) }
    }

    @Test("Retries back off 30 s, 60 s, 120 s … capped at 6 hours, and stop after the last attempt")
    func retries() {
        let schedule = RetrySchedule()
        #expect((1...4).map { schedule.delay(afterFailedAttempts: $0) } == [30, 60, 120, 240])
        #expect(schedule.delay(afterFailedAttempts: 9) == 7680)  // 30 · 2⁸ s, still under the 6-hour cap
        #expect(RetrySchedule(first: 30, cap: 300, attempts: 10).delay(afterFailedAttempts: 6) == 300)
        #expect(schedule.delay(afterFailedAttempts: 10) == nil && schedule.delay(afterFailedAttempts: 0) == nil)
    }
}
