import Foundation

/// Sign-in, users and role grants. Every change is written to the audit log.
public struct AccountService: Sendable {
    let users: any UserRepository
    let units: any UnitRepository
    let audit: any AuditLog
    let hasher: any PasswordHashing
    let clock: Clock

    public init(
        users: any UserRepository,
        units: any UnitRepository,
        audit: any AuditLog,
        hasher: any PasswordHashing,
        clock: Clock
    ) {
        self.users = users
        self.units = units
        self.audit = audit
        self.hasher = hasher
        self.clock = clock
    }

    /// The user with their grants, or nil when unknown or disabled.
    public func principal(for id: User.ID) async throws -> Principal? {
        guard let user = try await users.find(id), !user.isDisabled else { return nil }
        return Principal(user: user, grants: try await users.grants(of: id))
    }

    /// Checks a password. Unknown user and wrong password fail alike, after the same hashing work, so the
    /// answer does not reveal which accounts exist.
    public func signIn(
        username: String,
        password: String,
        address: String,
        guard loginGuard: LoginGuard
    ) async throws -> Principal {
        let name = username.trimmingCharacters(in: .whitespaces).lowercased()
        try await loginGuard.check(account: name, address: address)
        let user = try await users.find(username: name)
        let hash = try await user.asyncMap { try await users.passwordHash(of: $0.id) } ?? nil
        let matches = try hasher.verify(password, against: hash ?? hasher.decoyHash)
        guard let user, hash != nil, matches else {
            await loginGuard.failed(account: name, address: address)
            throw AccountError.invalidCredentials
        }
        guard !user.isDisabled else { throw AccountError.accountDisabled }
        await loginGuard.succeeded(account: name)
        return Principal(user: user, grants: try await users.grants(of: user.id))
    }

    /// Creates a user with no grants. `actor` is nil for the system (seeding, first administrator).
    public func createUser(_ request: NewUser, by actor: Principal?) async throws -> User {
        if let actor, !actor.grants.contains(where: { $0.role.actions.contains(.manageUsers) }) {
            throw AccountError.forbidden
        }
        let valid = try request.validated()
        guard try await users.find(username: valid.username) == nil else {
            throw AccountError.usernameTaken(valid.username)
        }
        let user = User(
            username: valid.username,
            displayName: valid.displayName,
            email: valid.email,
            phone: valid.phone,
            createdAt: clock.now()
        )
        try await users.create(user, passwordHash: try hasher.hash(valid.password))
        try await record(
            "user.create",
            by: actor.map(Actor.init) ?? .system,
            entity: "user",
            id: user.id.description,
            unit: nil,
            before: nil,
            after: ["username": user.username, "displayName": user.displayName]
        )
        return user
    }

    /// Citizens register themselves; they get the citizen role and nothing else.
    public func registerCitizen(_ request: NewUser) async throws -> User {
        let user = try await createUser(request, by: nil)
        let grant = RoleGrant(
            userID: user.id,
            role: .citizen,
            unitID: nil,
            includesDescendants: false,
            grantedBy: nil,
            grantedAt: clock.now()
        )
        try await users.add(grant)
        try await record(
            "grant.create",
            by: Actor(id: user.id, name: user.username),
            entity: "grant",
            id: grant.id.description,
            unit: nil,
            before: nil,
            after: AccountService.summary(of: grant)
        )
        return user
    }

    /// Places a role on a unit for a user, if `actor` may (see `Authorizer.mayGrant`). `actor` nil: the system.
    public func grant(
        _ role: Role,
        on unitID: AdminUnit.ID?,
        includingDescendants: Bool,
        to userID: User.ID,
        by actor: Principal?
    ) async throws -> RoleGrant {
        guard try await users.find(userID) != nil else { throw AccountError.userNotFound }
        let grant = RoleGrant(
            userID: userID,
            role: role,
            unitID: role.needsUnit ? unitID : nil,
            includesDescendants: includingDescendants,
            grantedBy: actor?.user.id,
            grantedAt: clock.now()
        )
        try await authorise(grant, by: actor)
        try await users.add(grant)
        try await record(
            "grant.create",
            by: actor.map(Actor.init) ?? .system,
            entity: "grant",
            id: grant.id.description,
            unit: grant.unitID,
            before: nil,
            after: AccountService.summary(of: grant)
        )
        return grant
    }

    /// Removes a grant, if `actor` could have placed it.
    public func revoke(_ grantID: RoleGrant.ID, by actor: Principal) async throws {
        guard let grant = try await users.grant(grantID) else { throw AccountError.grantNotFound }
        try await authorise(grant, by: actor)
        try await users.remove(grantID)
        try await record(
            "grant.revoke",
            by: Actor(actor),
            entity: "grant",
            id: grant.id.description,
            unit: grant.unitID,
            before: AccountService.summary(of: grant),
            after: nil
        )
    }

    /// The users an administrator may see: those granted on units the administrator manages.
    public func users(visibleTo principal: Principal, page: Paging) async throws -> Paged<User> {
        try await users.list(grantedOn: try await managedUnits(of: principal, for: .manageUsers), page: page)
    }

    /// A user with their grants, if `principal` may see them: oneself; for a system administrator anyone; for
    /// other administrators users granted within their scope, or not yet granted anything (just created).
    /// Anyone else gets `userNotFound`, so existence is not revealed.
    public func user(_ id: User.ID, visibleTo principal: Principal) async throws -> (User, [RoleGrant]) {
        guard let user = try await users.find(id) else { throw AccountError.userNotFound }
        let grants = try await users.grants(of: id)
        if id == principal.user.id { return (user, grants) }
        guard principal.grants.contains(where: { $0.role.actions.contains(.manageUsers) }) else {
            throw AccountError.userNotFound
        }
        if grants.isEmpty { return (user, grants) }
        guard let managed = try await managedUnits(of: principal, for: .manageUsers) else { return (user, grants) }
        guard grants.contains(where: { $0.unitID.map(managed.contains) == true }) else {
            throw AccountError.userNotFound
        }
        return (user, grants)
    }

    /// Units on which `principal` holds `action` (nil: every unit, for a system administrator).
    public func managedUnits(of principal: Principal, for action: Action) async throws -> [AdminUnit.ID]? {
        var result: [AdminUnit.ID] = []
        for grant in principal.grants where grant.role.actions.contains(action) {
            if grant.role == .systemAdmin { return nil }
            guard let unit = grant.unitID else { continue }
            result += grant.includesDescendants ? try await units.subtree(of: unit) : [unit]
        }
        return result
    }

    private func authorise(_ grant: RoleGrant, by actor: Principal?) async throws {
        if grant.role.needsUnit {
            guard let unitID = grant.unitID, let unit = try await units.find(unitID) else {
                throw AccountError.unitRequired(grant.role)
            }
            if grant.role == .provinceAdmin, unit.type.tier != .province {
                throw AccountError.roleNotAllowedOnUnit(grant.role, unit.type.tier)
            }
        }
        guard let actor else { return }
        let lineage = try await grant.unitID.asyncMap { try await units.lineage(of: $0) }
        guard Authorizer.mayGrant(actor, grant, unit: lineage) else { throw AccountError.forbidden }
    }

    private func record(
        _ action: String,
        by actor: Actor,
        entity: String,
        id: String,
        unit: AdminUnit.ID?,
        before: AuditEntry.Summary?,
        after: AuditEntry.Summary?
    ) async throws {
        try await audit.append(
            AuditEntry(
                at: clock.now(),
                actorID: actor.id,
                actorName: actor.name,
                action: action,
                entityType: entity,
                entityID: id,
                unitID: unit,
                before: before,
                after: after
            )
        )
    }

    static func summary(of grant: RoleGrant) -> AuditEntry.Summary {
        [
            "user": grant.userID.description, "role": grant.role.rawValue,
            "unit": grant.unitID?.description ?? "-", "descendants": grant.includesDescendants ? "yes" : "no",
        ]
    }
}
