public import Foundation

public protocol AlertRepository: Sendable {
    func rules() async throws -> [AlertRule]
    func save(rule: AlertRule) async throws
    /// Removes the rule and clears its open alerts at `now`.
    func deleteRule(_ id: AlertRule.ID, at now: Date) async throws
    /// Newest first; open ones only when asked.
    func alerts(openOnly: Bool, limit: Int) async throws -> [Alert]
    func alert(_ id: Alert.ID) async throws -> Alert?
    func save(alerts: [Alert]) async throws
}

/// Reads the live counters for units (each unit with everything below it).
public protocol LiveCounts: Sendable {
    func count(_ counter: LiveCounter, units: [AdminUnit]) async throws -> [AdminUnit.ID: Int]
}

/// Alert rules (set by whoever configures the watched unit), their evaluation, and acknowledgement by the unit's
/// officers. Every raise, clearance and acknowledgement is audited.
public struct AlertService: Sendable {
    let repository: any AlertRepository
    let indicators: IndicatorService
    let counts: any LiveCounts
    let units: any UnitRepository
    let audit: any AuditLog
    let clock: Clock

    public init(
        repository: any AlertRepository,
        indicators: IndicatorService,
        counts: any LiveCounts,
        units: any UnitRepository,
        audit: any AuditLog,
        clock: Clock
    ) {
        self.repository = repository
        self.indicators = indicators
        self.counts = counts
        self.units = units
        self.audit = audit
        self.clock = clock
    }

    func unit(_ code: String) async throws -> AdminUnit {
        guard let unit = try await units.find(UnitKey(tree: .current, code: code)) else {
            throw IndicatorError.invalidField(field: "unitCode", issue: .unknownCode(code))
        }
        return unit
    }

    public func saveRule(_ rule: AlertRule, by actor: Principal) async throws {
        _ = try await units.authorised(rule.unitCode, .configure, by: actor)
        guard !rule.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw IndicatorError.invalidField(field: "name", issue: .required)
        }
        guard rule.threshold.isFinite else { throw IndicatorError.invalidField(field: "threshold", issue: .wrongType) }
        switch rule.subjectKind {
        case .counter:
            guard LiveCounter(rawValue: rule.subject) != nil else {
                throw IndicatorError.invalidField(field: "subject", issue: .unknownCode(rule.subject))
            }
        case .indicator:
            let catalog = try await indicators.catalog()
            guard catalog.indicators[rule.subject] != nil || catalog.elements[rule.subject] != nil else {
                throw IndicatorError.invalidField(field: "subject", issue: .unknownCode(rule.subject))
            }
        }
        try await repository.save(rule: rule)
        try await log("alert.rule", entity: rule.id.description, actor: actor, after: ["rule": describe(rule)])
    }

    public func deleteRule(_ id: AlertRule.ID, by actor: Principal) async throws {
        guard let rule = try await repository.rules().first(where: { $0.id == id }) else {
            throw IndicatorError.notFound
        }
        _ = try await units.authorised(rule.unitCode, .configure, by: actor)
        try await repository.deleteRule(id, at: clock.now())
        try await log("alert.ruleDelete", entity: id.description, actor: actor, before: ["rule": describe(rule)])
    }

    func describe(_ rule: AlertRule) -> String {
        "\(rule.name): \(rule.subject) \(rule.condition) @ \(rule.unitCode)\(rule.eachChild ? "/*" : "")"
    }

    /// The month an indicator rule reads: the current one for the platform's own figures, the previous one for
    /// typed-in values (reported after the month ends).
    public func month(for rule: AlertRule) -> Period {
        let current = Period(.monthly, containing: CivilDate(clock.now()))
        return rule.subject.hasPrefix("auto.") ? current : current.previous
    }

    /// What the rule reads now, for each watched unit.
    public func observe(_ rule: AlertRule) async throws -> [Observation] {
        let scope = try await unit(rule.unitCode)
        let watched = rule.eachChild ? try await units.children(of: scope.id).filter { $0.type != .agency } : [scope]
        guard !watched.isEmpty else { return [] }
        let values: [AdminUnit.ID: Double]
        switch rule.subjectKind {
        case .counter:
            guard let counter = LiveCounter(rawValue: rule.subject) else { return [] }
            values = try await counts.count(counter, units: watched).mapValues(Double.init)
        case .indicator:
            let cells = try await indicators.analytics(
                items: [rule.subject],
                periods: [month(for: rule)],
                units: watched
            )
            values = Dictionary(cells.map { ($0.unit, $0.value) }, uniquingKeysWith: { a, _ in a })
        }
        return watched.compactMap { unit in
            values[unit.id].map { Observation(unitCode: unit.code, unitName: unit.name, value: $0) }
        }
    }

    /// Evaluating the rules is `observeRules`, then `record`. Every rule with what it observes now. Reads only: the live counters read every dossier of the watched
    /// units, which inside a write transaction held SQLite's one writer for seconds every five minutes while
    /// citizens' reports waited (issue 11). Callers run this first and `record` in a short transaction.
    public func observeRules() async throws -> [(rule: AlertRule, observations: [Observation])] {
        var result: [(rule: AlertRule, observations: [Observation])] = []
        for rule in try await repository.rules() { result.append((rule, try await observe(rule))) }
        return result
    }

    /// Raises and clears alerts from `observed` against the alerts open now; returns how many.
    public func record(_ observed: [(rule: AlertRule, observations: [Observation])]) async throws -> (
        raised: Int, cleared: Int
    ) {
        let open = try await repository.alerts(openOnly: true, limit: 100_000)
        let rules = Dictionary(try await repository.rules().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var raised = 0
        var cleared = 0
        // A rule changed or deleted since it was observed is skipped; the next evaluation sees it as it is.
        for (rule, observations) in observed where rules[rule.id] == rule {
            let changes = rule.evaluate(observations, open: open, at: clock.now())
            try await repository.save(alerts: changes.raised + changes.cleared + changes.updated)
            for alert in changes.raised {
                try await log("alert.raise", alert, after: ["value": String(alert.value), "rule": rule.name])
            }
            for alert in changes.cleared {
                try await log("alert.clear", alert, after: ["value": String(alert.value)])
            }
            raised += changes.raised.count
            cleared += changes.cleared.count
        }
        return (raised, cleared)
    }

    /// An officer of the unit (or above it) takes the alert in hand, with a note.
    public func acknowledge(_ id: Alert.ID, note: String, by actor: Principal) async throws -> Alert {
        guard var alert = try await repository.alert(id) else { throw IndicatorError.notFound }
        _ = try await units.authorised(alert.unitCode, .process, by: actor)
        guard alert.acknowledgedAt == nil else {
            throw IndicatorError.invalidField(field: "alert", issue: .alreadyAcknowledged)
        }
        alert.acknowledgedAt = clock.now()
        alert.acknowledgedBy = actor.user.username
        alert.note = String(note.trimmingCharacters(in: .whitespacesAndNewlines).prefix(500))
        try await repository.save(alerts: [alert])
        try await log(
            "alert.acknowledge",
            entity: alert.id.description,
            actor: actor,
            after: ["note": alert.note ?? ""]
        )
        return alert
    }

    func log(_ action: String, _ alert: Alert, after: [String: String]) async throws {
        try await audit.append(
            AuditEntry(
                at: clock.now(),
                actorID: nil,
                actorName: "hệ thống",
                action: action,
                entityType: "alert",
                entityID: alert.id.description,
                unitID: nil,
                before: nil,
                after: after.merging(["unit": alert.unitCode]) { a, _ in a }
            )
        )
    }

    func log(
        _ action: String,
        entity: String,
        actor: Principal,
        before: [String: String]? = nil,
        after: [String: String]? = nil
    ) async throws {
        try await audit.append(
            AuditEntry(
                at: clock.now(),
                actorID: actor.user.id,
                actorName: actor.user.username,
                action: action,
                entityType: "alert",
                entityID: entity,
                unitID: nil,
                before: before,
                after: after
            )
        )
    }
}

extension FieldIssue {
    public static let alreadyAcknowledged = FieldIssue(
        english: "the alert was already acknowledged",
        vietnamese: "cảnh báo đã được tiếp nhận"
    )
}
