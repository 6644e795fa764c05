import Foundation

/// A day of the Vietnamese lunisolar calendar (âm lịch).
public struct LunarDate: Hashable, Sendable, Codable, CustomStringConvertible {
    public let day: Int
    public let month: Int
    public let year: Int
    /// Whether the month is the leap (nhuận) repetition of `month`.
    public let isLeapMonth: Bool

    public init(day: Int, month: Int, year: Int, isLeapMonth: Bool = false) {
        self.day = day
        self.month = month
        self.year = year
        self.isLeapMonth = isLeapMonth
    }

    /// `10/3` or `15/4n` (n marks a leap month), as printed under solar dates.
    public var short: String { "\(day)/\(month)\(isLeapMonth ? "n" : "")" }

    public var description: String { "\(day)/\(month)\(isLeapMonth ? " nhuận" : "")/\(year) âm lịch" }
}

/// The lunisolar calendar computed for a time zone: Vietnam uses UTC+7 (since 08/8/1967 in the North, 1975
/// nationwide); China uses UTC+8, which is why Tết sometimes falls on another day (1968, 1985, 2007, 2030, 2053).
///
/// Rules: a month begins on the local day of a new moon; the winter solstice always falls in month 11; a year
/// with 13 new moons between two months 11 has a leap month, the first after month 11 without a principal term
/// (trung khí, a multiple of 30° of solar longitude), numbered like the month before it.
public struct LunarCalendar: Sendable {
    /// Hours east of Greenwich of the meridian the calendar is computed for.
    public let utcOffsetHours: Double

    public init(utcOffsetHours: Double) { self.utcOffsetHours = utcOffsetHours }

    /// The official Vietnamese calendar (UTC+7).
    public static let vietnam = LunarCalendar(utcOffsetHours: 7)
    /// The Chinese calendar (UTC+8), for contrast.
    public static let china = LunarCalendar(utcOffsetHours: 8)

    /// Mean synodic month, to estimate which new moon is near a day.
    static let synodicMonth = 29.530588861
    /// Julian Day Number of the day of new moon k = 0 (6 January 2000).
    static let epochNewMoon = 2_451_550.09766

    /// Julian Day Number of the local day on which new moon `k` falls.
    public func newMoonDay(_ k: Int) -> Int {
        Int((Astronomy.newMoon(k) + 0.5 + utcOffsetHours / 24).rounded(.down))
    }

    /// Which 30° sector (0 = spring equinox … 9 = winter solstice) the Sun is in at the local midnight that
    /// begins day `julianDay`.
    func sunSector(atStartOf julianDay: Int) -> Int {
        let midnight = Double(julianDay) - 0.5 - utcOffsetHours / 24
        return Int(Astronomy.sunLongitude(julianDay: midnight) / 30)
    }

    /// The new-moon number whose day is the last one on or before `julianDay`.
    func newMoonIndex(onOrBefore julianDay: Int) -> Int {
        var k = Int(((Double(julianDay) - Self.epochNewMoon) / Self.synodicMonth).rounded(.down))
        while newMoonDay(k) > julianDay { k -= 1 }
        while newMoonDay(k + 1) <= julianDay { k += 1 }
        return k
    }

    /// New-moon number of month 11 of `year`: the month in which that year's winter solstice falls.
    func month11(of year: Int) -> Int {
        let k = newMoonIndex(onOrBefore: CivilDate(uncheckedYear: year, month: 12, day: 31).julianDay)
        // A month starting after the solstice (sector 9: 270°–300°) is month 12; month 11 is the one before.
        return sunSector(atStartOf: newMoonDay(k)) >= 9 ? k - 1 : k
    }

    /// Months counted from month 11 of the previous year (offset 0) to the next month 11: 12 or 13, and for 13 the
    /// offset of the leap month (the first without a principal term).
    func leapOffset(fromMonth11 a11: Int, toMonth11 b11: Int) -> Int? {
        guard b11 - a11 == 13 else { return nil }
        for offset in 1...12
        where sunSector(atStartOf: newMoonDay(a11 + offset)) == sunSector(atStartOf: newMoonDay(a11 + offset + 1)) {
            return offset
        }
        return nil
    }

    /// The lunar date of a solar day.
    public func lunarDate(of date: CivilDate) -> LunarDate {
        let jd = date.julianDay
        let k = newMoonIndex(onOrBefore: jd)
        var a11 = month11(of: date.year)
        var b11: Int
        if k >= a11 {
            b11 = month11(of: date.year + 1)
        } else {
            b11 = a11
            a11 = month11(of: date.year - 1)
        }
        let offset = k - a11
        var number = offset + 11
        var leap = false
        if let leapOffset = leapOffset(fromMonth11: a11, toMonth11: b11), offset >= leapOffset {
            number -= 1
            leap = offset == leapOffset
        }
        let month = (number - 1) % 12 + 1
        // Months 11 and 12 belong to the lunar year that began before month 11's solar year ended.
        let a11Year = CivilDate(julianDay: newMoonDay(a11)).year
        let year = month >= 11 && offset < 4 ? a11Year : a11Year + 1
        return LunarDate(day: jd - newMoonDay(k) + 1, month: month, year: year, isLeapMonth: leap)
    }

    /// The solar day of a lunar date; nil when it does not exist (day 30 of a 29-day month, a month that is not
    /// leap that year).
    public func solarDate(of lunar: LunarDate) -> CivilDate? {
        guard (1...12).contains(lunar.month), (1...30).contains(lunar.day) else { return nil }
        let (a11, b11) =
            lunar.month < 11
            ? (month11(of: lunar.year - 1), month11(of: lunar.year))
            : (month11(of: lunar.year), month11(of: lunar.year + 1))
        var offset = lunar.month - 11
        if offset < 0 { offset += 12 }
        let leapOffset = leapOffset(fromMonth11: a11, toMonth11: b11)
        if lunar.isLeapMonth {
            guard let leapOffset, leapOffset - 1 == offset else { return nil }
        }
        if let leapOffset, lunar.isLeapMonth || offset >= leapOffset { offset += 1 }
        let start = newMoonDay(a11 + offset)
        guard lunar.day <= newMoonDay(a11 + offset + 1) - start else { return nil }
        return CivilDate(julianDay: start + lunar.day - 1)
    }

    /// Tết Nguyên Đán (1/1 âm lịch) of lunar year `year`.
    public func tet(_ year: Int) -> CivilDate { solarDate(of: LunarDate(day: 1, month: 1, year: year))! }

    /// Number of days in the lunar month that contains `date`.
    public func monthLength(containing date: CivilDate) -> Int {
        let k = newMoonIndex(onOrBefore: date.julianDay)
        return newMoonDay(k + 1) - newMoonDay(k)
    }
}
