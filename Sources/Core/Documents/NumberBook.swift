public import Foundation

/// A unit's yearly number book (sổ văn bản): one for incoming documents, one for outgoing. Numbers run from 1 each
/// calendar year in Vietnam's time zone, without gaps; the repository hands them out atomically.
public struct NumberBookKey: Hashable, Sendable, Codable {
    public let unitCode: String
    public let direction: DocumentDirection
    public let year: Int

    public init(unitCode: String, direction: DocumentDirection, year: Int) {
        self.unitCode = unitCode
        self.direction = direction
        self.year = year
    }

    /// The book a document registered at `instant` goes into: the year changes at midnight in Vietnam.
    public init(unitCode: String, direction: DocumentDirection, at instant: Date) {
        self.init(unitCode: unitCode, direction: direction, year: CivilDate(instant).year)
    }
}

/// Hands out the next number of a book; implementations must be atomic across concurrent callers and processes.
public protocol NumberBooks: Sendable {
    func next(_ book: NumberBookKey) async throws -> Int
}

/// In memory, for tests and single-process tools.
public actor InMemoryNumberBooks: NumberBooks {
    private var last: [NumberBookKey: Int] = [:]

    public init() {}

    public func next(_ book: NumberBookKey) async throws -> Int {
        let number = (last[book] ?? 0) + 1
        last[book] = number
        return number
    }
}
