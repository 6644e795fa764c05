import Core
import Fluent
import Foundation

/// Report categories (per province, or nationwide with an empty province code) and routing exceptions; the
/// installation starts with the default categories.
struct CreateFeedbackCatalog: AsyncMigration {
    var name: String { "2026-11-23-create-feedback-catalog" }

    func prepare(on database: any Database) async throws {
        try await database.schema("feedback_categories")
            .id()
            .field("code", .string, .required)
            .field("province_code", .string, .required)
            .field("name", .string, .required)
            .field("position", .int, .required)
            .field("active", .bool, .required)
            .field("decide_days", .int, .required)
            .field("supplement_days", .int, .required)
            .field("handle_days", .int, .required)
            .field("publish_days", .int, .required)
            .field("urgent_acknowledge_hours", .double, .required)
            .field("urgent_handle_hours", .double, .required)
            .field("attributes", .string, .required)
            .unique(on: "code", "province_code")
            .create()
        try await database.schema("feedback_routing_rules")
            .id()
            .field("category", .string, .required)
            .field("scope", .string, .required)
            .field("handler_code", .string, .required)
            .field("note", .string, .required)
            .unique(on: "category", "scope")
            .create()
        for (position, category) in FeedbackCategory.defaults.enumerated() {
            let record = FeedbackCategoryRecord()
            try record.update(from: category)
            record.position = position
            try await record.create(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("feedback_routing_rules").delete()
        try await database.schema("feedback_categories").delete()
    }
}
