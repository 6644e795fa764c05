/// Combining values by an element's rule: over the finer periods of one unit first, then over units.
extension Aggregation {
    /// Units' values for the same period into their parent's: `last` and `sum` add up.
    public func combineUnits(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        switch self {
        case .sum, .last: return values.reduce(0, +)
        case .average: return values.reduce(0, +) / Double(values.count)
        case .min: return values.min()
        case .max: return values.max()
        }
    }

    /// One unit's values of finer periods into a coarser one: `last` keeps the latest period's value.
    public func combinePeriods(_ values: [(period: Period, value: Double)]) -> Double? {
        guard !values.isEmpty else { return nil }
        switch self {
        case .last: return values.max { $0.period < $1.period }?.value
        default: return combineUnits(values.map(\.value))
        }
    }
}

/// A stored number: one element, one unit, one period.
public struct DataValue<Unit: Hashable & Sendable>: Hashable, Sendable {
    public var element: String
    public var unit: Unit
    public var period: Period
    public var value: Double

    public init(element: String, unit: Unit, period: Period, value: Double) {
        self.element = element
        self.unit = unit
        self.period = period
        self.value = value
    }
}

extension IndicatorCatalog {
    /// The reference roll-up: each element's values of `units` inside `period`, combined by the element's rule
    /// (over periods per unit, then over units). Indicators are then evaluated from these sums, never by averaging
    /// the units' ratios.
    public func aggregate<Unit>(_ values: [DataValue<Unit>], units: Set<Unit>, period: Period) -> [String: Double] {
        var byElement: [String: [Unit: [(period: Period, value: Double)]]] = [:]
        for v in values where units.contains(v.unit) && period.contains(v.period) {
            byElement[v.element, default: [:]][v.unit, default: []].append((v.period, v.value))
        }
        var result: [String: Double] = [:]
        for (code, perUnit) in byElement {
            let rule = elements[code]?.aggregation ?? .sum
            let unitValues = perUnit.values.compactMap { rule.combinePeriods($0) }
            result[code] = rule.combineUnits(unitValues)
        }
        return result
    }
}
