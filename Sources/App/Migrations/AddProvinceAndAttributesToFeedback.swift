import Fluent

struct AddProvinceAndAttributesToFeedback: AsyncMigration {
    var name: String { "2026-11-23-add-province-and-attributes-to-feedback" }

    // One column per ALTER: SQLite adds a single column per statement.
    func prepare(on database: any Database) async throws {
        try await database.schema("feedback").field("province_code", .string).update()
        try await database.schema("feedback").field("attributes", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("feedback").deleteField("attributes").update()
        try await database.schema("feedback").deleteField("province_code").update()
    }
}
