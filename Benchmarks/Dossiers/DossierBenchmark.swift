import App
import Core
import Foundation
import Vapor

/// `tinhso-bench dossiers [count] [period]`: the full 766 (the demo province and every commune, one quarter) over
/// `count` generated dossiers on SQLite, and on PostgreSQL when `DATABASE_URL` is set, against the on-time count as
/// one DuckDB query over a CSV export of the same rows (`bench/dossier_peer.py`).
enum DossierBenchmark {
    static func run(count: Int, period: String, root: URL) async throws {
        let sqlitePath = FileManager.default.temporaryDirectory.appendingPathComponent("tinhso-bench-766.sqlite").path
        var lanes: [(String, AppConfig.Database)] = [("SQLite", .sqliteFile(path: sqlitePath))]
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty {
            lanes.append(("PostgreSQL", .postgres(url: url)))
        }
        let csv = FileManager.default.temporaryDirectory.appendingPathComponent("tinhso-bench-dossiers.csv").path
        var sqliteSeconds = 0.0
        var swiftOnTime: [String: Int] = [:]
        for (name, database) in lanes {
            var config = AppConfig(database: database, bcryptCost: 4)
            config.uploadDirectory =
                FileManager.default.temporaryDirectory.appendingPathComponent("tinhso-bench-up").path
            var environment = Environment(name: "production", arguments: ["tinhso-bench"])
            environment.arguments = ["tinhso-bench"]
            let app = try await Application.make(environment)
            app.directory = DirectoryConfiguration(workingDirectory: root.path + "/")
            app.logger.logLevel = .warning
            do {
                try await configure(app, config: config)
                let result = try await Index766Benchmark.run(
                    app: app,
                    count: count,
                    period: period,
                    runs: 3,
                    csvPath: name == "SQLite" ? csv : nil
                )
                if result.generateSeconds > 0 {
                    print(
                        String(
                            format: "%@: generated %d dossiers in %.1f s",
                            name,
                            result.dossiers,
                            result.generateSeconds
                        )
                    )
                }
                print(
                    String(
                        format: "%@: full 766 for the province and its %d communes, %@, over %d dossiers: %.3f s "
                            + "(runs %@); 2.1 counted %d, on time %d (%.2f %%)",
                        name,
                        result.communes,
                        period,
                        result.dossiers,
                        result.reportSeconds,
                        result.runs.map { String(format: "%.3f", $0) }.joined(separator: ", "),
                        result.counted,
                        result.onTime,
                        result.counted == 0 ? 0 : 100 * Double(result.onTime) / Double(result.counted)
                    )
                )
                if name == "SQLite" {
                    sqliteSeconds = result.reportSeconds
                    swiftOnTime = result.onTimeByUnit
                }
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
        guard let reporting = ReportingPeriod(period) else { return }
        let peer = try runPeer(
            csv: csv,
            start: reporting.startInstant.timeIntervalSince1970,
            end: reporting.endInstant.timeIntervalSince1970,
            root: root
        )
        print(
            String(
                format: "DuckDB %@: on-time count (2.1 only) per unit, one query: %.3f s (CSV load %.3f s)",
                peer.version,
                peer.query,
                peer.load
            )
        )
        let same = swiftOnTime.filter { peer.onTime[$0.key] == $0.value }.count
        print("  identical on-time counts: \(same) of \(max(swiftOnTime.count, peer.onTime.count)) units")
        print(String(format: "RATIO full 766 on SQLite / DuckDB on-time query alone: %.2f", sqliteSeconds / peer.query))
    }

    static func runPeer(csv: String, start: Double, end: Double, root: URL) throws -> (
        load: Double, query: Double, version: String, onTime: [String: Int]
    ) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tinhso-peer-766.json")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", root.appendingPathComponent("bench/dossier_peer.py").path, csv, String(start), String(end),
            output.path,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let fields = text.split(separator: " ")
        guard process.terminationStatus == 0, fields.count >= 5, let load = Double(fields[1]),
            let query = Double(fields[3])
        else { throw BenchError.peerFailed(text) }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: [Int]] ?? [:]
        return (
            load, query, String(fields[4]).trimmingCharacters(in: .whitespacesAndNewlines),
            json.compactMapValues { $0.count == 2 ? $0[1] : nil }
        )
    }
}

enum ReportingPeriodText {
    /// `2026Q3`, `2026-09` or `2026`: an argument that is a period, not a count.
    static func looksLikePeriod(_ text: String) -> Bool { text.contains("Q") || text.contains("-") || text.count == 4 }
}
