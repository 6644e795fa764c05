/// Storage of users, their password hashes and their grants.
public protocol UserRepository: Sendable {
    func find(_ id: User.ID) async throws -> User?
    func find(username: String) async throws -> User?
    func passwordHash(of id: User.ID) async throws -> String?
    func create(_ user: User, passwordHash: String) async throws
    func setPasswordHash(_ hash: String, for id: User.ID) async throws
    func grants(of id: User.ID) async throws -> [RoleGrant]
    func grant(_ id: RoleGrant.ID) async throws -> RoleGrant?
    func add(_ grant: RoleGrant) async throws
    func remove(_ id: RoleGrant.ID) async throws
    /// Users with a grant on one of `units` (nil: all users), newest first.
    func list(grantedOn units: [AdminUnit.ID]?, page: Paging) async throws -> Paged<User>
}

/// Turns passwords into hashes and checks them; the App backs it with Bcrypt.
public protocol PasswordHashing: Sendable {
    func hash(_ password: String) throws -> String
    func verify(_ password: String, against hash: String) throws -> Bool
    /// A valid hash of an unguessable secret, verified against when the user does not exist so that sign-in
    /// takes as long for unknown names as for known ones.
    var decoyHash: String { get }
}
