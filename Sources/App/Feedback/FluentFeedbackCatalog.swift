import Core
import Fluent
import Foundation
import SQLKit
import Vapor

final class FeedbackCategoryRecord: Model, @unchecked Sendable {
    static let schema = "feedback_categories"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    /// Empty for a nationwide category.
    @Field(key: "province_code") var provinceCode: String
    @Field(key: "name") var name: String
    @Field(key: "position") var position: Int
    @Field(key: "active") var active: Bool
    @Field(key: "decide_days") var decideDays: Int
    @Field(key: "supplement_days") var supplementDays: Int
    @Field(key: "handle_days") var handleDays: Int
    @Field(key: "publish_days") var publishDays: Int
    @Field(key: "urgent_acknowledge_hours") var urgentAcknowledgeHours: Double
    @Field(key: "urgent_handle_hours") var urgentHandleHours: Double
    /// JSON array of Open311 attribute definitions.
    @Field(key: "attributes") var attributes: String

    init() {}

    func update(from c: FeedbackCategory) throws {
        if id == nil { id = UUID() }
        code = c.code
        provinceCode = c.provinceCode ?? ""
        name = c.name
        active = c.active
        decideDays = c.sla.decideDays
        supplementDays = c.sla.supplementDays
        handleDays = c.sla.handleDays
        publishDays = c.sla.publishDays
        urgentAcknowledgeHours = c.sla.urgentAcknowledgeHours
        urgentHandleHours = c.sla.urgentHandleHours
        attributes = try JSONText.encode(c.attributes)
    }

    func toDomain() throws -> FeedbackCategory {
        FeedbackCategory(
            code: code,
            name: name,
            provinceCode: provinceCode.isEmpty ? nil : provinceCode,
            sla: FeedbackSLA(
                decideDays: decideDays,
                supplementDays: supplementDays,
                handleDays: handleDays,
                publishDays: publishDays,
                urgentAcknowledgeHours: urgentAcknowledgeHours,
                urgentHandleHours: urgentHandleHours
            ),
            attributes: try JSONText.decode([ServiceAttribute].self, attributes),
            active: active
        )
    }
}

final class RoutingRuleRecord: Model, @unchecked Sendable {
    static let schema = "feedback_routing_rules"

    @ID(key: .id) var id: UUID?
    @Field(key: "category") var category: String
    @Field(key: "scope") var scope: String
    @Field(key: "handler_code") var handlerCode: String
    @Field(key: "note") var note: String

    init() {}
}

struct FluentFeedbackCatalog: FeedbackCatalogRepository {
    let db: any Database

    /// Moves on with every change of a category or rule, in the changing transaction (see `FeedbackCatalogCache`).
    func version() async throws -> Int {
        try await (db as! any SQLDatabase).raw("SELECT version FROM feedback_catalog_versions WHERE id = 1").first()?
            .decode(column: "version", as: Int.self) ?? 0
    }

    private func changed() async throws {
        try await (db as! any SQLDatabase).raw(
            """
            INSERT INTO feedback_catalog_versions (id, version) VALUES (1, 1)
            ON CONFLICT (id) DO UPDATE SET version = feedback_catalog_versions.version + 1
            """
        ).run()
    }

    func catalog() async throws -> FeedbackCatalog {
        let categories = try await FeedbackCategoryRecord.query(on: db).sort(\.$position).sort(\.$code).all()
        let rules = try await RoutingRuleRecord.query(on: db).sort(\.$category).sort(\.$scope).all()
        return FeedbackCatalog(
            categories: try categories.map { try $0.toDomain() },
            routing: FeedbackRouting(
                rules: rules.map {
                    FeedbackRouting.Rule(
                        category: $0.category,
                        scope: $0.scope,
                        handlerCode: $0.handlerCode,
                        note: $0.note
                    )
                }
            )
        )
    }

    func save(_ category: FeedbackCategory) async throws {
        let existing = try await FeedbackCategoryRecord.query(on: db).filter(\.$code == category.code)
            .filter(\.$provinceCode == (category.provinceCode ?? "")).first()
        let record = existing ?? FeedbackCategoryRecord()
        if existing == nil { record.position = try await FeedbackCategoryRecord.query(on: db).count() }
        try record.update(from: category)
        try await record.save(on: db)
        try await changed()
    }

    func save(_ rule: FeedbackRouting.Rule) async throws {
        let record =
            try await RoutingRuleRecord.query(on: db).filter(\.$category == rule.category)
            .filter(\.$scope == rule.scope).first() ?? RoutingRuleRecord()
        if record.id == nil { record.id = UUID() }
        record.category = rule.category
        record.scope = rule.scope
        record.handlerCode = rule.handlerCode
        record.note = rule.note
        try await record.save(on: db)
        try await changed()
    }

    func deleteRule(category: String, scope: String) async throws -> Bool {
        guard
            let record = try await RoutingRuleRecord.query(on: db).filter(\.$category == category)
                .filter(\.$scope == scope).first()
        else { return false }
        try await record.delete(on: db)
        try await changed()
        return true
    }
}

/// The report categories and routing rules, read from the database only when their version has moved: filing a
/// report reads them, and decoding them on every report cost more than the rest of the work.
final class FeedbackCatalogCache: Sendable {
    private enum Key: Hashable { case catalogue }
    private let copy = VersionedCache<Key, FeedbackCatalog>(limit: 1)

    func catalog(on db: any Database) async throws -> FeedbackCatalog {
        try await catalog(version: try await FluentFeedbackCatalog(db: db).version(), on: db)
    }

    /// The catalogue at `version`, read before (a request's `TableVersions`).
    func catalog(version: Int, on db: any Database) async throws -> FeedbackCatalog {
        try await copy.value(.catalogue, at: version) { try await FluentFeedbackCatalog(db: db).catalog() }
    }
}
