public import Core

/// A `UserRepository` held in memory, for Core tests.
public actor InMemoryUserRepository: UserRepository {
    private var users: [User.ID: User] = [:]
    private var hashes: [User.ID: String] = [:]
    private var grants: [RoleGrant.ID: RoleGrant] = [:]

    public init() {}

    public func find(_ id: User.ID) -> User? { users[id] }
    public func find(username: String) -> User? { users.values.first { $0.username == username.lowercased() } }
    public func passwordHash(of id: User.ID) -> String? { hashes[id] }

    public func create(_ user: User, passwordHash: String) {
        users[user.id] = user
        hashes[user.id] = passwordHash
    }

    public func setPasswordHash(_ hash: String, for id: User.ID) { hashes[id] = hash }
    public func grants(of id: User.ID) -> [RoleGrant] {
        grants.values.filter { $0.userID == id }.sorted { $0.grantedAt < $1.grantedAt }
    }
    public func grant(_ id: RoleGrant.ID) -> RoleGrant? { grants[id] }
    public func add(_ grant: RoleGrant) { grants[grant.id] = grant }
    public func remove(_ id: RoleGrant.ID) { grants[id] = nil }

    /// Replaces a stored user (e.g. to disable it in a test).
    public func update(_ user: User) { users[user.id] = user }

    public func list(grantedOn units: [AdminUnit.ID]?, page: Paging) -> Paged<User> {
        let visible = users.values.filter { user in
            guard let units else { return true }
            return grants.values.contains { $0.userID == user.id && $0.unitID.map(units.contains) == true }
        }.sorted { $0.createdAt > $1.createdAt }
        return Paged(
            items: Array(visible.dropFirst(page.offset).prefix(page.limit)),
            total: visible.count,
            limit: page.limit,
            offset: page.offset
        )
    }
}

/// An `AuditLog` held in memory, for Core tests.
public actor InMemoryAuditLog: AuditLog {
    public private(set) var entries: [AuditEntry] = []

    public init() {}

    public func append(_ entry: AuditEntry) { entries.append(entry) }

    public func list(units: [AdminUnit.ID]?, page: Paging) -> Paged<AuditEntry> {
        let matches = entries.reversed().filter { entry in units.map { entry.unitID.map($0.contains) == true } ?? true }
        return Paged(
            items: Array(matches.dropFirst(page.offset).prefix(page.limit)),
            total: matches.count,
            limit: page.limit,
            offset: page.offset
        )
    }
}

/// A reversible stand-in for Bcrypt so Core tests run in microseconds; real Bcrypt is exercised in AppTests.
public struct PlainTextHasher: PasswordHashing {
    public init() {}
    public func hash(_ password: String) -> String { "plain:" + password }
    public func verify(_ password: String, against hash: String) -> Bool { hash == "plain:" + password }
    public var decoyHash: String { "plain:\u{0}decoy" }
}
