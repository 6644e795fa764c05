import Foundation
import Vapor

/// Renders every error: JSON `{"error": {code, message, message_vi, details}}` under /api, an HTML page for
/// browsers, and a redirect to the sign-in page when a page needs a signed-in user. Never leaks internals.
struct AppErrorMiddleware: Middleware {
    struct Body: Content {
        struct Inner: Content {
            let code: String
            let message: String
            let messageVI: String
            let details: [Failure.Detail]

            enum CodingKeys: String, CodingKey {
                case code, message, details
                case messageVI = "message_vi"
            }
        }
        let error: Inner
    }

    /// Answers pass straight through; only a failure starts a task, to render its page.
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).flatMapError { error in
            request.eventLoop.makeFutureWithTask { try await Self.render(error, for: request) }
        }
    }

    static func render(_ error: any Error, for request: Request) async throws -> Response {
        let allowed = error is RouteNotFound ? AllowedMethods.at(request) : []
        let mapped =
            !allowed.isEmpty
            ? AllowedMethods.failure(allowed) : Failure.from(error is RouteNotFound ? WebError.notFound : error)
        if mapped.status.code >= 500 {
            request.logger.report(error: error)
        }
        if Self.wantsJSON(request) {
            let response = try await Body(
                error: .init(
                    code: mapped.code,
                    message: mapped.message,
                    messageVI: mapped.messageVI,
                    details: mapped.details
                )
            ).encodeResponse(status: mapped.status, for: request)
            response.headers.add(contentsOf: mapped.headers)
            return response
        }
        if mapped.code == "unauthenticated" {
            let next = request.url.path + (request.url.query.map { "?" + $0 } ?? "")
            return request.redirect(to: SiteURL.login(next: next).path)
        }
        let response = try await ErrorPage.render(mapped, for: request)
        response.headers.add(contentsOf: mapped.headers)
        return response
    }

    static func wantsJSON(_ request: Request) -> Bool {
        let path = request.url.path
        return path.hasPrefix("/api/") || path == "/api" || path.hasPrefix("/lgsp/") || path.hasSuffix(".json")
            || (path.hasPrefix("/du-lieu-mo/tai-ve/") && request.apiKey != nil)
            || (request.headers.accept.mediaTypes.first == .json)
    }
}
