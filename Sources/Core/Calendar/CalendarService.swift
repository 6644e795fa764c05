import Foundation

/// Storage of decrees added by administrators (the shipped files are read separately).
public protocol DecreeRepository: Sendable {
    func all() async throws -> [DecreeRecord]
    func add(_ record: DecreeRecord) async throws
}

/// Adding a year's decisions (swaps, Tết days, other days off) through the admin page.
public struct CalendarService: Sendable {
    let decrees: any DecreeRepository
    let audit: any AuditLog
    let clock: Clock

    public init(decrees: any DecreeRepository, audit: any AuditLog, clock: Clock) {
        self.decrees = decrees
        self.audit = audit
        self.clock = clock
    }

    /// Decrees are national: a province or system administrator may record one. Swaps are validated (a weekday
    /// off for a weekend day worked) and the record is audited.
    public func add(_ record: DecreeRecord, by actor: Principal) async throws -> DecreeRecord {
        guard !actor.user.isDisabled, actor.holds(.systemAdmin) || actor.holds(.provinceAdmin) else {
            throw AccountError.forbidden
        }
        let valid = try record.validated()
        guard (BusinessCalendar.firstYear...BusinessCalendar.lastYear).contains(valid.date.year) else {
            throw CalendarError.outOfRange(valid.date)
        }
        try await decrees.add(valid)
        var after = ["kind": valid.kind.rawValue, "date": valid.date.iso, "reference": valid.reference]
        if let workingDay = valid.workingDay { after["workingDay"] = workingDay.iso }
        try await audit.append(
            AuditEntry(
                at: clock.now(),
                actorID: actor.user.id,
                actorName: actor.user.username,
                action: "calendar.addDecree",
                entityType: "decree",
                entityID: "\(valid.kind.rawValue):\(valid.date.iso)",
                unitID: nil,
                before: nil,
                after: after
            )
        )
        return valid
    }
}
