import App
import Core
import Foundation
import Vapor

/// `tinhso-bench ioc [dossiers] [renders]`: the dashboard page (`/ioc?ou=38&range=12m`, the built-in dashboard of the
/// demo province: counters over every dossier, tiles, series, ranking and map of 166 communes, scorecard) requested
/// over HTTP, p50/p95 of `renders` requests, on the demo data plus `dossiers` generated dossiers; then one month's
/// automatic analysis. The issue names no peer: the figures are absolute.
enum IOCBench {
    static func run(dossiers: Int, renders: Int, root: URL) async throws {
        let directory = FileManager.default.temporaryDirectory
        let path = directory.appendingPathComponent("tinhso-bench-ioc.sqlite").path
        // The 766 benchmark's database already holds a million dossiers: start from a copy when there is one.
        let seed766 = directory.appendingPathComponent("tinhso-bench-766.sqlite").path
        if !FileManager.default.fileExists(atPath: path), FileManager.default.fileExists(atPath: seed766) {
            try FileManager.default.copyItem(atPath: seed766, toPath: path)
        }
        var config = AppConfig(database: .sqliteFile(path: path), bcryptCost: 4)
        config.uploadDirectory = directory.appendingPathComponent("tinhso-bench-up").path
        var environment = Environment(name: "production", arguments: ["tinhso-bench"])
        environment.arguments = ["tinhso-bench"]
        let app = try await Application.make(environment)
        app.directory = DirectoryConfiguration(workingDirectory: root.path + "/")
        app.logger.logLevel = .warning
        do {
            try await configure(app, config: config)
            let result = try await IOCBenchmark.run(app: app, count: dossiers, renders: renders, port: 18_777)
            if result.generateSeconds > 0 {
                print(String(format: "generated dossiers in %.1f s", result.generateSeconds))
            }
            let sorted = result.renders.sorted()
            func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(p * Double(sorted.count)))] }
            print(
                String(
                    format: "dashboard /ioc?ou=38&range=12m over %d dossiers (%d open), %d requests: p50 %.1f ms, "
                        + "p95 %.1f ms, max %.1f ms; page %d bytes",
                    result.dossiers,
                    result.openDossiers,
                    sorted.count,
                    percentile(0.5) * 1000,
                    percentile(0.95) * 1000,
                    (sorted.last ?? 0) * 1000,
                    result.pageBytes
                )
            )
            print(
                String(
                    format: "monthly analysis of %@ for the province and its communes: %.2f s (%d series, %d findings, "
                        + "%d recommendations)",
                    result.month,
                    result.analysisSeconds,
                    result.series,
                    result.findings,
                    result.recommendations
                )
            )
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
