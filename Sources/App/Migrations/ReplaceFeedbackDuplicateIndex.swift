import Fluent
import SQLKit

/// Issue 11, from the load figures: the duplicate search chose its twenty candidates by reading the row of every
/// report in its latitude band (`feedback_category_lat`); `feedback_nearby` holds all the columns the choice needs
/// (and the id), so only the twenty chosen rows are read.
struct ReplaceFeedbackDuplicateIndex: AsyncMigration {
    var name: String { "2026-11-25-replace-feedback-duplicate-index" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "feedback_nearby").on("feedback")
            .column("category").column("lat").column("lon").column("status").column("submitted_at").column("id")
            .run()
        try await sql.drop(index: "feedback_category_lat").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "feedback_category_lat").on("feedback").column("category").column("lat").run()
        try await sql.drop(index: "feedback_nearby").run()
    }
}
