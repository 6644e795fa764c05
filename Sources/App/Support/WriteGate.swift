import Foundation
import NIOConcurrencyHelpers

/// One write transaction at a time, in arrival order. SQLite allows one writer anyway; a transaction that read
/// first and then tries to write while another writer holds the lock fails at once with "database is locked"
/// (SQLite does not wait when upgrading a read lock). Queuing writers here, in the one server process that owns
/// the file, turns those failures into a short wait. PostgreSQL does not use the gate.
///
/// A lock, not an actor: a writer that finds the gate open goes through without suspending. As an actor, entering
/// and leaving were two trips through the task queues per transaction, each behind the requests being prepared,
/// while every report of a group commit waited (issue 11).
final class WriteGate: Sendable {
    private struct State {
        var busy = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state = NIOLockedValueBox(State())

    func run<T: Sendable>(_ work: () async throws -> T) async throws -> T {
        await enter()
        defer { leave() }
        return try await work()
    }

    private func enter() async {
        if take() { return }
        // The gate may have opened between the look and the wait: `leave` hands it over under the same lock, so
        // the continuation is either queued before `leave` looks, or finds the gate free here.
        await withCheckedContinuation { continuation in
            if take(orQueue: continuation) { continuation.resume() }
        }
    }

    /// Takes the gate if it is open; else queues `continuation`, if given, to be handed the gate by `leave`.
    private func take(orQueue continuation: CheckedContinuation<Void, Never>? = nil) -> Bool {
        state.withLockedValue { state in
            guard state.busy else {
                state.busy = true
                return true
            }
            if let continuation { state.waiting.append(continuation) }
            return false
        }
    }

    /// Hands the gate to the first writer waiting (it stays busy), or opens it.
    private func leave() {
        let next = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiting.isEmpty else {
                state.busy = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}
