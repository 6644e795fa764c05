import Core
import Fluent
import Vapor

/// User and grant administration pages under `/admin/users`.
struct AdminPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let users = routes.grouped("admin", "users")
        users.get(use: index)
        users.post(use: create)
        users.get(":id", use: show)
        users.post(":id", "grants", use: grant)
        users.post(":id", "grants", ":grantID", "revoke", use: revoke)
    }

    @Sendable func index(req: Request) async throws -> View {
        try await render(req, error: nil)
    }

    private func render(_ req: Request, error: String?) async throws -> View {
        let principal = try req.principal
        guard principal.grants.contains(where: { $0.role.actions.contains(.manageUsers) }) else {
            throw AccountError.forbidden
        }
        let page = try await req.services.accounts(on: req.db).users(
            visibleTo: principal,
            page: try req.pageRequest(defaultLimit: 100)
        )
        return try await req.view.render(
            "Admin/users",
            UsersPage.make(layout: .make(req, title: "Người dùng", section: .users), page: page, error: error)
        )
    }

    @Sendable func create(req: Request) async throws -> Response {
        let principal = try req.principal
        let body = try req.content.decode(NewUserDTO.self)
        do {
            let user = try await req.transaction { db in
                try await req.services.accounts(on: db).createUser(body.domain, by: principal)
            }
            return req.redirect(to: SiteURL.adminUser(user.id).path)
        } catch let error as AccountError where error != .forbidden {
            let failure = Failure.from(error)
            let response = try await render(req, error: failure.messageVI).encodeResponse(for: req)
            response.status = failure.status
            return response
        }
    }

    @Sendable func show(req: Request) async throws -> View {
        try await renderUser(req, id: User.ID(rawValue: try req.uuidParameter("id")), error: nil)
    }

    private func renderUser(_ req: Request, id: User.ID, error: String?) async throws -> View {
        let (user, grants) = try await req.services.accounts(on: req.db).user(id, visibleTo: try req.principal)
        let units = try await req.services.units(on: req.db).find(ids: grants.compactMap(\.unitID))
        let page = UserPage.make(
            layout: .make(req, title: user.displayName, section: .users),
            user: user,
            grants: grants,
            units: Dictionary(uniqueKeysWithValues: units.map { ($0.id, $0) }),
            error: error
        )
        return try await req.view.render("Admin/user", page)
    }

    struct GrantForm: Content {
        let role: String
        let unitCode: String?
        let includesDescendants: String?
    }

    @Sendable func grant(req: Request) async throws -> Response {
        let principal = try req.principal
        let userID = User.ID(rawValue: try req.uuidParameter("id"))
        let form = try req.content.decode(GrantForm.self)
        let dto = NewGrantDTO(
            role: form.role,
            unitCode: form.unitCode,
            tree: nil,
            includesDescendants: form.includesDescendants != nil
        )
        do {
            _ = try await req.transaction { db in
                let (role, unit) = try await dto.resolve(on: req.services.units(on: db))
                return try await req.services.accounts(on: db).grant(
                    role,
                    on: unit,
                    includingDescendants: dto.includesDescendants ?? false,
                    to: userID,
                    by: principal
                )
            }
            return req.redirect(to: SiteURL.adminUser(userID).path)
        } catch let error where error is AccountError || error is UnitError {
            let failure = Failure.from(error)
            let response = try await renderUser(req, id: userID, error: failure.messageVI).encodeResponse(for: req)
            response.status = failure.status
            return response
        }
    }

    @Sendable func revoke(req: Request) async throws -> Response {
        let principal = try req.principal
        let userID = User.ID(rawValue: try req.uuidParameter("id"))
        let grantID = RoleGrant.ID(rawValue: try req.uuidParameter("grantID"))
        try await req.transaction { db in try await req.services.accounts(on: db).revoke(grantID, by: principal) }
        return req.redirect(to: SiteURL.adminUser(userID).path)
    }
}
