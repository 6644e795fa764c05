import Core
import Fluent
import Foundation
import SQLKit

/// API clients, the gateway's call log, the security registry and the compliance rule, in SQL.
struct SharingStore: Sendable {
    let sql: any SQLDatabase

    init(db: any Database) { sql = db as! any SQLDatabase }

    // MARK: API clients

    func save(_ client: ApiClient) async throws {
        try await sql.raw("DELETE FROM api_clients WHERE id = \(bind: client.id.rawValue)").run()
        try await sql.raw(
            """
            INSERT INTO api_clients (id, unit_code, key_hash, data)
            VALUES (\(bind: client.id.rawValue), \(bind: client.unitCode), \(bind: client.keyHash), \(bind: try JSONText.encode(client)))
            """
        ).run()
    }

    func client(keyHash: String) async throws -> ApiClient? {
        try await sql.raw("SELECT data FROM api_clients WHERE key_hash = \(bind: keyHash)").first().map(Self.client)
    }

    func client(_ id: ApiClient.ID) async throws -> ApiClient? {
        try await sql.raw("SELECT data FROM api_clients WHERE id = \(bind: id.rawValue)").first().map(Self.client)
    }

    /// Every client, for filtering by the caller's reach.
    func clients() async throws -> [ApiClient] {
        try await sql.raw("SELECT data FROM api_clients ORDER BY unit_code").all().map(Self.client)
    }

    private static func client(_ row: any SQLRow) throws -> ApiClient {
        try JSONText.decode(ApiClient.self, try row.decode(column: "data", as: String.self))
    }

    // MARK: Call log

    struct Call: Codable, Sendable {
        var at: Date
        var clientID: UUID?
        var clientName: String
        var unitCode: String
        /// The unit whose data was asked for.
        var ownerUnit: String
        var method: String
        var endpoint: String
        var status: Int
        var bytes: Int
        var latencyMilliseconds: Double
        /// `allowed`, or why the gateway refused.
        var decision: String
    }

    func log(_ call: Call) async throws {
        try await sql.raw(
            """
            INSERT INTO api_calls (id, at_s, client_id, client_name, unit_code, owner_unit, method, endpoint, status,
                                   bytes, latency_ms, decision)
            VALUES (\(bind: UUID.timeOrdered()), \(bind: call.at.timeIntervalSince1970), \(bind: call.clientID), \(bind: call.clientName),
                    \(bind: call.unitCode), \(bind: call.ownerUnit), \(bind: call.method), \(bind: call.endpoint),
                    \(bind: call.status), \(bind: call.bytes), \(bind: call.latencyMilliseconds), \(bind: call.decision))
            """
        ).run()
    }

    /// The latest calls made by clients of, or to data owned by, one of `units` (all when nil).
    func calls(units: Set<String>?, client: UUID?, limit: Int) async throws -> [Call] {
        var query: SQLQueryString = "SELECT * FROM api_calls WHERE 1 = 1"
        if let client { query = query + " AND client_id = \(bind: client)" }
        if let units {
            guard !units.isEmpty else { return [] }
            let list = units.sorted().map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")
            query = query + " AND (unit_code IN (\(list)) OR owner_unit IN (\(list)))"
        }
        query = query + " ORDER BY at_s DESC LIMIT \(bind: limit)"
        return try await sql.raw(query).all().map { row in
            Call(
                at: Date(timeIntervalSince1970: try row.decode(column: "at_s", as: Double.self)),
                clientID: try row.decode(column: "client_id", as: UUID?.self),
                clientName: try row.decode(column: "client_name", as: String.self),
                unitCode: try row.decode(column: "unit_code", as: String.self),
                ownerUnit: try row.decode(column: "owner_unit", as: String.self),
                method: try row.decode(column: "method", as: String.self),
                endpoint: try row.decode(column: "endpoint", as: String.self),
                status: try row.decode(column: "status", as: Int.self),
                bytes: try row.decode(column: "bytes", as: Int.self),
                latencyMilliseconds: try row.decode(column: "latency_ms", as: Double.self),
                decision: try row.decode(column: "decision", as: String.self)
            )
        }
    }

    // MARK: Security registry

    func save(_ system: InformationSystem) async throws {
        try await sql.raw("DELETE FROM information_systems WHERE id = \(bind: system.id.rawValue)").run()
        try await sql.raw(
            """
            INSERT INTO information_systems (id, unit_code, data)
            VALUES (\(bind: system.id.rawValue), \(bind: system.unitCode), \(bind: try JSONText.encode(system)))
            """
        ).run()
    }

    func deleteSystem(_ id: InformationSystem.ID) async throws {
        try await sql.raw("DELETE FROM information_systems WHERE id = \(bind: id.rawValue)").run()
    }

    func system(_ id: InformationSystem.ID) async throws -> InformationSystem? {
        try await sql.raw("SELECT data FROM information_systems WHERE id = \(bind: id.rawValue)").first().map {
            try JSONText.decode(InformationSystem.self, try $0.decode(column: "data", as: String.self))
        }
    }

    /// Systems of the given units (all when nil).
    func systems(units: [String]?) async throws -> [InformationSystem] {
        var query: SQLQueryString = "SELECT data FROM information_systems"
        if let units {
            guard !units.isEmpty else { return [] }
            query =
                query + " WHERE unit_code IN (\(units.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")))"
        }
        return try await sql.raw(query + " ORDER BY unit_code").all().map {
            try JSONText.decode(InformationSystem.self, try $0.decode(column: "data", as: String.self))
        }
    }

    func rule(province: String) async throws -> ComplianceRule {
        guard
            let row = try await sql.raw("SELECT data FROM compliance_rules WHERE province_code = \(bind: province)")
                .first()
        else { return .dienBien }
        return try JSONText.decode(ComplianceRule.self, try row.decode(column: "data", as: String.self))
    }

    func save(_ rule: ComplianceRule, province: String) async throws {
        try await sql.raw("DELETE FROM compliance_rules WHERE province_code = \(bind: province)").run()
        try await sql.raw(
            "INSERT INTO compliance_rules (province_code, data) VALUES (\(bind: province), \(bind: try JSONText.encode(rule)))"
        ).run()
    }

    /// A unit's standing under its province's rule (the rule of the province above it; its own code if unknown).
    func standing(of unitCode: String, units: some UnitRepository) async throws -> (
        report: ComplianceReport, rule: ComplianceRule
    ) {
        var province = unitCode
        if let unit = try await units.find(UnitKey(tree: .current, code: unitCode)) {
            province = try await units.province(of: unit).code
        }
        let rule = try await self.rule(province: province)
        return (ComplianceReport(unitCode: unitCode, systems: try await systems(units: [unitCode]), rule: rule), rule)
    }
}
