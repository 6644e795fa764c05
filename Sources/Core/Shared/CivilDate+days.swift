public import Foundation

extension CivilDate {
    /// Julian Day Number of this (proleptic Gregorian) day: the integer JD at noon.
    public var julianDay: Int {
        let a = (14 - month) / 12
        let y = year + 4800 - a
        let m = month + 12 * a - 3
        return day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
    }

    /// The Gregorian day with Julian Day Number `julianDay`.
    public init(julianDay: Int) {
        let a = julianDay + 32044
        let b = (4 * a + 3) / 146097
        let c = a - 146097 * b / 4
        let d = (4 * c + 3) / 1461
        let e = c - 1461 * d / 4
        let m = (5 * e + 2) / 153
        self.init(
            uncheckedYear: 100 * b + d - 4800 + m / 10,
            month: m + 3 - 12 * (m / 10),
            day: e - (153 * m + 2) / 5 + 1
        )
    }

    /// ISO weekday: 1 Monday … 7 Sunday.
    public var weekday: Int { julianDay % 7 + 1 }

    /// Saturday or Sunday, the weekly rest days of state agencies (Nghị định 45/2013/NĐ-CP, 40-hour week).
    public var isWeekend: Bool { weekday >= 6 }

    public func adding(days: Int) -> CivilDate { CivilDate(julianDay: julianDay + days) }

    /// Days from `self` to `other` (positive when `other` is later).
    public func days(to other: CivilDate) -> Int { other.julianDay - julianDay }
}

extension CivilDate {
    /// The instant `second` seconds after midnight of this day in Vietnam (UTC+7).
    public func instant(atSecond second: Int = 0) -> Date {
        Date(timeIntervalSince1970: TimeInterval((julianDay - 2_440_588) * 86_400 + second - 7 * 3600))
    }
}
