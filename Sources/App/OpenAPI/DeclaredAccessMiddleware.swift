import Core
import NIOConcurrencyHelpers
import Vapor

/// Enforces the access each operation declares in the OpenAPI catalogue before its handler runs: an operation for
/// signed-in callers answers 401 to a caller without a token, a gateway operation 401 without a key, whatever the
/// body or the record asked for. (The handlers still decide who, among the signed-in, may do it.) So the
/// document's `security` is the truth, and no handler can leak by validating its input first.
struct DeclaredAccessMiddleware: Middleware {
    static let access: [String: ApiOperation.Access] = Dictionary(
        ApiCatalogue.operations.map { (key($0.method, $0.path.split(separator: "/").map(String.init)), $0.access) },
        uniquingKeysWith: { first, _ in first }
    )

    /// `GET api/v1/feedback/:` for both `/api/v1/feedback/{code}` and the route `api/v1/feedback/:code`.
    static func key(_ method: HTTPMethod, _ segments: [String]) -> String {
        let path = segments.map { $0.hasPrefix(":") || ($0.hasPrefix("{") && $0.hasSuffix("}")) ? ":" : $0 }
        return "\(method.rawValue) \(path.joined(separator: "/"))"
    }

    /// Each route's access, found once: the key's strings were built for every call (issue 11). Routes live as long
    /// as the application, and so does this middleware.
    private let known = NIOLockedValueBox<[ObjectIdentifier: ApiOperation.Access?]>([:])

    /// On futures: an async middleware starts a task for every API call (issue 11).
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        do { try check(request) } catch { return request.eventLoop.makeFailedFuture(error) }
        return next.respond(to: request)
    }

    private func check(_ request: Request) throws {
        guard let route = request.route else { return }
        switch access(of: route) {
        case .token?: _ = try request.principal
        case .apiKey?: if request.apiKey == nil { throw SharingError.missingKey }
        default: break
        }
    }

    private func access(of route: Route) -> ApiOperation.Access? {
        let id = ObjectIdentifier(route)
        if let found = known.withLockedValue({ $0[id] }) { return found }
        let found = Self.access[Self.key(route.method, route.path.map(\.description))]
        known.withLockedValue { $0[id] = .some(found) }
        return found
    }
}
