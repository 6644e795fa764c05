import Core
import Crypto
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// API keys: `tsk_` and 43 URL-safe characters (32 random bytes). Only the SHA-256 is stored: the key has full
/// entropy, so a slow hash (as for passwords) adds nothing but latency on every call.
enum ApiKeys {
    static let prefix = "tsk_"

    /// `count` bytes from the system's secure random generator.
    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in generator.next() }
    }

    static func generate() -> (key: String, shown: String, hash: String) {
        let body = Data(randomBytes(32)).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let key = prefix + body
        return (key, String(key.prefix(prefix.count + 6)), hash(key))
    }

    static func hash(_ key: String) -> String { SHA256.hex(Data(key.utf8)) }
}

/// Token buckets per client, for this process: each `serve` process limits on its own (see the README).
final class GatewayLimiter: Sendable {
    private let buckets = NIOLockedValueBox<[ApiClient.ID: TokenBucket]>([:])

    func take(_ client: ApiClient, at now: Date) throws(SharingError) {
        let outcome: Result<Void, SharingError> = buckets.withLockedValue { buckets in
            var bucket = buckets[client.id] ?? TokenBucket(perMinute: client.ratePerMinute, now: now)
            if bucket.capacity != Double(max(1, client.ratePerMinute)) {
                bucket = TokenBucket(perMinute: client.ratePerMinute, now: now)
            }
            defer { buckets[client.id] = bucket }
            do throws(SharingError) {
                try bucket.take(at: now)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try outcome.get()
    }
}

/// What the gateway decided for this request, for the call log.
struct GatewayDecision: Sendable {
    var client: ApiClient?
    var ownerUnit: String
    var decision: String
}

extension Request {
    private struct DecisionKey: StorageKey { typealias Value = GatewayDecision }

    var gatewayDecision: GatewayDecision? {
        get { storage[DecisionKey.self] }
        set { storage[DecisionKey.self] = newValue }
    }

    /// The API key sent: `Authorization: Bearer <key>`, a bare `Authorization: <key>` (ckanapi), `X-API-Key` or
    /// `X-CKAN-API-Key`.
    var apiKey: String? {
        for name in ["X-API-Key", "X-CKAN-API-Key"] {
            if let value = headers.first(name: name), !value.isEmpty { return value }
        }
        guard let authorization = headers.first(name: .authorization), !authorization.isEmpty else { return nil }
        let lower = authorization.lowercased()
        if lower.hasPrefix("bearer ") { return String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
        return authorization
    }

    /// Checks the calling API client for `resource` with `access`, in order: a known key, not revoked or expired, its
    /// unit compliant with the province's security rule, within its rate, within its scopes (`anyScope` admits any
    /// valid key: the catalogue, a client's own subscriptions). Every decision is kept for the call log.
    func gateway(_ resource: String, _ access: ApiAccess, owner: String, anyScope: Bool = false) async throws
        -> ApiClient
    {
        var decision = GatewayDecision(client: nil, ownerUnit: owner, decision: "allowed")
        defer { gatewayDecision = decision }
        do {
            guard let key = apiKey else { throw SharingError.missingKey }
            let store = SharingStore(db: db)
            guard let client = try await store.client(keyHash: ApiKeys.hash(key)) else { throw SharingError.unknownKey }
            decision.client = client
            let now = services.clock.now()
            if client.revokedAt != nil { throw SharingError.revoked }
            if let expiry = client.expiresAt, now >= expiry { throw SharingError.expired(expiry) }
            let report = try await compliance(of: client.unitCode)
            if !report.report.compliant && report.rule.enforce {
                throw SharingError.nonCompliant(unitCode: client.unitCode, gaps: report.report.gaps)
            }
            try services.gatewayLimiter.take(client, at: now)
            if !anyScope { try client.authorize(resource, access, at: now) }
            return client
        } catch let error as SharingError {
            decision.decision = "refused: " + error.message
            throw error
        }
    }

    /// The unit's standing under its province's rule.
    func compliance(of unitCode: String) async throws -> (report: ComplianceReport, rule: ComplianceRule) {
        try await SharingStore(db: db).standing(of: unitCode, units: services.units(on: db))
    }
}

/// Logs every call the gateway decided on: client, endpoint, status, bytes, latency, decision.
struct GatewayLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next.respond(to: request)
            await record(request, status: Int(response.status.code), bytes: response.body.count, started: started)
            return response
        } catch {
            await record(request, status: Int(Failure.from(error).status.code), bytes: 0, started: started)
            throw error
        }
    }

    private func record(_ request: Request, status: Int, bytes: Int, started: ContinuousClock.Instant) async {
        guard let decision = request.gatewayDecision else { return }
        let elapsed = ContinuousClock.now - started
        let call = SharingStore.Call(
            at: request.services.clock.now(),
            clientID: decision.client?.id.rawValue,
            clientName: decision.client?.name ?? "(khóa không hợp lệ)",
            unitCode: decision.client?.unitCode ?? "",
            ownerUnit: decision.ownerUnit,
            method: request.method.rawValue,
            endpoint: request.url.path,
            status: status,
            bytes: max(0, bytes),
            latencyMilliseconds: elapsed.milliseconds,
            decision: decision.decision
        )
        do {
            try await request.services.writeTransaction(on: request.db) { db in
                try await SharingStore(db: db).log(call)
            }
        } catch {
            request.logger.report(error: error)
        }
    }
}

extension Duration {
    /// The duration in milliseconds, for logs and figures.
    var milliseconds: Double { Double(components.seconds) * 1e3 + Double(components.attoseconds) / 1e15 }
}
