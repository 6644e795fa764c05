import Core
import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor

/// The event feed other agencies' systems subscribe to. Events are taken from the dossier and report transition logs
/// (written in the same transaction as the change, so nothing acknowledged is missed), numbered in `sharing_events`,
/// and carry no personal data.
enum SharingEvents {
    static let types = ["dossier.status_changed", "feedback.published"]

    struct Event: Content {
        let id: Int
        let type: String
        let unitCode: String
        let at: Date
        let data: [String: String]
    }

    /// Copies new transitions into the feed; returns how many were added. Overlaps the last two minutes so a
    /// transaction that committed late is still caught; the source id keeps each transition once.
    @discardableResult
    static func pump(on db: any Database, now: Date) async throws -> Int {
        let sql = db as! any SQLDatabase
        let stored = try await sql.raw("SELECT value FROM sharing_cursors WHERE name = 'events'").first()?
            .decode(column: "value", as: Double.self)
        let cursor = stored ?? now.addingTimeInterval(-7 * 86_400).timeIntervalSince1970
        let since = Date(timeIntervalSince1970: cursor - 120)
        var latest = cursor
        var added = 0
        let dossiers = try await sql.raw(
            """
            SELECT e.id, e.at, e.from_status, e.to_status, e.action, d.code, d.procedure_code, u.code AS unit
            FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id JOIN admin_units u ON u.id = d.handling_unit_id
            WHERE e.at >= \(bind: since) AND e.from_status <> e.to_status ORDER BY e.at LIMIT 10000
            """
        ).all()
        for row in dossiers {
            let at = try row.decode(column: "at", as: Date.self)
            let to = try row.decode(column: "to_status", as: Int.self)
            let data = [
                "code": try row.decode(column: "code", as: String.self),
                "procedure": try row.decode(column: "procedure_code", as: String.self),
                "fromStatus": String(try row.decode(column: "from_status", as: Int.self)),
                "toStatus": String(to),
                "statusLabel": DossierStatus(rawValue: to)?.label ?? "",
                "action": try row.decode(column: "action", as: String.self),
            ]
            let source = "dossier:" + (try row.decode(column: "id", as: UUID.self)).uuidString
            added += try await insert(
                sql,
                source,
                "dossier.status_changed",
                try row.decode(column: "unit", as: String.self),
                at,
                data
            )
            latest = max(latest, at.timeIntervalSince1970)
        }
        let reports = try await sql.raw(
            """
            SELECT e.id, e.at, f.code, f.category, f.commune_code, u.code AS unit
            FROM feedback_events e JOIN feedback f ON f.id = e.feedback_id JOIN admin_units u ON u.id = f.handling_unit_id
            WHERE e.at >= \(bind: since) AND e.to_status = 'published' AND e.from_status <> 'published'
            ORDER BY e.at LIMIT 10000
            """
        ).all()
        for row in reports {
            let at = try row.decode(column: "at", as: Date.self)
            let code = try row.decode(column: "code", as: String.self)
            let data = [
                "code": code,
                "category": try row.decode(column: "category", as: String.self),
                "communeCode": try row.decode(column: "commune_code", as: String?.self) ?? "",
                "page": "/feedback/\(code)",
            ]
            let source = "feedback:" + (try row.decode(column: "id", as: UUID.self)).uuidString
            added += try await insert(
                sql,
                source,
                "feedback.published",
                try row.decode(column: "unit", as: String.self),
                at,
                data
            )
            latest = max(latest, at.timeIntervalSince1970)
        }
        if stored != latest {
            try await sql.raw("DELETE FROM sharing_cursors WHERE name = 'events'").run()
            try await sql.raw("INSERT INTO sharing_cursors (name, value) VALUES ('events', \(bind: latest))").run()
        }
        return added
    }

    private static func insert(
        _ sql: any SQLDatabase,
        _ source: String,
        _ type: String,
        _ unit: String,
        _ at: Date,
        _ data: [String: String]
    ) async throws -> Int {
        let exists = try await sql.raw("SELECT 1 AS x FROM sharing_events WHERE source_id = \(bind: source)").first()
        guard exists == nil else { return 0 }
        try await sql.raw(
            """
            INSERT INTO sharing_events (source_id, type, unit_code, at_s, payload)
            VALUES (\(bind: source), \(bind: type), \(bind: unit), \(bind: at.timeIntervalSince1970), \(bind: try JSONText.encode(data)))
            ON CONFLICT (source_id) DO NOTHING
            """
        ).run()
        return 1
    }

    static func events(on db: any Database, after: Int, types: [String], limit: Int) async throws -> [Event] {
        guard !types.isEmpty else { return [] }
        let sql = db as! any SQLDatabase
        let list = types.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")
        return try await sql.raw(
            """
            SELECT id, type, unit_code, at_s, payload FROM sharing_events
            WHERE id > \(bind: after) AND type IN (\(list)) ORDER BY id LIMIT \(bind: limit)
            """
        ).all().map { row in
            Event(
                id: try row.decode(column: "id", as: Int.self),
                type: try row.decode(column: "type", as: String.self),
                unitCode: try row.decode(column: "unit_code", as: String.self),
                at: Date(timeIntervalSince1970: try row.decode(column: "at_s", as: Double.self)),
                data: try JSONText.decode([String: String].self, try row.decode(column: "payload", as: String.self))
            )
        }
    }

    static func lastID(on db: any Database) async throws -> Int {
        try await (db as! any SQLDatabase).raw("SELECT COALESCE(MAX(id), 0) AS n FROM sharing_events").first()?
            .decode(column: "n", as: Int.self) ?? 0
    }
}

/// HMAC-SHA256 signatures on webhook deliveries: header `X-TinhSo-Signature: t=<unix seconds>,v1=<hex>`, the MAC
/// over `"<t>.<body>"` with the subscription's secret. Receivers check the MAC and that `t` is recent (replay).
enum WebhookSignature {
    static let header = "X-TinhSo-Signature"

    static func sign(body: Data, secret: String, timestamp: Int) -> String {
        var message = Data("\(timestamp).".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return "t=\(timestamp),v1=" + Data(mac).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `header` signs `body` with `secret`, made within `tolerance` seconds of `now`.
    static func verify(header: String, body: Data, secret: String, now: Date, tolerance: Double = 300) -> Bool {
        var timestamp: Int?
        var signature: String?
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int(pair[1]) }
            if pair[0] == "v1" { signature = pair[1] }
        }
        guard let timestamp, let signature, abs(now.timeIntervalSince1970 - Double(timestamp)) <= tolerance,
            let given = Data(hex: signature)
        else { return false }
        var message = Data("\(timestamp).".utf8)
        message.append(body)
        return HMAC<SHA256>.isValidAuthenticationCode(
            given,
            authenticating: message,
            using: SymmetricKey(data: Data(secret.utf8))
        )
    }
}

extension Data {
    fileprivate init?(hex: String) {
        guard hex.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.init(bytes)
    }
}
