import Core
import Fluent
import Foundation
import SQLKit

final class AuditRecord: Model, @unchecked Sendable {
    static let schema = "audit_log"

    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @Field(key: "actor_name") var actorName: String
    @Field(key: "action") var action: String
    @Field(key: "entity_type") var entityType: String
    @Field(key: "entity_id") var entityID: String
    @OptionalField(key: "before_json") var beforeJSON: String?
    @OptionalField(key: "after_json") var afterJSON: String?
    @OptionalField(key: "actor_id") var actorID: UUID?
    @OptionalField(key: "unit_id") var unitID: UUID?

    init() {}
}

/// The audit log in the same database (and, inside a request, the same transaction) as the change it records.
struct FluentAuditLog: AuditLog {
    let db: any Database

    func append(_ entry: AuditEntry) async throws {
        try await append(contentsOf: [entry])
    }

    /// One statement for all the entries (a group commit's reports write theirs together).
    func append(contentsOf entries: [AuditEntry]) async throws {
        guard !entries.isEmpty else { return }
        var insert = (db as! any SQLDatabase).insert(into: AuditRecord.schema).columns(
            "id",
            "at",
            "actor_name",
            "action",
            "entity_type",
            "entity_id",
            "before_json",
            "after_json",
            "actor_id",
            "unit_id"
        )
        for entry in entries {
            insert = insert.values(
                entry.id.rawValue,
                entry.at,
                entry.actorName,
                entry.action,
                entry.entityType,
                entry.entityID,
                try entry.before.map(Self.encode),
                try entry.after.map(Self.encode),
                entry.actorID?.rawValue,
                entry.unitID?.rawValue
            )
        }
        try await insert.run()
    }

    func list(units: [AdminUnit.ID]?, page: Paging) async throws -> Paged<AuditEntry> {
        let query = AuditRecord.query(on: db)
        if let units { query.filter(\.$unitID ~~ units.map(\.rawValue)) }
        let total = try await query.count()
        let records = try await query.sort(\.$at, .descending).sort(\.$id)
            .range(page.offset..<(page.offset + page.limit)).all()
        return Paged(items: records.map(Self.domain), total: total, limit: page.limit, offset: page.offset)
    }

    static func domain(_ r: AuditRecord) -> AuditEntry {
        AuditEntry(
            id: .init(rawValue: r.id!),
            at: r.at,
            actorID: r.actorID.map(User.ID.init(rawValue:)),
            actorName: r.actorName,
            action: r.action,
            entityType: r.entityType,
            entityID: r.entityID,
            unitID: r.unitID.map(AdminUnit.ID.init(rawValue:)),
            before: r.beforeJSON.flatMap(decode),
            after: r.afterJSON.flatMap(decode)
        )
    }

    static func encode(_ summary: AuditEntry.Summary) throws -> String { try JSONText.encode(summary) }

    static func decode(_ text: String) -> AuditEntry.Summary? { try? JSONText.decode(AuditEntry.Summary.self, text) }
}
