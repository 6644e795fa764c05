import Foundation
import Vapor

/// Serves `Public/` through Vapor's `FileMiddleware`, but only for paths under one of its top-level entries
/// (`/css/…`, `/js/…`), read once at start-up. `FileMiddleware` asks the file system about every path it sees, on a
/// thread pool of its own, and as an `AsyncMiddleware` starts a task for it: a third of the time of a request
/// that reads one database row went there (issue 11). Files added later under an existing entry are served;
/// a new top-level entry needs a restart. A request that matched a route is not a file's (no route lies under
/// `Public/`'s entries), and is passed on without working out its path, which Vapor re-escapes on every read.
struct PublicFilesMiddleware: Middleware {
    let files: FileMiddleware
    /// The names directly inside the public directory.
    let roots: Set<String>

    init(publicDirectory: String) {
        files = FileMiddleware(publicDirectory: publicDirectory)
        roots = Set((try? FileManager.default.contentsOfDirectory(atPath: publicDirectory)) ?? [])
    }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard request.route == nil, roots.contains(Self.firstSegment(of: request.url.path)) else {
            return next.respond(to: request)
        }
        return files.respond(to: request, chainingTo: next)
    }

    /// `css` for `/css/site.css`, percent-decoded as `FileMiddleware` decodes the path.
    static func firstSegment(of path: String) -> String {
        let segment = path.drop { $0 == "/" }.prefix { $0 != "/" }
        return segment.contains("%") ? segment.removingPercentEncoding ?? "" : String(segment)
    }
}
