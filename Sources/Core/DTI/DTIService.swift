import Foundation

public protocol DTIRepository: Sendable {
    func frameworks() async throws -> [DTIFramework]
    func save(framework: DTIFramework) async throws
    func assessment(_ id: DTIAssessment.ID) async throws -> DTIAssessment?
    func assessments(framework: String, year: Int) async throws -> [DTIAssessment]
    func save(_ assessment: DTIAssessment) async throws
    func tasks(framework: String, year: Int) async throws -> [ImprovementTask]
    func task(_ id: ImprovementTask.ID) async throws -> ImprovementTask?
    func save(_ task: ImprovementTask) async throws
    func publishedRanks(framework: String) async throws -> [DTIPublishedRank]
    func save(publishedRanks: [DTIPublishedRank]) async throws
}

/// One row of a DTI ranking.
public struct DTIRank: Hashable, Sendable, Codable {
    public let unitCode: String
    public let unitName: String
    public let rank: Int
    public let score: DTIScore
}

/// DTI frameworks, the yearly assessment workflow, rankings and improvement tasks; every change audited.
public struct DTIService: Sendable {
    let repository: any DTIRepository
    let units: any UnitRepository
    let audit: any AuditLog
    let calendar: BusinessCalendar
    let clock: Clock

    public init(
        repository: any DTIRepository,
        units: any UnitRepository,
        audit: any AuditLog,
        calendar: BusinessCalendar,
        clock: Clock
    ) {
        self.repository = repository
        self.units = units
        self.audit = audit
        self.calendar = calendar
        self.clock = clock
    }

    /// The built-in QĐ 922 and the stored frameworks (a stored one with the same code wins).
    public func frameworks() async throws -> [DTIFramework] {
        let stored = try await repository.frameworks()
        return ([DTIFramework.qd922].filter { b in !stored.contains { $0.code == b.code } } + stored)
            .sorted { $0.code < $1.code }
    }

    public func framework(_ code: String) async throws -> DTIFramework {
        guard let found = try await frameworks().first(where: { $0.code == code }) else {
            throw IndicatorError.invalidField(field: "framework", issue: .unknownCode(code))
        }
        return found
    }

    /// A province's own framework (for its departments or communes): unique codes, each sub-indicator under a
    /// known index, and sub-indicator maxima adding up to their index's.
    public func saveFramework(_ framework: DTIFramework, by actor: Principal) async throws {
        guard !actor.user.isDisabled, actor.holds(.systemAdmin) || actor.holds(.provinceAdmin) else {
            throw AccountError.forbidden
        }
        guard IndicatorCatalog.isCode(framework.code), !framework.indices.isEmpty else {
            throw IndicatorError.invalidField(field: "code", issue: .indicatorCode)
        }
        let indices = Dictionary(framework.indices.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        guard indices.count == framework.indices.count,
            Set(framework.subIndicators.map(\.code)).count == framework.subIndicators.count
        else { throw IndicatorError.invalidField(field: "code", issue: .duplicateCode) }
        for sub in framework.subIndicators where indices[sub.index] == nil {
            throw IndicatorError.invalidField(field: sub.code, issue: .unknownCode(sub.index))
        }
        if !framework.subIndicators.isEmpty {
            for index in framework.indices {
                let sum = framework.subIndicators.filter { $0.index == index.code }.map(\.maxPoints).reduce(0, +)
                guard abs(sum - index.maxPoints) < 1e-9 else {
                    throw IndicatorError.invalidField(field: index.code, issue: .pointsSum(index.maxPoints))
                }
            }
        }
        try await repository.save(framework: framework)
        try await log("dti.framework", entity: framework.code, actor: actor, after: ["indices": String(indices.count)])
    }

    /// This year's assessment of a unit, started when there is none. Years before the 2025 reorganisation take
    /// the unit from the legacy tree, so the assessment keeps the province as it was.
    public func assessment(framework code: String, year: Int, unitCode: String, by actor: Principal) async throws
        -> DTIAssessment
    {
        _ = try await framework(code)
        guard (2020...2100).contains(year) else { throw IndicatorError.invalidField(field: "year", issue: .wrongType) }
        let tree: AdminTree = year < 2025 ? .legacy : .current
        guard let unit = try await units.find(UnitKey(tree: tree, code: unitCode)) else {
            throw IndicatorError.invalidField(field: "unit", issue: .unknownCode(unitCode))
        }
        let lineage = try await units.lineage(of: unit.id)
        guard Authorizer.may(actor, .view, on: lineage) else { throw AccountError.forbidden }
        if let existing = try await repository.assessments(framework: code, year: year).first(where: {
            $0.unitCode == unitCode
        }) {
            return existing
        }
        // Starting one is a write: the unit's own officers (or those above them).
        guard Authorizer.may(actor, .process, on: lineage) else { throw AccountError.forbidden }
        let created = DTIAssessment(framework: code, year: year, unitCode: unit.code, unitName: unit.name)
        try await repository.save(created)
        try await log("dti.start", entity: created.id.description, actor: actor, after: ["unit": unitCode])
        return created
    }

    /// The unit (process rights over it) self-assesses and submits; the council (configure rights over a unit
    /// above it, or a system administrator) appraises, reopens and finalises.
    public func act(_ action: DTIAction, on id: DTIAssessment.ID, by actor: Principal) async throws -> DTIAssessment {
        guard let current = try await repository.assessment(id) else { throw IndicatorError.notFound }
        let tree: AdminTree = current.year < 2025 ? .legacy : .current
        guard let unit = try await units.find(UnitKey(tree: tree, code: current.unitCode)) else {
            throw IndicatorError.notFound
        }
        let lineage = try await units.lineage(of: unit.id)
        let allowed =
            action.byCouncil
            ? actor.holds(.systemAdmin)
                || (lineage.ids.dropFirst().contains { ancestor in
                    actor.grants.contains {
                        $0.unitID == ancestor && $0.role.actions.contains(.configure) && $0.includesDescendants
                    }
                })
            : Authorizer.may(actor, .process, on: lineage)
        guard allowed, !actor.user.isDisabled else { throw AccountError.forbidden }
        let framework = try await framework(current.framework)
        let next = try current.applying(action, framework: framework)
        try await repository.save(next)
        let total = try next.score(in: framework).total
        try await log(
            "dti.\(action.name)",
            entity: next.id.description,
            actor: actor,
            before: ["stage": current.stage.rawValue],
            after: ["stage": next.stage.rawValue, "total": String(total)]
        )
        return next
    }

    /// Final assessments of the year ranked by total (ties share a rank).
    public func ranking(framework code: String, year: Int) async throws -> [DTIRank] {
        let framework = try await framework(code)
        let finals = try await repository.assessments(framework: code, year: year).filter { $0.stage == .final }
        var scores: [String: (DTIAssessment, DTIScore)] = [:]
        for assessment in finals { scores[assessment.unitCode] = (assessment, try assessment.score(in: framework)) }
        let ordered = finals.sorted { $0.unitCode < $1.unitCode }
        return CompetitionRanking.rank(ordered.map { ($0.unitCode, scores[$0.unitCode]!.1.total) }).map {
            DTIRank(unitCode: $0.key, unitName: scores[$0.key]!.0.unitName, rank: $0.rank, score: scores[$0.key]!.1)
        }
    }

    /// What if the unit's inputs changed as given: its new total and the rank it would take among the year's final
    /// assessments (others unchanged).
    public func whatIf(framework code: String, year: Int, unitCode: String, changes: [String: Double]) async throws
        -> (score: DTIScore, rank: Int, of: Int)
    {
        let framework = try await framework(code)
        let all = try await repository.assessments(framework: code, year: year)
        let mine = all.first { $0.unitCode == unitCode }
        var inputs = mine.map { $0.appraisedInputs ?? $0.selfInputs } ?? [:]
        inputs.merge(changes) { _, new in new }
        let score = try DTIAssessment.score(inputs, in: framework)
        var field: [(key: String, score: Double)] = [(unitCode, score.total)]
        for other in all where other.stage == .final && other.unitCode != unitCode {
            field.append((other.unitCode, try other.score(in: framework).total))
        }
        let rank = CompetitionRanking.rank(field).first { $0.key == unitCode }?.rank ?? 1
        return (score, rank, field.count)
    }

    /// A task for a weak index, due `workingDays` working days from today; set by whoever configures the assignee.
    public func createTask(
        framework code: String,
        year: Int,
        index: String,
        title: String,
        assigneeCode: String,
        workingDays: Int,
        by actor: Principal
    ) async throws -> ImprovementTask {
        let framework = try await framework(code)
        guard framework.indices.contains(where: { $0.code == index }) else {
            throw IndicatorError.invalidField(field: "index", issue: .unknownCode(index))
        }
        let text = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (5...500).contains(text.count) else {
            throw IndicatorError.invalidField(field: "title", issue: .required)
        }
        guard (1...250).contains(workingDays) else {
            throw IndicatorError.invalidField(field: "workingDays", issue: .wrongType)
        }
        guard let unit = try await units.find(UnitKey(tree: .current, code: assigneeCode)) else {
            throw IndicatorError.invalidField(field: "assignee", issue: .unknownCode(assigneeCode))
        }
        guard Authorizer.may(actor, .configure, on: try await units.lineage(of: unit.id)) else {
            throw AccountError.forbidden
        }
        let now = clock.now()
        let task = ImprovementTask(
            framework: code,
            year: year,
            index: index,
            title: text,
            assigneeCode: unit.code,
            due: try calendar.addingWorkingDays(workingDays, to: CivilDate(now)),
            createdAt: now
        )
        try await repository.save(task)
        try await log(
            "dti.task",
            entity: task.id.description,
            actor: actor,
            after: ["due": task.due.iso, "to": unit.code]
        )
        return task
    }

    /// The assignee (process rights) reports progress; done needs evidence.
    public func updateTask(
        _ id: ImprovementTask.ID,
        status: ImprovementTask.Status,
        evidence: [String],
        by actor: Principal
    )
        async throws -> ImprovementTask
    {
        guard let task = try await repository.task(id),
            let unit = try await units.find(UnitKey(tree: .current, code: task.assigneeCode))
        else { throw IndicatorError.notFound }
        guard Authorizer.may(actor, .process, on: try await units.lineage(of: unit.id)) else {
            throw AccountError.forbidden
        }
        let next = try task.updated(to: status, evidence: evidence, at: clock.now())
        try await repository.save(next)
        try await log(
            "dti.taskStatus",
            entity: id.description,
            actor: actor,
            before: ["status": task.status.rawValue],
            after: ["status": next.status.rawValue]
        )
        return next
    }

    func log(
        _ action: String,
        entity: String,
        actor: Principal,
        before: [String: String]? = nil,
        after: [String: String]
    ) async throws {
        try await audit.append(
            AuditEntry(
                at: clock.now(),
                actorID: actor.user.id,
                actorName: actor.user.username,
                action: action,
                entityType: "dti",
                entityID: entity,
                unitID: nil,
                before: before,
                after: after
            )
        )
    }
}

extension FieldIssue {
    public static let duplicateCode = FieldIssue(english: "codes must be unique", vietnamese: "mã không được trùng")

    public static func pointsSum(_ max: Double) -> FieldIssue {
        FieldIssue(
            english: "the sub-indicators' points must add up to \(String(format: "%g", max))",
            vietnamese: "tổng điểm các chỉ số thành phần phải bằng \(VietnameseFormat.decimal(max, digits: 0))"
        )
    }
}
