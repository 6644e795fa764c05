public import Foundation

extension BusinessCalendar {
    /// Julian day of 1 January 1970, the Unix epoch's day.
    static let unixEpochJulianDay = 2_440_588
    static let vietnamOffset = 7 * 3600

    /// Where `instant` falls on the line of office time: working seconds since the start of the table. With
    /// `applyingCutoff`, an instant at or after the cut-off of a working day moves to the start of the next one.
    func officePosition(of instant: Date, applyingCutoff: Bool) throws(CalendarError) -> Int {
        let local = Int(instant.timeIntervalSince1970.rounded(.down)) + Self.vietnamOffset
        let (days, second) = local.quotientAndRemainder(dividingBy: 86_400)
        let julianDay = Self.unixEpochJulianDay + days - (second < 0 ? 1 : 0)
        let secondOfDay = second < 0 ? second + 86_400 : second
        let i = try index(CivilDate(julianDay: julianDay))
        let before = Int(workingBefore[i])
        let length = officeHours.dayLength
        guard workingBefore[i + 1] > workingBefore[i] else { return before * length }
        if applyingCutoff, secondOfDay >= officeHours.cutoff { return (before + 1) * length }
        return before * length + officeHours.elapsed(atSecond: secondOfDay)
    }

    /// The instant at a position on the line of office time; a position on a day boundary reads as the close of
    /// the earlier day (17:00), not the opening of the next.
    func instant(atOfficePosition position: Int) throws(CalendarError) -> Date {
        let length = officeHours.dayLength
        var (day, elapsed) = position.quotientAndRemainder(dividingBy: length)
        if elapsed == 0, day > 0 {
            day -= 1
            elapsed = length
        }
        guard day >= 0, day < workingDays.count else { throw .outOfRange(CivilDate(julianDay: base)) }
        return CivilDate(julianDay: base + Int(workingDays[day])).instant(
            atSecond: officeHours.second(atElapsed: elapsed)
        )
    }

    /// The deadline `n` working days after `received`, in office time: from the moment of receipt (or, after the
    /// cut-off or outside a working day, from the next opening), `n` whole working days of office hours later.
    /// Received Monday 10:00, 3 days → Thursday 10:00; received Friday 16:00, 1 day → Monday 17:00.
    public func addingWorkingDays(_ n: Int, to received: Date) throws(CalendarError) -> Date {
        try instant(
            atOfficePosition: try officePosition(of: received, applyingCutoff: true) + n * officeHours.dayLength
        )
    }

    /// The instant `hours` office hours after `from` (no cut-off: an urgent report's clock runs from receipt).
    public func addingWorkingHours(_ hours: Double, to from: Date) throws(CalendarError) -> Date {
        let start = try officePosition(of: from, applyingCutoff: false)
        return try instant(atOfficePosition: start + Int((hours * 3600).rounded()))
    }

    /// Office hours elapsed between two instants (negative when `to` is earlier), e.g. for "acknowledged within
    /// 8 working hours".
    public func workingHoursBetween(_ from: Date, _ to: Date) throws(CalendarError) -> Double {
        let a = try officePosition(of: from, applyingCutoff: false)
        let b = try officePosition(of: to, applyingCutoff: false)
        return Double(b - a) / 3600
    }
}
