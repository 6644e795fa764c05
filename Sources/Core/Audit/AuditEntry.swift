public import Foundation

/// One line of the append-only audit log: who did what to which thing, when, and what it looked like before and
/// after (a short summary of the fields that matter, never a password or a token).
public struct AuditEntry: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<AuditEntry>
    public typealias Summary = [String: String]

    public let id: ID
    public let at: Date
    public let actorID: User.ID?
    public let actorName: String
    /// Dotted verb, e.g. `grant.create`, `user.create`, `unit.createAgency`.
    public let action: String
    public let entityType: String
    public let entityID: String
    /// The unit that owns the thing changed, so unit admins can list their own unit's log.
    public let unitID: AdminUnit.ID?
    public let before: Summary?
    public let after: Summary?

    public init(
        id: ID = ID(),
        at: Date,
        actorID: User.ID?,
        actorName: String,
        action: String,
        entityType: String,
        entityID: String,
        unitID: AdminUnit.ID?,
        before: Summary?,
        after: Summary?
    ) {
        self.id = id
        self.at = at
        self.actorID = actorID
        self.actorName = actorName
        self.action = action
        self.entityType = entityType
        self.entityID = entityID
        self.unitID = unitID
        self.before = before
        self.after = after
    }
}

/// The append-only log. There is deliberately no update or delete.
public protocol AuditLog: Sendable {
    func append(_ entry: AuditEntry) async throws
    /// Several entries at once (a database writes them in one statement).
    func append(contentsOf entries: [AuditEntry]) async throws
    /// Entries for things owned by one of `units` (nil: all), newest first.
    func list(units: [AdminUnit.ID]?, page: Paging) async throws -> Paged<AuditEntry>
}

extension AuditLog {
    public func append(contentsOf entries: [AuditEntry]) async throws {
        for entry in entries { try await append(entry) }
    }
}

/// Who is acting, for audit lines: a signed-in user, or the system itself (imports, seeding, schedules).
public struct Actor: Sendable, Hashable {
    public let id: User.ID?
    public let name: String

    public init(id: User.ID?, name: String) {
        self.id = id
        self.name = name
    }

    public init(_ principal: Principal) { self.init(id: principal.user.id, name: principal.user.username) }

    public static let system = Actor(id: nil, name: "system")
}
