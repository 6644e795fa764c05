import NIOConcurrencyHelpers

/// A value built on first use and kept until replaced. Callers arriving while it is being built wait for that one
/// build instead of each starting their own: after a start, the first thirty-two reports each building the commune
/// router took seconds of CPU in the load figures (issue 11).
final class SharedValue<Value: Sendable>: Sendable {
    private let current = NIOLockedValueBox<Value?>(nil)
    private let building = NIOLockedValueBox<Task<Value, any Error>?>(nil)

    /// The kept value, or the result of `build` (shared by concurrent callers; a failed build is not kept).
    /// A build keeps its result only if nothing was `set` while it ran: a value set meanwhile was read later
    /// (after an import or a new decree), so the build's older reading gives way to it.
    func get(building build: @escaping @Sendable () async throws -> Value) async throws -> Value {
        if let value = current.withLockedValue({ $0 }) { return value }
        let task = building.withLockedValue { slot in
            if let slot { return slot }
            let task = Task {
                let built = try await build()
                return current.withLockedValue { stored in
                    if let stored { return stored }
                    stored = built
                    return built
                }
            }
            slot = task
            return task
        }
        defer { building.withLockedValue { if $0 == task { $0 = nil } } }
        return try await task.value
    }

    func set(_ value: Value) { current.withLockedValue { $0 = value } }
}
