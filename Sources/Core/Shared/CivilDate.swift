public import Foundation

/// A calendar day with no time of day (Gregorian), as used for validity dates and deadlines.
public struct CivilDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Vietnam's civil time zone (UTC+7, no daylight saving), the zone every legal day is counted in.
    public static let vietnamTimeZone = TimeZone(secondsFromGMT: 7 * 3600)!

    /// Creates a date; `nil` when the day does not exist (31/02, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// For callers that have already checked the values (Julian-day arithmetic).
    init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day in Vietnam (UTC+7) on which `instant` falls.
    public init(_ instant: Date, timeZone: TimeZone = CivilDate.vietnamTimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        self.year = parts.year!
        self.month = parts.month!
        self.day = parts.day!
    }

    /// Parses ISO 8601 `yyyy-MM-dd`.
    public init?(iso: String) {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// `yyyy-MM-dd`, which also sorts correctly as text (stored that way in the database).
    /// Parses `dd/MM/yyyy` (the Vietnamese form); nil when it is not a real day.
    public init?(vietnamese text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]), parts[2].count == 4
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// A day as a person types it into a form or a query: `dd/MM/yyyy` or `yyyy-MM-dd`; nil otherwise.
    public init?(entered text: String) {
        guard let day = CivilDate(vietnamese: text) ?? CivilDate(iso: text) else { return nil }
        self = day
    }

    public var iso: String { String(format: "%04d-%02d-%02d", year, month, day) }

    /// Vietnamese display form `dd/MM/yyyy`.
    public var vietnamese: String { String(format: "%02d/%02d/%04d", day, month, year) }

    public var description: String { iso }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CivilDate(iso: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "Expected a date as yyyy-MM-dd, got \(text)")
            )
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
