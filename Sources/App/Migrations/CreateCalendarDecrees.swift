import Fluent

struct CreateCalendarDecrees: AsyncMigration {
    var name: String { "2026-11-23-create-calendar-decrees" }

    func prepare(on database: any Database) async throws {
        try await database.schema("calendar_decrees")
            // managed fields
            .id()
            .field("created_at", .datetime, .required)
            // data fields
            .field("kind", .string, .required)
            .field("date", .string, .required)
            .field("working_day", .string)
            .field("note", .string, .required)
            .field("reference", .string, .required)
            // constraints
            .unique(on: "kind", "date")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("calendar_decrees").delete()
    }
}
