import Core
import Fluent
import Foundation
import Vapor

/// The indicator pages: catalogue, data entry, scorecard.
struct IndicatorPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("indicators", use: catalogue)
        routes.get("indicators", "scorecard", use: scorecard)
        routes.get("indicators", "entry", use: entry)
        routes.post("indicators", "entry", use: save)
    }

    static func formula(_ indicator: Indicator) -> String {
        let base =
            indicator.denominator == "1" ? indicator.numerator : "(\(indicator.numerator)) / (\(indicator.denominator))"
        return indicator.factor == 1 ? base : "\(base) × \(VietnameseFormat.decimal(indicator.factor, digits: 0))"
    }

    /// A number typed the Vietnamese way on a form: `12.345` is twelve thousand, `98,5` is 98.5; `0.85` stays a
    /// decimal (no thousands group starts with 0); anything else is passed on as typed.
    static func vietnameseNumber(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: ",", omittingEmptySubsequences: false)
        let whole = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        let grouped =
            whole.count > 1 && (1...3).contains(whole[0].count) && whole[0].first != "0"
            && whole.dropFirst().allSatisfy { $0.count == 3 }
            && whole.allSatisfy { $0.allSatisfy(\.isNumber) }
        guard parts.count <= 2, grouped || parts.count == 2 else { return trimmed }
        let integer = grouped ? whole.joined() : String(parts[0])
        return parts.count == 2 ? integer + "." + parts[1] : integer
    }

    @Sendable func catalogue(req: Request) async throws -> View {
        let catalog = try await req.services.indicators(on: req.db).catalog()
        let domains = try await SQLIndicatorRepository(db: req.db).domains() + [AutomaticElement.domain]
        let names = Dictionary(domains.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let words = VietnameseText.fold(req.queryString("q") ?? "").split(separator: " ").map(String.init)
        let domain = req.queryString("domain") ?? ""
        func matches(_ code: String, _ name: String, _ itemDomain: String) -> Bool {
            let text = VietnameseText.fold(code + " " + name)
            return (domain.isEmpty || itemDomain == domain) && words.allSatisfy { text.contains($0) }
        }
        let indicators = catalog.indicators.values.filter { matches($0.code, $0.name, $0.domain) }
            .sorted { ($0.domain, $0.code) < ($1.domain, $1.code) }
            .map {
                IndicatorCataloguePage.Row(
                    code: $0.code,
                    name: $0.name,
                    domain: names[$0.domain] ?? $0.domain,
                    formula: Self.formula($0),
                    period: $0.periodType.label,
                    automatic: $0.automatic
                )
            }
        let elements = catalog.elements.values.filter { matches($0.code, $0.name, $0.domain) }
            .sorted { ($0.domain, $0.code) < ($1.domain, $1.code) }
            .map {
                IndicatorCataloguePage.Row(
                    code: $0.code,
                    name: $0.name,
                    domain: names[$0.domain] ?? $0.domain,
                    formula: "\($0.valueType.rawValue), \($0.aggregation.rawValue)"
                        + ($0.unitOfMeasure.isEmpty ? "" : " (\($0.unitOfMeasure))"),
                    period: $0.periodType.label,
                    automatic: $0.code.hasPrefix("auto.")
                )
            }
        return try await req.view.render(
            "Indicators/catalogue",
            IndicatorCataloguePage(
                layout: .make(req, title: "Danh mục chỉ tiêu", section: .indicators),
                query: req.queryString("q") ?? "",
                domain: domain,
                domains: domains.map { SelectOption(value: $0.code, label: $0.name) },
                indicators: indicators,
                elements: elements
            )
        )
    }

    /// The unit named by `ou` (default: the home or demo province), if the user may view it.
    static func unit(_ req: Request, code asked: String? = nil) async throws -> AdminUnit {
        let code = asked ?? req.queryString("ou") ?? req.services.config.homeProvince ?? DemoData.provinceCode
        return try await req.viewableUnit(code: code, parameter: "ou")
    }

    @Sendable func scorecard(req: Request) async throws -> View {
        let unit = try await Self.unit(req)
        let text = req.queryString("pe") ?? String(CivilDate(req.services.clock.now()).year)
        guard let period = Period(text) else { throw IndicatorError.invalidField(field: "pe", issue: .periodFormat) }
        let lines = try await req.services.indicators(on: req.db).scorecard(unit: unit, period: period)
        func number(_ value: Double?) -> String { value.map { VietnameseFormat.decimal($0, digits: 1) } ?? "—" }
        return try await req.view.render(
            "Indicators/scorecard",
            ScorecardPage(
                layout: .make(req, title: "Thẻ điểm \(unit.name)", section: .indicators),
                unit: unit.code,
                unitName: unit.name,
                period: period.description,
                lines: lines.map {
                    ScorecardPage.Line(
                        name: $0.name,
                        target: ($0.direction == .higherIsBetter ? "≥ " : "≤ ") + number($0.target),
                        actual: number($0.actual),
                        light: $0.light == .none ? "" : $0.light.rawValue,
                        label: $0.light.label
                    )
                }
            )
        )
    }

    @Sendable func entry(req: Request) async throws -> View {
        try await renderEntry(
            req,
            dataSet: req.queryString("dataSet"),
            ou: req.queryString("ou"),
            pe: req.queryString("pe"),
            message: req.queryString("saved").map { "Đã lưu \($0) giá trị." },
            error: nil
        )
    }

    func renderEntry(
        _ req: Request,
        dataSet: String?,
        ou: String?,
        pe: String?,
        message: String?,
        error: String?,
        typed: [String: String] = [:]
    ) async throws -> View {
        let unit = try await Self.unit(req, code: ou)
        let repository = SQLIndicatorRepository(db: req.db)
        let sets = try await repository.dataSets()
        let chosen = sets.first { $0.code == dataSet } ?? sets.first
        let service = req.services.indicators(on: req.db)
        let catalog = try await service.catalog()
        var fields: [DataEntryPage.Field] = []
        var completeness: Completeness?
        var periodText = pe ?? ""
        var deadline = ""
        if let chosen {
            let now = CivilDate(req.services.clock.now())
            let period =
                Period(periodText).flatMap { $0.type == chosen.periodType ? $0 : nil }
                ?? Period(chosen.periodType, containing: now).previous
            periodText = period.description
            let stored = try await repository.values(elements: chosen.elements, periods: [period], units: [unit.id])
            let byElement = Dictionary(stored.map { ($0.element, $0) }, uniquingKeysWith: { a, _ in a })
            fields = chosen.elements.compactMap { code in
                guard let element = catalog.elements[code] else { return nil }
                return DataEntryPage.Field(
                    code: code,
                    name: element.name,
                    unitOfMeasure: element.unitOfMeasure,
                    value: typed[code] ?? byElement[code].map { IndicatorController.ValueSetDTO.text($0.value) } ?? "",
                    comment: byElement[code]?.comment ?? ""
                )
            }
            let calendar = try await req.services.calendar.calendar(on: req.db)
            deadline = VietnameseFormat.dateTime(
                try chosen.deadline(for: period, calendar: calendar).addingTimeInterval(-60)
            )
            if unit.level < chosen.level {
                completeness = try await service.completeness(
                    dataSet: chosen.code,
                    period: period,
                    parent: unit,
                    calendar: calendar
                )
            }
        }
        return try await req.view.render(
            "Indicators/entry",
            DataEntryPage(
                layout: .make(req, title: "Nhập số liệu", section: .indicators),
                dataSets: sets.map { SelectOption(value: $0.code, label: $0.name) },
                dataSet: chosen?.code ?? "",
                unit: unit.code,
                unitName: unit.name,
                period: periodText,
                fields: fields,
                message: message,
                error: error,
                completeness: completeness,
                deadline: deadline
            )
        )
    }

    /// Saves the form's non-empty values (all or none) and comes back to the form.
    @Sendable func save(req: Request) async throws -> Response {
        let principal = try req.principal
        struct Form: Content {
            let dataSet: String
            let ou: String
            let pe: String
            var values: [String: String]?
        }
        let form = try req.content.decode(Form.self)
        let rows = (form.values ?? [:]).filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }.sorted {
            $0.key < $1.key
        }
        .map {
            SubmittedValue(element: $0.key, unitCode: form.ou, period: form.pe, value: Self.vietnameseNumber($0.value))
        }
        do {
            let count = try await req.transaction { [rows] db in
                try await req.services.indicators(on: db).submit(rows, by: principal)
            }
            let query = "?dataSet=\(form.dataSet)&ou=\(form.ou)&pe=\(form.pe)&saved=\(count)"
            return req.redirect(to: "/indicators/entry" + query)
        } catch let error where error is IndicatorError || error is AccountError {
            let failure = Failure.from(error)
            let view = try await renderEntry(
                req,
                dataSet: form.dataSet,
                ou: form.ou,
                pe: form.pe,
                message: nil,
                error: failure.messageVI,
                typed: form.values ?? [:]
            )
            let response = try await view.encodeResponse(for: req)
            response.status = failure.status
            return response
        }
    }
}
