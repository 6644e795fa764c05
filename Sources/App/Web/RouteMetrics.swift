import Dispatch
import Metrics
import NIOConcurrencyHelpers
import Vapor

/// Prometheus metrics by route: `http_requests_total`, `http_request_errors_total` (5xx) and
/// `http_request_duration_seconds`, with the labels Vapor gives them (method, route path, status; requests that
/// match no route as `vapor_route_undefined`). Vapor records them itself, but makes each counter and timer anew for
/// every request (the route's path joined into a string, the registry searched by name and labels); here they are
/// made once per route, method and status and kept (issue 11). Vapor's own recording is turned off
/// (`reportMetrics`), so each request is counted once.
struct RouteMetricsMiddleware: Middleware {
    let metrics: RouteMetrics

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let start = DispatchTime.now().uptimeNanoseconds
        return next.respond(to: request).always { result in
            let status: UInt
            switch result {
            case .success(let response): status = response.status.code
            case .failure: status = HTTPStatus.internalServerError.code
            }
            metrics.record(route: request.route, method: request.method, status: status, since: start)
        }
    }
}

/// The kept counters and timers, by route, method and status.
final class RouteMetrics: Sendable {
    private struct Key: Hashable {
        let route: ObjectIdentifier?
        let method: String
        let status: UInt
    }

    private struct Handles: Sendable {
        let requests: Counter
        let errors: Counter?
        let duration: Timer
    }

    private let handles = NIOLockedValueBox<[Key: Handles]>([:])
    private let factory: any MetricsFactory

    /// - Parameter factory: where the metrics are kept (the process's Prometheus registry, `MetricsRegistry`).
    init(factory: any MetricsFactory = MetricsSystem.factory) { self.factory = factory }

    func record(route: Route?, method: HTTPMethod, status: UInt, since start: UInt64) {
        let key = Key(route: route.map(ObjectIdentifier.init), method: method.rawValue, status: status)
        let found =
            handles.withLockedValue { $0[key] }
            ?? {
                let made = make(route: route, method: method, status: status)
                handles.withLockedValue { $0[key] = made }
                return made
            }()
        found.requests.increment()
        found.errors?.increment()
        found.duration.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - start))
    }

    private func make(route: Route?, method: HTTPMethod, status: UInt) -> Handles {
        // Requests that match no route share one label, so that nobody can make up new series at will.
        let dimensions = [
            ("method", route == nil ? "undefined" : method.rawValue),
            ("path", route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "vapor_route_undefined"),
            ("status", status.description),
        ]
        return Handles(
            requests: Counter(label: "http_requests_total", dimensions: dimensions, factory: factory),
            errors: status >= 500
                ? Counter(label: "http_request_errors_total", dimensions: dimensions, factory: factory) : nil,
            duration: Timer(
                label: "http_request_duration_seconds",
                dimensions: dimensions,
                preferredDisplayUnit: .seconds,
                factory: factory
            )
        )
    }
}
