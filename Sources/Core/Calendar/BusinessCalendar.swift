import Foundation

/// Working days of Vietnamese state agencies: weekends, the Labour Code's public holidays with their
/// compensation days, and each year's decrees (Tết and National Day dates, swaps). Every deadline in the platform
/// (dossiers, feedback, tasks) is counted here. All days are Vietnam days (UTC+7).
///
/// Built once (about 10 ms): a table of 1900–2100 answers each question in constant time.
public struct BusinessCalendar: Sendable {
    public static let firstYear = 1900
    public static let lastYear = 2100

    public let officeHours: OfficeHours
    public let decrees: [DecreeRecord]
    let base: Int  // Julian day of 1 January firstYear
    /// For each day of the range: how many working days come before it.
    let workingBefore: [Int32]
    /// Offsets from `base` of the working days, in order.
    let workingDays: [Int32]
    let daysOff: [Int: DayOff]  // by Julian day
    let workedWeekends: Set<Int>

    public init(
        decrees: [DecreeRecord] = [],
        officeHours: OfficeHours = .standard,
        lunar: LunarCalendar = .vietnam
    ) {
        self.officeHours = officeHours
        self.decrees = decrees.sorted { ($0.date, $0.kind.rawValue) < ($1.date, $1.kind.rawValue) }
        base = CivilDate(year: Self.firstYear, month: 1, day: 1)!.julianDay
        let end = CivilDate(year: Self.lastYear, month: 12, day: 31)!.julianDay
        var offs: [Int: DayOff] = [:]
        var worked = Set<Int>()
        let byYear = Dictionary(grouping: decrees) { $0.date.year }
        for year in Self.firstYear...Self.lastYear {
            for day in Self.daysOff(in: year, decrees: byYear[year] ?? [], lunar: lunar) {
                offs[day.date.julianDay] = day
            }
            for swap in byYear[year] ?? [] where swap.kind == .swap {
                if let workingDay = swap.workingDay { worked.insert(workingDay.julianDay) }
            }
        }
        var before = [Int32](repeating: 0, count: end - base + 2)
        var working: [Int32] = []
        working.reserveCapacity((end - base) * 5 / 7)
        for jd in base...end {
            before[jd - base] = Int32(working.count)
            let weekend = jd % 7 >= 5
            if offs[jd] == nil, !weekend || worked.contains(jd) { working.append(Int32(jd - base)) }
        }
        before[end - base + 1] = Int32(working.count)
        workingBefore = before
        workingDays = working
        daysOff = offs
        workedWeekends = worked
    }

    /// The days off of one year (statutory, compensation, decreed, swaps), in date order.
    static func daysOff(in year: Int, decrees: [DecreeRecord], lunar: LunarCalendar) -> [DayOff] {
        let statutory = StatutoryHolidays.days(in: year, lunar: lunar)
        func decreed(_ kind: DecreeRecord.Kind, name: String) -> [DayOff] {
            decrees.filter { $0.kind == kind }.map {
                DayOff(
                    date: $0.date,
                    kind: kind == .swap ? .swap : .decreed,
                    name: $0.note.isEmpty ? name : $0.note,
                    basis: $0.reference
                )
            }
        }
        let tetDecree = decreed(.tet, name: "Tết Nguyên Đán")
        let nationalDecree = decreed(.nationalDay, name: "Quốc khánh (ngày liền kề)")
        // Days that are compensated when they fall on a weekly rest day. A decree's Tết days are final.
        let defaultTet = tetDecree.isEmpty ? statutory.tet : []
        var compensable = statutory.fixed + (nationalDecree.isEmpty ? statutory.nationalDayExtra : [])
        let otherDecreed = decreed(.swap, name: "Nghỉ hoán đổi") + decreed(.holiday, name: "Ngày nghỉ theo quyết định")
        var taken = Set((compensable + defaultTet + tetDecree + nationalDecree + otherDecreed).map(\.date))
        var result = compensable + defaultTet + tetDecree + nationalDecree
        func compensate(_ holiday: DayOff, step: Int, basis: String) {
            var day = holiday.date.adding(days: step)
            while day.isWeekend || taken.contains(day) { day = day.adding(days: step) }
            taken.insert(day)
            result.append(DayOff(date: day, kind: .compensation, name: "Nghỉ bù \(holiday.name)", basis: basis))
        }
        // Tết: the Prime Minister fixes the days each year (BLLĐ 2019 Điều 112 khoản 3). Without a decision we
        // predict his practice: a Tết day on a Saturday is taken on the working day before the break, one on a
        // Sunday on the working day after (every decision with a Saturday since 2014: 2021, 2023, 2024, 2025).
        for holiday in defaultTet where holiday.date.isWeekend {
            let saturdayBefore = holiday.date.weekday == 6 && year >= 2014
            compensate(
                holiday,
                step: saturdayBefore ? -1 : 1,
                basis: "BLLĐ 2019 Điều 112 khoản 3 (thông lệ quyết định hằng năm)"
            )
        }
        compensable.sort { $0.date < $1.date }
        for holiday in compensable where holiday.date.isWeekend {
            // BLLĐ 2019 Điều 111 khoản 3 (BLLĐ 2012 Điều 115 khoản 3): taken on the next working day.
            compensate(holiday, step: 1, basis: LabourCode.inForce(on: holiday.date).compensationArticle)
        }
        result += otherDecreed
        // Keep one entry per day, preferring a decree over a default.
        var byDay: [CivilDate: DayOff] = [:]
        for day in result where day.date.year == year || day.kind == .compensation {
            if let existing = byDay[day.date], existing.kind == .decreed || existing.kind == .swap { continue }
            byDay[day.date] = day
        }
        return byDay.values.sorted { $0.date < $1.date }
    }

    func index(_ date: CivilDate) throws(CalendarError) -> Int {
        let i = date.julianDay - base
        guard i >= 0, i < workingBefore.count - 1 else { throw .outOfRange(date) }
        return i
    }

    /// Whether state agencies work on `date`.
    public func isWorkingDay(_ date: CivilDate) throws(CalendarError) -> Bool {
        let i = try index(date)
        return workingBefore[i + 1] > workingBefore[i]
    }

    /// Days off in a year other than ordinary weekends: holidays, compensation days, decreed days, swaps.
    public func daysOff(in year: Int) -> [DayOff] {
        daysOff.values.filter { $0.date.year == year }.sorted { $0.date < $1.date }
    }

    /// Saturdays and Sundays worked in exchange for a swapped weekday.
    public func workedWeekendDays(in year: Int) -> [CivilDate] {
        workedWeekends.map(CivilDate.init(julianDay:)).filter { $0.year == year }.sorted()
    }

    /// Working days `d` with `from < d ≤ to` (negative when `to` is before `from`).
    public func workingDaysBetween(_ from: CivilDate, _ to: CivilDate) throws(CalendarError) -> Int {
        let a = try index(from)
        let b = try index(to)
        return Int(workingBefore[b + 1]) - Int(workingBefore[a + 1])
    }

    /// The `n`-th working day after `date` (n ≥ 1); for n = 0, `date` itself if it is a working day, else the
    /// working day before it.
    public func addingWorkingDays(_ n: Int, to date: CivilDate) throws(CalendarError) -> CivilDate {
        let target = Int(workingBefore[try index(date) + 1]) + n - 1
        guard target >= 0, target < workingDays.count else { throw .outOfRange(date) }
        return CivilDate(julianDay: base + Int(workingDays[target]))
    }
}
