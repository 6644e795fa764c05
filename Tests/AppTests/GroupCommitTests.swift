import NIOConcurrencyHelpers
import Testing

@testable import App

@Suite("Group commit")
struct GroupCommitTests {
    struct Refused: Error {}

    /// Records each batch it is given; waits at `gate` during the first one, so that others queue behind it. A batch
    /// holding 13 fails.
    final class Recorder: Sendable {
        let batches = NIOLockedValueBox<[[Int]]>([])
        let gate = Gate()

        func run(_ items: [Int]) async throws -> [String] {
            let first = batches.withLockedValue { batches in
                batches.append(items)
                return batches.count == 1
            }
            if first { await gate.wait() }
            if items.contains(13) { throw Refused() }
            return items.map { "#\($0)" }
        }

        /// Submits 0, and `later` while 0's commit is held at the gate; then opens it.
        func submit(_ later: [Int], maxBatch: Int) async throws -> (
            first: Task<String, any Error>, later: [Task<String, any Error>]
        ) {
            let group = GroupCommit<Int, String>(maxBatch: maxBatch) { try await self.run($0) }
            let first = Task { try await group.submit(0) }
            while batches.withLockedValue({ $0.isEmpty }) { await Task.yield() }
            let tasks = later.map { n in Task { try await group.submit(n) } }
            try await Task.sleep(for: .milliseconds(50))
            gate.open()
            return (first, tasks)
        }
    }

    @Test("Writes that arrive during a commit go together in the next one, each answered with its own output")
    func batches() async throws {
        let recorder = Recorder()
        let (first, later) = try await recorder.submit(Array(1...6), maxBatch: 4)
        #expect(try await first.value == "#0")
        for (n, task) in zip(1...6, later) { #expect(try await task.value == "#\(n)") }
        let batches = recorder.batches.withLockedValue { $0 }
        // The first alone; the six that waited in two batches of at most four.
        #expect(batches.count == 3 && batches[0] == [0])
        #expect(batches.dropFirst().map(\.count).sorted() == [2, 4])
        #expect(Set(batches.dropFirst().joined()) == Set(1...6))
    }

    @Test("A write that spoils its batch fails alone; the others are written on their own")
    func oneFailure() async throws {
        let recorder = Recorder()
        let (first, later) = try await recorder.submit([12, 13, 14], maxBatch: 10)
        #expect(try await first.value == "#0")
        #expect(try await later[0].value == "#12")
        await #expect(throws: Refused.self) { try await later[1].value }
        #expect(try await later[2].value == "#14")
        let batches = recorder.batches.withLockedValue { $0 }
        #expect(batches.count == 5 && batches[1].count == 3 && batches[2...].allSatisfy { $0.count == 1 })
    }
}
