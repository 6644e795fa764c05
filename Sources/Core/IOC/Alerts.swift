public import Foundation

/// Counts the platform keeps live, for alert rules and dashboard counters.
public enum LiveCounter: String, Hashable, Sendable, Codable, CaseIterable {
    case openFeedback, overdueFeedback, openDossiers, overdueDossiers

    public var label: String {
        switch self {
        case .openFeedback: "Phản ánh đang xử lý"
        case .overdueFeedback: "Phản ánh quá hạn"
        case .openDossiers: "Hồ sơ đang giải quyết"
        case .overdueDossiers: "Hồ sơ quá hạn"
        }
    }
}

public enum Comparison: String, Hashable, Sendable, Codable, CaseIterable {
    case above, atLeast, below, atMost

    public func holds(_ value: Double, _ threshold: Double) -> Bool {
        switch self {
        case .above: value > threshold
        case .atLeast: value >= threshold
        case .below: value < threshold
        case .atMost: value <= threshold
        }
    }

    public var symbol: String {
        switch self {
        case .above: ">"
        case .atLeast: "≥"
        case .below: "<"
        case .atMost: "≤"
        }
    }
}

/// "Overdue dossiers in a commune > 5", "on-time rate < 95 %": a threshold on an indicator (this month's value) or
/// on a live counter, watched for one unit or for each unit directly below it.
public struct AlertRule: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<AlertRule>
    public enum Subject: String, Hashable, Sendable, Codable, CaseIterable {
        case indicator, counter
    }

    public var id: ID
    public var name: String
    public var subjectKind: Subject
    /// An indicator or element code, or a `LiveCounter` raw value.
    public var subject: String
    public var comparison: Comparison
    public var threshold: Double
    /// The unit watched (or whose children are watched).
    public var unitCode: String
    public var eachChild: Bool

    public init(
        id: ID = ID(),
        name: String,
        subjectKind: Subject,
        subject: String,
        comparison: Comparison,
        threshold: Double,
        unitCode: String,
        eachChild: Bool
    ) {
        self.id = id
        self.name = name
        self.subjectKind = subjectKind
        self.subject = subject
        self.comparison = comparison
        self.threshold = threshold
        self.unitCode = unitCode
        self.eachChild = eachChild
    }

    public var condition: String {
        "\(comparison.symbol) \(VietnameseFormat.decimal(threshold, digits: threshold == threshold.rounded() ? 0 : 1))"
    }
}

/// A unit's value as a rule reads it.
public struct Observation: Hashable, Sendable {
    public let unitCode: String
    public let unitName: String
    public let value: Double

    public init(unitCode: String, unitName: String, value: Double) {
        self.unitCode = unitCode
        self.unitName = unitName
        self.value = value
    }
}

/// Raised when a unit breaks a rule; an officer acknowledges it; it clears itself when the value is back within.
public struct Alert: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Alert>

    public let id: ID
    public let ruleID: AlertRule.ID
    public let ruleName: String
    public let condition: String
    public let unitCode: String
    public let unitName: String
    /// The latest value read while the alert is open.
    public var value: Double
    public let raisedAt: Date
    public var acknowledgedAt: Date?
    public var acknowledgedBy: String?
    public var note: String?
    public var clearedAt: Date?

    public var isOpen: Bool { clearedAt == nil }

    public var stateLabel: String {
        if clearedAt != nil { return "Đã hết" }
        return acknowledgedAt == nil ? "Mới" : "Đã tiếp nhận"
    }

    init(rule: AlertRule, observation: Observation, at now: Date) {
        id = ID()
        ruleID = rule.id
        ruleName = rule.name
        condition = rule.condition
        unitCode = observation.unitCode
        unitName = observation.unitName
        value = observation.value
        raisedAt = now
    }
}

/// What one evaluation of a rule changes.
public struct AlertChanges: Hashable, Sendable {
    public var raised: [Alert] = []
    public var cleared: [Alert] = []
    /// Open alerts still in breach whose value moved.
    public var updated: [Alert] = []
}

extension AlertRule {
    /// Compares the observations with the rule: a unit in breach without an open alert raises one; an open alert
    /// whose unit is back within (or no longer observed) clears. One open alert per rule and unit at most.
    public func evaluate(_ observations: [Observation], open: [Alert], at now: Date) -> AlertChanges {
        var changes = AlertChanges()
        let openByUnit = Dictionary(
            open.filter { $0.ruleID == id && $0.isOpen }.map { ($0.unitCode, $0) },
            uniquingKeysWith: { a, _ in a }
        )
        var breaching: Set<String> = []
        for observation in observations where comparison.holds(observation.value, threshold) {
            breaching.insert(observation.unitCode)
            if var existing = openByUnit[observation.unitCode] {
                if existing.value != observation.value {
                    existing.value = observation.value
                    changes.updated.append(existing)
                }
            } else {
                changes.raised.append(Alert(rule: self, observation: observation, at: now))
            }
        }
        for (code, alert) in openByUnit.sorted(by: { $0.key < $1.key }) where !breaching.contains(code) {
            var cleared = alert
            cleared.clearedAt = now
            changes.cleared.append(cleared)
        }
        return changes
    }
}
