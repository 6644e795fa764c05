import Core
import Fluent
import Foundation
import SQLKit
import Vapor

/// What `tinhso-bench dossiers` needs from the App: a database filled with generated dossiers for the demo
/// province, the full 766 (province and every commune) timed, and the rows the peer needs exported as CSV.
public enum Index766Benchmark {
    public struct Result: Sendable {
        public let dossiers: Int
        public let generateSeconds: Double
        /// Best of the runs: the province's full report with every commune's ranked score.
        public let reportSeconds: Double
        public let runs: [Double]
        public let counted: Int
        public let onTime: Int
        public let communes: Int
        /// On-time counts per handling unit code, to compare with the peer.
        public let onTimeByUnit: [String: Int]
    }

    /// Fills the database (once) with `count` dossiers over the year before `now`, then times the report for
    /// `period` `runs` times. Writes `csvPath` (one row per dossier, the columns the on-time rule reads) when given.
    public static func run(app: Application, count: Int, period text: String, runs: Int, csvPath: String?) async throws
        -> Result
    {
        guard let period = ReportingPeriod(text) else { throw Abort(.badRequest, reason: "bad period \(text)") }
        try await app.autoMigrate()
        let units = app.services.units(on: app.db)
        if try await units.count(tree: .current, tier: .province) == 0 {
            _ = try await UnitDataImporter.importFile(at: UnitDataImporter.defaultPath(app), app: app)
        }
        _ = try await DemoData.seed(app)
        let existing = try await DossierRecord.query(on: app.db).count()
        var generateSeconds = 0.0
        if existing < count {
            let start = Date()
            _ = try await DemoData.seedDossiers(count - existing, app: app, seed: UInt64(existing + 766))
            generateSeconds = Date().timeIntervalSince(start)
        }
        guard let province = try await units.find(UnitKey(tree: .current, code: DemoData.provinceCode)) else {
            throw Abort(.failedDependency, reason: "no demo province")
        }
        var times: [Double] = []
        var last: Index766DTO?
        for _ in 0..<max(1, runs) {
            let start = DispatchTime.now().uptimeNanoseconds
            last = try await Index766Query(db: app.db).report(for: province, period: period)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let scope = try await units.subtree(of: province.id)
        let counts = try await Index766SQL(db: app.db).dossierCounts(units: scope, period: period)
        var byCode: [String: Int] = [:]
        for unit in try await units.find(ids: Array(counts.keys)) {
            byCode[unit.code] = counts[unit.id]?.dossiersOnTime
        }
        if let csvPath { try await export(app.db, to: csvPath, units: try await units.find(ids: scope)) }
        return Result(
            dossiers: try await DossierRecord.query(on: app.db).count(),
            generateSeconds: generateSeconds,
            reportSeconds: times.min() ?? 0,
            runs: times,
            counted: last?.inputs.dossiersCounted ?? 0,
            onTime: last?.inputs.dossiersOnTime ?? 0,
            communes: last?.ranking.count ?? 0,
            onTimeByUnit: byCode
        )
    }

    /// unit_code, received_s, ended_s, appointment_s, supplement_requests, supplement_requested_s,
    /// supplement_resumed_s; empty for NULL.
    static func export(_ db: any Database, to path: String, units: [AdminUnit]) async throws {
        let codes = Dictionary(uniqueKeysWithValues: units.map { ($0.id.rawValue, $0.code) })
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw Abort(.internalServerError, reason: "cannot write \(path)") }
        defer { try? handle.close() }
        handle.write(
            Data(
                "unit_code,received_s,ended_s,appointment_s,supplement_requests,supplement_requested_s,supplement_resumed_s\n"
                    .utf8
            )
        )
        let sql = db as! any SQLDatabase
        func text(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "" }
        var offset = 0
        while true {
            let rows = try await sql.select().column("handling_unit_id").column("received_s").column("ended_s")
                .column("appointment_s").column("supplement_requests").column("supplement_requested_s")
                .column("supplement_resumed_s").from("dossiers").orderBy("code").limit(100_000).offset(offset).all()
            if rows.isEmpty { break }
            var chunk = ""
            for row in rows {
                let unit = try row.decode(column: "handling_unit_id", as: UUID.self)
                let fields = [
                    codes[unit] ?? unit.uuidString, text(try row.decode(column: "received_s", as: Double?.self)),
                    text(try row.decode(column: "ended_s", as: Double?.self)),
                    text(try row.decode(column: "appointment_s", as: Double?.self)),
                    String(try row.decode(column: "supplement_requests", as: Int.self)),
                    text(try row.decode(column: "supplement_requested_s", as: Double?.self)),
                    text(try row.decode(column: "supplement_resumed_s", as: Double?.self)),
                ]
                chunk += fields.joined(separator: ",") + "\n"
            }
            handle.write(Data(chunk.utf8))
            offset += rows.count
        }
    }
}
