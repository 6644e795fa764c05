import Fluent
import SQLKit

struct CreateFeedback: AsyncMigration {
    var name: String { "2026-11-23-create-feedback" }

    func prepare(on database: any Database) async throws {
        try await database.schema("feedback")
            // managed fields
            .id()
            .field("submitted_at", .datetime, .required)
            // data fields
            .field("code", .string, .required)
            .field("category", .string, .required)
            .field("description", .string, .required)
            .field("lat", .double)
            .field("lon", .double)
            .field("commune_code", .string)
            .field("location_approximate", .bool, .required)
            .field("urgent", .bool, .required)
            .field("status", .string, .required)
            .field("clock_started_at", .datetime, .required)
            .field("received_at", .datetime)
            .field("answered_at", .datetime)
            .field("published_at", .datetime)
            .field("answer", .string)
            .field("supplement_requests", .int, .required)
            .field("reopen_count", .int, .required)
            .field("likes", .int, .required)
            .field("dislikes", .int, .required)
            .field("escalated_at", .datetime)
            // reference fields
            .field("handling_unit_id", .uuid, .required, .references("admin_units", "id"))
            .field("escalated_to_unit_id", .uuid, .references("admin_units", "id"))
            .field("reporter_id", .uuid, .references("users", "id", onDelete: .setNull))
            // constraints
            .unique(on: "code")
            .create()
        try await database.schema("feedback_events")
            // managed fields
            .id()
            .field("at", .datetime, .required)
            // data fields
            .field("actor_kind", .string, .required)
            .field("action", .string, .required)
            .field("note", .string)
            .field("from_status", .string, .required)
            .field("to_status", .string, .required)
            // reference fields
            .field("feedback_id", .uuid, .required, .references("feedback", "id", onDelete: .cascade))
            .field("actor_id", .uuid)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "feedback_handling_unit").on("feedback").column("handling_unit_id").run()
        try await sql.create(index: "feedback_status").on("feedback").column("status").run()
        try await sql.create(index: "feedback_category_lat").on("feedback").column("category").column("lat").run()
        try await sql.create(index: "feedback_events_feedback").on("feedback_events").column("feedback_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("feedback_events").delete()
        try await database.schema("feedback").delete()
    }
}
