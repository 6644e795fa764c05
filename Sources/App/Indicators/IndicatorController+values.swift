import Core
import Fluent
import Foundation
import Vapor

/// Data values in and out: DHIS2 dataValueSets JSON and CSV.
extension IndicatorController {
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

        /// DHIS2's success summary for `count` stored values.
        static func imported(_ count: Int) -> ImportSummary {
            ImportSummary(
                status: "SUCCESS",
                description: "Import process completed successfully",
                importCount: .init(imported: count, updated: 0, ignored: 0, deleted: 0)
            )
        }
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
        return ImportSummary.imported(count)
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
        return ImportSummary.imported(count)
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
        let units = req.services.units(on: req.db)
        let unit = try await req.viewableUnit(code: req.queryString("orgUnit") ?? "", parameter: "orgUnit")
        let period = try req.period("period")
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
