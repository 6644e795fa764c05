import Foundation

/// The indicator catalogue, data entry and analytics: who may change what, every check, every change audited.
public struct IndicatorService: Sendable {
    let repository: any IndicatorRepository
    let units: any UnitRepository
    let audit: any AuditLog
    let clock: Clock
    let cache: IndicatorCatalogCache
    let automatic: (any AutomaticFigures)?

    public init(
        repository: any IndicatorRepository,
        units: any UnitRepository,
        audit: any AuditLog,
        clock: Clock,
        cache: IndicatorCatalogCache = IndicatorCatalogCache(),
        automatic: (any AutomaticFigures)? = nil
    ) {
        self.repository = repository
        self.units = units
        self.audit = audit
        self.clock = clock
        self.cache = cache
        self.automatic = automatic
    }

    /// Codes under `auto.` belong to the platform's own figures.
    static func isReserved(_ code: String) -> Bool { code.lowercased().hasPrefix("auto.") }

    /// The catalogue as stored, checked (kept while its version does not change).
    public func catalog() async throws -> IndicatorCatalog {
        let version = try await repository.catalogVersion()
        if let cached = cache.get(version) { return cached }
        let catalog = try IndicatorCatalog(
            elements: try await repository.elements() + AutomaticElement.allCases.map(\.element),
            indicators: try await repository.indicators() + AutomaticElement.indicators
        )
        cache.put(catalog, version: version)
        return catalog
    }

    /// Adds or replaces domains, elements and indicators (province or system administrators). The resulting
    /// catalogue must be whole: known codes, no loops. All or none.
    public func saveCatalog(
        domains: [IndicatorDomain],
        elements: [DataElement],
        indicators: [Indicator],
        by actor: Principal
    ) async throws -> IndicatorCatalog {
        guard !actor.user.isDisabled, actor.holds(.systemAdmin) || actor.holds(.provinceAdmin) else {
            throw AccountError.forbidden
        }
        for domain in domains where !IndicatorCatalog.isCode(domain.code) || domain.name.isEmpty {
            throw IndicatorError.invalidField(field: "domains.\(domain.code)", issue: .indicatorCode)
        }
        for code in domains.map(\.code) + elements.map(\.code) + indicators.map(\.code) where Self.isReserved(code) {
            throw IndicatorError.invalidField(field: "code", issue: .reservedCode(code))
        }
        let knownDomains = Set((try await repository.domains() + domains + [AutomaticElement.domain]).map(\.code))
        for domain in elements.map(\.domain) + indicators.map(\.domain) where !knownDomains.contains(domain) {
            throw IndicatorError.invalidField(field: "domain", issue: .unknownDomain(domain))
        }
        for item in elements.map(\.name) + indicators.map(\.name)
        where item.trimmingCharacters(in: .whitespaces).isEmpty {
            throw IndicatorError.invalidField(field: "name", issue: .required)
        }
        func merged<T>(_ old: [T], _ new: [T], key: (T) -> String) -> [T] {
            let replaced = Set(new.map(key))
            return old.filter { !replaced.contains(key($0)) } + new
        }
        let catalog = try IndicatorCatalog(
            elements: merged(try await repository.elements(), elements, key: \.code)
                + AutomaticElement.allCases.map(\.element),
            indicators: merged(try await repository.indicators(), indicators, key: \.code) + AutomaticElement.indicators
        )
        try await repository.save(domains: domains, elements: elements, indicators: indicators)
        try await audit.append(
            AuditEntry(
                at: clock.now(),
                actorID: actor.user.id,
                actorName: actor.user.username,
                action: "indicators.catalog",
                entityType: "indicator-catalog",
                entityID: "catalog",
                unitID: nil,
                before: nil,
                after: [
                    "domains": domains.map(\.code).joined(separator: ","),
                    "elements": elements.map(\.code).joined(separator: ","),
                    "indicators": indicators.map(\.code).joined(separator: ","),
                ]
            )
        )
        return catalog
    }

    /// Checks and stores submitted values, all or none. Each row: a known element that is typed in (not computed),
    /// a period of the element's type, a value of its type, a current unit the actor may report for. Errors carry
    /// the row's line number (`firstLine` is the line of the first value: 2 for a CSV with a header). One audit
    /// entry per unit.
    @discardableResult
    public func submit(_ rows: [SubmittedValue], firstLine: Int = 1, by actor: Principal) async throws -> Int {
        let catalog = try await catalog()
        var unitCache: [String: (AdminUnit.ID, allowed: Bool)] = [:]
        var checked: [StoredValue] = []
        let now = clock.now()
        for (offset, row) in rows.enumerated() {
            let line = firstLine + offset
            guard let element = catalog.elements[row.element] else {
                throw IndicatorError.row(line, field: "dataElement", issue: .unknownCode(row.element))
            }
            guard !Self.isReserved(element.code) else {
                throw IndicatorError.row(line, field: "dataElement", issue: .computedElement)
            }
            guard let period = Period(row.period) else {
                throw IndicatorError.row(line, field: "period", issue: .periodFormat)
            }
            guard period.type == element.periodType else {
                throw IndicatorError.row(line, field: "period", issue: .periodType(element.periodType))
            }
            let text = row.value.trimmingCharacters(in: .whitespaces)
            guard let number = IndicatorService.number(text, type: element.valueType) else {
                throw IndicatorError.row(line, field: "value", issue: .wrongType)
            }
            let value: Double
            do { value = try element.valueType.check(number) } catch {
                guard case .invalidField(_, let issue) = error else { throw error }
                throw IndicatorError.row(line, field: "value", issue: issue)
            }
            if unitCache[row.unitCode] == nil {
                guard let unit = try await units.find(UnitKey(tree: .current, code: row.unitCode)) else {
                    throw IndicatorError.row(line, field: "orgUnit", issue: .unknownCode(row.unitCode))
                }
                let allowed = Authorizer.may(actor, .process, on: try await units.lineage(of: unit.id))
                unitCache[row.unitCode] = (unit.id, allowed)
            }
            guard let (unitID, allowed) = unitCache[row.unitCode], allowed else { throw AccountError.forbidden }
            checked.append(
                StoredValue(
                    element: element.code,
                    unit: unitID,
                    period: period,
                    value: value,
                    storedBy: actor.user.username,
                    comment: row.comment.flatMap { $0.isEmpty ? nil : String($0.prefix(1000)) },
                    updatedAt: now
                )
            )
        }
        try await repository.upsert(checked)
        // Each data set holding a submitted element counts as reported by that unit for that period.
        let dataSets = try await repository.dataSets()
        var registered: Set<String> = []
        for value in checked {
            for set in dataSets where set.periodType == value.period.type && set.elements.contains(value.element) {
                let key = "\(set.code)|\(value.period)|\(value.unit)"
                guard registered.insert(key).inserted else { continue }
                try await repository.register(dataSet: set.code, period: value.period, unit: value.unit, at: now)
            }
        }
        for (code, entries) in Dictionary(grouping: checked, by: { $0.unit }) {
            try await audit.append(
                AuditEntry(
                    at: now,
                    actorID: actor.user.id,
                    actorName: actor.user.username,
                    action: "indicators.values",
                    entityType: "data-values",
                    entityID: code.description,
                    unitID: code,
                    before: nil,
                    after: [
                        "values": String(entries.count),
                        "periods": Set(entries.map(\.period.description)).sorted().joined(separator: ","),
                    ]
                )
            )
        }
        return checked.count
    }

    /// A value typed as text: `1234.5`, Vietnamese `1.234,5`, or for booleans true/false/có/không.
    static func number(_ text: String, type: ValueType) -> Double? {
        if type == .boolean {
            switch text.lowercased() {
            case "true", "có", "yes", "1": return 1
            case "false", "không", "no", "0": return 0
            default: return nil
            }
        }
        if let value = Double(text) { return value }
        let vietnamese = text.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
        return text.contains(",") ? Double(vietnamese) : nil
    }

    /// Values of data elements and indicators for each period and unit. A unit's figure combines the values
    /// reported for it and for every unit below it, by each element's rule, over the periods of the element's type
    /// inside the asked period; indicators are evaluated from those combined inputs.
    public func analytics(items: [String], periods: [Period], units requested: [AdminUnit]) async throws
        -> [AnalyticsCell]
    {
        let catalog = try await catalog()
        var elements: Set<String> = []
        for item in items {
            if catalog.elements[item] != nil {
                elements.insert(item)
            } else if catalog.indicators[item] != nil {
                elements.formUnion(catalog.inputs(of: item))
            } else {
                throw IndicatorError.invalidField(field: "dx", issue: .unknownCode(item))
            }
        }
        // Units without children (communes) are their own subtree: one query tells which those are.
        let childCounts = try await units.childCounts(of: requested.map(\.id))
        var subtrees: [AdminUnit.ID: Set<AdminUnit.ID>] = [:]
        for unit in requested where subtrees[unit.id] == nil {
            subtrees[unit.id] =
                childCounts[unit.id]?.isEmpty == false ? Set(try await units.subtree(of: unit.id)) : [unit.id]
        }
        // The platform's own figures are computed for the asked period itself, not summed from stored values.
        let computed = elements.filter(Self.isReserved)
        elements.subtract(computed)
        var finer: Set<Period> = []
        for period in periods {
            for code in elements {
                guard let type = catalog.elements[code]?.periodType else { continue }
                finer.formUnion(period.periods(of: type))
            }
        }
        let allUnits = subtrees.values.reduce(into: Set<AdminUnit.ID>()) { $0.formUnion($1) }
        // For a unit with units below it, the database totals the elements whose rule its sums give exactly: sum,
        // min and max always; average and last when each asked period holds one period of the element. The rest
        // come back as rows and are combined here (periods first, then units).
        let pushed = elements.filter { code in
            guard let element = catalog.elements[code] else { return false }
            switch element.aggregation {
            case .sum, .min, .max: return true
            case .average, .last: return periods.allSatisfy { $0.periods(of: element.periodType).count == 1 }
            }
        }
        let parents = requested.filter { (subtrees[$0.id]?.count ?? 1) > 1 }
        let leaves = requested.filter { (subtrees[$0.id]?.count ?? 1) <= 1 }.map(\.id)
        let leafRows =
            try await leaves.isEmpty
            ? [] : repository.figures(elements: elements.sorted(), periods: finer.sorted(), units: leaves)
        let below = parents.reduce(into: Set<AdminUnit.ID>()) { $0.formUnion(subtrees[$1.id] ?? []) }
        let unpushed = elements.subtracting(pushed)
        let parentRows =
            try await below.isEmpty || unpushed.isEmpty
            ? [] : repository.figures(elements: unpushed.sorted(), periods: finer.sorted(), units: Array(below))
        let reportedByLeaf = Dictionary(grouping: leafRows) { $0.unit }
        let reportedBelow = Dictionary(grouping: parentRows) { $0.unit }
        var byUnit: [AdminUnit.ID: [DataValue<AdminUnit.ID>]] = [:]
        for unit in leaves { byUnit[unit] = reportedByLeaf[unit] ?? [] }
        var totals: [AdminUnit.ID: [Period: [String: Double]]] = [:]
        for unit in parents where byUnit[unit.id] == nil {
            byUnit[unit.id] = (subtrees[unit.id] ?? []).flatMap { reportedBelow[$0] ?? [] }
            guard !pushed.isEmpty else { continue }
            // One query for every asked period: totals per stored period, combined here into each asked one.
            let types = Set(pushed.compactMap { catalog.elements[$0]?.periodType })
            let stored = Set(periods.flatMap { period in types.flatMap { period.periods(of: $0) } })
            let sums = try await repository.totals(
                elements: pushed.sorted(),
                periods: stored.sorted(),
                units: Array(subtrees[unit.id] ?? [])
            )
            for period in periods {
                for (code, byPeriod) in sums {
                    guard let element = catalog.elements[code] else { continue }
                    let total = period.periods(of: element.periodType).compactMap { byPeriod[$0] }.reduce(nil) {
                        (sum: ValueTotals?, next: ValueTotals) in sum.map { $0.adding(next) } ?? next
                    }
                    if let value = total?.value(element.aggregation) {
                        totals[unit.id, default: [:]][period, default: [:]][code] = value
                    }
                }
            }
        }
        var automaticValues: [Period: [AdminUnit.ID: [String: Double]]] = [:]
        if !computed.isEmpty, let automatic {
            for period in periods {
                let perUnit = try await automatic.inputs(period: period.reporting, units: Array(allUnits))
                for unit in requested {
                    var total = Index766.Inputs()
                    for member in subtrees[unit.id] ?? [] { if let x = perUnit[member] { total.add(x) } }
                    for code in computed {
                        guard let element = AutomaticElement(rawValue: code) else { continue }
                        automaticValues[period, default: [:]][unit.id, default: [:]][code] = element.value(from: total)
                    }
                }
            }
        }
        var cells: [AnalyticsCell] = []
        for unit in requested {
            for period in periods {
                var inputs = catalog.aggregate(byUnit[unit.id] ?? [], units: subtrees[unit.id] ?? [], period: period)
                inputs.merge(totals[unit.id]?[period] ?? [:]) { rows, _ in rows }
                inputs.merge(automaticValues[period]?[unit.id] ?? [:]) { stored, _ in stored }
                for item in items {
                    let value = catalog.elements[item] != nil ? inputs[item] : catalog.evaluate(item, inputs)
                    if let value {
                        cells.append(AnalyticsCell(item: item, period: period, unit: unit.id, value: value))
                    }
                }
            }
        }
        return cells
    }
}
