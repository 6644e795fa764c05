import Core
import Fluent
import Foundation
import SQLKit
import Vapor

/// The data-sharing gateway (LGSP role, TT 13/2017/TT-BTTTT Điều 17) at `/lgsp/v1`: other agencies' systems call it
/// with an API key. Every call passes the gateway's checks (key, expiry, unit compliance, rate, scope) and is logged.
struct LGSPController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let lgsp = routes.grouped("lgsp", "v1").grouped(GatewayLogMiddleware(), DeclaredAccessMiddleware())
        lgsp.get("catalogue", use: catalogue)
        lgsp.get("datasets", ":name", use: dataset)
        lgsp.get("dossiers", ":code", use: dossier)
        lgsp.get("events", use: events)
        lgsp.post("subscriptions", use: subscribe)
        lgsp.get("subscriptions", use: subscriptions)
        lgsp.delete("subscriptions", ":id", use: unsubscribe)
        lgsp.get("subscriptions", ":id", "deliveries", use: deliveries)
    }

    struct CatalogueItem: Content {
        let resource: String
        let title: String
        let kind: String
        let shared: Bool
        let granted: Bool
        let url: String
    }

    /// What the gateway offers and which of it this key may call.
    @Sendable func catalogue(req: Request) async throws -> [CatalogueItem] {
        let client = try await req.gateway("catalogue", .read, owner: "", anyScope: true)
        let now = req.services.clock.now()
        func granted(_ resource: String, _ access: ApiAccess = .read) -> Bool {
            (try? client.authorize(resource, access, at: now)) != nil
        }
        var items = try await OpenDataCatalog(db: req.db).entries().map {
            CatalogueItem(
                resource: "datasets/\($0.dataset.name)",
                title: $0.dataset.title,
                kind: "dataset",
                shared: $0.dataset.isPrivate,
                granted: granted("datasets/\($0.dataset.name)"),
                url: "/lgsp/v1/datasets/\($0.dataset.name)"
            )
        }
        items.append(
            CatalogueItem(
                resource: "dossiers",
                title: "Tra cứu trạng thái hồ sơ TTHC theo mã",
                kind: "endpoint",
                shared: true,
                granted: granted("dossiers"),
                url: "/lgsp/v1/dossiers/{code}"
            )
        )
        for type in SharingEvents.types {
            items.append(
                CatalogueItem(
                    resource: "events/\(type)",
                    title: type == "dossier.status_changed"
                        ? "Sự kiện hồ sơ đổi trạng thái" : "Sự kiện phản ánh được công khai",
                    kind: "event",
                    shared: true,
                    granted: granted("events/\(type)"),
                    url: "/lgsp/v1/events?type=\(type)"
                )
            )
        }
        return items
    }

    struct Rows: Content {
        let dataset: String
        let fields: [String]
        let records: [[String: String?]]
        let total: Int?
        let limit: Int
        let offset: Int
        let lastModified: Date
    }

    /// A dataset's rows, with `limit`, `offset`, `filters` (JSON), `q`, `fields` and `sort` as in datastore_search.
    @Sendable func dataset(req: Request) async throws -> Rows {
        let name = req.parameters.get("name") ?? ""
        let catalog = OpenDataCatalog(db: req.db)
        guard let entry = try await catalog.entry(name) else { throw WebError.notFound }
        let owner = try await catalog.settings().organizations.first { $0.name == entry.dataset.organization }
        _ = try await req.gateway("datasets/\(name)", .read, owner: owner?.unitCode ?? "")
        let query = try DatastoreQuery(
            ActionParams(query: (try? req.query.decode([String: String].self)) ?? [:]),
            resource: entry.dataset.resource
        )
        let (records, total) = try await DatastoreStore(db: req.db).search(
            entry.table,
            query,
            rowCount: entry.dataset.resource.rowCount
        )
        return Rows(
            dataset: name,
            fields: query.fields.map(\.id),
            records: records.map { record in
                Dictionary(
                    uniqueKeysWithValues: zip(query.fields.map(\.id), record.map { $0.map { CKANDocuments.text($0) } })
                )
            },
            total: total,
            limit: query.limit,
            offset: query.offset,
            lastModified: entry.dataset.resource.lastModified
        )
    }

    struct DossierState: Content {
        let code: String
        let procedure: String
        let handlingUnit: String
        let status: Int
        let statusLabel: String
        let submitted: Date
        let due: Date?
        let ended: Date?
    }

    /// A dossier's state by code, for another agency's system; no applicant data.
    @Sendable func dossier(req: Request) async throws -> DossierState {
        let code = req.parameters.get("code") ?? ""
        let row = try await (req.db as! any SQLDatabase).raw(
            """
            SELECT d.code, d.procedure_code, u.code AS unit, d.status, d.submitted_s, d.due_s, d.ended_s
            FROM dossiers d JOIN admin_units u ON u.id = d.handling_unit_id WHERE d.code = \(bind: code)
            """
        ).first()
        _ = try await req.gateway("dossiers", .read, owner: try row?.decode(column: "unit", as: String.self) ?? "")
        guard let row else { throw WebError.notFound }
        let status = try row.decode(column: "status", as: Int.self)
        return DossierState(
            code: code,
            procedure: try row.decode(column: "procedure_code", as: String.self),
            handlingUnit: try row.decode(column: "unit", as: String.self),
            status: status,
            statusLabel: DossierStatus(rawValue: status)?.label ?? "",
            submitted: Date(timeIntervalSince1970: try row.decode(column: "submitted_s", as: Double.self)),
            due: try row.decode(column: "due_s", as: Double?.self).map(Date.init(timeIntervalSince1970:)),
            ended: try row.decode(column: "ended_s", as: Double?.self).map(Date.init(timeIntervalSince1970:))
        )
    }

    struct Feed: Content {
        let events: [SharingEvents.Event]
        /// Pass as `after` for the next page.
        let last: Int
    }

    /// The pull feed: events after `after` (0 for the start), of `type` or every type the key may read.
    @Sendable func events(req: Request) async throws -> Feed {
        let asked = req.queryString("type")
        if let asked, !SharingEvents.types.contains(asked) {
            throw SharingError.invalidField(field: "type", message: SharingEvents.types.joined(separator: ", "))
        }
        let client = try await req.gateway("events/\(asked ?? "*")", .read, owner: "", anyScope: asked == nil)
        let now = req.services.clock.now()
        let types = (asked.map { [$0] } ?? SharingEvents.types).filter {
            (try? client.authorize("events/\($0)", .read, at: now)) != nil
        }
        guard !types.isEmpty else { throw SharingError.outOfScope(resource: "events/*", access: .read) }
        let after = Int(req.queryString("after") ?? "0") ?? 0
        let limit = min(1000, max(1, Int(req.queryString("limit") ?? "") ?? 100))
        _ = try await req.transaction { db in try await SharingEvents.pump(on: db, now: now) }
        let events = try await SharingEvents.events(on: req.db, after: after, types: types, limit: limit)
        return Feed(events: events, last: events.last?.id ?? after)
    }

    struct NewSubscription: Content {
        var event: String
        var url: String
    }

    struct CreatedSubscription: Content {
        let subscription: Webhooks.Subscription
        /// The HMAC key for `X-TinhSo-Signature`, shown this once.
        let secret: String
    }

    @Sendable func subscribe(req: Request) async throws -> Response {
        let input = try req.content.decode(NewSubscription.self)
        let client = try await req.gateway("events/\(input.event)", .write, owner: "")
        let (subscription, secret) = try await Webhooks.subscribe(
            on: req.db,
            client: client,
            event: input.event,
            url: input.url,
            now: req.services.clock.now()
        )
        let response = Response(status: .created)
        try response.content.encode(CreatedSubscription(subscription: subscription, secret: secret))
        return response
    }

    @Sendable func subscriptions(req: Request) async throws -> [Webhooks.Subscription] {
        let client = try await req.gateway("subscriptions", .read, owner: "", anyScope: true)
        return try await Webhooks.subscriptions(on: req.db, client: client.id).map(\.0)
    }

    @Sendable func unsubscribe(req: Request) async throws -> HTTPStatus {
        let client = try await req.gateway("subscriptions", .write, owner: "", anyScope: true)
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            try await Webhooks.unsubscribe(on: req.db, id: id, client: client.id)
        else { throw WebError.notFound }
        return .noContent
    }

    @Sendable func deliveries(req: Request) async throws -> [Webhooks.Delivery] {
        let client = try await req.gateway("subscriptions", .read, owner: "", anyScope: true)
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            try await Webhooks.subscriptions(on: req.db, client: client.id).contains(where: { $0.0.id == id })
        else { throw WebError.notFound }
        return try await Webhooks.deliveries(on: req.db, subscription: id)
    }
}
