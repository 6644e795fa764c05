import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// Requests still being answered, and ticks of scheduled jobs still running. Stopping the server (SIGTERM) closes
/// its connections, but a handler whose client has gone keeps running, and once the databases had closed under it
/// the process crashed instead of stopping (Fluent's `Request.db`); a job's tick did the same (issue 11).
/// `DrainRequests` lets them finish first, and once it has begun no new tick starts.
final class InFlightRequests: Sendable {
    private struct State {
        var count = 0
        var stopping = false
    }

    private let state = NIOLockedValueBox(State())

    var current: Int { state.withLockedValue { $0.count } }

    /// True once the server has begun to stop: long jobs end early (`Application.runScheduled`).
    var isStopping: Bool { state.withLockedValue { $0.stopping } }

    func enter() { state.withLockedValue { $0.count += 1 } }

    func leave() { state.withLockedValue { $0.count -= 1 } }

    /// Counts a job's tick in, unless the server is stopping.
    func enterUnlessStopping() -> Bool {
        state.withLockedValue { state in
            guard !state.stopping else { return false }
            state.count += 1
            return true
        }
    }

    func stop() { state.withLockedValue { $0.stopping = true } }

    /// Waits until no request or job is under way, or `limit` has passed; true when none is.
    func drained(within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while current > 0 {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }
}

/// Counts each request in and out; the outermost middleware. Written on futures, like the other middleware every
/// request passes: an `AsyncMiddleware` starts a task of its own for each request it sees (see
/// `PublicFilesMiddleware`).
struct InFlightMiddleware: Middleware {
    let requests: InFlightRequests

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        requests.enter()
        return next.respond(to: request).always { _ in requests.leave() }
    }
}

/// On shutdown, before anything else closes: waits up to ten seconds for the requests and jobs under way.
struct DrainRequests: LifecycleHandler {
    static let limit = Duration.seconds(10)

    func shutdownAsync(_ app: Application) async {
        app.services.inFlight.stop()
        let waiting = app.services.inFlight.current
        guard waiting > 0 else { return }
        app.logger.notice("Stopping: waiting for \(waiting) request(s) and job(s) under way")
        if await !app.services.inFlight.drained(within: Self.limit) {
            app.logger.warning("Stopping with \(app.services.inFlight.current) request(s) and job(s) still under way")
        }
    }
}

extension Application {
    /// Runs a scheduled job's `body` after `initialDelay`, then every `delay`, each tick through `runScheduled`.
    func repeatScheduled(
        after initialDelay: TimeAmount,
        every delay: TimeAmount,
        _ body: @escaping @Sendable () async throws -> Void
    ) -> RepeatedTask {
        let loop = eventLoopGroup.next()
        return loop.scheduleRepeatedAsyncTask(initialDelay: initialDelay, delay: delay) { _ in
            loop.makeFutureWithTask { await self.runScheduled(body) }
        }
    }

    /// One tick of a scheduled job: skipped once the server is stopping, otherwise counted like a request, so that
    /// stopping waits for it before the databases close (`DrainRequests`). Failures are logged.
    func runScheduled(_ body: () async throws -> Void) async {
        guard services.inFlight.enterUnlessStopping() else { return }
        defer { services.inFlight.leave() }
        do { try await body() } catch { logger.report(error: error) }
    }
}
