import Core
import Fluent
import Vapor

/// Loads `Resources/Data/admin-units.csv` (exported by `scripts/export-units.py`) into the database.
enum UnitDataImporter {
    static func defaultPath(_ app: Application) -> String {
        app.directory.resourcesDirectory + "Data/admin-units.csv"
    }

    /// Parses and imports in one transaction. Idempotent: running twice leaves the same rows.
    static func importFile(at path: String, app: Application) async throws -> ImportSummary {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw Abort(.notFound, reason: "Cannot read unit data file \(path): \(error.localizedDescription)")
        }
        let seeds = try UnitDataFile.parse(text)
        return try await app.db.transaction { db in
            try await app.services.unitService(on: db).importUnits(seeds)
        }
    }
}

/// `tinhso import-units [FILE]`.
struct ImportUnitsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "file", help: "CSV exported by scripts/export-units.py (default Resources/Data/admin-units.csv)")
        var file: String?

        init() {}
    }

    var help: String { "Imports the administrative units (2025 and legacy trees); safe to run again." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let path = signature.file ?? UnitDataImporter.defaultPath(app)
        let summary = try await UnitDataImporter.importFile(at: path, app: app)
        context.console.print("Imported \(summary.total) units from \(path) (\(summary.added) new).")
    }
}
