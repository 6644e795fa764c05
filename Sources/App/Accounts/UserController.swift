import Core
import Fluent
import Vapor

/// `/api/v1/users`: user administration.
struct UserController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let users = routes.grouped("users")
        users.get(use: index)
        users.post(use: create)
        users.get(":id", use: show)
        users.post(":id", "grants", use: grant)
        users.delete(":id", "grants", ":grantID", use: revoke)
    }

    @Sendable func index(req: Request) async throws -> PageDTO<UserDTO> {
        let principal = try req.principal
        guard principal.grants.contains(where: { $0.role.actions.contains(.manageUsers) }) else {
            throw AccountError.forbidden
        }
        let page = try await req.services.accounts(on: req.db).users(visibleTo: principal, page: try req.pageRequest())
        return PageDTO(page) { UserDTO($0) }
    }

    @Sendable func create(req: Request) async throws -> Response {
        let principal = try req.principal
        let body = try req.content.decode(NewUserDTO.self)
        let user = try await req.transaction { db in
            try await req.services.accounts(on: db).createUser(body.domain, by: principal)
        }
        return try await UserDTO(user, grants: []).encodeResponse(status: .created, for: req)
    }

    @Sendable func show(req: Request) async throws -> UserDTO {
        let (user, grants) = try await req.services.accounts(on: req.db)
            .user(User.ID(rawValue: try req.uuidParameter("id")), visibleTo: try req.principal)
        return UserDTO(user, grants: grants)
    }

    @Sendable func grant(req: Request) async throws -> Response {
        let principal = try req.principal
        let userID = User.ID(rawValue: try req.uuidParameter("id"))
        let body = try req.content.decode(NewGrantDTO.self)
        let grant = try await req.transaction { db in
            let (role, unit) = try await body.resolve(on: req.services.units(on: db))
            return try await req.services.accounts(on: db).grant(
                role,
                on: unit,
                includingDescendants: body.includesDescendants ?? false,
                to: userID,
                by: principal
            )
        }
        return try await GrantDTO(grant).encodeResponse(status: .created, for: req)
    }

    @Sendable func revoke(req: Request) async throws -> HTTPStatus {
        let principal = try req.principal
        let grantID = RoleGrant.ID(rawValue: try req.uuidParameter("grantID"))
        try await req.transaction { db in try await req.services.accounts(on: db).revoke(grantID, by: principal) }
        return .noContent
    }
}
