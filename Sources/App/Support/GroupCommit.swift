import NIOConcurrencyHelpers

/// Group commit: writes that arrive while one transaction runs wait for it to end and then go together in the next
/// one, so a busy server pays one transaction (and on SQLite one turn of the single writer) for many of them. No
/// timer: alone, a write goes at once; the batches grow only with the load. Each caller's answer waits for the
/// commit of its own batch, so nothing is acknowledged before it is durable (issue 11).
final class GroupCommit<Item: Sendable, Output: Sendable>: Sendable {
    /// Stores the items in one transaction; returns one output per item, in order.
    typealias Run = @Sendable ([Item]) async throws -> [Output]

    private struct Waiting: Sendable {
        let item: Item
        let continuation: CheckedContinuation<Output, any Error>
    }

    private struct State: Sendable {
        var queue: [Waiting] = []
        var flushing = false
    }

    private let state = NIOLockedValueBox(State())
    private let maxBatch: Int
    private let run: Run

    /// - Parameter maxBatch: the most items in one transaction (a batch's statements bind every item's values).
    init(maxBatch: Int = 200, run: @escaping Run) {
        precondition(maxBatch > 0)
        self.maxBatch = maxBatch
        self.run = run
    }

    /// Writes `item` in the next transaction and returns its output once that transaction has committed.
    func submit(_ item: Item) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            let startFlushing = state.withLockedValue { state in
                state.queue.append(Waiting(item: item, continuation: continuation))
                defer { state.flushing = true }
                return !state.flushing
            }
            if startFlushing { Task { await self.flush() } }
        }
    }

    private func flush() async {
        while let batch = nextBatch() { await commit(batch) }
    }

    private func nextBatch() -> [Waiting]? {
        state.withLockedValue { state in
            guard !state.queue.isEmpty else {
                state.flushing = false
                return nil
            }
            let batch = Array(state.queue.prefix(maxBatch))
            state.queue.removeFirst(batch.count)
            return batch
        }
    }

    private func commit(_ batch: [Waiting]) async {
        do {
            let outputs = try await run(batch.map(\.item))
            precondition(outputs.count == batch.count, "a group commit returned \(outputs.count) of \(batch.count)")
            for (waiting, output) in zip(batch, outputs) { waiting.continuation.resume(returning: output) }
        } catch {
            guard batch.count > 1 else {
                batch[0].continuation.resume(throwing: error)
                return
            }
            // One item spoiled the transaction (an idempotency key used meanwhile, say): each again on its own,
            // so that only that one fails.
            for waiting in batch { await commit([waiting]) }
        }
    }
}
