import Core
import Vapor

struct UserDTO: Content, Equatable {
    let id: UUID
    let username: String
    let displayName: String
    let email: String?
    let phone: String?
    let isDisabled: Bool
    let createdAt: Date
    var grants: [GrantDTO]?

    init(_ user: User, grants: [RoleGrant]? = nil) {
        id = user.id.rawValue
        username = user.username
        displayName = user.displayName
        email = user.email
        phone = user.phone
        isDisabled = user.isDisabled
        createdAt = user.createdAt
        self.grants = grants?.map(GrantDTO.init)
    }
}

struct NewUserDTO: Content {
    let username: String
    let displayName: String
    let password: String
    let email: String?
    let phone: String?

    var domain: NewUser {
        NewUser(username: username, displayName: displayName, password: password, email: email, phone: phone)
    }
}

/// A grant request. The unit is named by its code (and tree, default 2025), as people know it.
struct NewGrantDTO: Content {
    let role: String
    let unitCode: String?
    let tree: String?
    let includesDescendants: Bool?

    func resolve(on units: any UnitRepository) async throws -> (Role, AdminUnit.ID?) {
        guard let role = Role(rawValue: role) else {
            throw AccountError.invalidField(field: "role", issue: .oneOf(Role.allCases.map(\.rawValue)))
        }
        guard let code = unitCode?.trimmingCharacters(in: .whitespaces), !code.isEmpty else { return (role, nil) }
        guard let tree = AdminTree(rawValue: tree ?? AdminTree.current.rawValue) else {
            throw AccountError.invalidField(field: "tree", issue: .oneOf(AdminTree.allCases.map(\.rawValue)))
        }
        guard let unit = try await units.find(UnitKey(tree: tree, code: code)) else {
            throw UnitError.notFound(tree: tree, code: code)
        }
        return (role, unit.id)
    }
}
