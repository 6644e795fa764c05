import Fluent
import SQLKit

/// The document register (issue 9): documents (the record as JSON, with the columns lists filter on), their files,
/// the signatures on each file, the signing certificates with their sealed keys, revocation lists, and who holds
/// which document role (head of department, leader, clerk) in a unit.
struct CreateDocuments: AsyncMigration {
    var name: String { "2026-11-24-create-documents" }

    func prepare(on database: any Database) async throws {
        try await database.schema("documents")
            .field("id", .uuid, .identifier(auto: false))
            .field("unit_code", .string, .required)
            .field("direction", .string, .required)
            .field("state", .string, .required)
            .field("handler_id", .uuid)
            .field("dossier_code", .string)
            .field("created_at_s", .double, .required)
            .field("data", .string, .required)
            .create()
        try await database.schema("document_files")
            .field("id", .uuid, .identifier(auto: false))
            .field("document_id", .uuid, .required, .references("documents", "id"))
            .field("name", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("bytes", .data, .required)
            .field("created_at_s", .double, .required)
            .create()
        try await database.schema("document_signatures")
            .field("id", .uuid, .identifier(auto: false))
            .field("file_id", .uuid, .required, .references("document_files", "id"))
            .field("document_id", .uuid, .required)
            .field("kind", .string, .required)
            .field("certificate_id", .uuid)
            .field("signer", .string, .required)
            .field("signed_at_s", .double, .required)
            .field("cms", .data, .required)
            .create()
        try await database.schema("signing_certificates")
            .field("id", .uuid, .identifier(auto: false))
            .field("role", .string, .required)
            .field("unit_code", .string)
            .field("user_id", .uuid)
            .field("subject", .string, .required)
            .field("serial", .string, .required)
            .field("not_before_s", .double, .required)
            .field("not_after_s", .double, .required)
            .field("pem", .string, .required)
            .field("sealed_key", .string)
            .field("revoked_at_s", .double)
            .field("created_at_s", .double, .required)
            .create()
        try await database.schema("revocation_lists")
            .field("id", .uuid, .identifier(auto: false))
            .field("issuer", .string, .required)
            .field("this_update_s", .double, .required)
            .field("der", .data, .required)
            .field("loaded_at_s", .double, .required)
            .create()
        try await database.schema("document_roles")
            .field("unit_code", .string, .required)
            .field("user_id", .uuid, .required)
            .field("role", .string, .required)
            .unique(on: "unit_code", "user_id", "role")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "documents_unit").on("documents").column("unit_code").column("direction")
            .column("created_at_s").run()
        try await sql.create(index: "documents_handler").on("documents").column("handler_id").run()
        try await sql.create(index: "documents_dossier").on("documents").column("dossier_code").run()
        try await sql.create(index: "document_files_document").on("document_files").column("document_id").run()
        try await sql.create(index: "document_signatures_document").on("document_signatures").column("document_id")
            .run()
    }

    func revert(on database: any Database) async throws {
        for table in [
            "document_roles", "revocation_lists", "signing_certificates", "document_signatures", "document_files",
            "documents",
        ] {
            try await database.schema(table).delete()
        }
    }
}
