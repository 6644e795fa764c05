public import Foundation

/// A group of indicators (lĩnh vực): kinh tế, y tế, giáo dục, chuyển đổi số…
public struct IndicatorDomain: Hashable, Sendable, Codable {
    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// A value as stored, with who entered it, when, and an optional comment.
public struct StoredValue: Hashable, Sendable {
    public var element: String
    public var unit: AdminUnit.ID
    public var period: Period
    public var value: Double
    public var storedBy: String?
    public var comment: String?
    public var updatedAt: Date?

    public init(
        element: String,
        unit: AdminUnit.ID,
        period: Period,
        value: Double,
        storedBy: String? = nil,
        comment: String? = nil,
        updatedAt: Date? = nil
    ) {
        self.element = element
        self.unit = unit
        self.period = period
        self.value = value
        self.storedBy = storedBy
        self.comment = comment
        self.updatedAt = updatedAt
    }
}

/// A value as submitted (API, CSV, dataValueSets): codes and text, checked against the catalogue.
public struct SubmittedValue: Hashable, Sendable {
    public var element: String
    public var unitCode: String
    public var period: String
    public var value: String
    public var comment: String?

    public init(element: String, unitCode: String, period: String, value: String, comment: String? = nil) {
        self.element = element
        self.unitCode = unitCode
        self.period = period
        self.value = value
        self.comment = comment
    }
}

public protocol IndicatorRepository: Sendable {
    func domains() async throws -> [IndicatorDomain]
    func elements() async throws -> [DataElement]
    func indicators() async throws -> [Indicator]
    func save(domains: [IndicatorDomain], elements: [DataElement], indicators: [Indicator]) async throws
    func dataSets() async throws -> [DataSet]
    func save(dataSets: [DataSet]) async throws
    /// Notes that `unit` reported `dataSet` for `period` at `at` (the first time is kept).
    func register(dataSet: String, period: Period, unit: AdminUnit.ID, at: Date) async throws
    /// The first report of each unit that reported the data set for the period.
    func firstReports(dataSet: String, period: Period) async throws -> [AdminUnit.ID: Date]
    func targets(unitCode: String, period: String) async throws -> [Target]
    func save(targets: [Target]) async throws
    /// Per element and stored period: sum, minimum, maximum and count of the values of these units, computed by the
    /// database (one query for all the periods).
    func totals(elements: [String], periods: [Period], units: [AdminUnit.ID]) async throws
        -> [String: [Period: ValueTotals]]
    /// A number that changes whenever the catalogue does (so a checked catalogue can be kept between requests).
    func catalogVersion() async throws -> Int
    /// Inserts or replaces by (element, unit, period).
    func upsert(_ values: [StoredValue]) async throws
    /// The stored values of these elements, periods and units.
    func values(elements: [String], periods: [Period], units: [AdminUnit.ID]) async throws -> [StoredValue]
    /// The same, numbers only (what analytics reads).
    func figures(elements: [String], periods: [Period], units: [AdminUnit.ID]) async throws
        -> [DataValue<AdminUnit.ID>]
}

/// The last checked catalogue and its version, shared by the requests of one process.
public final class IndicatorCatalogCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entry: (version: Int, catalog: IndicatorCatalog)?

    public init() {}

    func get(_ version: Int) -> IndicatorCatalog? {
        lock.withLock { entry?.version == version ? entry?.catalog : nil }
    }

    func put(_ catalog: IndicatorCatalog, version: Int) { lock.withLock { entry = (version, catalog) } }
}

/// What the database adds up for one element.
public struct ValueTotals: Hashable, Sendable {
    public let sum: Double
    public let min: Double
    public let max: Double
    public let count: Int

    public init(sum: Double, min: Double, max: Double, count: Int) {
        self.sum = sum
        self.min = min
        self.max = max
        self.count = count
    }

    /// Both together (the values of two periods, or of two groups of units).
    func adding(_ other: ValueTotals) -> ValueTotals {
        ValueTotals(
            sum: sum + other.sum,
            min: Swift.min(min, other.min),
            max: Swift.max(max, other.max),
            count: count + other.count
        )
    }

    /// The element's combined value, for a rule the totals can give exactly (see `IndicatorService.analytics`).
    func value(_ rule: Aggregation) -> Double? {
        guard count > 0 else { return nil }
        switch rule {
        case .sum, .last: return sum
        case .average: return sum / Double(count)
        case .min: return min
        case .max: return max
        }
    }
}

/// One cell of an analytics answer.
public struct AnalyticsCell: Hashable, Sendable {
    public let item: String
    public let period: Period
    public let unit: AdminUnit.ID
    public let value: Double
}
