import Core
import Fluent
import Foundation
import Vapor

/// `/api/v1/indicators/catalog`, `/api/v1/dataValueSets` (DHIS2 JSON), `/api/v1/dataValues.csv`,
/// `/api/v1/analytics` (DHIS2-shaped, also `.csv`).
struct IndicatorController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("indicators", "catalog", use: catalog)
        routes.on(.PUT, "indicators", "catalog", body: .collect(maxSize: "10mb"), use: saveCatalog)
        routes.on(.POST, "dataValueSets", body: .collect(maxSize: "50mb"), use: importValueSet)
        routes.get("dataValueSets", use: exportValueSet)
        routes.on(.POST, "dataValues.csv", body: .collect(maxSize: "50mb"), use: importCSV)
        routes.get("dataValues.csv", use: exportCSV)
        routes.get("dataSets", use: dataSets)
        routes.put("dataSets", use: saveDataSets)
        routes.get("completeness", use: completeness)
        routes.put("indicators", "targets", use: saveTargets)
        routes.get("indicators", "scorecard", use: scorecard)
        routes.get("analytics", use: AnalyticsController.analytics)
        routes.get("analytics.csv", use: AnalyticsController.analyticsCSV)
    }

    struct CatalogDTO: Content {
        var domains: [IndicatorDomain] = []
        var elements: [DataElement] = []
        var indicators: [Indicator] = []
    }

    @Sendable func catalog(req: Request) async throws -> CatalogDTO {
        let repository = SQLIndicatorRepository(db: req.db)
        return CatalogDTO(
            domains: try await repository.domains() + [AutomaticElement.domain],
            elements: try await repository.elements() + AutomaticElement.allCases.map(\.element),
            indicators: try await repository.indicators() + AutomaticElement.indicators
        )
    }

    /// Adds or replaces catalogue entries (province or system administrators); the whole catalogue must stay
    /// consistent. All or none.
    @Sendable func saveCatalog(req: Request) async throws -> CatalogDTO {
        let principal = try req.principal
        let body = try req.content.decode(CatalogDTO.self)
        _ = try await req.transaction { db in
            try await req.services.indicators(on: db).saveCatalog(
                domains: body.domains,
                elements: body.elements,
                indicators: body.indicators,
                by: principal
            )
        }
        return try await catalog(req: req)
    }

    // MARK: Data sets and completeness

    @Sendable func dataSets(req: Request) async throws -> [DataSet] {
        _ = try req.principal
        return try await SQLIndicatorRepository(db: req.db).dataSets()
    }

    @Sendable func saveDataSets(req: Request) async throws -> [DataSet] {
        let principal = try req.principal
        let sets = try req.content.decode([DataSet].self)
        try await req.transaction { db in try await req.services.indicators(on: db).saveDataSets(sets, by: principal) }
        return try await SQLIndicatorRepository(db: req.db).dataSets()
    }

    /// `?dataSet=bc-thang&period=202609&ou=38`: the units under `ou` that reported on time, late or not at all.
    @Sendable func completeness(req: Request) async throws -> Completeness {
        let principal = try req.principal
        let units = req.services.units(on: req.db)
        guard let unit = try await units.find(UnitKey(tree: .current, code: req.queryString("ou") ?? "")) else {
            throw WebError.invalidParameter(name: "ou", issue: .unknownUnit)
        }
        guard Authorizer.may(principal, .view, on: try await units.lineage(of: unit.id)) else {
            throw AccountError.forbidden
        }
        guard let period = Period(req.queryString("period") ?? "") else {
            throw IndicatorError.invalidField(field: "period", issue: .periodFormat)
        }
        return try await req.services.indicators(on: req.db).completeness(
            dataSet: req.queryString("dataSet") ?? "",
            period: period,
            parent: unit,
            calendar: try await req.services.calendar.calendar(on: req.db)
        )
    }

    // MARK: Targets

    @Sendable func saveTargets(req: Request) async throws -> HTTPStatus {
        let principal = try req.principal
        let targets = try req.content.decode([Target].self)
        try await req.transaction { db in try await req.services.indicators(on: db).saveTargets(targets, by: principal)
        }
        return .noContent
    }

    struct ScorecardDTO: Content {
        let unit: String
        let period: String
        let lines: [ScoreLine]
    }

    /// `?ou=38&pe=2026`: the unit's targets for the period with the actual values and their lights, worst first.
    @Sendable func scorecard(req: Request) async throws -> ScorecardDTO {
        let principal = try req.principal
        let units = req.services.units(on: req.db)
        guard let unit = try await units.find(UnitKey(tree: .current, code: req.queryString("ou") ?? "")) else {
            throw WebError.invalidParameter(name: "ou", issue: .unknownUnit)
        }
        guard Authorizer.may(principal, .view, on: try await units.lineage(of: unit.id)) else {
            throw AccountError.forbidden
        }
        guard let period = Period(req.queryString("pe") ?? "") else {
            throw IndicatorError.invalidField(field: "pe", issue: .periodFormat)
        }
        let lines = try await req.services.indicators(on: req.db).scorecard(unit: unit, period: period)
        return ScorecardDTO(unit: unit.code, period: period.description, lines: lines)
    }

    // MARK: Data values

    /// DHIS2 `dataValueSets` JSON: period and orgUnit on the set or on each value.
    struct ValueSetDTO: Content {
        struct Value: Content {
            let dataElement: String
            var period: String?
            var orgUnit: String?
            let value: String
            var comment: String?
            var storedBy: String?
            var lastUpdated: Date?

            init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                dataElement = try c.decode(String.self, forKey: .dataElement)
                period = try c.decodeIfPresent(String.self, forKey: .period)
                orgUnit = try c.decodeIfPresent(String.self, forKey: .orgUnit)
                // DHIS2 sends values as strings; accept numbers and booleans too.
                if let text = try? c.decode(String.self, forKey: .value) {
                    value = text
                } else if let number = try? c.decode(Double.self, forKey: .value) {
                    value = String(number)
                } else {
                    value = try c.decode(Bool.self, forKey: .value) ? "true" : "false"
                }
                comment = try c.decodeIfPresent(String.self, forKey: .comment)
                storedBy = nil
                lastUpdated = nil
            }

            init(_ v: StoredValue, unitCode: String) {
                dataElement = v.element
                period = v.period.description
                orgUnit = unitCode
                value = ValueSetDTO.text(v.value)
                comment = v.comment
                storedBy = v.storedBy
                lastUpdated = v.updatedAt
            }
        }

        var dataSet: String?
        var period: String?
        var orgUnit: String?
        var completeDate: String?
        var dataValues: [Value]

        static func text(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        }
    }

    /// DHIS2's import summary.
    struct ImportSummary: Content {
        struct Count: Content {
            let imported: Int
            let updated: Int
            let ignored: Int
            let deleted: Int
        }

        let status: String
        let description: String
        let importCount: Count
    }

    @Sendable func importValueSet(req: Request) async throws -> ImportSummary {
        let principal = try req.principal
        let set = try req.content.decode(ValueSetDTO.self)
        let rows = set.dataValues.map {
            SubmittedValue(
                element: $0.dataElement,
                unitCode: $0.orgUnit ?? set.orgUnit ?? "",
                period: $0.period ?? set.period ?? "",
                value: $0.value,
                comment: $0.comment
            )
        }
        let count = try await req.transaction { db in
            try await req.services.indicators(on: db).submit(rows, by: principal)
        }
        return ImportSummary(
            status: "SUCCESS",
            description: "Import process completed successfully",
            importCount: .init(imported: count, updated: 0, ignored: 0, deleted: 0)
        )
    }

    /// `?dataElement=a;b&period=2026Q3&orgUnit=38[&children=true]`: stored values of those elements in the
    /// period (and the finer periods inside it), for the unit (and its whole subtree).
    @Sendable func exportValueSet(req: Request) async throws -> ValueSetDTO {
        let (values, codes) = try await storedValues(req)
        return ValueSetDTO(dataValues: values.map { ValueSetDTO.Value($0, unitCode: codes[$0.unit] ?? "") })
    }

    static let csvHeader = ["Mã chỉ tiêu", "Kỳ", "Mã đơn vị", "Giá trị", "Ghi chú", "Người nhập", "Cập nhật"]
    static let dhis2Header = ["dataelement", "period", "orgunit", "value", "comment"]

    /// CSV with the Vietnamese header (as exported) or DHIS2's; a UTF-8 BOM is fine. Errors name the line.
    @Sendable func importCSV(req: Request) async throws -> ImportSummary {
        let principal = try req.principal
        var text = req.body.string ?? ""
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var table = CSV.parse(text)
        guard !table.isEmpty else { throw IndicatorError.row(1, field: "header", issue: .required) }
        let header = table.removeFirst().map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ names: String...) throws -> Int {
            guard let index = header.firstIndex(where: { names.contains($0) }) else {
                throw IndicatorError.row(1, field: names[0], issue: .required)
            }
            return index
        }
        let element = try column("mã chỉ tiêu", "dataelement")
        let period = try column("kỳ", "period")
        let unit = try column("mã đơn vị", "orgunit")
        let value = try column("giá trị", "value")
        let comment = header.firstIndex { $0 == "ghi chú" || $0 == "comment" }
        var rows: [SubmittedValue] = []
        for (offset, cells) in table.enumerated() where !cells.allSatisfy(\.isEmpty) {
            guard cells.count > max(element, period, unit, value) else {
                throw IndicatorError.row(offset + 2, field: "columns", issue: .required)
            }
            rows.append(
                SubmittedValue(
                    element: cells[element],
                    unitCode: cells[unit],
                    period: cells[period],
                    value: cells[value],
                    comment: comment.flatMap { $0 < cells.count ? cells[$0] : nil }
                )
            )
        }
        let count = try await req.transaction { [rows] db in
            try await req.services.indicators(on: db).submit(rows, firstLine: 2, by: principal)
        }
        return ImportSummary(
            status: "SUCCESS",
            description: "Import process completed successfully",
            importCount: .init(imported: count, updated: 0, ignored: 0, deleted: 0)
        )
    }

    @Sendable func exportCSV(req: Request) async throws -> Response {
        let (values, codes) = try await storedValues(req)
        let rows = values.map { v in
            [
                v.element, v.period.description, codes[v.unit] ?? "", ValueSetDTO.text(v.value), v.comment ?? "",
                v.storedBy ?? "", v.updatedAt.map(VietnameseFormat.dateTime) ?? "",
            ]
        }
        return .csv(CSV.document(header: Self.csvHeader, rows: rows), filename: "so-lieu-chi-tieu.csv")
    }

    /// The values a `dataValueSets` / `dataValues.csv` query asks for, sorted, with each unit's code. Signed-in
    /// users with a role over the unit only.
    func storedValues(_ req: Request) async throws -> ([StoredValue], [AdminUnit.ID: String]) {
        let principal = try req.principal
        let units = req.services.units(on: req.db)
        guard let unit = try await units.find(UnitKey(tree: .current, code: req.queryString("orgUnit") ?? "")) else {
            throw WebError.invalidParameter(name: "orgUnit", issue: .unknownUnit)
        }
        guard Authorizer.may(principal, .view, on: try await units.lineage(of: unit.id)) else {
            throw AccountError.forbidden
        }
        guard let period = Period(req.queryString("period") ?? "") else {
            throw IndicatorError.invalidField(field: "period", issue: .periodFormat)
        }
        let catalog = try await req.services.indicators(on: req.db).catalog()
        let asked = req.queryString("dataElement")?.split(separator: ";").map(String.init)
        let elements = try (asked ?? catalog.elements.keys.sorted()).map { code throws(IndicatorError) in
            guard let element = catalog.elements[code] else {
                throw IndicatorError.invalidField(field: "dataElement", issue: .unknownCode(code))
            }
            return element
        }
        let subtree = req.queryString("children") == "true" ? try await units.subtree(of: unit.id) : [unit.id]
        let periods = Set(elements.flatMap { period.periods(of: $0.periodType) })
        let values = try await SQLIndicatorRepository(db: req.db).values(
            elements: elements.map(\.code),
            periods: periods.sorted(),
            units: subtree
        )
        var codes: [AdminUnit.ID: String] = [:]
        for found in try await units.find(ids: Array(Set(values.map(\.unit)))) { codes[found.id] = found.code }
        let sorted = values.sorted {
            ($0.element, codes[$0.unit] ?? "", $0.period) < ($1.element, codes[$1.unit] ?? "", $1.period)
        }
        return (sorted, codes)
    }
}

extension Target: Content {}
extension DataSet: Content {}
extension Completeness: Content {}
extension ScoreLine: Content {}

extension AppServices {
    func indicators(on db: any Database) -> IndicatorService {
        IndicatorService(
            repository: SQLIndicatorRepository(db: db),
            units: units(on: db),
            audit: audit(on: db),
            clock: clock,
            cache: indicatorCatalog,
            automatic: PlatformFigures(db: db)
        )
    }
}
