import Foundation

/// One write transaction at a time, in arrival order. SQLite allows one writer anyway; a transaction that read
/// first and then tries to write while another writer holds the lock fails at once with "database is locked"
/// (SQLite does not wait when upgrading a read lock). Queuing writers here, in the one server process that owns
/// the file, turns those failures into a short wait. PostgreSQL does not use the gate.
actor WriteGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        await enter()
        defer { leave() }
        return try await work()
    }

    private func enter() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func leave() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}
