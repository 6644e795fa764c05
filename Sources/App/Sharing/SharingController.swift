import Core
import Fluent
import Foundation
import Vapor

/// `/api/v1/sharing/…` and `/api/v1/security/…`: data-sharing clients, their call log, the security registry and
/// the compliance rule. Every write needs `configure` on the unit concerned and is audited.
struct SharingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let sharing = routes.grouped("sharing")
        sharing.post("clients", use: createClient)
        sharing.get("clients", use: clients)
        sharing.post("clients", ":id", "revoke", use: revoke)
        sharing.get("calls", use: calls)
        let security = routes.grouped("security")
        security.get("systems", use: systems)
        security.post("systems", use: saveSystem)
        security.delete("systems", ":id", use: deleteSystem)
        security.get("rule", use: rule)
        security.put("rule", use: saveRule)
        security.get("compliance", use: compliance)
    }

    // MARK: Clients

    struct NewClient: Content {
        var name: String
        var unitCode: String
        var scopes: [ApiScope]
        var ratePerMinute: Int?
        var expiresAt: Date?
    }

    struct ClientDTO: Content {
        let id: UUID
        let name: String
        let unitCode: String
        let keyPrefix: String
        let scopes: [ApiScope]
        let ratePerMinute: Int
        let expiresAt: Date?
        let revokedAt: Date?

        init(_ client: ApiClient) {
            id = client.id.rawValue
            name = client.name
            unitCode = client.unitCode
            keyPrefix = client.keyPrefix
            scopes = client.scopes
            ratePerMinute = client.ratePerMinute
            expiresAt = client.expiresAt
            revokedAt = client.revokedAt
        }
    }

    struct CreatedClient: Content {
        let client: ClientDTO
        /// Shown this once; only its hash is kept.
        let key: String
    }

    /// The current unit `code` on which the signed-in user may `action`.
    static func unit(_ req: Request, _ code: String, _ action: Action) async throws -> (AdminUnit, Principal) {
        let principal = try req.principal
        let units = req.services.units(on: req.db)
        guard let unit = try await units.find(UnitKey(tree: .current, code: code)) else {
            throw WebError.invalidParameter(name: "unitCode", issue: .unknownUnit)
        }
        guard !principal.user.isDisabled, Authorizer.may(principal, action, on: try await units.lineage(of: unit.id))
        else { throw AccountError.forbidden }
        return (unit, principal)
    }

    static func validate(_ input: NewClient) throws -> (name: String, rate: Int) {
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...200).contains(name.count) else {
            throw SharingError.invalidField(field: "name", message: "2–200 characters")
        }
        guard !input.scopes.isEmpty else {
            throw SharingError.invalidField(field: "scopes", message: "at least one scope")
        }
        for scope in input.scopes where scope.resource.isEmpty || scope.resource.contains(" ") {
            throw SharingError.invalidField(field: "scopes", message: "a resource path such as datasets/* or dossiers")
        }
        let rate = input.ratePerMinute ?? 60
        guard (1...100_000).contains(rate) else {
            throw SharingError.invalidField(field: "ratePerMinute", message: "1 to 100000")
        }
        return (name, rate)
    }

    @Sendable func createClient(req: Request) async throws -> Response {
        let input = try req.content.decode(NewClient.self)
        let (name, rate) = try Self.validate(input)
        let (unit, principal) = try await Self.unit(req, input.unitCode, .configure)
        let now = req.services.clock.now()
        if let expiry = input.expiresAt, expiry <= now {
            throw SharingError.invalidField(field: "expiresAt", message: "must be in the future")
        }
        let created = try await Self.create(req, name: name, unit: unit, principal: principal, input: input, rate: rate)
        let response = Response(status: .created)
        try response.content.encode(created)
        return response
    }

    static func create(
        _ req: Request,
        name: String,
        unit: AdminUnit,
        principal: Principal,
        input: NewClient,
        rate: Int
    ) async throws -> CreatedClient {
        let key = ApiKeys.generate()
        let client = ApiClient(
            name: name,
            unitCode: unit.code,
            keyPrefix: key.shown,
            keyHash: key.hash,
            scopes: input.scopes,
            ratePerMinute: rate,
            expiresAt: input.expiresAt
        )
        let now = req.services.clock.now()
        try await req.transaction { db in
            try await SharingStore(db: db).save(client)
            try await req.services.audit(on: db).append(
                AuditEntry(
                    at: now,
                    actorID: principal.user.id,
                    actorName: principal.user.username,
                    action: "sharing.createClient",
                    entityType: "apiClient",
                    entityID: client.id.description,
                    unitID: unit.id,
                    before: nil,
                    after: [
                        "name": name,
                        "scopes": input.scopes.map { "\($0.resource):\($0.access.rawValue)" }.joined(separator: " "),
                        "keyPrefix": key.shown,
                    ]
                )
            )
        }
        return CreatedClient(client: ClientDTO(client), key: key.key)
    }

    /// Codes of the units the user may `action` on (nil: all).
    static func reach(_ req: Request, _ action: Action) async throws -> Set<String>? {
        let principal = try req.principal
        guard let ids = try await req.services.accounts(on: req.db).managedUnits(of: principal, for: action) else {
            return nil
        }
        return Set(try await req.services.units(on: req.db).find(ids: ids).map(\.code))
    }

    @Sendable func clients(req: Request) async throws -> [ClientDTO] {
        let reach = try await Self.reach(req, .view)
        return try await SharingStore(db: req.db).clients().filter { reach?.contains($0.unitCode) ?? true }
            .map(ClientDTO.init)
    }

    @Sendable func revoke(req: Request) async throws -> ClientDTO {
        let id: ApiClient.ID = try req.pathID()
        guard var client = try await SharingStore(db: req.db).client(id) else { throw WebError.notFound }
        try await Self.revoke(req, &client)
        return ClientDTO(client)
    }

    static func revoke(_ req: Request, _ client: inout ApiClient) async throws {
        let (unit, principal) = try await unit(req, client.unitCode, .configure)
        guard client.revokedAt == nil else { return }
        let now = req.services.clock.now()
        client.revokedAt = now
        let revoked = client
        try await req.transaction { db in
            try await SharingStore(db: db).save(revoked)
            try await req.services.audit(on: db).append(
                AuditEntry(
                    at: now,
                    actorID: principal.user.id,
                    actorName: principal.user.username,
                    action: "sharing.revokeClient",
                    entityType: "apiClient",
                    entityID: revoked.id.description,
                    unitID: unit.id,
                    before: ["revoked": "false"],
                    after: ["revoked": "true"]
                )
            )
        }
    }

    // MARK: Call log

    struct CallDTO: Content {
        let at: Date
        let client: String
        let clientID: UUID?
        let unitCode: String
        let ownerUnit: String
        let method: String
        let endpoint: String
        let status: Int
        let bytes: Int
        let latencyMilliseconds: Double
        let decision: String
    }

    /// The calls made by clients of, or to data owned by, the units the user may view; `?format=csv` for a file.
    @Sendable func calls(req: Request) async throws -> Response {
        let reach = try await Self.reach(req, .view)
        let client = req.queryString("client").flatMap(UUID.init(uuidString:))
        let limit = min(10_000, max(1, Int(req.queryString("limit") ?? "") ?? 500))
        let calls = try await SharingStore(db: req.db).calls(units: reach, client: client, limit: limit)
        if req.queryString("format") == "csv" {
            let rows = calls.map {
                [
                    VietnameseFormat.dateTime($0.at), $0.clientName, $0.unitCode, $0.ownerUnit, $0.method, $0.endpoint,
                    String($0.status), String($0.bytes), String(format: "%.1f", $0.latencyMilliseconds), $0.decision,
                ]
            }
            return .csv(
                CSV.document(
                    header: [
                        "thoi_gian", "ung_dung", "don_vi", "don_vi_so_huu_du_lieu", "phuong_thuc", "dia_chi",
                        "ma_trang_thai",
                        "so_byte", "do_tre_ms", "quyet_dinh",
                    ],
                    rows: rows
                ),
                filename: "nhat-ky-chia-se-du-lieu.csv"
            )
        }
        let response = Response(status: .ok)
        try response.content.encode(
            calls.map {
                CallDTO(
                    at: $0.at,
                    client: $0.clientName,
                    clientID: $0.clientID,
                    unitCode: $0.unitCode,
                    ownerUnit: $0.ownerUnit,
                    method: $0.method,
                    endpoint: $0.endpoint,
                    status: $0.status,
                    bytes: $0.bytes,
                    latencyMilliseconds: $0.latencyMilliseconds,
                    decision: $0.decision
                )
            }
        )
        return response
    }
}
