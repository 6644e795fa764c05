public import Foundation

/// A person who signs in: an official, an operations-centre viewer, an administrator or a citizen.
public struct User: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<User>

    public let id: ID
    /// Lower-case login name, unique.
    public var username: String
    public var displayName: String
    public var email: String?
    public var phone: String?
    public var isDisabled: Bool
    public var createdAt: Date

    public init(
        id: ID = ID(),
        username: String,
        displayName: String,
        email: String? = nil,
        phone: String? = nil,
        isDisabled: Bool = false,
        createdAt: Date
    ) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.email = email
        self.phone = phone
        self.isDisabled = isDisabled
        self.createdAt = createdAt
    }
}

/// A role placed on a unit for a user.
public struct RoleGrant: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<RoleGrant>

    public let id: ID
    public var userID: User.ID
    public var role: Role
    /// The unit the role applies to; nil only for roles that need none (system administrator, citizen).
    public var unitID: AdminUnit.ID?
    /// Whether the grant reaches the unit's descendants too.
    public var includesDescendants: Bool
    public var grantedBy: User.ID?
    public var grantedAt: Date

    public init(
        id: ID = ID(),
        userID: User.ID,
        role: Role,
        unitID: AdminUnit.ID?,
        includesDescendants: Bool,
        grantedBy: User.ID?,
        grantedAt: Date
    ) {
        self.id = id
        self.userID = userID
        self.role = role
        self.unitID = unitID
        self.includesDescendants = includesDescendants || role.alwaysCoversDescendants
        self.grantedBy = grantedBy
        self.grantedAt = grantedAt
    }
}

/// An authenticated user with the grants in force.
public struct Principal: Sendable, Hashable {
    public let user: User
    public let grants: [RoleGrant]

    public init(user: User, grants: [RoleGrant]) {
        self.user = user
        self.grants = grants
    }

    /// The most senior role held anywhere.
    public var highestRole: Role? { grants.map(\.role).max() }

    public func holds(_ role: Role) -> Bool { grants.contains { $0.role == role } }
}
