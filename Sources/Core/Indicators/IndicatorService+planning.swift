import Foundation

/// Data sets, completeness and targets.
extension IndicatorService {
    /// Sets targets (users who configure the unit), all or none; each audited.
    public func saveTargets(_ targets: [Target], by actor: Principal) async throws {
        let catalog = try await catalog()
        for (offset, target) in targets.enumerated() {
            let line = offset + 1
            guard let indicator = catalog.indicators[target.indicator] else {
                throw IndicatorError.row(line, field: "indicator", issue: .unknownCode(target.indicator))
            }
            guard Period(target.period) != nil else {
                throw IndicatorError.row(line, field: "period", issue: .periodFormat)
            }
            do { _ = try target.validated(indicator.direction) } catch {
                guard case .invalidField(let field, let issue) = error else { throw error }
                throw IndicatorError.row(line, field: field, issue: issue)
            }
            guard let unit = try await units.find(UnitKey(tree: .current, code: target.unitCode)) else {
                throw IndicatorError.row(line, field: "unitCode", issue: .unknownCode(target.unitCode))
            }
            guard Authorizer.may(actor, .configure, on: try await units.lineage(of: unit.id)) else {
                throw AccountError.forbidden
            }
        }
        try await repository.save(targets: targets)
        for target in targets {
            try await audit.append(
                AuditEntry(
                    at: clock.now(),
                    actorID: actor.user.id,
                    actorName: actor.user.username,
                    action: "indicators.target",
                    entityType: "indicator-target",
                    entityID: "\(target.indicator)/\(target.unitCode)/\(target.period)",
                    unitID: nil,
                    before: nil,
                    after: ["value": String(target.value), "amberFrom": target.amberFrom.map { String($0) } ?? ""]
                )
            )
        }
    }

    /// The unit's targets for a period (`2026`, `2026Q3`, …) as set.
    public func targets(unitCode: String, period: String) async throws -> [Target] {
        try await repository.targets(unitCode: unitCode, period: period)
    }

    public func dataSets() async throws -> [DataSet] {
        try await repository.dataSets()
    }

    /// The unit's targets for the period against the values, with a light each, worst first.
    public func scorecard(unit: AdminUnit, period: Period) async throws -> [ScoreLine] {
        let catalog = try await catalog()
        let targets = try await repository.targets(unitCode: unit.code, period: period.description)
            .filter { catalog.indicators[$0.indicator] != nil }
        guard !targets.isEmpty else { return [] }
        let cells = try await analytics(items: targets.map(\.indicator), periods: [period], units: [unit])
        let actual = Dictionary(cells.map { ($0.item, $0.value) }, uniquingKeysWith: { a, _ in a })
        let order: [TrafficLight] = [.red, .amber, .none, .green]
        return targets.map { target in
            let indicator = catalog.indicators[target.indicator]!
            return ScoreLine(
                indicator: target.indicator,
                name: indicator.name,
                direction: indicator.direction,
                target: target.value,
                amberFrom: target.amberLine(indicator.direction),
                actual: actual[target.indicator],
                light: target.light(actual: actual[target.indicator], direction: indicator.direction)
            )
        }.sorted { (order.firstIndex(of: $0.light)!, $0.indicator) < (order.firstIndex(of: $1.light)!, $1.indicator) }
    }
}

extension IndicatorService {
    /// Adds or replaces data sets (province or system administrators), checked against the catalogue; audited.
    public func saveDataSets(_ sets: [DataSet], by actor: Principal) async throws {
        guard !actor.user.isDisabled, actor.holds(.systemAdmin) || actor.holds(.provinceAdmin) else {
            throw AccountError.forbidden
        }
        let catalog = try await catalog()
        let valid = try sets.map { (set) throws(IndicatorError) in try set.validated(in: catalog) }
        try await repository.save(dataSets: valid)
        try await audit.append(
            AuditEntry(
                at: clock.now(),
                actorID: actor.user.id,
                actorName: actor.user.username,
                action: "indicators.dataSets",
                entityType: "data-set",
                entityID: valid.map(\.code).joined(separator: ","),
                unitID: nil,
                before: nil,
                after: ["elements": valid.flatMap(\.elements).joined(separator: ",")]
            )
        )
    }

    /// Which units under `parent` (at the data set's level, agencies aside) reported the data set for the period,
    /// on time or late, and which did not.
    public func completeness(dataSet code: String, period: Period, parent: AdminUnit, calendar: BusinessCalendar)
        async throws -> Completeness
    {
        guard let set = try await repository.dataSets().first(where: { $0.code == code }) else {
            throw IndicatorError.invalidField(field: "dataSet", issue: .unknownCode(code))
        }
        guard period.type == set.periodType else {
            throw IndicatorError.invalidField(field: "period", issue: .periodType(set.periodType))
        }
        let expected = try await units.find(ids: try await units.subtree(of: parent.id))
            .filter { $0.level == set.level && $0.type != .agency }.sorted { $0.code < $1.code }
        let first = try await repository.firstReports(dataSet: code, period: period)
        var byCode: [String: Date] = [:]
        for unit in expected { byCode[unit.code] = first[unit.id] }
        return Completeness(
            dataSet: code,
            period: period,
            deadline: try set.deadline(for: period, calendar: calendar),
            expected: expected.map(\.code),
            firstReports: byCode
        )
    }
}
