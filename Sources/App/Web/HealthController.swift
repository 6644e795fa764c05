import Fluent
import Metrics
import Prometheus
import SQLKit
import Vapor

/// Liveness, readiness and Prometheus metrics.
struct HealthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: health)
        routes.get("readyz", use: ready)
        routes.get("metrics", use: metrics)
    }

    struct Status: Content {
        let status: String
        let database: String?
    }

    @Sendable func health(req: Request) async throws -> Status { Status(status: "ok", database: nil) }

    /// Ready when the database answers a query.
    @Sendable func ready(req: Request) async throws -> Response {
        do {
            _ = try await (req.db as! any SQLDatabase).raw("SELECT 1 AS ok").first()
            return try await Status(status: "ok", database: "ok").encodeResponse(for: req)
        } catch {
            req.logger.warning("readiness check failed: \(String(reflecting: error))")
            return try await Status(status: "unavailable", database: "unreachable").encodeResponse(
                status: .serviceUnavailable,
                for: req
            )
        }
    }

    @Sendable func metrics(req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(
            type: "text",
            subType: "plain",
            parameters: ["version": "0.0.4", "charset": "utf-8"]
        )
        return Response(status: .ok, headers: headers, body: .init(string: MetricsRegistry.shared.emitToString()))
    }
}

/// The process-wide Prometheus registry. swift-metrics may be bootstrapped once per process, so this happens on
/// first use; Vapor then records `http_requests_total` and `http_request_duration_seconds` by route and status.
enum MetricsRegistry {
    static let shared: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
