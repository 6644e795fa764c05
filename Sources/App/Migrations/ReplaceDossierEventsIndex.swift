import Fluent
import SQLKit

/// Issue 11, from the look-up's profile: a dossier's history is read in time order (the public look-up, the officers'
/// page), and with the index on `dossier_id` alone every read sorted its events in a temporary b-tree, even when the
/// dossier had none. With `at` in the index the events come out in order.
struct ReplaceDossierEventsIndex: AsyncMigration {
    var name: String { "2026-12-07-dossier-events-by-dossier-and-time" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "dossier_events_dossier_at").on("dossier_events").column("dossier_id").column("at")
            .run()
        try await sql.drop(index: "dossier_events_dossier").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "dossier_events_dossier").on("dossier_events").column("dossier_id").run()
        try await sql.drop(index: "dossier_events_dossier_at").run()
    }
}
