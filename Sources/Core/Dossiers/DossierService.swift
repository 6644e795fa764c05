public import Foundation

/// The procedure catalogue's storage.
public protocol ProcedureRepository: Sendable {
    func all() async throws -> [Procedure]
    func find(code: String) async throws -> Procedure?
    /// Inserts or replaces by code.
    func save(_ procedure: Procedure) async throws
}

/// A transition as the dossier's history keeps it (form 06, the process control sheet, prints it).
public struct DossierEvent: Hashable, Sendable, Codable {
    public let dossierID: Dossier.ID
    public let at: Date
    public let actorID: User.ID?
    public let actor: DossierActor
    public let action: String
    public let note: String
    public let from: DossierStatus
    public let to: DossierStatus

    public init(
        dossierID: Dossier.ID,
        at: Date,
        actorID: User.ID?,
        actor: DossierActor,
        action: String,
        note: String,
        from: DossierStatus,
        to: DossierStatus
    ) {
        self.dossierID = dossierID
        self.at = at
        self.actorID = actorID
        self.actor = actor
        self.action = action
        self.note = note
        self.from = from
        self.to = to
    }
}

/// Dossiers and their history.
public protocol DossierRepository: Sendable {
    func find(code: String) async throws -> Dossier?
    func save(_ dossier: Dossier) async throws
    func record(_ event: DossierEvent) async throws
    func events(of id: Dossier.ID) async throws -> [DossierEvent]
    /// The next number of a unit's day, gap-free: it must run in the transaction that saves the dossier, so a
    /// failed filing gives its number back.
    func nextSequence(unitCode: String, day: CivilDate) async throws -> Int
    /// Dossiers still being handled (received, processing, awaiting payment) that are due by `date` and have not
    /// been reminded.
    func unremindedOpen(dueBy date: Date) async throws -> [Dossier]
}

/// What the desk or the applicant files.
public struct NewDossier: Sendable {
    public var procedureCode: String
    public var channel: DossierChannel
    public var applicant: Applicant
    /// Names of the components handed in (or uploaded).
    public var components: [String]

    public init(procedureCode: String, channel: DossierChannel, applicant: Applicant, components: [String]) {
        self.procedureCode = procedureCode
        self.channel = channel
        self.applicant = applicant
        self.components = components
    }
}

/// Filing and handling dossiers: routing by competence (NĐ 118/2025/NĐ-CP: any desk of the province receives),
/// codes, deadlines, transitions by authorised officers, every change audited.
public struct DossierService: Sendable {
    let procedures: any ProcedureRepository
    let dossiers: any DossierRepository
    let units: any UnitRepository
    let audit: any AuditLog
    let calendar: BusinessCalendar
    let clock: Clock

    public init(
        procedures: any ProcedureRepository,
        dossiers: any DossierRepository,
        units: any UnitRepository,
        audit: any AuditLog,
        calendar: BusinessCalendar,
        clock: Clock
    ) {
        self.procedures = procedures
        self.dossiers = dossiers
        self.units = units
        self.audit = audit
        self.calendar = calendar
        self.clock = clock
    }

    /// Files a dossier. In person or by post, a desk officer of `desk` files and receives it at once (form 01);
    /// online, the signed-in applicant files and the competent unit's desk receives it later.
    public func file(_ request: NewDossier, at desk: AdminUnit.ID?, by principal: Principal) async throws -> Dossier {
        guard let procedure = try await procedures.find(code: request.procedureCode) else {
            throw DossierError.unknownProcedure(request.procedureCode)
        }
        let applicant = try Self.validated(request.applicant)
        let given = Set(request.components.map { VietnameseText.fold($0) })
        let missing = procedure.components.filter { $0.required && !given.contains(VietnameseText.fold($0.name)) }
        guard missing.isEmpty else { throw DossierError.missingComponents(missing.map(\.name)) }
        guard let commune = try await units.find(UnitKey(tree: .current, code: applicant.communeCode)),
            commune.type.tier == .commune
        else { throw DossierError.invalidField(field: "applicant.communeCode", issue: .unknownUnit) }
        let province = try await units.province(of: commune)
        let handler = try await competentUnit(procedure, commune: commune, province: province)
        let receiving: AdminUnit
        if request.channel == .online {
            receiving = handler
        } else {
            guard let desk, let unit = try await units.find(desk) else {
                throw DossierError.invalidField(field: "desk", issue: .required)
            }
            guard try await units.province(of: unit).id == province.id else {
                throw DossierError.invalidField(field: "desk", issue: .sameProvince)
            }
            guard Authorizer.may(principal, .process, on: try await units.lineage(of: unit.id)) else {
                throw AccountError.forbidden
            }
            receiving = unit
        }
        let now = clock.now()
        let day = CivilDate(now)
        let sequence = try await dossiers.nextSequence(unitCode: receiving.code, day: day)
        var dossier = Dossier(
            code: DossierCode.make(unitCode: receiving.code, day: day, sequence: sequence),
            procedure: procedure,
            channel: request.channel,
            applicant: applicant,
            receivingUnitID: receiving.id,
            handlingUnitID: handler.id,
            submittedAt: now
        )
        if request.channel == .online { dossier.applicantUserID = principal.user.id }
        try await dossiers.save(dossier)
        try await log(dossier, from: .registered, action: "file", note: procedure.name, principal, .applicant)
        if request.channel != .online {
            let received = try dossier.applying(.receive, by: .desk, at: now, calendar: calendar)
            try await dossiers.save(received)
            try await log(received, from: dossier.status, action: "receive", note: "", principal, .desk)
            dossier = received
        }
        return dossier
    }

    /// Takes an action; who the principal is for this dossier (applicant, desk, handler) decides what is allowed.
    public func act(_ action: DossierAction, on code: String, by principal: Principal, note: String = "") async throws
        -> Dossier
    {
        guard let current = try await dossiers.find(code: code) else { throw DossierError.notFound }
        let actor = try await actor(principal, for: current, action: action)
        let next = try current.applying(action, by: actor, at: clock.now(), calendar: calendar)
        try await dossiers.save(next)
        try await log(next, from: current.status, action: action.name, note: note, principal, actor)
        return next
    }

    /// Form 04: the handling unit apologises and sets a new date, before the current one passes.
    public func extend(_ code: String, to newDue: Date, reason: String, by principal: Principal) async throws -> Dossier
    {
        guard let current = try await dossiers.find(code: code) else { throw DossierError.notFound }
        guard Authorizer.may(principal, .process, on: try await units.lineage(of: current.handlingUnitID)) else {
            throw AccountError.forbidden
        }
        let next = try current.extended(to: newDue, reason: reason, at: clock.now())
        try await dossiers.save(next)
        try await log(next, from: current.status, action: "extend", note: reason, principal, .handler)
        return next
    }

    /// The applicant rates the returned dossier, once.
    public func rate(_ code: String, satisfied: Bool, by principal: Principal) async throws -> Dossier {
        guard let current = try await dossiers.find(code: code) else { throw DossierError.notFound }
        guard principal.user.id == current.applicantUserID else { throw AccountError.forbidden }
        let next = try current.rated(satisfied: satisfied)
        try await dossiers.save(next)
        try await log(
            next,
            from: current.status,
            action: "rate",
            note: satisfied ? "hài lòng" : "không hài lòng",
            principal,
            .applicant
        )
        return next
    }

    /// The desk records when the post office delivered a result sent by post.
    public func recordDelivery(_ code: String, at date: Date, by principal: Principal) async throws -> Dossier {
        guard let current = try await dossiers.find(code: code) else { throw DossierError.notFound }
        guard Authorizer.may(principal, .process, on: try await units.lineage(of: current.receivingUnitID)) else {
            throw AccountError.forbidden
        }
        let next = try current.delivered(at: date, now: clock.now())
        try await dossiers.save(next)
        try await log(
            next,
            from: current.status,
            action: "recordDelivery",
            note: VietnameseFormat.dateTime(date),
            principal,
            .desk
        )
        return next
    }

    /// Reminds the handling unit of dossiers due within `hours` working hours (once each): an event on the dossier
    /// and an audit line; the inbox and the dossier page show it. The supplement wait does not count (no reminder
    /// while the applicant holds the dossier). Safe to repeat.
    public func remindDueSoon(withinWorkingHours hours: Double = 8) async throws -> [Dossier] {
        let now = clock.now()
        let horizon = try calendar.addingWorkingHours(hours, to: now)
        var reminded: [Dossier] = []
        for var dossier in try await dossiers.unremindedOpen(dueBy: horizon) {
            guard let due = dossier.dueAt else { continue }
            dossier.remindedAt = now
            try await dossiers.save(dossier)
            let note = "Sắp đến hạn trả kết quả: \(VietnameseFormat.dateTime(due))"
            try await dossiers.record(
                DossierEvent(
                    dossierID: dossier.id,
                    at: now,
                    actorID: nil,
                    actor: .handler,
                    action: "remind",
                    note: note,
                    from: dossier.status,
                    to: dossier.status
                )
            )
            try await audit.append(
                AuditEntry(
                    at: now,
                    actorID: nil,
                    actorName: Actor.system.name,
                    action: "dossier.remind",
                    entityType: "dossier",
                    entityID: dossier.code,
                    unitID: dossier.handlingUnitID,
                    before: nil,
                    after: ["dueAt": VietnameseFormat.dateTime(due)]
                )
            )
            reminded.append(dossier)
        }
        return reminded
    }

    /// The unit that decides: the applicant's commune for commune procedures; for provincial ones the named
    /// department of the applicant's province (`{province}.{agency}`), or the province itself.
    func competentUnit(_ procedure: Procedure, commune: AdminUnit, province: AdminUnit) async throws -> AdminUnit {
        switch procedure.competence {
        case .commune: return commune
        case .province:
            guard !procedure.agency.isEmpty else { return province }
            let code = province.code + "." + procedure.agency
            return try await units.find(UnitKey(tree: .current, code: code)) ?? province
        }
    }

    /// Who `principal` is for this dossier and action: the handler, the desk, or the applicant.
    public func actor(_ principal: Principal, for dossier: Dossier, action: DossierAction) async throws -> DossierActor
    {
        let allowed = DossierWorkflow.actors(action)
        let atDesk = Authorizer.may(principal, .process, on: try await units.lineage(of: dossier.receivingUnitID))
        let handling = Authorizer.may(principal, .process, on: try await units.lineage(of: dossier.handlingUnitID))
        if handling, allowed.contains(.handler) { return .handler }
        if atDesk, allowed.contains(.desk) { return .desk }
        if principal.user.id == dossier.applicantUserID { return .applicant }
        if handling { return .handler }
        if atDesk { return .desk }
        throw AccountError.forbidden
    }

    static func validated(_ applicant: Applicant) throws(DossierError) -> Applicant {
        var copy = applicant
        copy.name = applicant.name.trimmingCharacters(in: .whitespaces)
        copy.phone = applicant.phone.filter(\.isNumber)
        copy.idNumber = applicant.idNumber.filter(\.isNumber)
        guard (2...200).contains(copy.name.count) else {
            throw .invalidField(field: "applicant.name", issue: .length(2...200))
        }
        guard (9...15).contains(copy.phone.count) else { throw .invalidField(field: "applicant.phone", issue: .phone) }
        guard copy.idNumber.count == 12 else { throw .invalidField(field: "applicant.idNumber", issue: .citizenID) }
        return copy
    }

    private func log(
        _ dossier: Dossier,
        from: DossierStatus,
        action: String,
        note: String,
        _ principal: Principal,
        _ actor: DossierActor
    ) async throws {
        let now = clock.now()
        try await dossiers.record(
            DossierEvent(
                dossierID: dossier.id,
                at: now,
                actorID: principal.user.id,
                actor: actor,
                action: action,
                note: note,
                from: from,
                to: dossier.status
            )
        )
        try await audit.append(
            AuditEntry(
                at: now,
                actorID: principal.user.id,
                actorName: principal.user.username,
                action: "dossier.\(action)",
                entityType: "dossier",
                entityID: dossier.code,
                unitID: dossier.handlingUnitID,
                before: ["status": String(from.rawValue)],
                after: ["status": String(dossier.status.rawValue)]
            )
        )
    }
}

extension FieldIssue {
    public static let citizenID = FieldIssue(
        english: "must be a 12-digit citizen identity number",
        vietnamese: "phải là số định danh cá nhân 12 chữ số"
    )
}
