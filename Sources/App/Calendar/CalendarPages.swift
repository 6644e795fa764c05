import Core
import Foundation
import Vapor

/// One year of the business calendar, as the API returns it.
struct CalendarYearDTO: Content, Equatable {
    struct DayOffDTO: Content, Equatable {
        let date: String
        let name: String
        let kind: String
        let basis: String
        let lunar: String
    }

    struct MonthDTO: Content, Equatable {
        let month: Int
        let workingDays: Int
    }

    let year: Int
    let workingDays: Int
    let daysOff: [DayOffDTO]
    let workedWeekends: [String]
    let months: [MonthDTO]

    static func make(year: Int, calendar: BusinessCalendar, lunar: LunarCalendar = .vietnam) throws -> CalendarYearDTO {
        let months = try (1...12).map { month in
            let first = CivilDate(year: year, month: month, day: 1)!
            let last = first.adding(days: 40).replacingDay(1).adding(days: -1)
            return MonthDTO(month: month, workingDays: try calendar.workingDaysBetween(first.adding(days: -1), last))
        }
        return CalendarYearDTO(
            year: year,
            workingDays: months.map(\.workingDays).reduce(0, +),
            daysOff: calendar.daysOff(in: year).map {
                DayOffDTO(
                    date: $0.date.iso,
                    name: $0.name,
                    kind: $0.kind.rawValue,
                    basis: $0.basis,
                    lunar: lunar.lunarDate(of: $0.date).short
                )
            },
            workedWeekends: calendar.workedWeekendDays(in: year).map(\.iso),
            months: months
        )
    }
}

extension CivilDate {
    /// The same month with another day of the month.
    func replacingDay(_ day: Int) -> CivilDate { CivilDate(year: year, month: month, day: day)! }
}

/// `/calendar/:year`: twelve month grids, solar dates with the lunar date beneath, days off and worked weekends
/// marked, and the list of days off with their legal basis.
struct CalendarPage: Encodable, Sendable {
    struct Cell: Encodable, Sendable {
        let day: String
        let lunar: String
        let css: String
        let title: String
    }

    struct Month: Encodable, Sendable {
        let name: String
        let workingDays: String
        let weeks: [[Cell]]
    }

    struct Row: Encodable, Sendable {
        let date: String
        let weekday: String
        let name: String
        let basis: String
        let lunar: String
    }

    let layout: PageLayout
    let year: Int
    let previousURL: String
    let nextURL: String
    let workingDays: String
    let months: [Month]
    let daysOff: [Row]
    let workedWeekends: [String]
    let weekdayHeaders: [String]
    let adminURL: String?

    static let weekdayNames = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]

    static func make(
        layout: PageLayout,
        year: Int,
        calendar: BusinessCalendar,
        summary: CalendarYearDTO,
        mayEdit: Bool,
        lunar: LunarCalendar = .vietnam
    ) throws -> CalendarPage {
        let offs = Dictionary(calendar.daysOff(in: year).map { ($0.date, $0) }) { first, _ in first }
        let worked = Set(calendar.workedWeekendDays(in: year))
        let months = (1...12).map { month -> Month in
            let first = CivilDate(year: year, month: month, day: 1)!
            var cells = Array(repeating: Cell(day: "", lunar: "", css: "pad", title: ""), count: first.weekday - 1)
            var day = first
            while day.month == month {
                let lunarDate = lunar.lunarDate(of: day)
                let off = offs[day]
                let css =
                    worked.contains(day) ? "worked" : off != nil ? "off" : day.isWeekend ? "weekend" : "work"
                let title = worked.contains(day) ? "Làm bù" : off?.name ?? ""
                cells.append(
                    Cell(
                        day: String(day.day),
                        lunar: lunarDate.day == 1 ? lunarDate.short : String(lunarDate.day),
                        css: css,
                        title: title
                    )
                )
                day = day.adding(days: 1)
            }
            let weeks = stride(from: 0, to: cells.count, by: 7).map { Array(cells[$0..<min($0 + 7, cells.count)]) }
            let count = summary.months[month - 1].workingDays
            return Month(name: "Tháng \(month)", workingDays: VietnameseFormat.number(count), weeks: weeks)
        }
        return CalendarPage(
            layout: layout,
            year: year,
            previousURL: SiteURL.calendar(year: year - 1).path,
            nextURL: SiteURL.calendar(year: year + 1).path,
            workingDays: VietnameseFormat.number(summary.workingDays),
            months: months,
            daysOff: calendar.daysOff(in: year).map {
                Row(
                    date: $0.date.vietnamese,
                    weekday: weekdayNames[$0.date.weekday - 1],
                    name: $0.name,
                    basis: $0.basis,
                    lunar: lunar.lunarDate(of: $0.date).short
                )
            },
            workedWeekends: calendar.workedWeekendDays(in: year).map {
                "\(weekdayNames[$0.weekday - 1]) \($0.vietnamese)"
            },
            weekdayHeaders: ["T2", "T3", "T4", "T5", "T6", "T7", "CN"],
            adminURL: mayEdit ? SiteURL.adminCalendar.path : nil
        )
    }
}

/// `/admin/calendar`: the decrees added here, and a form to add one.
struct CalendarAdminPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let kind: String
        let date: String
        let workingDay: String
        let note: String
        let reference: String
    }

    let layout: PageLayout
    let rows: [Row]
    let kinds: [SelectOption]
    let action: String
    let error: String?

    static let kindLabels: [DecreeRecord.Kind: String] = [
        .swap: "Hoán đổi ngày làm việc", .tet: "Ngày nghỉ Tết", .nationalDay: "Ngày nghỉ Quốc khánh",
        .holiday: "Ngày nghỉ khác",
    ]

    static func make(layout: PageLayout, decrees: [DecreeRecord], error: String? = nil) -> CalendarAdminPage {
        CalendarAdminPage(
            layout: layout,
            rows: decrees.map {
                Row(
                    kind: kindLabels[$0.kind] ?? $0.kind.rawValue,
                    date: $0.date.vietnamese,
                    workingDay: $0.workingDay?.vietnamese ?? "",
                    note: $0.note,
                    reference: $0.reference
                )
            },
            kinds: DecreeRecord.Kind.allCases.map {
                SelectOption(value: $0.rawValue, label: kindLabels[$0] ?? $0.rawValue)
            },
            action: SiteURL.adminCalendar.path,
            error: error
        )
    }
}
