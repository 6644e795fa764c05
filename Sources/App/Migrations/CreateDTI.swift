import Fluent

/// DTI frameworks, yearly assessments and improvement tasks, each row a JSON document with its keys.
struct CreateDTI: AsyncMigration {
    var name: String { "2026-11-24-create-dti" }

    func prepare(on database: any Database) async throws {
        try await database.schema("dti_frameworks").field("code", .string, .identifier(auto: false))
            .field("data", .string, .required).create()
        try await database.schema("dti_assessments").field("id", .uuid, .identifier(auto: false))
            .field("framework", .string, .required).field("year", .int, .required)
            .field("unit_code", .string, .required).field("data", .string, .required)
            .unique(on: "framework", "year", "unit_code").create()
        try await database.schema("dti_tasks").field("id", .uuid, .identifier(auto: false))
            .field("framework", .string, .required).field("year", .int, .required)
            .field("data", .string, .required).create()
    }

    func revert(on database: any Database) async throws {
        for table in ["dti_tasks", "dti_assessments", "dti_frameworks"] { try await database.schema(table).delete() }
    }
}

/// Ranks as the ministry published them, one JSON row per framework, year and unit.
struct CreateDTIPublishedRanks: AsyncMigration {
    var name: String { "2026-11-24-create-dti-published-ranks" }

    func prepare(on database: any Database) async throws {
        try await database.schema("dti_published_ranks").field("framework", .string, .required)
            .field("year", .int, .required).field("unit_code", .string, .required).field("data", .string, .required)
            .compositeIdentifier(over: "framework", "year", "unit_code").create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("dti_published_ranks").delete()
    }
}
