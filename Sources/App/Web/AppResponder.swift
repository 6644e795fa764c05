@preconcurrency import RoutingKit
import Vapor

/// Vapor's router, routing on the request's path as it arrived instead of the one `URI.path` rebuilds (issue 11).
///
/// `URI.path` swaps every `%3B` back to `;` with Foundation's `replacingOccurrences`, which bridges the whole path to
/// an `NSString`: 1.5–2 µs on every request, about 4 % of the citizen's dossier look-up, more than the trie itself.
/// Here a path without `%` is read straight from the URI's `URLComponents` (`RawPath`) and split once; it is the same
/// string `URI.path` would give. The routes, the middleware around each, the trie and the HEAD-to-GET fallback are
/// Vapor's (`DefaultResponder`, whose type is internal). Anything else (a `%` in the path, no route matched, a URI
/// laid out differently by a later Vapor) goes to Vapor's own responder, so every answer is the one Vapor would give.
struct AppResponder: Responder, @unchecked Sendable {  // The trie is built in `init` and only read after.
    private struct Cached {
        let route: Route
        let responder: any Responder
    }
    private let router: TrieRouter<Cached>
    private let vapor: any Responder

    /// - Parameter vapor: Vapor's responder over the same routes and middleware (`app.responder.default`).
    init(routes: Routes, middleware: [any Middleware], vapor: any Responder) {
        let router = TrieRouter(Cached.self, options: routes.caseInsensitive ? [.caseInsensitive] : [])
        for route in routes.all {
            // As Vapor registers them: empty constants left out, the method as the first component.
            let path = route.path.filter { component in
                if case .constant(let constant) = component { return !constant.isEmpty }
                return true
            }
            let cached = Cached(route: route, responder: middleware.makeResponder(chainingTo: route.responder))
            router.register(cached, at: [.constant(route.method.rawValue)] + path)
        }
        self.router = router
        self.vapor = vapor
    }

    func respond(to request: Request) -> EventLoopFuture<Response> {
        guard let components = RawPath.components(of: request.url), let cached = route(request, components) else {
            return vapor.respond(to: request)
        }
        request.route = cached.route
        return cached.responder.respond(to: request)
    }

    /// A HEAD request takes a HEAD route if there is one, else the GET route (as Vapor does).
    private func route(_ request: Request, _ components: [String]) -> Cached? {
        if request.method == .HEAD,
            let cached = router.route(path: [HTTPMethod.HEAD.rawValue] + components, parameters: &request.parameters)
        {
            return cached
        }
        let method = request.method == .HEAD ? HTTPMethod.GET : request.method
        return router.route(path: [method.rawValue] + components, parameters: &request.parameters)
    }
}

/// The path of a request's URI as it arrived, without `URI.path`'s rebuilding.
enum RawPath {
    /// Whether `URI` keeps its `URLComponents?` as its one stored property, so that a `URI` can be read as one: true
    /// for Vapor 4.122. Checked once by reflection; if a later Vapor stores anything else, nothing is read this way
    /// and every request goes through Vapor's responder (a test fails first: `rawPathMatchesVapor`).
    static let available: Bool = {
        let children = Array(Mirror(reflecting: URI(string: "/")).children)
        return children.count == 1 && children[0].label == "components" && children[0].value is URLComponents?
            && MemoryLayout<URI>.size == MemoryLayout<URLComponents?>.size
            && MemoryLayout<URI>.alignment == MemoryLayout<URLComponents?>.alignment
    }()

    /// The path's non-empty segments, or nil when only `URI.path` can say (a `%` in the path, or `available` false).
    static func components(of uri: URI) -> [String]? {
        guard available, let path = unsafeBitCast(uri, to: URLComponents?.self)?.percentEncodedPath else { return nil }
        var segments: [String] = []
        var start = path.utf8.startIndex
        for index in path.utf8.indices {
            switch path.utf8[index] {
            case UInt8(ascii: "%"): return nil
            case UInt8(ascii: "/"):
                if start != index { segments.append(String(path[start..<index])) }
                start = path.utf8.index(after: index)
            default: continue
            }
        }
        if start != path.utf8.endIndex { segments.append(String(path[start...])) }
        return segments
    }
}
