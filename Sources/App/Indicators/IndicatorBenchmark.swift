import Core
import Fluent
import Foundation
import SQLKit
import Vapor

/// What `tinhso-bench indicators` needs from the App: a synthetic catalogue (`elements` counts, one ratio indicator
/// per element), a value for every element, current commune and month of 2026 generated in SQL by a formula the
/// peer repeats, and the two timed queries.
public enum IndicatorBenchmark {
    /// The value of (element number, unit number, period key): the same integer formula in SQLite and DuckDB.
    public static let formula = "((e * 7919 + u * 104729 + p) % 1000)"
    public static let months = (1...12).map { Period(year: 2026, month: $0) }

    public struct Result: Sendable {
        public let values: Int
        public let valueSum: Double
        public let loadSeconds: Double
        /// One indicator, every commune of the province, 12 months, through the analytics service.
        public let queryTimes: [Double]
        public let queryCells: Int
        public let queryChecksum: Double
        /// Every indicator for the province for one month, from its communes' values.
        public let rollUpSeconds: Double
        public let rollUpCells: Int
        public let rollUpChecksum: Double
        /// The unit numbers of the province's communes and the element numbers of the timed indicator, for the peer.
        public let communeNumbers: [Int]
        public let indicatorElements: [Int]
        /// How many units are numbered (1…n when the file was loaded by the benchmark).
        public let unitCount: Int
        public let fileBytes: Int64
    }

    public static func run(app: Application, elements count: Int, runs: Int, path: String) async throws -> Result {
        try await app.autoMigrate()
        let units = app.services.units(on: app.db)
        if try await units.count(tree: .current, tier: .province) == 0 {
            _ = try await UnitDataImporter.importFile(at: UnitDataImporter.defaultPath(app), app: app)
        }
        let repository = SQLIndicatorRepository(db: app.db)
        let sql = app.db as! any SQLDatabase
        var loadSeconds = 0.0
        if try await repository.elements().count != count {
            let start = Date()
            try await load(app: app, elements: count)
            loadSeconds = Date().timeIntervalSince(start)
        }
        let totals = try await sql.raw("SELECT COUNT(*) AS n, SUM(value) AS s FROM data_values").first()
        guard let province = try await units.find(UnitKey(tree: .current, code: DemoData.provinceCode)) else {
            throw Abort(.failedDependency, reason: "no province \(DemoData.provinceCode)")
        }
        let communes = try await units.children(of: province.id).filter { $0.type != .agency }
        let service = app.services.indicators(on: app.db)
        var times: [Double] = []
        var cells: [AnalyticsCell] = []
        for _ in 0..<max(1, runs) {
            let start = DispatchTime.now().uptimeNanoseconds
            cells = try await service.analytics(items: ["i0001"], periods: months, units: communes)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let indicators = (1...count).map { String(format: "i%04d", $0) }
        let rollStart = DispatchTime.now().uptimeNanoseconds
        let rolled = try await service.analytics(items: indicators, periods: [months[8]], units: [province])
        let rollUpSeconds = Double(DispatchTime.now().uptimeNanoseconds - rollStart) / 1e9
        let numbers = try await repository.unitNumbers(communes.map(\.id), create: false)
        let elementNumbers = try await repository.elementNumbers(["e0001", "e0002"])
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
        return Result(
            values: try totals?.decode(column: "n", as: Int.self) ?? 0,
            valueSum: try totals?.decode(column: "s", as: Double?.self) ?? 0,
            loadSeconds: loadSeconds,
            queryTimes: times,
            queryCells: cells.count,
            queryChecksum: cells.map(\.value).reduce(0, +),
            rollUpSeconds: rollUpSeconds,
            rollUpCells: rolled.count,
            rollUpChecksum: rolled.map(\.value).reduce(0, +),
            communeNumbers: numbers.values.sorted(),
            indicatorElements: [elementNumbers["e0001"] ?? 0, elementNumbers["e0002"] ?? 0],
            unitCount: try await sql.raw("SELECT MAX(seq) AS n FROM indicator_units").first()?
                .decode(column: "n", as: Int?.self) ?? 0,
            fileBytes: size
        )
    }

    /// The catalogue through the repository, the communes numbered in code order, then every value in one
    /// INSERT … SELECT in key order.
    static func load(app: Application, elements count: Int) async throws {
        let sql = app.db as! any SQLDatabase
        try await sql.raw("DELETE FROM data_values").run()
        let domains = (1...25).map { IndicatorDomain(code: String(format: "d%02d", $0), name: "Lĩnh vực \($0) (demo)") }
        let elements = (1...count).map {
            DataElement(
                code: String(format: "e%04d", $0),
                name: "Số liệu \($0) (demo)",
                domain: domains[$0 % 25].code,
                valueType: .count
            )
        }
        let indicators = (1...count).map {
            Indicator(
                code: String(format: "i%04d", $0),
                name: "Chỉ tiêu \($0) (demo)",
                domain: domains[$0 % 25].code,
                numerator: String(format: "#{e%04d}", $0),
                denominator: String(format: "#{e%04d} + 1", $0 % count + 1),
                factor: 100
            )
        }
        let repository = SQLIndicatorRepository(db: app.db)
        try await repository.save(domains: domains, elements: elements, indicators: indicators)
        // Communes have five-digit codes (provinces two, agencies `<code>.<slug>`).
        let communes = try await app.services.units(on: app.db).identities(of: .current)
            .filter { $0.key.code.count == 5 && $0.key.code.allSatisfy(\.isNumber) }.sorted {
                $0.key.code < $1.key.code
            }
        _ = try await repository.unitNumbers(communes.map(\.value), create: true)
        let keys = months.map { String($0.key) }.joined(separator: "), (")
        try await sql.raw(
            """
            WITH RECURSIVE el(e) AS (SELECT 1 UNION ALL SELECT e + 1 FROM el WHERE e < \(literal: count)),
              pe(p) AS (VALUES (\(unsafeRaw: keys)))
            INSERT INTO data_values (element, period, unit, value)
            SELECT e, p, u, \(unsafeRaw: formula) FROM el, pe, (SELECT seq AS u FROM indicator_units) un
            ORDER BY e, p, u
            """
        ).run()
        try await sql.raw("ANALYZE").run()
    }
}
