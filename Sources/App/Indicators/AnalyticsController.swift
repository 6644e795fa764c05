import Core
import Fluent
import Foundation
import Vapor

/// `GET /api/v1/analytics?dx=a;b&pe=202601;2026Q1&ou=38;LEVEL-2`, shaped like DHIS2's answer (headers, metaData,
/// rows of strings); `dimension=dx:…` is accepted too. `ou` lists unit codes; `LEVEL-n` swaps them for their units
/// of level n (1 province, 2 commune).
struct AnalyticsController {
    struct Header: Content {
        let name: String
        let column: String
        let valueType: String
    }

    struct Item: Content {
        let name: String
    }

    struct MetaData: Content {
        let items: [String: Item]
        let dimensions: [String: [String]]
    }

    struct Answer: Content {
        let headers: [Header]
        let metaData: MetaData
        let rows: [[String]]
        let height: Int
        let width: Int
    }

    /// The three dimensions of a query.
    struct Query {
        let items: [String]
        let periods: [Period]
        let units: [AdminUnit]
    }

    static func dimension(_ req: Request, _ name: String) -> [String] {
        var text = req.queryString(name)
        if text == nil, let all = try? req.query.get([String].self, at: "dimension") {
            text = all.first { $0.hasPrefix(name + ":") }.map { String($0.dropFirst(name.count + 1)) }
        }
        return (text ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func query(_ req: Request) async throws -> Query {
        _ = try req.principal  // signed in before anything else is checked
        let items = dimension(req, "dx")
        guard !items.isEmpty, items.count <= 100 else {
            throw IndicatorError.invalidField(field: "dx", issue: .required)
        }
        let periodTexts = dimension(req, "pe")
        guard !periodTexts.isEmpty, periodTexts.count <= 120 else {
            throw IndicatorError.invalidField(field: "pe", issue: .required)
        }
        let periods = try periodTexts.map { text throws(IndicatorError) in
            guard let period = Period(text) else {
                throw IndicatorError.invalidField(field: "pe", issue: .periodFormat)
            }
            return period
        }
        let unitTexts = dimension(req, "ou")
        let levels = unitTexts.compactMap { $0.hasPrefix("LEVEL-") ? Int($0.dropFirst(6)) : nil }
        let codes = unitTexts.filter { !$0.hasPrefix("LEVEL-") }
        guard !codes.isEmpty else { throw IndicatorError.invalidField(field: "ou", issue: .required) }
        let repository = req.services.units(on: req.db)
        var units: [AdminUnit] = []
        for code in codes {
            let unit = try await req.viewableUnit(code: code, parameter: "ou")
            if levels.isEmpty {
                units.append(unit)
            } else {
                let below = try await repository.find(ids: try await repository.subtree(of: unit.id))
                units += below.filter { levels.contains($0.level) && $0.type != .agency }.sorted { $0.code < $1.code }
            }
        }
        // A unit named twice (or reached through two boundaries) is answered once.
        var seen: Set<AdminUnit.ID> = []
        units = units.filter { seen.insert($0.id).inserted }
        var seenItems: Set<String> = []
        var seenPeriods: Set<Period> = []
        return Query(
            items: items.filter { seenItems.insert($0).inserted },
            periods: periods.filter { seenPeriods.insert($0).inserted },
            units: units
        )
    }

    static func answer(_ req: Request) async throws -> (Query, [AnalyticsCell], IndicatorCatalog) {
        let query = try await query(req)
        let service = req.services.indicators(on: req.db)
        let cells = try await service.analytics(items: query.items, periods: query.periods, units: query.units)
        return (query, cells, try await service.catalog())
    }

    static func text(_ value: Double) -> String {
        let rounded = (value * 10_000).rounded() / 10_000
        return IndicatorController.ValueSetDTO.text(rounded)
    }

    @Sendable static func analytics(req: Request) async throws -> Answer {
        let (query, cells, catalog) = try await answer(req)
        let codes = Dictionary(uniqueKeysWithValues: query.units.map { ($0.id, $0.code) })
        var items: [String: Item] = [:]
        for code in query.items {
            items[code] = Item(name: catalog.indicators[code]?.name ?? catalog.elements[code]?.name ?? code)
        }
        for period in query.periods { items[period.description] = Item(name: period.description) }
        for unit in query.units { items[unit.code] = Item(name: unit.name) }
        let rows = cells.map { [$0.item, $0.period.description, codes[$0.unit] ?? "", text($0.value)] }
        return Answer(
            headers: [
                Header(name: "dx", column: "Data", valueType: "TEXT"),
                Header(name: "pe", column: "Period", valueType: "TEXT"),
                Header(name: "ou", column: "Organisation unit", valueType: "TEXT"),
                Header(name: "value", column: "Value", valueType: "NUMBER"),
            ],
            metaData: MetaData(
                items: items,
                dimensions: [
                    "dx": query.items, "pe": query.periods.map(\.description), "ou": query.units.map(\.code),
                ]
            ),
            rows: rows,
            height: rows.count,
            width: 4
        )
    }

    @Sendable static func analyticsCSV(req: Request) async throws -> Response {
        let (query, cells, catalog) = try await answer(req)
        let units = Dictionary(uniqueKeysWithValues: query.units.map { ($0.id, $0) })
        let rows = cells.map { cell in
            [
                cell.item, catalog.indicators[cell.item]?.name ?? catalog.elements[cell.item]?.name ?? "",
                cell.period.description, units[cell.unit]?.code ?? "", units[cell.unit]?.name ?? "", text(cell.value),
            ]
        }
        return .csv(
            CSV.document(header: ["Mã chỉ tiêu", "Tên chỉ tiêu", "Kỳ", "Mã đơn vị", "Đơn vị", "Giá trị"], rows: rows),
            filename: "phan-tich-chi-tieu.csv"
        )
    }
}
