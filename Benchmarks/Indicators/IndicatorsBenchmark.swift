import App
import Core
import Foundation
import Vapor

/// `tinhso-bench indicators [elements]`: `elements` × every current commune × 12 months of synthetic values in a
/// SQLite file (about 40 million for 1,000), one analytics query timed 100 times and a province-wide roll-up of
/// every indicator, against the same data and queries in DuckDB (`bench/indicator_peer.py`).
enum IndicatorsBenchmark {
    static func run(elements: Int, root: URL) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tinhso-bench-indicators.sqlite").path
        var config = AppConfig(database: .sqliteFile(path: path), bcryptCost: 4)
        config.uploadDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("tinhso-bench-up").path
        var environment = Environment(name: "production", arguments: ["tinhso-bench"])
        environment.arguments = ["tinhso-bench"]
        let app = try await Application.make(environment)
        app.directory = DirectoryConfiguration(workingDirectory: root.path + "/")
        app.logger.logLevel = .warning
        let result: IndicatorBenchmark.Result
        do {
            try await configure(app, config: config)
            result = try await IndicatorBenchmark.run(app: app, elements: elements, runs: 100, path: path)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        if result.loadSeconds > 0 {
            print(String(format: "SQLite: loaded %d values in %.1f s", result.values, result.loadSeconds))
        }
        let times = result.queryTimes.sorted()
        let p50 = times[times.count / 2]
        let p95 = times[Int((Double(times.count) * 0.95).rounded(.up)) - 1]
        print(
            String(
                format:
                    "SQLite (%.2f GB file, %d values): 1 indicator × %d communes × 12 months: p50 %.1f ms, p95 %.1f ms "
                    + "(%d runs, %d cells)",
                Double(result.fileBytes) / 1e9,
                result.values,
                result.communeNumbers.count,
                p50 * 1000,
                p95 * 1000,
                times.count,
                result.queryCells
            )
        )
        print(
            String(
                format: "SQLite: roll-up of %d indicators for the province, 202609: %.3f s (%d values)",
                elements,
                result.rollUpSeconds,
                result.rollUpCells
            )
        )
        let peer = try runPeer(result: result, elements: elements, root: root)
        print(
            String(
                format: "DuckDB %@ (same formula, %d values, generated in %.1f s): query p50 %.1f ms, p95 %.1f ms; "
                    + "roll-up %.3f s",
                peer.version,
                peer.count,
                peer.load,
                peer.p50 * 1000,
                peer.p95 * 1000,
                peer.rollup
            )
        )
        let sameData = peer.count == result.values && abs(peer.sum - result.valueSum) < 0.5
        let sameQuery =
            peer.cells == result.queryCells
            && abs(peer.checksum - result.queryChecksum) < 1e-6 * max(1, abs(peer.checksum))
        let sameRollUp =
            peer.rollUpCells == result.rollUpCells
            && abs(peer.rollUpChecksum - result.rollUpChecksum) < 1e-6 * max(1, abs(peer.rollUpChecksum))
        print("  same data: \(sameData); same query answer: \(sameQuery); same roll-up answer: \(sameRollUp)")
        print(String(format: "RATIO analytics p95 SQLite / DuckDB: %.2f", p95 / peer.p95))
        print(String(format: "RATIO roll-up SQLite / DuckDB: %.2f", result.rollUpSeconds / peer.rollup))
    }

    struct Peer: Decodable {
        let version: String
        let load: Double
        let count: Int
        let sum: Double
        let p50: Double
        let p95: Double
        let cells: Int
        let checksum: Double
        let rollup: Double
        let rollUpCells: Int
        let rollUpChecksum: Double

        enum CodingKeys: String, CodingKey {
            case version, load, count, sum, p50, p95, cells, checksum, rollup
            case rollUpCells = "rollup_cells"
            case rollUpChecksum = "rollup_checksum"
        }
    }

    static func runPeer(result: IndicatorBenchmark.Result, elements: Int, root: URL) throws -> Peer {
        let directory = FileManager.default.temporaryDirectory
        let input = directory.appendingPathComponent("tinhso-peer-indicators-in.json")
        let output = directory.appendingPathComponent("tinhso-peer-indicators.json")
        let arguments: [String: Any] = [
            "elements": elements, "units": result.unitCount, "formula": IndicatorBenchmark.formula,
            "periods": IndicatorBenchmark.months.map(\.key), "communes": result.communeNumbers,
            "indicator": result.indicatorElements, "month": IndicatorBenchmark.months[8].key, "runs": 100,
        ]
        try JSONSerialization.data(withJSONObject: arguments).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", root.appendingPathComponent("bench/indicator_peer.py").path, input.path, output.path,
        ]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError.peerFailed("indicator_peer.py failed") }
        return try JSONDecoder().decode(Peer.self, from: Data(contentsOf: output))
    }
}
