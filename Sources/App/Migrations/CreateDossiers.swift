import Fluent
import SQLKit

/// The procedure catalogue, dossiers, their history, and the per-unit daily code counters. Dossier times are
/// stored as seconds since 1970 (doubles), so the 766 on-time rule runs as plain arithmetic in SQL on SQLite and
/// PostgreSQL alike.
struct CreateDossiers: AsyncMigration {
    var name: String { "2026-11-23-create-dossiers" }

    func prepare(on database: any Database) async throws {
        try await database.schema("procedures")
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("sector", .string, .required)
            .field("competence", .string, .required)
            .field("agency", .string, .required)
            .field("online_level", .string, .required)
            .field("time_amount", .int, .required)
            .field("time_unit", .string, .required)
            .field("result_type", .string, .required)
            .field("subjects", .string, .required)
            .field("online_payment", .bool, .required)
            .field("priority", .bool, .required)
            .field("has_fees", .bool, .required)
            .field("fully_published", .bool, .required)
            /// the whole entry as JSON (components, fees, legal basis, steps); the columns above are for queries
            .field("data", .string, .required)
            .unique(on: "code")
            .create()
        try await database.schema("dossiers")
            .id()
            .field("code", .string, .required)
            .field("procedure_code", .string, .required)
            .field("time_amount", .int, .required)
            .field("time_unit", .string, .required)
            .field("channel", .int, .required)
            .field("status", .int, .required)
            .field("applicant_name", .string, .required)
            .field("applicant_id_number", .string, .required)
            .field("applicant_phone", .string, .required)
            .field("applicant_email", .string, .required)
            .field("applicant_address", .string, .required)
            .field("applicant_commune", .string, .required)
            .field("applicant_user_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("receiving_unit_id", .uuid, .required, .references("admin_units", "id"))
            .field("handling_unit_id", .uuid, .required, .references("admin_units", "id"))
            .field("submitted_s", .double, .required)
            .field("received_s", .double)
            .field("appointment_s", .double)
            .field("due_s", .double)
            .field("ended_s", .double)
            .field("end_status", .int)
            .field("returned_s", .double)
            .field("delivered_s", .double)
            .field("supplement_requests", .int, .required)
            /// The first supplement request and its answer: all the on-time rule needs (a second request is late).
            .field("supplement_requested_s", .double)
            .field("supplement_resumed_s", .double)
            .field("delivery", .string)
            .field("fee_due", .int, .required)
            .field("paid_online", .bool, .required)
            .field("components_digitized", .bool, .required)
            .field("reused_data", .bool, .required)
            .field("electronic_result", .bool, .required)
            .field("satisfied", .bool)
            .field("reminded_s", .double)
            /// supplements and extensions as JSON; everything else is in the columns
            .field("data", .string, .required)
            .unique(on: "code")
            .create()
        try await database.schema("dossier_events")
            .id()
            .field("dossier_id", .uuid, .required, .references("dossiers", "id", onDelete: .cascade))
            .field("at", .datetime, .required)
            .field("actor_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("note", .string, .required)
            .field("from_status", .int, .required)
            .field("to_status", .int, .required)
            .create()
        try await database.schema("dossier_sequences")
            .field("unit_code", .string, .required)
            .field("day", .string, .required)
            .field("last", .int, .required)
            .unique(on: "unit_code", "day")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        // Covers every column the 766 counts read, so a province's quarter is read from the index alone (on a
        // million dossiers: 0.4 s instead of 5 s on SQLite, which otherwise fetches each wide row).
        var covering = sql.create(index: "dossiers_handling_received").on("dossiers")
        for column in [
            "handling_unit_id", "received_s", "ended_s", "appointment_s", "supplement_requests",
            "supplement_requested_s",
            "supplement_resumed_s", "end_status", "channel", "fee_due", "paid_online", "electronic_result",
            "components_digitized", "reused_data", "satisfied", "procedure_code", "code",
        ] { covering = covering.column(column) }
        try await covering.run()
        try await sql.create(index: "dossiers_ended").on("dossiers").column("ended_s").run()
        try await sql.create(index: "dossier_events_dossier").on("dossier_events").column("dossier_id").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["dossier_sequences", "dossier_events", "dossiers", "procedures"] {
            try await database.schema(table).delete()
        }
    }
}
