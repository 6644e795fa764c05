import Core
import Fluent
import Vapor

/// Sign-in and sign-out for pages (session cookie), citizen registration, and API tokens.
struct AuthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("login", use: loginForm)
        routes.post("login", use: login)
        routes.post("logout", use: logout)
        routes.get("register", use: registerForm)
        routes.post("register", use: register)
    }

    struct LoginForm: Content {
        let username: String
        let password: String
        let next: String?
    }

    @Sendable func loginForm(req: Request) async throws -> View {
        let layout = PageLayout.make(req, title: "Đăng nhập", section: .none)
        return try await req.view.render(
            "Accounts/login",
            LoginPage.make(layout: layout, next: req.queryString("next"))
        )
    }

    @Sendable func login(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        do {
            let principal = try await req.services.accounts(on: req.db).signIn(
                username: form.username,
                password: form.password,
                address: req.clientAddress,
                guard: req.services.loginGuard
            )
            try await req.startSession(for: principal.user.id)
            req.auth.login(CurrentUser(principal: principal, tokenID: nil))
            let target = LoginPage.safeNext(form.next)
            return req.redirect(to: target.isEmpty ? try await Self.landingPage(for: principal, req: req) : target)
        } catch let error as AccountError {
            let failure = Failure.from(error)
            let layout = PageLayout.make(req, title: "Đăng nhập", section: .none)
            let page = LoginPage.make(
                layout: layout,
                next: form.next,
                username: form.username,
                error: failure.messageVI
            )
            let response = try await req.view.render("Accounts/login", page).encodeResponse(for: req)
            response.status = failure.status
            response.headers.add(contentsOf: failure.headers)
            return response
        }
    }

    /// Where a user lands after sign-in: the unit of their first unit-scoped grant, else the home page.
    static func landingPage(for principal: Principal, req: Request) async throws -> String {
        guard let unitID = principal.grants.compactMap(\.unitID).first,
            let unit = try await req.services.units(on: req.db).find(unitID)
        else { return SiteURL.home.path }
        return SiteURL.unit(unit.tree, code: unit.code).path
    }

    @Sendable func logout(req: Request) async throws -> Response {
        req.auth.logout(CurrentUser.self)
        req.session.destroy()
        return req.redirect(to: SiteURL.home.path)
    }

    struct RegisterForm: Content {
        let username: String
        let displayName: String
        let password: String
        let email: String?
        let phone: String?
    }

    @Sendable func registerForm(req: Request) async throws -> View {
        try await req.view.render("Accounts/register", Self.registerPage(req, form: nil, error: nil))
    }

    @Sendable func register(req: Request) async throws -> Response {
        let form = try req.content.decode(RegisterForm.self)
        do {
            let user = try await req.transaction { db in
                try await req.services.accounts(on: db).registerCitizen(
                    NewUser(
                        username: form.username,
                        displayName: form.displayName,
                        password: form.password,
                        email: form.email,
                        phone: form.phone
                    )
                )
            }
            try await req.startSession(for: user.id)
            return req.redirect(to: SiteURL.home.path)
        } catch let error as AccountError {
            let failure = Failure.from(error)
            let response = try await req.view.render(
                "Accounts/register",
                Self.registerPage(req, form: form, error: failure.messageVI)
            )
            .encodeResponse(for: req)
            response.status = failure.status
            return response
        }
    }

    static func registerPage(_ req: Request, form: RegisterForm?, error: String?) -> RegisterPage {
        RegisterPage(
            layout: .make(req, title: "Đăng ký tài khoản công dân", section: .none),
            action: SiteURL.register.path,
            username: form?.username ?? "",
            displayName: form?.displayName ?? "",
            email: form?.email ?? "",
            phone: form?.phone ?? "",
            error: error
        )
    }
}

/// `/api/v1/auth/…` and `/api/v1/me`.
struct TokenController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("auth", "tokens", use: issue)
        routes.delete("auth", "tokens", ":id", use: revoke)
        routes.get("me", use: me)
    }

    struct Credentials: Content {
        let username: String
        let password: String
        let name: String?
    }

    @Sendable func issue(req: Request) async throws -> Response {
        let body = try req.content.decode(Credentials.self)
        let principal = try await req.services.accounts(on: req.db).signIn(
            username: body.username,
            password: body.password,
            address: req.clientAddress,
            guard: req.services.loginGuard
        )
        let issued = try await req.services.tokens(on: req.db).issue(for: principal.user.id, name: body.name ?? "api")
        return try await issued.encodeResponse(status: .created, for: req)
    }

    /// Revokes one of the caller's tokens; `current` names the token in use.
    @Sendable func revoke(req: Request) async throws -> HTTPStatus {
        let principal = try req.principal
        let raw = req.parameters.get("id") ?? ""
        let id = raw == "current" ? req.auth.get(CurrentUser.self)?.tokenID : UUID(uuidString: raw)
        guard let id, try await req.services.tokens(on: req.db).revoke(id, of: principal.user.id) else {
            throw WebError.notFound
        }
        return .noContent
    }

    struct Me: Content {
        let id: UUID
        let username: String
        let displayName: String
        let grants: [GrantDTO]
    }

    @Sendable func me(req: Request) async throws -> Me {
        let principal = try req.principal
        return Me(
            id: principal.user.id.rawValue,
            username: principal.user.username,
            displayName: principal.user.displayName,
            grants: principal.grants.map(GrantDTO.init)
        )
    }
}

struct GrantDTO: Content, Equatable {
    let id: UUID
    let role: String
    let unitID: UUID?
    let includesDescendants: Bool
    let grantedAt: Date

    init(_ grant: RoleGrant) {
        id = grant.id.rawValue
        role = grant.role.rawValue
        unitID = grant.unitID?.rawValue
        includesDescendants = grant.includesDescendants
        grantedAt = grant.grantedAt
    }
}
