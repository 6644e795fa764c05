import Fluent
import Foundation
import Testing
import Vapor

@testable import App

/// Issue 11 (begun): two `serve` processes on one database run each timer once.
extension AppTests {
    struct JobLeaseTests {
        @Test("One holder at a time: the holder renews, the other waits until the lease lapses, then takes it over")
        func oneHolder() async throws {
            try await withTestApp { app in
                let start = TestEnvironment.now
                func take(_ holder: String, _ job: String = "check-deadlines", at seconds: Double) async throws -> Bool
                {
                    try await JobLease.acquire(
                        job,
                        holder: holder,
                        for: 660,
                        now: start.addingTimeInterval(seconds),
                        on: app.db
                    )
                }
                #expect(try await take("A", at: 0))
                #expect(try await take("B", at: 1) == false)
                #expect(try await take("B", "webhooks", at: 1))  // leases are per job
                #expect(try await take("A", at: 600))  // renewed until 1,260 s
                #expect(try await take("B", at: 1_200) == false)
                #expect(try await take("B", at: 1_261))  // A stopped renewing
                #expect(try await take("A", at: 1_262) == false)
                // Many processes racing for a free lease: exactly one wins.
                let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for n in 0..<8 {
                        group.addTask {
                            try await app.writeTransaction { db in
                                try await JobLease.acquire("ioc-alerts", holder: "P\(n)", for: 360, now: start, on: db)
                            }
                        }
                    }
                    return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
                }
                #expect(winners == 1)
            }
        }
    }
}
