public import Foundation

/// A transition as the log keeps it (DIGIT's ProcessInstance; Open311's notes).
public struct FeedbackEvent: Hashable, Sendable, Codable {
    public let feedbackID: Feedback.ID
    public let at: Date
    public let actorID: User.ID?
    public let actorKind: FeedbackActorKind
    public let action: String
    public let note: String?
    public let from: FeedbackStatus
    public let to: FeedbackStatus

    public init(
        feedbackID: Feedback.ID,
        at: Date,
        actorID: User.ID?,
        actorKind: FeedbackActorKind,
        action: String,
        note: String?,
        from: FeedbackStatus,
        to: FeedbackStatus
    ) {
        self.feedbackID = feedbackID
        self.at = at
        self.actorID = actorID
        self.actorKind = actorKind
        self.action = action
        self.note = note
        self.from = from
        self.to = to
    }
}

/// Storage of reports and their transition log.
public protocol FeedbackRepository: Sendable {
    func find(_ id: Feedback.ID) async throws -> Feedback?
    func find(code: String) async throws -> Feedback?
    /// Inserts or updates.
    func save(_ feedback: Feedback) async throws
    /// Inserts new reports (one statement for many, when filing in a group commit).
    func create(_ items: [Feedback]) async throws
    func record(_ events: [FeedbackEvent]) async throws
    func events(of id: Feedback.ID) async throws -> [FeedbackEvent]
    /// Reports matching `filter`, newest first.
    func list(_ filter: FeedbackFilter, page: Paging) async throws -> Paged<Feedback>
    /// Open reports of a category near a point (a bounding box a little larger than the radius).
    func open(category: String, near point: GeoPoint, radiusMeters: Double) async throws -> [Feedback]
    /// Records one citizen's vote; false when that citizen already voted on the report.
    func recordVote(on id: Feedback.ID, by user: User.ID, liked: Bool) async throws -> Bool
    /// Takes the next `count` tracking numbers of a Vietnamese day and returns the first: 1, 2, 3, … with no
    /// number given twice even when two servers file at once (a counter row updated in the caller's transaction).
    func nextNumbers(on day: CivilDate, count: Int) async throws -> Int
}

/// Which reports to list; nil means any.
public struct FeedbackFilter: Sendable {
    /// Handled by, or escalated to, one of these units.
    public var units: [AdminUnit.ID]?
    public var statuses: Set<FeedbackStatus>?
    public var categories: Set<String>?
    public var communeCodes: Set<String>?
    /// Submitted in [from, to].
    public var submittedFrom: Date?
    public var submittedTo: Date?

    public init(
        units: [AdminUnit.ID]? = nil,
        statuses: Set<FeedbackStatus>? = nil,
        categories: Set<String>? = nil,
        communeCodes: Set<String>? = nil,
        submittedFrom: Date? = nil,
        submittedTo: Date? = nil
    ) {
        self.units = units
        self.statuses = statuses
        self.categories = categories
        self.communeCodes = communeCodes
        self.submittedFrom = submittedFrom
        self.submittedTo = submittedTo
    }
}

extension FeedbackRepository {
    /// Reports handled by, or escalated to, one of `units`, in the given states, newest first.
    public func list(units: [AdminUnit.ID]?, statuses: Set<FeedbackStatus>?, page: Paging) async throws
        -> Paged<Feedback>
    {
        try await list(FeedbackFilter(units: units, statuses: statuses), page: page)
    }
}

/// A citizen's new report, before routing.
public struct NewFeedback: Sendable {
    public var category: String
    public var description: String
    public var latitude: Double
    public var longitude: Double
    public var urgent: Bool
    /// Answers to the category's extra questions, by attribute code.
    public var attributes: [String: [String]]
    /// The code of the dossier the report is about (optional; it must exist).
    public var dossierCode: String?

    public init(
        category: String,
        description: String,
        latitude: Double,
        longitude: Double,
        urgent: Bool = false,
        attributes: [String: [String]] = [:],
        dossierCode: String? = nil
    ) {
        self.category = category
        self.description = description
        self.latitude = latitude
        self.longitude = longitude
        self.urgent = urgent
        self.attributes = attributes
        self.dossierCode = dossierCode
    }
}

/// A report checked and routed by `FeedbackService.prepare`, not yet numbered or stored.
public struct PreparedFeedback: Sendable {
    public let feedback: Feedback
    /// Open reports of the same kind nearby: perhaps the same problem.
    public let duplicates: [Feedback]
}

/// Filing, routing and handling citizens' reports. Every transition is logged and audited.
public struct FeedbackService: Sendable {
    let reports: any FeedbackRepository
    let units: any UnitRepository
    let audit: any AuditLog
    let router: GeoRouter
    let catalog: FeedbackCatalog
    let clock: Clock
    /// Where the dossier a report names is looked up (nil: reports cannot name one).
    let dossiers: (any DossierRepository)?

    public init(
        reports: any FeedbackRepository,
        units: any UnitRepository,
        audit: any AuditLog,
        router: GeoRouter,
        catalog: FeedbackCatalog,
        clock: Clock,
        dossiers: (any DossierRepository)? = nil
    ) {
        self.reports = reports
        self.units = units
        self.audit = audit
        self.router = router
        self.catalog = catalog
        self.clock = clock
        self.dossiers = dossiers
    }

    /// The same service (router, catalogue, clock) storing through other handles, e.g. a transaction's.
    public func writing(
        reports: any FeedbackRepository,
        units: any UnitRepository,
        audit: any AuditLog,
        dossiers: (any DossierRepository)?
    ) -> FeedbackService {
        FeedbackService(
            reports: reports,
            units: units,
            audit: audit,
            router: router,
            catalog: catalog,
            clock: clock,
            dossiers: dossiers
        )
    }

    /// Checks a report and routes it: the location to its commune, the category to the handling unit; finds open
    /// reports nearby that may be the same problem. Reads only, so it runs before the write transaction.
    public func prepare(_ request: NewFeedback, by reporter: Principal?) async throws -> PreparedFeedback {
        guard catalog.categories.contains(where: { $0.code == request.category && $0.active }) else {
            throw FeedbackError.unknownCategory(request.category)
        }
        let description = request.description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (10...4000).contains(description.count) else {
            throw FeedbackError.invalidField(field: "description", issue: .length(10...4000))
        }
        let answer: GeoRouter.Answer
        do { answer = try router.route(latitude: request.latitude, longitude: request.longitude) } catch {
            throw FeedbackError.location(error)
        }
        guard let commune = try await units.find(UnitKey(tree: .current, code: answer.code)) else {
            throw UnitError.notFound(tree: .current, code: answer.code)
        }
        let province = try await commune.parentID.asyncMap { try await units.find($0) } ?? nil
        guard let category = catalog.category(request.category, province: province?.code), category.active else {
            throw FeedbackError.categoryNotUsed(request.category, province: province?.name ?? "")
        }
        let attributes = try ServiceAttribute.validate(request.attributes, against: category.attributes)
        let dossierCode = request.dossierCode?.trimmingCharacters(in: .whitespaces).uppercased()
        if let dossierCode, !dossierCode.isEmpty {
            guard DossierCode.parse(dossierCode) != nil, try await dossiers?.find(code: dossierCode) != nil else {
                throw FeedbackError.invalidField(field: "dossierCode", issue: .unknownDossier)
            }
        }
        let handlerCode = catalog.routing.handlerCode(
            category: request.category,
            communeCode: commune.code,
            provinceCode: province?.code ?? ""
        )
        let handler =
            handlerCode == commune.code
            ? commune
            : try await units.find(UnitKey(tree: .current, code: handlerCode))
                ?? commune
        let point = GeoPoint(latitude: request.latitude, longitude: request.longitude)
        let duplicates = try await DuplicateFinder.candidates(
            near: point,
            category: request.category,
            among: reports.open(
                category: request.category,
                near: point,
                radiusMeters: DuplicateFinder.defaultRadiusMeters
            )
        )
        var feedback = Feedback(
            code: "",
            category: request.category,
            description: description,
            location: point,
            communeCode: commune.code,
            locationIsApproximate: answer.isApproximate,
            handlingUnitID: handler.id,
            reporterID: reporter?.user.id,
            urgent: request.urgent,
            submittedAt: clock.now()
        )
        feedback.provinceCode = province?.code
        feedback.attributes = attributes
        feedback.dossierCode = dossierCode?.isEmpty == false ? dossierCode : nil
        return PreparedFeedback(feedback: feedback, duplicates: duplicates)
    }

    /// Gives prepared reports their tracking codes, `PA-YYMMDD-NNNN` numbered per Vietnamese day, and stores them
    /// with their log lines in the caller's one transaction: the only writes of filing. Many at once in a group
    /// commit: the numbers of each day taken with one move of its counter, in the order given, then the reports,
    /// their log lines and their audit lines written together.
    public func store(_ batch: [(prepared: PreparedFeedback, reporter: Principal?)]) async throws -> [Feedback] {
        var items = batch.map(\.prepared.feedback)
        let days = Dictionary(grouping: items.indices) { CivilDate(items[$0].submittedAt) }
        for (day, indices) in days.sorted(by: { $0.key < $1.key }) {
            let first = try await reports.nextNumbers(on: day, count: indices.count)
            for (offset, index) in indices.enumerated() {
                items[index].code = Self.code(day: day, number: first + offset)
            }
        }
        try await reports.create(items)
        let now = clock.now()
        let lines = zip(items, batch).map { feedback, item in
            logLines(
                feedback,
                from: .submitted,
                action: "submit",
                note: nil,
                actor: item.reporter?.user,
                kind: .reporter,
                at: now
            )
        }
        try await reports.record(lines.map(\.event))
        try await audit.append(contentsOf: lines.map(\.audit))
        return items
    }

    static func code(day: CivilDate, number: Int) -> String {
        String(format: "PA-%02d%02d%02d-%04d", day.year % 100, day.month, day.day, number)
    }

    /// Takes an action on a report; the actor kind follows from who `principal` is (the reporter, or an officer who
    /// may process reports of the handling unit or of the unit it was escalated to).
    public func act(_ action: FeedbackAction, on id: Feedback.ID, by principal: Principal?, note: String? = nil)
        async throws -> Feedback
    {
        guard let current = try await reports.find(id) else { throw FeedbackError.notFound }
        let kind = try await actorKind(principal, for: current, action: action)
        if case .forward(let unit) = action {
            guard let target = try await units.find(unit), target.tree == .current else { throw FeedbackError.notFound }
        }
        if case .merge(let originalID) = action {
            guard let original = try await reports.find(originalID), original.status.isOpen else {
                throw FeedbackError.notFound
            }
            guard original.category == current.category else {
                throw FeedbackError.invalidField(field: "into", issue: .sameCategory)
            }
        }
        let next = try current.applying(action, by: kind, at: clock.now())
        try await reports.save(next)
        try await log(next, from: current.status, action: action.name, note: note, actor: principal?.user, kind: kind)
        return next
    }

    /// A signed-in citizen likes or dislikes a published answer (one vote per citizen is kept by the caller's
    /// storage; here the counts move). Satisfaction follows: unsatisfied when dislikes outnumber likes.
    public func rate(_ id: Feedback.ID, liked: Bool, by principal: Principal) async throws -> Feedback {
        guard var feedback = try await reports.find(id) else { throw FeedbackError.notFound }
        guard feedback.status == .published || feedback.status == .closed else {
            throw FeedbackError.invalidTransition(from: feedback.status, action: "rate")
        }
        guard try await reports.recordVote(on: id, by: principal.user.id, liked: liked) else { return feedback }
        if liked { feedback.likes += 1 } else { feedback.dislikes += 1 }
        try await reports.save(feedback)
        return feedback
    }

    /// Open reports whose running deadline has passed and that were not escalated since. Reads only: it reads every
    /// open report, which inside the write transaction held SQLite's one writer while citizens' reports waited
    /// (issue 11); callers run it first and `escalate` in a short transaction.
    public func overdue(calendar: BusinessCalendar) async throws -> [FeedbackEscalation.Overdue] {
        var items: [Feedback] = []
        while true {
            let page = try await reports.list(
                units: nil,
                statuses: Self.escalatable,
                page: Paging(limit: Paging.maxLimit, offset: items.count)
            )
            items += page.items
            if page.items.isEmpty || items.count >= page.total { break }
        }
        return try FeedbackEscalation.overdue(
            items,
            at: clock.now(),
            sla: { catalog.sla(for: $0.category, province: $0.provinceCode) },
            calendar: calendar
        )
    }

    /// Hands each report of `overdue` to its handling unit's parent, unless it was closed or escalated meanwhile.
    /// - Returns: the reports escalated.
    public func escalate(_ overdue: [FeedbackEscalation.Overdue]) async throws -> [FeedbackEscalation.Overdue] {
        var escalated: [FeedbackEscalation.Overdue] = []
        for item in overdue {
            guard var feedback = try await reports.find(item.id), feedback.escalatedAt == nil,
                Self.escalatable.contains(feedback.status)
            else { continue }
            feedback.escalatedAt = clock.now()
            feedback.escalatedToUnitID =
                try await units.find(feedback.handlingUnitID)?.parentID ?? feedback.handlingUnitID
            try await reports.save(feedback)
            try await log(
                feedback,
                from: feedback.status,
                action: "escalate",
                note: "\(item.stage.rawValue) due \(item.due)",
                actor: nil,
                kind: .system
            )
            escalated.append(item)
        }
        return escalated
    }

    /// The states whose deadline runs.
    static let escalatable: Set<FeedbackStatus> = [.submitted, .received, .inProgress, .answered]

    func actorKind(_ principal: Principal?, for feedback: Feedback, action: FeedbackAction) async throws
        -> FeedbackActorKind
    {
        guard let principal else { throw AccountError.forbidden }
        let reporterActions: Set<String> = ["supplement", "reopen", "close"]
        if principal.user.id == feedback.reporterID, reporterActions.contains(action.name) { return .reporter }
        for unit in [feedback.handlingUnitID, feedback.escalatedToUnitID].compactMap({ $0 }) {
            if Authorizer.may(principal, .process, on: try await units.lineage(of: unit)) { return .handlingOfficer }
        }
        if principal.user.id == feedback.reporterID { return .reporter }
        throw AccountError.forbidden
    }

    private func log(
        _ feedback: Feedback,
        from: FeedbackStatus,
        action: String,
        note: String?,
        actor: User?,
        kind: FeedbackActorKind
    ) async throws {
        let lines = logLines(
            feedback,
            from: from,
            action: action,
            note: note,
            actor: actor,
            kind: kind,
            at: clock.now()
        )
        try await reports.record([lines.event])
        try await audit.append(lines.audit)
    }

    /// A transition's line in the report's history and in the audit log.
    private func logLines(
        _ feedback: Feedback,
        from: FeedbackStatus,
        action: String,
        note: String?,
        actor: User?,
        kind: FeedbackActorKind,
        at now: Date
    ) -> (event: FeedbackEvent, audit: AuditEntry) {
        let event = FeedbackEvent(
            feedbackID: feedback.id,
            at: now,
            actorID: actor?.id,
            actorKind: kind,
            action: action,
            note: note,
            from: from,
            to: feedback.status
        )
        let audit = AuditEntry(
            at: now,
            actorID: actor?.id,
            actorName: actor?.username ?? Actor.system.name,
            action: "feedback.\(action)",
            entityType: "feedback",
            entityID: feedback.code,
            unitID: feedback.handlingUnitID,
            before: ["status": from.rawValue],
            after: ["status": feedback.status.rawValue]
        )
        return (event, audit)
    }
}
