import Core
import Fluent
import Foundation
import NIOCore
import SQLKit
import Vapor

/// Sends a webhook delivery; the default posts with Vapor's HTTP client, tests put a recorder in its place.
protocol WebhookTransport: Sendable {
    /// The HTTP status the receiver answered.
    func post(_ url: String, headers: HTTPHeaders, body: Data) async throws -> Int
}

struct ClientWebhookTransport: WebhookTransport {
    let client: any Client

    func post(_ url: String, headers: HTTPHeaders, body: Data) async throws -> Int {
        let response = try await client.post(URI(string: url), headers: headers) { request in
            request.body = ByteBuffer(bytes: body)
        }
        return Int(response.status.code)
    }
}

extension Application {
    private struct TransportKey: StorageKey { typealias Value = any WebhookTransport }

    var webhookTransport: any WebhookTransport {
        get { storage[TransportKey.self] ?? ClientWebhookTransport(client: client) }
        set { storage[TransportKey.self] = newValue }
    }
}

/// Subscriptions and deliveries: each new event of a subscribed type becomes a delivery, posted with an HMAC
/// signature and retried on failure after 30 s, 1 min, 2 min … (at most 6 h apart, 10 tries; `RetrySchedule`).
/// A client whose unit is not compliant gets nothing until it is; the deliveries wait.
enum Webhooks {
    struct Subscription: Content {
        let id: UUID
        let clientID: UUID
        let event: String
        let url: String
        let created: Date
    }

    struct Delivery: Content {
        let id: UUID
        let subscriptionID: UUID
        let eventID: Int
        let attempts: Int
        let state: String
        let nextAttempt: Date?
        let lastStatus: Int?
        let lastError: String?
        let delivered: Date?
    }

    static let schedule = RetrySchedule()

    static func subscriptions(on db: any Database, client: ApiClient.ID?) async throws -> [(
        Subscription, secret: String
    )] {
        let sql = db as! any SQLDatabase
        var query: SQLQueryString = "SELECT * FROM webhook_subscriptions"
        if let client { query = query + " WHERE client_id = \(bind: client.rawValue)" }
        return try await sql.raw(query + " ORDER BY created_s").all().map { row in
            (
                Subscription(
                    id: try row.decode(column: "id", as: UUID.self),
                    clientID: try row.decode(column: "client_id", as: UUID.self),
                    event: try row.decode(column: "event", as: String.self),
                    url: try row.decode(column: "url", as: String.self),
                    created: Date(timeIntervalSince1970: try row.decode(column: "created_s", as: Double.self))
                ),
                try row.decode(column: "secret", as: String.self)
            )
        }
    }

    static func subscribe(on db: any Database, client: ApiClient, event: String, url: String, now: Date) async throws
        -> (Subscription, secret: String)
    {
        guard SharingEvents.types.contains(event) else {
            throw SharingError.invalidField(
                field: "event",
                message: "one of \(SharingEvents.types.joined(separator: ", "))"
            )
        }
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
            parsed.host?.isEmpty == false, url.count <= 2000
        else { throw SharingError.invalidField(field: "url", message: "an http or https address") }
        let secret = "whsec_" + ApiKeys.randomBytes(32).map { String(format: "%02x", $0) }.joined()
        let subscription = Subscription(id: UUID(), clientID: client.id.rawValue, event: event, url: url, created: now)
        // Only events after the subscription are delivered; earlier ones are in the pull feed.
        let after = try await SharingEvents.lastID(on: db)
        try await (db as! any SQLDatabase).raw(
            """
            INSERT INTO webhook_subscriptions (id, client_id, event, url, secret, created_s, after_event)
            VALUES (\(bind: subscription.id), \(bind: subscription.clientID), \(bind: event), \(bind: url), \(bind: secret),
                    \(bind: now.timeIntervalSince1970), \(bind: after))
            """
        ).run()
        return (subscription, secret)
    }

    static func unsubscribe(on db: any Database, id: UUID, client: ApiClient.ID) async throws -> Bool {
        let sql = db as! any SQLDatabase
        let found = try await sql.raw(
            "SELECT id FROM webhook_subscriptions WHERE id = \(bind: id) AND client_id = \(bind: client.rawValue)"
        ).first()
        guard found != nil else { return false }
        try await sql.raw("DELETE FROM webhook_deliveries WHERE subscription_id = \(bind: id)").run()
        try await sql.raw("DELETE FROM webhook_subscriptions WHERE id = \(bind: id)").run()
        return true
    }

    static func deliveries(on db: any Database, subscription: UUID, limit: Int = 200) async throws -> [Delivery] {
        try await (db as! any SQLDatabase).raw(
            "SELECT * FROM webhook_deliveries WHERE subscription_id = \(bind: subscription) ORDER BY event_id DESC LIMIT \(bind: limit)"
        ).all().map(delivery)
    }

    private static func delivery(_ row: any SQLRow) throws -> Delivery {
        Delivery(
            id: try row.decode(column: "id", as: UUID.self),
            subscriptionID: try row.decode(column: "subscription_id", as: UUID.self),
            eventID: try row.decode(column: "event_id", as: Int.self),
            attempts: try row.decode(column: "attempts", as: Int.self),
            state: try row.decode(column: "state", as: String.self),
            nextAttempt: try row.decode(column: "next_s", as: Double?.self).map(Date.init(timeIntervalSince1970:)),
            lastStatus: try row.decode(column: "last_status", as: Int?.self),
            lastError: try row.decode(column: "last_error", as: String?.self),
            delivered: try row.decode(column: "delivered_s", as: Double?.self).map(Date.init(timeIntervalSince1970:))
        )
    }

    struct Outcome: Equatable {
        var queued = 0
        var delivered = 0
        var failed = 0
        var held = 0
    }

    /// One round: new events into the feed, new deliveries queued, due deliveries sent.
    @discardableResult
    static func run(
        on db: any Database,
        services: AppServices,
        transport: any WebhookTransport,
        now: Date? = nil
    ) async throws -> Outcome {
        let sql = db as! any SQLDatabase
        let now = now ?? services.clock.now()
        var outcome = Outcome()
        outcome.queued = try await services.writeTransaction(on: db) { db in try await queue(on: db, now: now) }
        let store = SharingStore(db: db)
        let due = try await sql.raw(
            """
            SELECT * FROM webhook_deliveries WHERE state = 'pending' AND next_s <= \(bind: now.timeIntervalSince1970)
            ORDER BY next_s LIMIT 200
            """
        ).all().map(delivery)
        let subscriptions = Dictionary(
            try await subscriptions(on: db, client: nil).map { ($0.0.id, $0) },
            uniquingKeysWith: { a, _ in a }
        )
        for item in due {
            guard let (subscription, secret) = subscriptions[item.subscriptionID],
                let client = try await store.client(ApiClient.ID(rawValue: subscription.clientID))
            else { continue }
            if client.revokedAt != nil || (client.expiresAt.map { now >= $0 } ?? false) {
                try await services.writeTransaction(on: db) { db in
                    try await finish(
                        db as! any SQLDatabase,
                        item.id,
                        state: "cancelled",
                        error: "API client revoked or expired"
                    )
                }
                continue
            }
            let standing = try await store.standing(of: client.unitCode, units: services.units(on: db))
            if !standing.report.compliant && standing.rule.enforce {
                let refusal = SharingError.nonCompliant(unitCode: client.unitCode, gaps: standing.report.gaps)
                let call = SharingStore.Call(
                    at: now,
                    clientID: client.id.rawValue,
                    clientName: client.name,
                    unitCode: client.unitCode,
                    ownerUnit: "",
                    method: "WEBHOOK",
                    endpoint: subscription.url,
                    status: 403,
                    bytes: 0,
                    latencyMilliseconds: 0,
                    decision: "refused: " + refusal.message
                )
                try await services.writeTransaction(on: db) { db in
                    try await (db as! any SQLDatabase).raw(
                        """
                        UPDATE webhook_deliveries SET next_s = \(bind: now.timeIntervalSince1970 + 300),
                        last_error = \(bind: "held: " + refusal.message) WHERE id = \(bind: item.id)
                        """
                    ).run()
                    try await SharingStore(db: db).log(call)
                }
                outcome.held += 1
                continue
            }
            guard
                let event = try await SharingEvents.events(
                    on: db,
                    after: item.eventID - 1,
                    types: [subscription.event],
                    limit: 1
                ).first,
                event.id == item.eventID
            else { continue }
            let body = try JSONEncoder.webhook.encode(event)
            var headers = HTTPHeaders()
            headers.contentType = .json
            headers.add(name: "X-TinhSo-Event", value: event.type)
            headers.add(name: "X-TinhSo-Delivery", value: item.id.uuidString.lowercased())
            headers.add(
                name: WebhookSignature.header,
                value: WebhookSignature.sign(body: body, secret: secret, timestamp: Int(now.timeIntervalSince1970))
            )
            // The post is made outside any transaction or queue: a slow receiver holds nothing up.
            let started = ContinuousClock.now
            var status: Int?
            var failure: String?
            do {
                status = try await transport.post(subscription.url, headers: headers, body: body)
            } catch {
                failure = String(describing: error).prefix(300).description
            }
            let elapsed = ContinuousClock.now - started
            let call = SharingStore.Call(
                at: now,
                clientID: client.id.rawValue,
                clientName: client.name,
                unitCode: client.unitCode,
                ownerUnit: event.unitCode,
                method: "WEBHOOK",
                endpoint: subscription.url,
                status: status ?? 0,
                bytes: body.count,
                latencyMilliseconds: elapsed.milliseconds,
                decision: "allowed"
            )
            let attempts = item.attempts + 1
            let delivered = status.map { (200..<300).contains($0) } ?? false
            let wait = delivered ? nil : schedule.delay(afterFailedAttempts: attempts)
            let error = failure ?? "HTTP \(status ?? 0)"
            let answered = status
            try await services.writeTransaction(on: db) { db in
                let sql = db as! any SQLDatabase
                try await SharingStore(db: db).log(call)
                if delivered {
                    try await sql.raw(
                        """
                        UPDATE webhook_deliveries SET state = 'delivered', attempts = \(bind: attempts),
                        last_status = \(bind: answered), last_error = NULL, delivered_s = \(bind: now.timeIntervalSince1970),
                        next_s = NULL WHERE id = \(bind: item.id)
                        """
                    ).run()
                } else {
                    try await sql.raw(
                        """
                        UPDATE webhook_deliveries SET attempts = \(bind: attempts), last_status = \(bind: answered),
                        last_error = \(bind: error), next_s = \(bind: wait.map { now.timeIntervalSince1970 + $0 })
                        WHERE id = \(bind: item.id)
                        """
                    ).run()
                    // Out of tries: given up, kept in the log.
                    if wait == nil { try await finish(sql, item.id, state: "failed", error: error) }
                }
            }
            if delivered { outcome.delivered += 1 } else { outcome.failed += 1 }
        }
        return outcome
    }

    /// New transitions into the feed, and a pending delivery per subscription for each new event of its type.
    static func queue(on db: any Database, now: Date) async throws -> Int {
        let sql = db as! any SQLDatabase
        try await SharingEvents.pump(on: db, now: now)
        var queued = 0
        for (subscription, _) in try await subscriptions(on: db, client: nil) {
            let after =
                try await sql.raw(
                    "SELECT after_event FROM webhook_subscriptions WHERE id = \(bind: subscription.id)"
                ).first()?.decode(column: "after_event", as: Int.self) ?? 0
            let events = try await SharingEvents.events(on: db, after: after, types: [subscription.event], limit: 1000)
            for event in events {
                try await sql.raw(
                    """
                    INSERT INTO webhook_deliveries (id, subscription_id, event_id, attempts, next_s, state)
                    VALUES (\(bind: UUID()), \(bind: subscription.id), \(bind: event.id), 0, \(bind: now.timeIntervalSince1970), 'pending')
                    ON CONFLICT (subscription_id, event_id) DO NOTHING
                    """
                ).run()
                queued += 1
            }
            if let last = events.last {
                try await sql.raw(
                    "UPDATE webhook_subscriptions SET after_event = \(bind: last.id) WHERE id = \(bind: subscription.id)"
                ).run()
            }
        }
        return queued
    }

    private static func finish(_ sql: any SQLDatabase, _ id: UUID, state: String, error: String)
        async throws
    {
        try await sql.raw(
            """
            UPDATE webhook_deliveries SET state = \(bind: state), last_error = \(bind: error), next_s = NULL
            WHERE id = \(bind: id)
            """
        ).run()
    }
}

extension JSONEncoder {
    /// Webhook bodies: sorted keys and ISO 8601 dates, so signatures are over a stable text.
    static var webhook: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

/// `serve`: webhook rounds every 10 seconds.
struct WebhookTimer: LifecycleHandler {
    private struct TaskKey: StorageKey { typealias Value = RepeatedTask }

    func didBoot(_ app: Application) throws {
        let task = app.repeatScheduled(after: .seconds(10), every: .seconds(10)) {
            guard try await app.holdsLease("webhooks", every: .seconds(10)) else { return }
            try await Webhooks.run(on: app.db, services: app.services, transport: app.webhookTransport)
        }
        app.storage[TaskKey.self] = task
    }

    func shutdown(_ app: Application) { app.storage[TaskKey.self]?.cancel() }
}
