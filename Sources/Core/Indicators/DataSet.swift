public import Foundation

/// A form units fill in for each period (DHIS2 data set): its elements, who reports it (unit level, 1 province,
/// 2 commune) and the deadline, in working days after the period ends.
public struct DataSet: Hashable, Sendable, Codable {
    public var code: String
    public var name: String
    public var periodType: PeriodType
    public var elements: [String]
    public var level: Int
    public var deadlineDays: Int

    public init(code: String, name: String, periodType: PeriodType, elements: [String], level: Int, deadlineDays: Int) {
        self.code = code
        self.name = name
        self.periodType = periodType
        self.elements = elements
        self.level = level
        self.deadlineDays = deadlineDays
    }

    /// Known elements of the data set's period type, a level of 1–3 and a deadline of 0–60 working days.
    public func validated(in catalog: IndicatorCatalog) throws(IndicatorError) -> DataSet {
        guard IndicatorCatalog.isCode(code), !name.isEmpty else {
            throw .invalidField(field: "code", issue: .indicatorCode)
        }
        guard !elements.isEmpty else { throw .invalidField(field: "elements", issue: .required) }
        for element in elements {
            guard let found = catalog.elements[element] else { throw .unknownElement(element) }
            guard found.periodType == periodType else {
                throw .invalidField(field: "elements.\(element)", issue: .periodType(periodType))
            }
        }
        guard (1...3).contains(level) else { throw .invalidField(field: "level", issue: .wrongType) }
        guard (0...60).contains(deadlineDays) else { throw .invalidField(field: "deadlineDays", issue: .wrongType) }
        return self
    }

    /// The end of the last day to report `period`: `deadlineDays` working days after it ends.
    public func deadline(for period: Period, calendar: BusinessCalendar) throws(CalendarError) -> Date {
        try calendar.addingWorkingDays(deadlineDays, to: period.last).adding(days: 1).instant()
    }
}

/// Who has reported a data set for a period: on time, late, or not at all.
public struct Completeness: Hashable, Sendable, Codable {
    public let dataSet: String
    public let period: String
    public let deadline: Date
    public let expected: Int
    public let onTime: [String]
    public let late: [String]
    public let missing: [String]

    /// Reported units over expected ones, and those on time (DHIS2's reporting rate and rate on time), in %.
    public var reportingRate: Double { expected == 0 ? 0 : 100 * Double(onTime.count + late.count) / Double(expected) }
    public var onTimeRate: Double { expected == 0 ? 0 : 100 * Double(onTime.count) / Double(expected) }

    /// From the first time each unit reported (unit code → first report).
    public init(dataSet: String, period: Period, deadline: Date, expected units: [String], firstReports: [String: Date])
    {
        self.dataSet = dataSet
        self.period = period.description
        self.deadline = deadline
        self.expected = units.count
        onTime = units.filter { firstReports[$0].map { $0 <= deadline } ?? false }
        late = units.filter { firstReports[$0].map { $0 > deadline } ?? false }
        missing = units.filter { firstReports[$0] == nil }
    }
}
