import Foundation

/// How often an indicator is reported, finest first.
public enum PeriodType: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case daily, weekly, monthly, quarterly, sixMonthly, yearly

    var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: PeriodType, rhs: PeriodType) -> Bool { lhs.rank < rhs.rank }

    public var label: String {
        switch self {
        case .daily: "Ngày"
        case .weekly: "Tuần"
        case .monthly: "Tháng"
        case .quarterly: "Quý"
        case .sixMonthly: "6 tháng"
        case .yearly: "Năm"
        }
    }
}

/// A reporting period written as DHIS2 writes it: `2026`, `2026S1`, `2026Q3`, `202609`, `2026W38` (ISO week, Monday
/// first, no zero padding) or `20260915`. Days are Vietnamese civil days.
public struct Period: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let type: PeriodType
    public let first: CivilDate
    /// The day after the last day.
    public let end: CivilDate

    public init?(_ text: String) {
        let s = text.trimmingCharacters(in: .whitespaces).uppercased()
        let digits = s.allSatisfy(\.isNumber)
        guard s.count >= 4, let year = Int(s.prefix(4)), (1900...2200).contains(year) else { return nil }
        let rest = s.dropFirst(4)
        if s.count == 4 {
            self.init(year: year)
        } else if digits, s.count == 6, let month = Int(rest), (1...12).contains(month) {
            self.init(year: year, month: month)
        } else if digits, s.count == 8,
            let day = CivilDate(year: year, month: Int(rest.prefix(2))!, day: Int(rest.suffix(2))!)
        {
            self.init(day: day)
        } else if rest.count == 2, rest.first == "Q", let q = Int(rest.dropFirst()), (1...4).contains(q) {
            self.init(uncheckedType: .quarterly, first: .init(uncheckedYear: year, month: q * 3 - 2, day: 1), months: 3)
        } else if rest.count == 2, rest.first == "S", let h = Int(rest.dropFirst()), (1...2).contains(h) {
            self.init(
                uncheckedType: .sixMonthly,
                first: .init(uncheckedYear: year, month: h * 6 - 5, day: 1),
                months: 6
            )
        } else if rest.first == "W", (2...3).contains(rest.count), rest.dropFirst().first != "0",
            let week = Int(rest.dropFirst()), (1...Self.isoWeeks(in: year)).contains(week)
        {
            let monday = Self.isoWeekOne(year).adding(days: (week - 1) * 7)
            self.init(type: .weekly, first: monday, end: monday.adding(days: 7))
        } else {
            return nil
        }
    }

    public init(year: Int) {
        self.init(uncheckedType: .yearly, first: .init(uncheckedYear: year, month: 1, day: 1), months: 12)
    }

    public init(year: Int, month: Int) {
        self.init(uncheckedType: .monthly, first: .init(uncheckedYear: year, month: month, day: 1), months: 1)
    }

    public init(day: CivilDate) { self.init(type: .daily, first: day, end: day.adding(days: 1)) }

    /// The period of `type` that contains `day` (a week by ISO week, so a week spanning New Year belongs to the
    /// year of its Thursday).
    public init(_ type: PeriodType, containing day: CivilDate) {
        switch type {
        case .daily: self.init(day: day)
        case .weekly:
            let monday = day.adding(days: 1 - day.weekday)
            self.init(type: .weekly, first: monday, end: monday.adding(days: 7))
        case .monthly: self.init(year: day.year, month: day.month)
        case .quarterly:
            self.init(
                uncheckedType: type,
                first: .init(uncheckedYear: day.year, month: (day.month - 1) / 3 * 3 + 1, day: 1),
                months: 3
            )
        case .sixMonthly:
            self.init(
                uncheckedType: type,
                first: .init(uncheckedYear: day.year, month: day.month <= 6 ? 1 : 7, day: 1),
                months: 6
            )
        case .yearly: self.init(year: day.year)
        }
    }

    private init(type: PeriodType, first: CivilDate, end: CivilDate) {
        self.type = type
        self.first = first
        self.end = end
    }

    private init(uncheckedType type: PeriodType, first: CivilDate, months: Int) {
        let index = first.year * 12 + first.month - 1 + months
        self.init(type: type, first: first, end: .init(uncheckedYear: index / 12, month: index % 12 + 1, day: 1))
    }

    /// The DHIS2 ISO string.
    public var description: String {
        let y = String(format: "%04d", first.year)
        switch type {
        case .yearly: return y
        case .sixMonthly: return "\(y)S\(first.month <= 6 ? 1 : 2)"
        case .quarterly: return "\(y)Q\((first.month - 1) / 3 + 1)"
        case .monthly: return y + String(format: "%02d", first.month)
        case .daily: return y + String(format: "%02d%02d", first.month, first.day)
        case .weekly:
            let thursday = first.adding(days: 3)
            let week = Self.isoWeekOne(thursday.year).days(to: first) / 7 + 1
            return String(format: "%04dW%d", thursday.year, week)
        }
    }

    /// The year a period is counted in (a week: the year of its Thursday).
    public var year: Int { type == .weekly ? first.adding(days: 3).year : first.year }

    public var days: Int { first.days(to: end) }

    /// The last day.
    public var last: CivilDate { end.adding(days: -1) }

    public static func < (lhs: Period, rhs: Period) -> Bool {
        (lhs.first, lhs.type) < (rhs.first, rhs.type)
    }

    /// Whether a finer period falls in this one (a week by its Thursday, as ISO weeks are counted).
    public func contains(_ other: Period) -> Bool {
        let anchor = other.type == .weekly ? other.first.adding(days: 3) : other.first
        return other.type <= type && anchor >= first && anchor < end
    }

    /// The periods of a finer (or the same) type inside this one, in order; weeks are those whose Thursday falls
    /// inside.
    public func periods(of finer: PeriodType) -> [Period] {
        guard finer <= type else { return [] }
        var result: [Period] = []
        var day = finer == .weekly ? Period(.weekly, containing: first).first : first
        while day < end {
            let period = Period(finer, containing: day)
            if contains(period) { result.append(period) }
            day = period.end
        }
        return result
    }

    /// The next period of the same type.
    public var next: Period { Period(type, containing: end) }

    /// The previous period of the same type.
    public var previous: Period { Period(type, containing: first.adding(days: -1)) }

    /// A compact integer key for storage, ordered like the periods of one type: type digit, then the first day.
    public var key: Int { (type.rank + 1) * 100_000_000 + first.year * 10_000 + first.month * 100 + first.day }

    public init?(key: Int) {
        let rank = key / 100_000_000 - 1
        let date = key % 100_000_000
        guard PeriodType.allCases.indices.contains(rank),
            let day = CivilDate(year: date / 10_000, month: date / 100 % 100, day: date % 100)
        else { return nil }
        let period = Period(PeriodType.allCases[rank], containing: day)
        guard period.first == day else { return nil }
        self = period
    }

    /// Monday of ISO week 1: the week with the year's first Thursday.
    static func isoWeekOne(_ year: Int) -> CivilDate {
        let jan4 = CivilDate(uncheckedYear: year, month: 1, day: 4)
        return jan4.adding(days: 1 - jan4.weekday)
    }

    static func isoWeeks(in year: Int) -> Int { isoWeekOne(year).days(to: isoWeekOne(year + 1)) / 7 }
}
