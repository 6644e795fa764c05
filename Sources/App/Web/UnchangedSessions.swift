import Vapor

/// A session driver that writes a session back only when its data changed. Vapor's sessions middleware writes every
/// session it read back on every response, so each page a signed-in official opened was a write to the sessions
/// table: under load those writes queued for SQLite's one writer, and past the busy timeout pages failed with
/// "database is locked" (32 dashboards at once: p99 5.3 s and failures, issue 11). The session table holds no
/// "last seen" time, so an unchanged session has nothing to write.
struct UnchangedSessionsSkipped: SessionDriver {
    let base: any SessionDriver

    /// The session as the request read it.
    private struct Read: StorageKey {
        typealias Value = (id: SessionID, data: [String: String])
    }

    func createSession(_ data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        base.createSession(data, for: request)
    }

    func readSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<SessionData?> {
        base.readSession(sessionID, for: request).map { data in
            if let data { request.storage[Read.self] = (sessionID, data.snapshot) }
            return data
        }
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) -> EventLoopFuture<
        SessionID
    > {
        if let read = request.storage[Read.self], read.id == sessionID, read.data == data.snapshot {
            return request.eventLoop.makeSucceededFuture(sessionID)
        }
        return base.updateSession(sessionID, to: data, for: request)
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<Void> {
        base.deleteSession(sessionID, for: request)
    }
}
