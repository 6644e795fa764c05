import Fluent
import SQLKit

/// Issue 11, from the load figures: numbering a report counts the day's reports (`submitted_at` was unindexed, so
/// each report scanned the table), and the duplicate search looks for open reports of a category near a point.
struct AddFeedbackHotPathIndexes: AsyncMigration {
    var name: String { "2026-11-24-add-feedback-hot-path-indexes" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "feedback_submitted_at").on("feedback").column("submitted_at").run()
        try await sql.create(index: "feedback_category_status_lat").on("feedback").column("category").column("status")
            .column("lat").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "feedback_category_status_lat").run()
        try await sql.drop(index: "feedback_submitted_at").run()
    }
}
