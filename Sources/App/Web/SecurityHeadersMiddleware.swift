import Vapor

/// Conservative browser security headers; everything is served from this origin (no CDN), so the policy is tight.
struct SecurityHeadersMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).map { response in
            Self.add(to: response)
            return response
        }
    }

    private static let headers: [(String, String)] = [
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        (
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"
        ),
    ]

    /// Replaces any of these a handler set; most responses have none, and get all four added after one look
    /// (four `replaceOrAdd` searched the headers four times, issue 11).
    static func add(to response: Response) {
        if headers.contains(where: { response.headers.contains(name: $0.0) }) {
            for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        } else {
            response.headers.add(contentsOf: headers)
        }
    }
}
