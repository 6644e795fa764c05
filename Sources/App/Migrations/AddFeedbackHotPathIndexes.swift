import Fluent
import SQLKit

/// Issue 11, from the load figures: numbering a report counts the day's reports, and `submitted_at` was unindexed,
/// so each report scanned the table. (The duplicate search has an index of its own.)
struct AddFeedbackHotPathIndexes: AsyncMigration {
    var name: String { "2026-11-24-add-feedback-hot-path-indexes" }

    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).create(index: "feedback_submitted_at").on("feedback")
            .column("submitted_at").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "feedback_submitted_at").run()
    }
}
