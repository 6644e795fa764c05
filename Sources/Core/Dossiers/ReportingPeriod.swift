public import Foundation

/// A month, quarter or year, written `2026-09`, `2026Q3` or `2026`, as Vietnamese days (UTC+7).
public struct ReportingPeriod: Hashable, Sendable, CustomStringConvertible {
    public let first: CivilDate
    /// The day after the last day.
    public let end: CivilDate
    public let description: String

    /// Any span of days (used for indicator periods: half-years, weeks, days).
    public init(first: CivilDate, end: CivilDate, description: String) {
        self.first = first
        self.end = end
        self.description = description
    }

    public init?(_ text: String) {
        let upper = text.uppercased()
        if upper.count == 4, let year = Int(upper), (2000...2100).contains(year) {
            first = CivilDate(uncheckedYear: year, month: 1, day: 1)
            end = CivilDate(uncheckedYear: year + 1, month: 1, day: 1)
        } else if upper.count == 6, upper.dropFirst(4).first == "Q", let year = Int(upper.prefix(4)),
            let quarter = Int(upper.suffix(1)), (1...4).contains(quarter), (2000...2100).contains(year)
        {
            first = CivilDate(uncheckedYear: year, month: quarter * 3 - 2, day: 1)
            end =
                quarter == 4
                ? CivilDate(uncheckedYear: year + 1, month: 1, day: 1)
                : CivilDate(uncheckedYear: year, month: quarter * 3 + 1, day: 1)
        } else if upper.count == 7, upper.dropFirst(4).first == "-", let year = Int(upper.prefix(4)),
            let month = Int(upper.suffix(2)), (1...12).contains(month), (2000...2100).contains(year)
        {
            first = CivilDate(uncheckedYear: year, month: month, day: 1)
            end =
                month == 12
                ? CivilDate(uncheckedYear: year + 1, month: 1, day: 1)
                : CivilDate(uncheckedYear: year, month: month + 1, day: 1)
        } else {
            return nil
        }
        description = upper
    }

    public var startInstant: Date { first.instant() }
    /// The last instant of the period (one second before the next starts).
    public var endInstant: Date { end.instant().addingTimeInterval(-1) }
}
