import Core
import Fluent
import Vapor

struct AuditEntryDTO: Content, Equatable {
    let id: UUID
    let at: Date
    let actorID: UUID?
    let actorName: String
    let action: String
    let entityType: String
    let entityID: String
    let unitID: UUID?
    let before: [String: String]?
    let after: [String: String]?

    init(_ entry: AuditEntry) {
        id = entry.id.rawValue
        at = entry.at
        actorID = entry.actorID?.rawValue
        actorName = entry.actorName
        action = entry.action
        entityType = entry.entityType
        entityID = entry.entityID
        unitID = entry.unitID?.rawValue
        before = entry.before
        after = entry.after
    }
}

/// Audit log rows for the page, formatted.
struct AuditPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let at: String
        let actor: String
        let action: String
        let entity: String
        let before: String
        let after: String
    }

    let layout: PageLayout
    let rows: [Row]
    let total: String
    let nextURL: String?
    let previousURL: String?

    static func make(layout: PageLayout, page: Paged<AuditEntry>) -> AuditPage {
        func text(_ summary: AuditEntry.Summary?) -> String {
            (summary ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        }
        let next = page.offset + page.limit < page.total ? page.offset + page.limit : nil
        let previous = page.offset > 0 ? max(0, page.offset - page.limit) : nil
        return AuditPage(
            layout: layout,
            rows: page.items.map {
                Row(
                    at: VietnameseFormat.dateTime($0.at),
                    actor: $0.actorName,
                    action: $0.action,
                    entity: "\($0.entityType) \($0.entityID)",
                    before: text($0.before),
                    after: text($0.after)
                )
            },
            total: VietnameseFormat.number(page.total),
            nextURL: next.map { SiteURL.audit.path + "?offset=\($0)" },
            previousURL: previous.map { SiteURL.audit.path + "?offset=\($0)" }
        )
    }
}

/// `/api/v1/audit` and `/admin/audit`: the log of the units the caller may audit.
struct AuditController {
    static func entries(_ req: Request) async throws -> Paged<AuditEntry> {
        let principal = try req.principal
        guard principal.grants.contains(where: { $0.role.actions.contains(.viewAudit) }) else {
            throw AccountError.forbidden
        }
        let units = try await req.services.accounts(on: req.db).managedUnits(of: principal, for: .viewAudit)
        return try await req.services.audit(on: req.db).list(units: units, page: try req.pageRequest())
    }

    @Sendable static func api(req: Request) async throws -> PageDTO<AuditEntryDTO> {
        PageDTO(try await entries(req)) { AuditEntryDTO($0) }
    }

    @Sendable static func page(req: Request) async throws -> View {
        let page = AuditPage.make(
            layout: .make(req, title: "Nhật ký thay đổi", section: .audit),
            page: try await entries(req)
        )
        return try await req.view.render("Audit/index", page)
    }
}
