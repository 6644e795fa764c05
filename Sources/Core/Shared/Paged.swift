/// A page of results with the total count, for lists and APIs.
public struct Paged<Item: Sendable>: Sendable {
    public var items: [Item]
    public var total: Int
    public var limit: Int
    public var offset: Int

    public init(items: [Item], total: Int, limit: Int, offset: Int) {
        self.items = items
        self.total = total
        self.limit = limit
        self.offset = offset
    }

    public func map<T: Sendable>(_ transform: (Item) throws -> T) rethrows -> Paged<T> {
        Paged<T>(items: try items.map(transform), total: total, limit: limit, offset: offset)
    }
}

/// Limit and offset, clamped to sane bounds so a client cannot ask for a million rows.
public struct Paging: Hashable, Sendable {
    public static let maxLimit = 500
    public let limit: Int
    public let offset: Int

    public init(limit: Int? = nil, offset: Int? = nil, defaultLimit: Int = 50) {
        self.limit = min(max(limit ?? defaultLimit, 1), Paging.maxLimit)
        self.offset = max(offset ?? 0, 0)
    }
}
