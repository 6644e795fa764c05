import Fluent
import SQLKit

/// Issue 10: digital addresses, community digital-technology teams, and the assistant's synonyms and model.
struct CreateCommunityServices: AsyncMigration {
    var name: String { "2026-11-24-create-community-services" }

    func prepare(on database: any Database) async throws {
        try await database.schema("address_objects")
            .id()
            .field("code", .string, .required)
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("lat", .double, .required)
            .field("lon", .double, .required)
            .field("house_number", .string, .required)
            .field("alley", .string, .required)
            .field("street", .string, .required)
            .field("hamlet", .string, .required)
            .field("commune", .string, .required)
            .field("province", .string, .required)
            .field("commune_code", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "code")
            .create()
        try await database.schema("digital_teams")
            .id()
            .field("unit_code", .string, .required)
            .field("name", .string, .required)
            .field("village", .string, .required)
            .field("founded_on", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("digital_team_members")
            .id()
            .field("team_id", .uuid, .required, .references("digital_teams", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("phone", .string, .required)
            .field("active", .bool, .required)
            .create()
        try await database.schema("digital_team_activities")
            .id()
            .field("team_id", .uuid, .required, .references("digital_teams", "id", onDelete: .cascade))
            .field("day", .string, .required)
            .field("kind", .string, .required)
            .field("people_helped", .int, .required)
            .field("note", .string, .required)
            .field("recorded_by", .uuid, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        try await database.schema("assistant_synonyms")
            .id()
            .field("phrase", .string, .required)
            .field("synonym", .string, .required)
            .unique(on: "phrase", "synonym")
            .create()
        try await database.schema("assistant_models")
            .id()
            .field("kind", .string, .required)
            .field("trained_at", .datetime, .required)
            .field("samples", .int, .required)
            .field("held_out_accuracy", .double, .required)
            .field("model", .string, .required)
            .unique(on: "kind")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.raw("CREATE INDEX address_objects_commune ON address_objects (commune_code)").run()
            try await sql.raw("CREATE INDEX digital_teams_unit ON digital_teams (unit_code)").run()
            try await sql.raw("CREATE INDEX digital_team_activities_team_day ON digital_team_activities (team_id, day)")
                .run()
        }
    }

    func revert(on database: any Database) async throws {
        for table in [
            "assistant_models", "assistant_synonyms", "digital_team_activities", "digital_team_members",
            "digital_teams", "address_objects",
        ] {
            try await database.schema(table).delete()
        }
    }
}
