import Fluent

/// The yearly number books of incoming and outgoing documents (issue 9): one counter row per unit, direction and year.
struct CreateDocumentNumberBooks: AsyncMigration {
    var name: String { "2026-11-24-create-document-number-books" }

    func prepare(on database: any Database) async throws {
        try await database.schema("document_number_books")
            .field("unit_code", .string, .required)
            .field("direction", .string, .required)
            .field("year", .int, .required)
            .field("last", .int, .required)
            .unique(on: "unit_code", "direction", "year")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("document_number_books").delete()
    }
}
