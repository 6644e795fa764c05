import Core
import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit

/// Indicators on SQLite or PostgreSQL through plain SQL: elements and units get small integer numbers, values are
/// keyed by (element, period key, unit).
struct SQLIndicatorRepository: IndicatorRepository {
    let db: any Database
    var sql: any SQLDatabase { db as! any SQLDatabase }

    func domains() async throws -> [IndicatorDomain] {
        try await sql.raw("SELECT code, name FROM indicator_domains ORDER BY code").all().map {
            IndicatorDomain(
                code: try $0.decode(column: "code", as: String.self),
                name: try $0.decode(column: "name", as: String.self)
            )
        }
    }

    func elements() async throws -> [DataElement] {
        try await sql.raw("SELECT data FROM indicator_elements ORDER BY code").all().map {
            try JSONText.decode(DataElement.self, try $0.decode(column: "data", as: String.self))
        }
    }

    func indicators() async throws -> [Indicator] {
        try await sql.raw("SELECT data FROM indicators ORDER BY code").all().map {
            try JSONText.decode(Indicator.self, try $0.decode(column: "data", as: String.self))
        }
    }

    func save(domains: [IndicatorDomain], elements: [DataElement], indicators: [Indicator]) async throws {
        try await sql.raw(
            """
            INSERT INTO indicator_catalog_versions (id, version) VALUES (1, 1)
            ON CONFLICT (id) DO UPDATE SET version = indicator_catalog_versions.version + 1
            """
        ).run()
        for domain in domains {
            try await sql.raw(
                """
                INSERT INTO indicator_domains (code, name) VALUES (\(bind: domain.code), \(bind: domain.name))
                ON CONFLICT (code) DO UPDATE SET name = excluded.name
                """
            ).run()
        }
        for element in elements {
            // A new element takes the next number; an existing one keeps its number (its values stay attached).
            try await sql.raw(
                """
                INSERT INTO indicator_elements (seq, code, data)
                VALUES ((SELECT COALESCE(MAX(seq), 0) + 1 FROM indicator_elements), \(bind: element.code),
                  \(bind: try JSONText.encode(element)))
                ON CONFLICT (code) DO UPDATE SET data = excluded.data
                """
            ).run()
        }
        for indicator in indicators {
            try await sql.raw(
                """
                INSERT INTO indicators (code, data) VALUES (\(bind: indicator.code), \(bind: try JSONText.encode(indicator)))
                ON CONFLICT (code) DO UPDATE SET data = excluded.data
                """
            ).run()
        }
    }

    func catalogVersion() async throws -> Int {
        try await sql.raw("SELECT version FROM indicator_catalog_versions WHERE id = 1").first()?
            .decode(column: "version", as: Int.self) ?? 0
    }

    func dataSets() async throws -> [DataSet] {
        try await sql.raw("SELECT data FROM data_sets ORDER BY code").all().map {
            try JSONText.decode(DataSet.self, try $0.decode(column: "data", as: String.self))
        }
    }

    func save(dataSets: [DataSet]) async throws {
        for set in dataSets {
            try await sql.raw(
                """
                INSERT INTO data_sets (code, data) VALUES (\(bind: set.code), \(bind: try JSONText.encode(set)))
                ON CONFLICT (code) DO UPDATE SET data = excluded.data
                """
            ).run()
        }
    }

    func register(dataSet: String, period: Period, unit: AdminUnit.ID, at: Date) async throws {
        let seconds = at.timeIntervalSince1970
        try await sql.raw(
            """
            INSERT INTO data_set_reports (data_set, period, unit_id, first_s, last_s)
            VALUES (\(bind: dataSet), \(bind: period.key), \(bind: unit.rawValue), \(bind: seconds), \(bind: seconds))
            ON CONFLICT (data_set, period, unit_id) DO UPDATE SET last_s = excluded.last_s
            """
        ).run()
    }

    func firstReports(dataSet: String, period: Period) async throws -> [AdminUnit.ID: Date] {
        var result: [AdminUnit.ID: Date] = [:]
        let rows = try await sql.select().columns("unit_id", "first_s").from("data_set_reports")
            .where("data_set", .equal, dataSet).where("period", .equal, period.key).all()
        for row in rows {
            result[AdminUnit.ID(rawValue: try row.decode(column: "unit_id", as: UUID.self))] = Date(
                timeIntervalSince1970: try row.decode(column: "first_s", as: Double.self)
            )
        }
        return result
    }

    func targets(unitCode: String, period: String) async throws -> [Target] {
        try await sql.select().columns("indicator", "unit_code", "period", "value", "amber_from").from(
            "indicator_targets"
        )
        .where("unit_code", .equal, unitCode).where("period", .equal, period).orderBy("indicator").all().map {
            Target(
                indicator: try $0.decode(column: "indicator", as: String.self),
                unitCode: try $0.decode(column: "unit_code", as: String.self),
                period: try $0.decode(column: "period", as: String.self),
                value: try $0.decode(column: "value", as: Double.self),
                amberFrom: try $0.decode(column: "amber_from", as: Double?.self)
            )
        }
    }

    func save(targets: [Target]) async throws {
        for t in targets {
            try await sql.raw(
                """
                INSERT INTO indicator_targets (indicator, unit_code, period, value, amber_from)
                VALUES (\(bind: t.indicator), \(bind: t.unitCode), \(bind: t.period), \(bind: t.value), \(bind: t.amberFrom))
                ON CONFLICT (indicator, unit_code, period) DO UPDATE SET value = excluded.value,
                  amber_from = excluded.amber_from
                """
            ).run()
        }
    }

    /// Element code → number.
    func elementNumbers(_ codes: [String]) async throws -> [String: Int] {
        guard !codes.isEmpty else { return [:] }
        var result: [String: Int] = [:]
        for row in try await sql.raw("SELECT seq, code FROM indicator_elements WHERE code IN (\(binds: codes))").all() {
            result[try row.decode(column: "code", as: String.self)] = try row.decode(column: "seq", as: Int.self)
        }
        return result
    }

    /// Unit → number, numbering units seen for the first time when `create` is set.
    func unitNumbers(_ ids: [AdminUnit.ID], create: Bool) async throws -> [AdminUnit.ID: Int] {
        var result: [AdminUnit.ID: Int] = [:]
        let unique = Array(Set(ids))
        for chunk in stride(from: 0, to: unique.count, by: 500).map({ Array(unique[$0..<min($0 + 500, unique.count)]) })
        {
            let rows = try await sql.select().columns("seq", "unit_id").from("indicator_units")
                .where("unit_id", .in, chunk.map(\.rawValue)).all()
            for row in rows {
                result[AdminUnit.ID(rawValue: try row.decode(column: "unit_id", as: UUID.self))] =
                    try row.decode(column: "seq", as: Int.self)
            }
        }
        guard create else { return result }
        for id in unique where result[id] == nil {
            let row = try await sql.raw(
                """
                INSERT INTO indicator_units (seq, unit_id)
                VALUES ((SELECT COALESCE(MAX(seq), 0) + 1 FROM indicator_units), \(bind: id.rawValue))
                RETURNING seq
                """
            ).first()
            result[id] = try row?.decode(column: "seq", as: Int.self)
        }
        return result
    }

    /// Registers a feed's domain, elements and indicators the first time the feed writes.
    func ensure(domain: IndicatorDomain, elements: [DataElement], indicators: [Indicator]) async throws {
        // Runs with every feed write: count the feed's own codes rather than read the whole catalogue.
        let codes = Set(elements.map(\.code)).sorted().map { "\(bind: $0)" as SQLQueryString }
        let known = try await sql.raw(
            "SELECT COUNT(*) AS n FROM indicator_elements WHERE code IN (" + codes.joined(separator: ", ") + ")"
        ).first()?.decode(column: "n", as: Int.self)
        guard (known ?? 0) < codes.count else { return }
        try await save(domains: [domain], elements: elements, indicators: indicators)
    }

    func upsert(_ values: [StoredValue]) async throws {
        guard !values.isEmpty else { return }
        let elements = try await elementNumbers(Array(Set(values.map(\.element))))
        let units = try await unitNumbers(values.map(\.unit), create: true)
        for start in stride(from: 0, to: values.count, by: 400) {
            let chunk = values[start..<min(start + 400, values.count)]
            var rows: [SQLQueryString] = []
            for v in chunk {
                guard let element = elements[v.element], let unit = units[v.unit] else { throw IndicatorError.notFound }
                rows.append(
                    """
                    (\(literal: element), \(literal: v.period.key), \(literal: unit), \(bind: v.value), \
                    \(bind: v.updatedAt?.timeIntervalSince1970), \(bind: v.storedBy), \(bind: v.comment))
                    """
                )
            }
            try await sql.raw(
                """
                INSERT INTO data_values (element, period, unit, value, updated_s, stored_by, comment)
                VALUES \(rows.joined(separator: ", "))
                ON CONFLICT (element, period, unit) DO UPDATE SET value = excluded.value,
                  updated_s = excluded.updated_s, stored_by = excluded.stored_by, comment = excluded.comment
                """
            ).run()
        }
    }

    /// Numbers only. On SQLite the rows are read through SQLiteNIO directly: decoding thousands of rows through
    /// SQLKit's Codable path costs more than the query itself.
    func figures(elements: [String], periods: [Period], units: [AdminUnit.ID]) async throws
        -> [DataValue<AdminUnit.ID>]
    {
        let elementNumbers = try await elementNumbers(elements)
        let unitNumbers = try await unitNumbers(units, create: false)
        guard !elementNumbers.isEmpty, !unitNumbers.isEmpty, !periods.isEmpty else { return [] }
        let elementCodes = Dictionary(uniqueKeysWithValues: elementNumbers.map { ($0.value, $0.key) })
        let unitIDs = Dictionary(uniqueKeysWithValues: unitNumbers.map { ($0.value, $0.key) })
        let periodByKey = Dictionary(periods.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        func list(_ numbers: some Sequence<Int>) -> String { numbers.map(String.init).joined(separator: ",") }
        // Integers only, written inline.
        let text = """
            SELECT element, period, unit, value FROM data_values
            WHERE element IN (\(list(elementNumbers.values.sorted()))) AND period IN (\(list(periodByKey.keys.sorted())))
              AND unit IN (\(list(unitNumbers.values.sorted())))
            """
        var result: [DataValue<AdminUnit.ID>] = []
        func add(_ element: Int?, _ period: Int?, _ unit: Int?, _ value: Double?) {
            guard let element, let period, let unit, let value, let code = elementCodes[element],
                let p = periodByKey[period], let id = unitIDs[unit]
            else { return }
            result.append(DataValue(element: code, unit: id, period: p, value: value))
        }
        if let lite = db as? any SQLiteDatabase {
            let rows = try await lite.query(text, [])
            result.reserveCapacity(rows.count)
            for row in rows {
                func int(_ name: String) -> Int? { row.column(name)?.integer.map { Int($0) } }
                add(int("element"), int("period"), int("unit"), row.column("value")?.double)
            }
        } else {
            for row in try await sql.raw(SQLQueryString(text)).all() {
                add(
                    try row.decode(column: "element", as: Int.self),
                    try row.decode(column: "period", as: Int.self),
                    try row.decode(column: "unit", as: Int.self),
                    try row.decode(column: "value", as: Double.self)
                )
            }
        }
        return result
    }

    func totals(elements: [String], periods: [Period], units: [AdminUnit.ID]) async throws
        -> [String: [Period: ValueTotals]]
    {
        let elementNumbers = try await elementNumbers(elements)
        let unitNumbers = try await unitNumbers(units, create: false)
        guard !elementNumbers.isEmpty, !unitNumbers.isEmpty, !periods.isEmpty else { return [:] }
        let codes = Dictionary(uniqueKeysWithValues: elementNumbers.map { ($0.value, $0.key) })
        let periodByKey = Dictionary(periods.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        func list(_ numbers: some Sequence<Int>) -> String { numbers.map(String.init).joined(separator: ",") }
        let query: SQLQueryString = """
            SELECT element, period, SUM(value) AS s, MIN(value) AS lo, MAX(value) AS hi, COUNT(*) AS n FROM data_values
            WHERE element IN (\(unsafeRaw: list(elementNumbers.values.sorted())))
              AND period IN (\(unsafeRaw: list(periodByKey.keys.sorted())))
              AND unit IN (\(unsafeRaw: list(unitNumbers.values.sorted())))
            GROUP BY element, period
            """
        var result: [String: [Period: ValueTotals]] = [:]
        for row in try await sql.raw(query).all() {
            guard let code = codes[try row.decode(column: "element", as: Int.self)],
                let period = periodByKey[try row.decode(column: "period", as: Int.self)]
            else { continue }
            result[code, default: [:]][period] = ValueTotals(
                sum: try row.decode(column: "s", as: Double.self),
                min: try row.decode(column: "lo", as: Double.self),
                max: try row.decode(column: "hi", as: Double.self),
                count: try row.decode(column: "n", as: Int.self)
            )
        }
        return result
    }

    func values(elements: [String], periods: [Period], units: [AdminUnit.ID]) async throws -> [StoredValue] {
        let elementNumbers = try await elementNumbers(elements)
        let unitNumbers = try await unitNumbers(units, create: false)
        guard !elementNumbers.isEmpty, !unitNumbers.isEmpty, !periods.isEmpty else { return [] }
        let elementCodes = Dictionary(uniqueKeysWithValues: elementNumbers.map { ($0.value, $0.key) })
        let unitIDs = Dictionary(uniqueKeysWithValues: unitNumbers.map { ($0.value, $0.key) })
        let periodByKey = Dictionary(periods.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        // Integers only, written inline: the lists can hold thousands of units.
        func list(_ numbers: some Sequence<Int>) -> String { numbers.map(String.init).joined(separator: ",") }
        let query: SQLQueryString = """
            SELECT element, period, unit, value, updated_s, stored_by, comment FROM data_values
            WHERE element IN (\(unsafeRaw: list(elementNumbers.values.sorted())))
              AND period IN (\(unsafeRaw: list(periodByKey.keys.sorted())))
              AND unit IN (\(unsafeRaw: list(unitNumbers.values.sorted())))
            """
        var result: [StoredValue] = []
        for row in try await sql.raw(query).all() {
            guard let element = elementCodes[try row.decode(column: "element", as: Int.self)],
                let period = periodByKey[try row.decode(column: "period", as: Int.self)],
                let unit = unitIDs[try row.decode(column: "unit", as: Int.self)]
            else { continue }
            result.append(
                StoredValue(
                    element: element,
                    unit: unit,
                    period: period,
                    value: try row.decode(column: "value", as: Double.self),
                    storedBy: try row.decode(column: "stored_by", as: String?.self),
                    comment: try row.decode(column: "comment", as: String?.self),
                    updatedAt: try row.decode(column: "updated_s", as: Double?.self).map(
                        Date.init(timeIntervalSince1970:)
                    )
                )
            )
        }
        return result
    }
}
