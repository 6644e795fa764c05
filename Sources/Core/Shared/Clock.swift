public import Foundation

/// The source of "now". Nothing in Core calls `Date()`; time is always injected.
public struct Clock: Sendable {
    public var now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) { self.now = now }

    /// The machine's clock.
    public static let system = Clock { Date() }

    /// A clock stopped at `date`, for tests and replays.
    public static func fixed(_ date: Date) -> Clock { Clock { date } }
}
