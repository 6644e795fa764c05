import Fluent

/// Issue 11, from the load figures: a report's daily tracking number comes from a counter row instead of counting
/// the day's reports (two servers counting at once could give one number twice), and the report categories and
/// routing rules carry a version, so each server keeps them in memory until another server changes them.
struct CreateFeedbackCounters: AsyncMigration {
    var name: String { "2026-11-25-create-feedback-counters" }

    func prepare(on database: any Database) async throws {
        try await database.schema("feedback_sequences")
            .field("day", .string, .required)
            .field("last", .int, .required)
            .unique(on: "day")
            .create()
        try await database.schema("feedback_catalog_versions")
            .field("id", .int, .identifier(auto: false))
            .field("version", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("feedback_catalog_versions").delete()
        try await database.schema("feedback_sequences").delete()
    }
}
