import Fluent
import SQLKit

/// A citizen report may name the dossier it is about (766 indicator 5.4 counts dossiers with a complaint).
struct AddDossierCodeToFeedback: AsyncMigration {
    var name: String { "2026-11-24-add-dossier-code-to-feedback" }

    func prepare(on database: any Database) async throws {
        try await database.schema("feedback").field("dossier_code", .string).update()
        try await (database as! any SQLDatabase).create(index: "feedback_dossier_code").on("feedback")
            .column("dossier_code").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "feedback_dossier_code").run()
        try await database.schema("feedback").deleteField("dossier_code").update()
    }
}
