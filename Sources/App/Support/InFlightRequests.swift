import NIOConcurrencyHelpers
import Vapor

/// Requests still being answered. Stopping the server (SIGTERM) closes its connections, but a handler whose client
/// has gone keeps running, and once the databases had closed under it the process crashed instead of stopping
/// (Fluent's `Request.db`). `DrainRequests` lets them finish first (issue 11).
final class InFlightRequests: Sendable {
    private let count = NIOLockedValueBox(0)

    var current: Int { count.withLockedValue { $0 } }

    func enter() { count.withLockedValue { $0 += 1 } }

    func leave() { count.withLockedValue { $0 -= 1 } }

    /// Waits until no request is being answered, or `limit` has passed; true when none is.
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
/// request passes: an `AsyncMiddleware` starts a task of its own for each request it sees (see `PublicFiles`).
struct InFlightMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let requests = request.services.inFlight
        requests.enter()
        return next.respond(to: request).always { _ in requests.leave() }
    }
}

/// On shutdown, before anything else closes: waits up to ten seconds for the requests being answered.
struct DrainRequests: LifecycleHandler {
    static let limit = Duration.seconds(10)

    func shutdownAsync(_ app: Application) async {
        let waiting = app.services.inFlight.current
        guard waiting > 0 else { return }
        app.logger.notice("Stopping: waiting for \(waiting) request(s) being answered")
        if await !app.services.inFlight.drained(within: Self.limit) {
            app.logger.warning("Stopping with \(app.services.inFlight.current) request(s) still being answered")
        }
    }
}
