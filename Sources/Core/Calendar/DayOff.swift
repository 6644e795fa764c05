/// A day state agencies do not work, other than an ordinary Saturday or Sunday.
public struct DayOff: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A public holiday named by the Labour Code.
        case statutory
        /// A holiday that fell on a weekly rest day, taken on the next working day.
        case compensation
        /// A day fixed by the year's decree (Tết, National Day, other).
        case decreed
        /// A weekday off in exchange for a weekend day worked.
        case swap
    }

    public let date: CivilDate
    public let kind: Kind
    /// Vietnamese name shown to users.
    public let name: String
    /// The legal basis: article or decree.
    public let basis: String
}

/// The Labour Code in force on a day, which decides the public holidays.
public enum LabourCode: String, Sendable, CaseIterable {
    /// Bộ luật Lao động 1994 (art. 73, amended by Luật 84/2007/QH11 adding Giỗ Tổ from 2007): Tết 4 days, 2/9.
    case of1994
    /// Bộ luật Lao động 2012 (art. 115), in force 01/5/2013: Tết 5 days, 2/9 one day.
    case of2012
    /// Bộ luật Lao động 2019 (art. 112), in force 01/01/2021: Tết 5 days, 2/9 and one adjacent day.
    case of2019

    public static func inForce(on date: CivilDate) -> LabourCode {
        if date >= CivilDate(year: 2021, month: 1, day: 1)! { return .of2019 }
        if date >= CivilDate(year: 2013, month: 5, day: 1)! { return .of2012 }
        return .of1994
    }

    var article: String {
        switch self {
        case .of1994: "BLLĐ 1994 Điều 73"
        case .of2012: "BLLĐ 2012 Điều 115"
        case .of2019: "BLLĐ 2019 Điều 112"
        }
    }

    /// Where the compensation rule lives (a holiday on a weekly rest day is taken on the next working day).
    var compensationArticle: String {
        switch self {
        case .of1994: "BLLĐ 1994 Điều 73"
        case .of2012: "BLLĐ 2012 Điều 115 khoản 3"
        case .of2019: "BLLĐ 2019 Điều 111 khoản 3"
        }
    }

    /// Tết days: the last day of the old year and the first 3 (1994) or 4 (2012, 2019) days of the new year.
    var tetDays: Int { self == .of1994 ? 4 : 5 }
}

/// The statutory holidays of one Gregorian year, before compensation and decrees.
enum StatutoryHolidays {
    /// Giỗ Tổ Hùng Vương became a public holiday in 2007 (Luật 84/2007/QH11 amending BLLĐ 1994 art. 73).
    static let hungKingsFirstYear = 2007

    static func days(in year: Int, lunar: LunarCalendar) -> (fixed: [DayOff], tet: [DayOff], nationalDayExtra: [DayOff])
    {
        func day(_ month: Int, _ dayOfMonth: Int) -> CivilDate { CivilDate(year: year, month: month, day: dayOfMonth)! }
        func statutory(_ date: CivilDate, _ name: String) -> DayOff {
            DayOff(date: date, kind: .statutory, name: name, basis: LabourCode.inForce(on: date).article)
        }
        var fixed = [statutory(day(1, 1), "Tết Dương lịch")]
        if year >= hungKingsFirstYear, let hungKings = lunar.solarDate(of: LunarDate(day: 10, month: 3, year: year)) {
            fixed.append(statutory(hungKings, "Giỗ Tổ Hùng Vương (10/3 âm lịch)"))
        }
        fixed += [statutory(day(4, 30), "Ngày Chiến thắng"), statutory(day(5, 1), "Ngày Quốc tế Lao động")]
        fixed.append(statutory(day(9, 2), "Quốc khánh"))

        let newYear = lunar.tet(year)
        let code = LabourCode.inForce(on: newYear)
        let names = ["Tất niên (ngày cuối năm âm lịch)", "Mùng 1 Tết", "Mùng 2 Tết", "Mùng 3 Tết", "Mùng 4 Tết"]
        let tet = (0..<code.tetDays).map {
            DayOff(date: newYear.adding(days: $0 - 1), kind: .statutory, name: names[$0], basis: code.article)
        }

        var extra: [DayOff] = []
        let nationalDay = day(9, 2)
        if LabourCode.inForce(on: nationalDay) == .of2019 {
            extra.append(
                DayOff(
                    date: nationalDay.adding(days: defaultNationalDayOffset(weekday: nationalDay.weekday)),
                    kind: .statutory,
                    name: "Quốc khánh (ngày liền kề)",
                    basis: "BLLĐ 2019 Điều 112 khoản 1 điểm đ"
                )
            )
        }
        return (fixed, tet, extra)
    }

    /// Which neighbour of 2 September is the second day when no decision is loaded: the one that joins the
    /// break to a weekend, as the decisions of 2021 (Thu → 3/9), 2022 (Fri → 1/9), 2023 (Sat → 1/9),
    /// 2024 (Mon → 3/9) and 2025 (Tue → 1/9) did; midweek, the day before.
    static func defaultNationalDayOffset(weekday: Int) -> Int {
        switch weekday {
        case 1, 4, 7: 1  // Monday → Tuesday 3/9; Thursday → Friday 3/9; Sunday → Monday 3/9
        default: -1  // Tuesday, Wednesday, Friday, Saturday → the day before
        }
    }
}
