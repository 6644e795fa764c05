import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("Stopping the server")
    struct ShutdownTests {
        @Test("Shutdown waits for a request still being answered, which finishes with the database open")
        func drainsRequests() async throws {
            try await withTestApp { app in
                let gate = Gate()
                app.get("slow") { req async throws -> String in
                    await gate.wait()
                    return String(try await UserRecord.query(on: req.db).count())
                }
                let request = Task { try await app.testing().sendRequest(.GET, "/slow") }
                while app.services.inFlight.current == 0 { await Task.yield() }
                let finished = NIOLockedValueBox(false)
                let draining = Task {
                    await DrainRequests().shutdownAsync(app)
                    finished.withLockedValue { $0 = true }
                }
                try await Task.sleep(for: .milliseconds(100))
                #expect(!finished.withLockedValue { $0 })
                gate.open()
                await draining.value
                let response = try await request.value
                #expect(response.status == .ok && response.body.string == "0")
                #expect(app.services.inFlight.current == 0)
                #expect(await app.services.inFlight.drained(within: .milliseconds(1)))
            }
        }

        @Test("Shutdown waits for a scheduled job's tick under way; once it has begun, no new tick starts")
        func drainsJobs() async throws {
            try await withTestApp { app in
                let gate = Gate()
                let ran = NIOLockedValueBox<[String]>([])
                let tick = Task {
                    await app.runScheduled {
                        await gate.wait()
                        let users = try await UserRecord.query(on: app.db).count()
                        ran.withLockedValue { $0.append("first, \(users) users") }
                    }
                }
                while app.services.inFlight.current == 0 { await Task.yield() }
                let finished = NIOLockedValueBox(false)
                let draining = Task {
                    await DrainRequests().shutdownAsync(app)
                    finished.withLockedValue { $0 = true }
                }
                while !app.services.inFlight.isStopping { await Task.yield() }
                await app.runScheduled { ran.withLockedValue { $0.append("second") } }
                try await Task.sleep(for: .milliseconds(100))
                #expect(!finished.withLockedValue { $0 })
                gate.open()
                await draining.value
                await tick.value
                #expect(ran.withLockedValue { $0 } == ["first, 0 users"])
                #expect(app.services.inFlight.current == 0)
            }
        }
    }
}
