import Core
import Fluent
import Foundation

final class UserRecord: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "username") var username: String
    @Field(key: "display_name") var displayName: String
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "phone") var phone: String?
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "is_disabled") var isDisabled: Bool

    init() {}

    init(_ user: User, passwordHash: String) {
        self.id = user.id.rawValue
        self.createdAt = user.createdAt
        self.username = user.username
        self.displayName = user.displayName
        self.email = user.email
        self.phone = user.phone
        self.passwordHash = passwordHash
        self.isDisabled = user.isDisabled
    }

    func toDomain() -> User {
        User(
            id: .init(rawValue: id!),
            username: username,
            displayName: displayName,
            email: email,
            phone: phone,
            isDisabled: isDisabled,
            createdAt: createdAt
        )
    }
}

final class RoleGrantRecord: Model, @unchecked Sendable {
    static let schema = "role_grants"

    @ID(key: .id) var id: UUID?
    @Field(key: "granted_at") var grantedAt: Date
    @Field(key: "role") var role: String
    @Field(key: "includes_descendants") var includesDescendants: Bool
    @Field(key: "user_id") var userID: UUID
    @OptionalField(key: "unit_id") var unitID: UUID?
    @OptionalField(key: "granted_by") var grantedBy: UUID?

    init() {}

    init(_ grant: RoleGrant) {
        self.id = grant.id.rawValue
        self.grantedAt = grant.grantedAt
        self.role = grant.role.rawValue
        self.includesDescendants = grant.includesDescendants
        self.userID = grant.userID.rawValue
        self.unitID = grant.unitID?.rawValue
        self.grantedBy = grant.grantedBy?.rawValue
    }

    /// Nil for a row naming a role this version does not know (it grants nothing).
    func toDomain() -> RoleGrant? {
        guard let role = Role(rawValue: role) else { return nil }
        return RoleGrant(
            id: .init(rawValue: id!),
            userID: .init(rawValue: userID),
            role: role,
            unitID: unitID.map(AdminUnit.ID.init(rawValue:)),
            includesDescendants: includesDescendants,
            grantedBy: grantedBy.map(User.ID.init(rawValue:)),
            grantedAt: grantedAt
        )
    }
}
