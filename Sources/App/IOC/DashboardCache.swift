import Core
import NIOConcurrencyHelpers

/// Rendered widgets shared, for a few seconds, by everyone viewing the same dashboard for the same unit and range:
/// an operations centre has many screens on one view, and each render adds up live counters over every dossier
/// and report (0.6 s of CPU with a million dossiers, so a dozen screens refreshing saturated the server; issue 11).
/// Viewers arriving while a render runs wait for it instead of starting their own. Who may see the unit is still
/// checked on every request, before the cache is consulted.
final class DashboardCache: Sendable {
    struct Key: Hashable, Sendable {
        /// The whole definition, so an edited dashboard is a new key.
        let dashboard: Dashboard
        let unitCode: String
        let range: String
        let day: CivilDate
    }

    /// A render and when its result stops being shared (nil while it runs: a render slower than the lifetime is
    /// still joined, not repeated by every viewer arriving meanwhile).
    private typealias Entry = (expires: ContinuousClock.Instant?, task: Task<[RenderedWidget], any Error>)
    private let entries = NIOLockedValueBox<[Key: Entry]>([:])
    /// Zero renders every time.
    let lifetime: Duration

    init(lifetime: Duration) { self.lifetime = lifetime }

    func widgets(
        _ key: Key,
        render: @escaping @Sendable () async throws -> [RenderedWidget]
    ) async throws -> [RenderedWidget] {
        guard lifetime > .zero else { return try await render() }
        let now = ContinuousClock.now
        let task = entries.withLockedValue { entries in
            if let entry = entries[key], (entry.expires ?? now) >= now { return entry.task }
            entries = entries.filter { ($0.value.expires ?? now) >= now }
            let task = Task { try await render() }
            entries[key] = (nil, task)
            return task
        }
        do {
            let widgets = try await task.value
            let lifetime = lifetime
            entries.withLockedValue {
                if $0[key]?.task == task, $0[key]?.expires == nil { $0[key]?.expires = .now + lifetime }
            }
            return widgets
        } catch {
            entries.withLockedValue { if $0[key]?.task == task { $0[key] = nil } }
            throw error
        }
    }
}
