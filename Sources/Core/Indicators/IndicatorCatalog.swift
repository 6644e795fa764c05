import Foundation

/// Everything that can go wrong with indicators, data values and the DTI.
public enum IndicatorError: Error, Equatable, Sendable {
    case syntax(position: Int, FieldIssue)
    case unknownElement(String)
    case unknownIndicator(String)
    /// Indicators that refer to each other in a loop, in order (the first repeated at the end).
    case cycle([String])
    case invalidField(field: String, issue: FieldIssue)
    /// A bad row of an import, with its 1-based line number (the header is line 1).
    case row(Int, field: String, issue: FieldIssue)
    case notFound
}

/// How values of one element combine over units (communes into their province) and over time (months into a
/// quarter). `last` adds up over units and keeps the latest period over time, for stocks such as population.
public enum Aggregation: String, Hashable, Sendable, Codable, CaseIterable {
    case sum, average, last, min, max
}

public enum ValueType: String, Hashable, Sendable, Codable, CaseIterable {
    case number, percentage, count, boolean

    /// Checks and normalises a typed value: counts are whole and not negative, percentages 0–100, booleans 0/1.
    public func check(_ value: Double) throws(IndicatorError) -> Double {
        guard value.isFinite else { throw .invalidField(field: "value", issue: .wrongType) }
        switch self {
        case .number: return value
        case .count:
            guard value >= 0, value == value.rounded() else { throw .invalidField(field: "value", issue: .countValue) }
        case .percentage:
            guard (0...100).contains(value) else { throw .invalidField(field: "value", issue: .percentValue) }
        case .boolean:
            guard value == 0 || value == 1 else { throw .invalidField(field: "value", issue: .booleanValue) }
        }
        return value
    }
}

/// A number units report (DHIS2 data element).
public struct DataElement: Hashable, Sendable, Codable {
    public var code: String
    public var name: String
    public var domain: String
    public var valueType: ValueType
    public var unitOfMeasure: String
    public var aggregation: Aggregation
    public var periodType: PeriodType

    public init(
        code: String,
        name: String,
        domain: String,
        valueType: ValueType = .number,
        unitOfMeasure: String = "",
        aggregation: Aggregation = .sum,
        periodType: PeriodType = .monthly
    ) {
        self.code = code
        self.name = name
        self.domain = domain
        self.valueType = valueType
        self.unitOfMeasure = unitOfMeasure
        self.aggregation = aggregation
        self.periodType = periodType
    }
}

/// Whether more is better.
public enum Direction: String, Hashable, Sendable, Codable, CaseIterable {
    case higherIsBetter, lowerIsBetter
}

/// numerator / denominator × factor (100 for a percentage), DHIS2's indicator; the denominator defaults to 1.
public struct Indicator: Hashable, Sendable, Codable {
    public var code: String
    public var name: String
    public var domain: String
    public var numerator: String
    public var denominator: String
    public var factor: Double
    public var periodType: PeriodType
    /// The unit level that reports it (0 province, 1 commune) and the owning agency's slug.
    public var level: Int
    public var owner: String
    public var direction: Direction
    /// Computed by the platform (dossiers, feedback) rather than typed in.
    public var automatic: Bool

    public init(
        code: String,
        name: String,
        domain: String,
        numerator: String,
        denominator: String = "1",
        factor: Double = 1,
        periodType: PeriodType = .monthly,
        level: Int = 1,
        owner: String = "",
        direction: Direction = .higherIsBetter,
        automatic: Bool = false
    ) {
        self.code = code
        self.name = name
        self.domain = domain
        self.numerator = numerator
        self.denominator = denominator
        self.factor = factor
        self.periodType = periodType
        self.level = level
        self.owner = owner
        self.direction = direction
        self.automatic = automatic
    }
}

/// A catalogue checked as a whole: every formula parses, names only known elements and indicators, and no
/// indicator depends on itself. Evaluation order is precomputed.
public struct IndicatorCatalog: Sendable {
    public let elements: [String: DataElement]
    public let indicators: [String: Indicator]
    let formulas: [String: (numerator: Expression, denominator: Expression)]
    /// Indicators ordered so that each comes after the indicators it reads.
    public let order: [String]

    public init(elements: [DataElement], indicators: [Indicator]) throws(IndicatorError) {
        var elementMap: [String: DataElement] = [:]
        for element in elements {
            guard Self.isCode(element.code) else { throw .invalidField(field: "code", issue: .indicatorCode) }
            elementMap[element.code] = element
        }
        var indicatorMap: [String: Indicator] = [:]
        var formulas: [String: (Expression, Expression)] = [:]
        for indicator in indicators {
            guard Self.isCode(indicator.code) else { throw .invalidField(field: "code", issue: .indicatorCode) }
            guard indicator.factor.isFinite, indicator.factor != 0 else {
                throw .invalidField(field: "factor", issue: .positive)
            }
            indicatorMap[indicator.code] = indicator
            formulas[indicator.code] = (try Expression(indicator.numerator), try Expression(indicator.denominator))
        }
        for formula in formulas.sorted(by: { $0.key < $1.key }).map(\.value) {
            for element in formula.0.elements.union(formula.1.elements).sorted() where elementMap[element] == nil {
                throw .unknownElement(element)
            }
            for other in formula.0.indicators.union(formula.1.indicators).sorted() where indicatorMap[other] == nil {
                throw .unknownIndicator(other)
            }
        }
        self.elements = elementMap
        self.indicators = indicatorMap
        self.formulas = formulas
        self.order = try Self.topologicalOrder(formulas.mapValues { $0.0.indicators.union($0.1.indicators) })
    }

    /// Depth-first, reporting the first loop found (in a stable order) with its path.
    static func topologicalOrder(_ dependencies: [String: Set<String>]) throws(IndicatorError) -> [String] {
        var state: [String: Bool] = [:]  // false: on the path; true: done
        var order: [String] = []
        var path: [String] = []
        func visit(_ code: String) throws(IndicatorError) {
            if let done = state[code] {
                if done { return }
                let start = path.firstIndex(of: code)!
                throw .cycle(Array(path[start...]) + [code])
            }
            state[code] = false
            path.append(code)
            for next in (dependencies[code] ?? []).sorted() { try visit(next) }
            path.removeLast()
            state[code] = true
            order.append(code)
        }
        for code in dependencies.keys.sorted() { try visit(code) }
        return order
    }

    /// Letters, digits, `_`, `.` and `-`; 1–50 characters.
    static func isCode(_ code: String) -> Bool {
        (1...50).contains(code.count) && code.allSatisfy { $0.isLetter || $0.isNumber || "_.-".contains($0) }
    }

    /// The data elements an indicator needs, through the indicators it reads.
    public func inputs(of code: String) -> Set<String> {
        guard let formula = formulas[code] else { return [] }
        var result = formula.numerator.elements.union(formula.denominator.elements)
        for other in formula.numerator.indicators.union(formula.denominator.indicators) {
            result.formUnion(inputs(of: other))
        }
        return result
    }

    /// Every indicator's value from one set of (already aggregated) element values. An indicator with no value
    /// (missing input, zero denominator) is absent from the result.
    public func evaluate(_ values: [String: Double]) -> [String: Double] {
        var result: [String: Double] = [:]
        for code in order {
            guard let formula = formulas[code], let indicator = indicators[code] else { continue }
            let element = { (e: String) in values[e] }
            let other = { (i: String) in result[i] }
            guard let n = formula.numerator.evaluate(element: element, indicator: other),
                let d = formula.denominator.evaluate(element: element, indicator: other), d != 0
            else { continue }
            let value = n / d * indicator.factor
            if value.isFinite { result[code] = value }
        }
        return result
    }

    /// One indicator's value (evaluating only what it needs).
    public func evaluate(_ code: String, _ values: [String: Double]) -> Double? {
        guard let formula = formulas[code], let indicator = indicators[code] else { return nil }
        let element = { (e: String) in values[e] }
        let other = { (i: String) in self.evaluate(i, values) }
        guard let n = formula.numerator.evaluate(element: element, indicator: other),
            let d = formula.denominator.evaluate(element: element, indicator: other), d != 0
        else { return nil }
        let value = n / d * indicator.factor
        return value.isFinite ? value : nil
    }
}

extension FieldIssue {
    public static let indicatorCode = FieldIssue(
        english: "must be 1–50 letters, digits, “_”, “.” or “-”",
        vietnamese: "phải gồm 1–50 chữ, số, “_”, “.” hoặc “-”"
    )
    public static let countValue = FieldIssue(
        english: "must be a whole number ≥ 0",
        vietnamese: "phải là số nguyên không âm"
    )
    public static let percentValue = FieldIssue(english: "must be between 0 and 100", vietnamese: "phải từ 0 đến 100")
    public static let booleanValue = FieldIssue(english: "must be 0 or 1", vietnamese: "phải là 0 hoặc 1")
}
