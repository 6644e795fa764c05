import Core
import Fluent
import SQLKit
import Vapor

/// The signed-in user, as Vapor's auth cache holds it.
struct CurrentUser: Authenticatable {
    let principal: Principal
    /// The API token in use, when signed in with one.
    let tokenID: UUID?
}

extension Request {
    /// The signed-in user, or a 401 (API) / redirect to the sign-in page (pages).
    var principal: Principal {
        get throws {
            guard let current = auth.get(CurrentUser.self) else { throw WebError.unauthenticated }
            return current.principal
        }
    }

    var optionalPrincipal: Principal? { auth.get(CurrentUser.self)?.principal }

    /// The client address for rate limiting.
    var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}

/// Pages: the user id kept in the session cookie.
struct SessionAuthenticator: AsyncMiddleware {
    static let sessionKey = "uid"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let raw = request.session.data[Self.sessionKey], let id = User.ID(uuidString: raw) {
            if let principal = try await request.services.accounts(on: request.db).principal(for: id) {
                request.auth.login(CurrentUser(principal: principal, tokenID: nil))
            } else {
                request.session.destroy()
            }
        }
        return try await next.respond(to: request)
    }
}

/// API: `Authorization: Bearer tsk_…`. On futures, and on a SQLite file the token is read on the event loop
/// (`DirectReads`): an async middleware starts a task for every API call (issue 11).
struct BearerAuthenticator: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard let bearer = request.headers.bearerAuthorization else { return next.respond(to: request) }
        let now = request.services.clock.now()
        let cache = request.services.tokenHolders
        if let direct = request.directReads {
            do {
                let found = try PrincipalQuery.principal(
                    token: bearer.token,
                    now: now,
                    direct: direct,
                    versions: try request.tableVersions(direct: direct),
                    cache: cache
                )
                try Self.login(found, on: request)
                return next.respond(to: request)
            } catch SQLiteReader.Failure.busy {
                // Read through Fluent below.
            } catch {
                return request.eventLoop.makeFailedFuture(error)
            }
        }
        return request.eventLoop.makeFutureWithTask {
            try await PrincipalQuery(sql: request.db as! any SQLDatabase).principal(
                token: bearer.token,
                now: now,
                versions: try await request.tableVersions(),
                cache: cache
            )
        }.flatMapThrowing { try Self.login($0, on: request) }.flatMap { next.respond(to: request) }
    }

    private static func login(_ found: (principal: Principal, token: UUID)?, on request: Request) throws {
        guard let (principal, tokenID) = found else { throw WebError.invalidToken }
        request.auth.login(CurrentUser(principal: principal, tokenID: tokenID))
    }
}

extension Request {
    /// Signs `user` in on a brand-new session: the old session record is deleted and a new id is issued, so an
    /// id planted before sign-in is worthless after it (session fixation guard).
    func startSession(for user: User.ID) async throws {
        if let old = session.id {
            try await application.sessions.driver.deleteSession(old, for: self).get()
        }
        session.id = nil
        session.data = SessionData()
        session.data[SessionAuthenticator.sessionKey] = user.description
    }
}
