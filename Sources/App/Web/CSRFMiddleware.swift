import Crypto
import Foundation
import Vapor

/// Synchroniser-token CSRF protection for the cookie-authenticated pages: every unsafe request must carry the
/// session's token in the `_csrf` form field or the `X-CSRF-Token` header. The API is exempt: it takes bearer
/// tokens only, which a browser never attaches on its own.
struct CSRFMiddleware: AsyncMiddleware {
    static let sessionKey = "csrf"
    static let field = "_csrf"
    /// A photo of at most 10 MB plus the other fields.
    static let maxMultipartBytes = 21 * 1024 * 1024

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            // A file upload arrives streamed; the token is inside the body, so read it first (bounded by the
            // largest upload a page takes). The route then finds the body already collected.
            if request.body.data == nil, request.headers.contentType?.type == "multipart",
                request.headers.first(name: "X-CSRF-Token") == nil
            {
                _ = try await request.body.collect(max: Self.maxMultipartBytes).get()
            }
            let expected = request.session.data[Self.sessionKey]
            let sent =
                request.headers.first(name: "X-CSRF-Token") ?? (try? request.content.get(String.self, at: Self.field))
            guard let expected, let sent, Self.constantTimeEqual(expected, sent) else { throw WebError.csrfMismatch }
        }
        return try await next.respond(to: request)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Marks a request the sessions middleware has seen. An error thrown before it (the static-file middleware refusing
/// `/css/..%2f..`) renders its page without a session: reading one there trips Vapor's assertion and, in a debug
/// build, stops the process.
struct SessionsReady: Middleware {
    struct Key: StorageKey { typealias Value = Bool }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        request.storage[Key.self] = true
        return next.respond(to: request)
    }
}

extension Request {
    /// The session's CSRF token, created on first use ("" outside the sessions middleware: no form can post).
    var csrfToken: String {
        guard storage[SessionsReady.Key.self] == true else { return "" }
        if let token = session.data[CSRFMiddleware.sessionKey] { return token }
        let token = Data([UInt8].random(count: 32)).base64URLEncoded
        session.data[CSRFMiddleware.sessionKey] = token
        return token
    }
}
