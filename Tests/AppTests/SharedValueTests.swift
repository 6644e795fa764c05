import NIOConcurrencyHelpers
import Testing

@testable import App

/// A gate a build waits at until the test opens it.
final class Gate: Sendable {
    private let waiting = NIOLockedValueBox<[CheckedContinuation<Void, Never>]>([])
    private let opened = NIOLockedValueBox(false)

    func wait() async {
        await withCheckedContinuation { continuation in
            let open = opened.withLockedValue { isOpen in
                if !isOpen { waiting.withLockedValue { $0.append(continuation) } }
                return isOpen
            }
            if open { continuation.resume() }
        }
    }

    func open() {
        let resumed = opened.withLockedValue { isOpen in
            isOpen = true
            return waiting.withLockedValue { list in
                defer { list = [] }
                return list
            }
        }
        for continuation in resumed { continuation.resume() }
    }
}

@Suite("Values built once and shared")
struct SharedValueTests {
    @Test("Callers arriving together share one build, and later callers get the kept value")
    func oneBuild() async throws {
        let shared = SharedValue<Int>()
        let builds = NIOLockedValueBox(0)
        let gate = Gate()
        let build: @Sendable () async throws -> Int = {
            let count = builds.withLockedValue { count in
                count += 1
                return count
            }
            await gate.wait()
            return count * 10
        }
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<16 { group.addTask { try await shared.get(building: build) } }
            try await Task.sleep(for: .milliseconds(50))
            gate.open()
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(values == Array(repeating: 10, count: 16))
        #expect(try await shared.get(building: build) == 10)
        #expect(builds.withLockedValue { $0 } == 1)
    }

    @Test("A slow first build does not overwrite a value set while it ran")
    func setWins() async throws {
        let shared = SharedValue<String>()
        let gate = Gate()
        let first = Task {
            try await shared.get {
                await gate.wait()
                return "old reading"
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        shared.set("rebuilt after an import")
        gate.open()
        #expect(try await first.value == "rebuilt after an import")
        #expect(try await shared.get { "never built" } == "rebuilt after an import")
    }

    @Test("A failed build is not kept: the next caller builds again")
    func failureNotKept() async throws {
        struct Broken: Error {}
        let shared = SharedValue<Int>()
        await #expect(throws: Broken.self) { try await shared.get { throw Broken() } }
        #expect(try await shared.get { 7 } == 7)
    }
}
