/// Green at or beyond the target, amber close to it, red beyond the amber line; none without a value.
public enum TrafficLight: String, Hashable, Sendable, Codable, CaseIterable {
    case green, amber, red, none

    public var label: String {
        switch self {
        case .green: "Đạt"
        case .amber: "Gần đạt"
        case .red: "Chưa đạt"
        case .none: "Chưa có số liệu"
        }
    }
}

/// What a unit should reach on an indicator in a period.
public struct Target: Hashable, Sendable, Codable {
    public var indicator: String
    public var unitCode: String
    public var period: String
    public var value: Double
    /// Where amber begins; by default 90 % of the target when higher is better, 110 % when lower is.
    public var amberFrom: Double?

    public init(indicator: String, unitCode: String, period: String, value: Double, amberFrom: Double? = nil) {
        self.indicator = indicator
        self.unitCode = unitCode
        self.period = period
        self.value = value
        self.amberFrom = amberFrom
    }

    public func amberLine(_ direction: Direction) -> Double {
        amberFrom ?? (direction == .higherIsBetter ? value * 0.9 : value * 1.1)
    }

    public func light(actual: Double?, direction: Direction) -> TrafficLight {
        guard let actual else { return .none }
        switch direction {
        case .higherIsBetter:
            if actual >= value { return .green }
            return actual >= amberLine(direction) ? .amber : .red
        case .lowerIsBetter:
            if actual <= value { return .green }
            return actual <= amberLine(direction) ? .amber : .red
        }
    }

    /// The amber line must lie on the far side of the target.
    public func validated(_ direction: Direction) throws(IndicatorError) -> Target {
        guard value.isFinite else { throw .invalidField(field: "value", issue: .wrongType) }
        let line = amberLine(direction)
        guard line.isFinite, direction == .higherIsBetter ? line <= value : line >= value else {
            throw .invalidField(field: "amberFrom", issue: .amberLine)
        }
        return self
    }
}

/// One line of a unit's scorecard.
public struct ScoreLine: Hashable, Sendable, Codable {
    public let indicator: String
    public let name: String
    public let direction: Direction
    public let target: Double
    public let amberFrom: Double
    public let actual: Double?
    public let light: TrafficLight
}

extension FieldIssue {
    public static let amberLine = FieldIssue(
        english: "must be below the target when higher is better, above it when lower is better",
        vietnamese: "phải thấp hơn chỉ tiêu khi càng cao càng tốt, cao hơn khi càng thấp càng tốt"
    )
}
