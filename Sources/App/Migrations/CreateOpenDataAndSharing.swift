import Fluent
import SQLKit

/// The open-data catalogue, the data-sharing gateway (API clients, call log, events, webhooks) and the security
/// registry (issue 8). DataStore tables (`ds_…`) are created by the publisher, one per resource generation.
struct CreateOpenDataAndSharing: AsyncMigration {
    var name: String { "2026-11-24-create-open-data-and-sharing" }

    func prepare(on database: any Database) async throws {
        try await database.schema("open_datasets").field("name", .string, .identifier(auto: false))
            .field("table_name", .string, .required).field("is_private", .bool, .required)
            .field("data", .string, .required).create()
        try await database.schema("open_data_settings").field("province_code", .string, .identifier(auto: false))
            .field("data", .string, .required).create()
        try await database.schema("api_clients").field("id", .uuid, .identifier(auto: false))
            .field("unit_code", .string, .required).field("key_hash", .string, .required)
            .field("data", .string, .required).unique(on: "key_hash").create()
        try await database.schema("api_calls").field("id", .uuid, .identifier(auto: false))
            .field("at_s", .double, .required).field("client_id", .uuid).field("client_name", .string, .required)
            .field("unit_code", .string, .required).field("owner_unit", .string, .required)
            .field("method", .string, .required).field("endpoint", .string, .required)
            .field("status", .int, .required).field("bytes", .int, .required).field("latency_ms", .double, .required)
            .field("decision", .string, .required).create()
        try await database.schema("information_systems").field("id", .uuid, .identifier(auto: false))
            .field("unit_code", .string, .required).field("data", .string, .required).create()
        try await database.schema("compliance_rules").field("province_code", .string, .identifier(auto: false))
            .field("data", .string, .required).create()
        try await database.schema("sharing_events").field("id", .int, .identifier(auto: true))
            .field("source_id", .string, .required).field("type", .string, .required)
            .field("unit_code", .string, .required).field("at_s", .double, .required)
            .field("payload", .string, .required).unique(on: "source_id").create()
        try await database.schema("webhook_subscriptions").field("id", .uuid, .identifier(auto: false))
            .field("client_id", .uuid, .required).field("event", .string, .required).field("url", .string, .required)
            .field("secret", .string, .required).field("created_s", .double, .required)
            .field("after_event", .int, .required).create()
        try await database.schema("webhook_deliveries").field("id", .uuid, .identifier(auto: false))
            .field("subscription_id", .uuid, .required).field("event_id", .int, .required)
            .field("attempts", .int, .required).field("next_s", .double).field("state", .string, .required)
            .field("last_status", .int).field("last_error", .string).field("delivered_s", .double)
            .unique(on: "subscription_id", "event_id").create()
        try await database.schema("sharing_cursors").field("name", .string, .identifier(auto: false))
            .field("value", .double, .required).create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "api_calls_owner_at").on("api_calls").column("owner_unit").column("at_s").run()
        try await sql.create(index: "api_calls_client_at").on("api_calls").column("client_id").column("at_s").run()
        try await sql.create(index: "webhook_deliveries_due").on("webhook_deliveries").column("state").column("next_s")
            .run()
    }

    func revert(on database: any Database) async throws {
        for table in [
            "sharing_cursors", "webhook_deliveries", "webhook_subscriptions", "sharing_events", "compliance_rules",
            "information_systems", "api_calls", "api_clients", "open_data_settings", "open_datasets",
        ] {
            try await database.schema(table).delete()
        }
    }
}
