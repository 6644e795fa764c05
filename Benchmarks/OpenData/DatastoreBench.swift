import App
import Core
import Foundation
import Vapor

/// `tinhso-bench datastore [rows] [requests]`: `datastore_search` over HTTP on a resource of `rows` rows (default one
/// million), paging with offset, with a filter, and with two filters and a sort; p50/p95 against the goal of 100 ms.
/// The issue names no peer, so each figure is set beside the same page read straight from the database in the same
/// run (the cost of the API: parsing, checking, JSON, HTTP). `DATABASE_URL` runs it on PostgreSQL.
enum DatastoreBench {
    static func run(rows: Int, requests: Int, root: URL) async throws {
        let directory = FileManager.default.temporaryDirectory
        let database: AppConfig.Database
        var engine = "SQLite"
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty {
            database = .postgres(url: url)
            engine = "PostgreSQL"
        } else {
            database = .sqliteFile(path: directory.appendingPathComponent("tinhso-bench-datastore.sqlite").path)
        }
        var config = AppConfig(database: database, bcryptCost: 4)
        config.uploadDirectory = directory.appendingPathComponent("tinhso-bench-up").path
        var environment = Environment(name: "production", arguments: ["tinhso-bench"])
        environment.arguments = ["tinhso-bench"]
        let app = try await Application.make(environment)
        app.directory = DirectoryConfiguration(workingDirectory: root.path + "/")
        app.logger.logLevel = .warning
        do {
            try await configure(app, config: config)
            let text = try String(contentsOfFile: root.path + "/Resources/Data/admin-units.csv", encoding: .utf8)
            let communes = try UnitDataFile.parse(text).filter { $0.tree == .current && $0.level == 2 }.map(\.code)
            let result = try await DatastoreBenchmark.run(
                app: app,
                rows: rows,
                requests: requests,
                port: 18_778,
                communes: communes
            )
            if result.loadSeconds > 0 {
                print(
                    String(
                        format: "loaded %d rows (%d communes) into the DataStore in %.1f s",
                        rows,
                        communes.count,
                        result.loadSeconds
                    )
                )
            }
            print(
                "datastore_search over \(result.rows) rows on \(engine), \(requests) requests each (goal: p95 < 100 ms)"
            )
            for timing in result.timings {
                let http = timing.http.sorted()
                let direct = timing.direct.sorted()
                func percentile(_ values: [Double], _ p: Double) -> Double {
                    values[min(values.count - 1, Int(p * Double(values.count)))] * 1000
                }
                print(
                    String(
                        format:
                            "  %@: HTTP p50 %.1f ms, p95 %.1f ms | same query straight to the database p50 %.1f ms, "
                            + "p95 %.1f ms | p95 ratio %.2f",
                        timing.name,
                        percentile(http, 0.5),
                        percentile(http, 0.95),
                        percentile(direct, 0.5),
                        percentile(direct, 0.95),
                        percentile(http, 0.95) / max(0.001, percentile(direct, 0.95))
                    )
                )
                if let plain = timing.plainOffset?.sorted() {
                    print(
                        String(
                            format:
                                "    the same pages by plain SQL OFFSET, as CKAN's DataStore reads them: p50 %.1f ms, "
                                + "p95 %.1f ms (%.1f× the row-number read)",
                            percentile(plain, 0.5),
                            percentile(plain, 0.95),
                            percentile(plain, 0.95) / max(0.001, percentile(direct, 0.95))
                        )
                    )
                }
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
