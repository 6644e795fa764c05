import Core
import Foundation
import Testing

@Suite("Business calendar")
struct BusinessCalendarTests {
    let calendar = CalendarFixtures.calendar

    func date(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

    /// An instant given as Vietnam local time `yyyy-MM-dd HH:mm`.
    func at(_ text: String) -> Date { CalendarFixtures.at(text) }

    func isWorking(_ iso: String) throws -> Bool { try calendar.isWorkingDay(date(iso)) }

    @Test("2023: Giỗ Tổ on Saturday and 30/4 on Sunday are taken on 2 and 3 May (BLLĐ 2019 art. 111(3))")
    func compensation2023() throws {
        #expect(try isWorking("2023-04-28"))
        #expect(try !isWorking("2023-05-01"))
        #expect(try !isWorking("2023-05-02"))
        #expect(try !isWorking("2023-05-03"))
        #expect(try isWorking("2023-05-04"))
        let kinds = calendar.daysOff(in: 2023).filter { $0.date.month == 5 }.map(\.kind)
        #expect(kinds == [.statutory, .compensation, .compensation])
    }

    @Test("2025 as decreed: Tết 25/01–02/02, Saturday 26/04 worked for Friday 02/05, Quốc khánh 30/08–02/09")
    func decreed2025() throws {
        for day in ["2025-01-27", "2025-01-31", "2025-05-02", "2025-09-01", "2025-09-02", "2025-04-07"] {
            #expect(try !isWorking(day), "\(day)")
        }
        #expect(try isWorking("2025-02-03"))
        #expect(try isWorking("2025-04-26"))  // a Saturday worked
        #expect(calendar.workedWeekendDays(in: 2025) == [date("2025-04-26")])
    }

    @Test("2027 without a decree: Tết on Saturday 6/2 gives 4–10/2 off (Saturday → day before, Sunday → day after)")
    func defaultTet2027() throws {
        let off = calendar.daysOff(in: 2027).filter { $0.date.month == 2 && !$0.date.isWeekend }.map(\.date.iso)
        #expect(off == ["2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10"])
        // Labour Code 2019 art. 112: 2/9/2027 is a Thursday, so Friday 3/9 joins it to the weekend.
        #expect(try !isWorking("2027-09-03"))
    }

    @Test("Deadlines in office time: from receipt, or from the next opening after the 15:00 cut-off")
    func deadlines() throws {
        #expect(try calendar.addingWorkingDays(3, to: at("2026-03-02 10:00")) == at("2026-03-05 10:00"))
        #expect(try calendar.addingWorkingDays(1, to: at("2026-03-06 16:00")) == at("2026-03-09 17:00"))
        #expect(try calendar.addingWorkingDays(1, to: at("2026-03-06 15:00")) == at("2026-03-09 17:00"))
        #expect(try calendar.addingWorkingDays(1, to: at("2026-03-06 14:59")) == at("2026-03-09 14:59"))
        #expect(try calendar.addingWorkingDays(1, to: at("2026-03-07 09:00")) == at("2026-03-09 17:00"))  // Saturday
        // Received before opening: counted from the opening that day.
        #expect(try calendar.addingWorkingDays(1, to: at("2026-03-09 06:00")) == at("2026-03-09 17:00"))
        #expect(try calendar.addingWorkingDays(1, to: at("2026-02-13 10:00")) == at("2026-02-23 10:00"))  // over Tết
        // Giỗ Tổ 2026 is Sunday 26/4 → Monday 27/4 off; 30/4 and 1/5 off: the 15th working day is Thursday 14/5.
        #expect(try calendar.addingWorkingDays(15, to: at("2026-04-20 08:00")) == at("2026-05-14 08:00"))
    }

    @Test("Working days and working hours between")
    func between() throws {
        #expect(try calendar.workingDaysBetween(date("2026-02-13"), date("2026-02-23")) == 1)
        #expect(try calendar.workingDaysBetween(date("2026-02-23"), date("2026-02-13")) == -1)
        #expect(try calendar.workingDaysBetween(date("2026-03-02"), date("2026-03-09")) == 5)
        #expect(try calendar.workingHoursBetween(at("2026-03-02 16:00"), at("2026-03-03 09:00")) == 2.5)
        #expect(try calendar.workingHoursBetween(at("2026-03-02 11:00"), at("2026-03-02 14:00")) == 1.0)
        #expect(try calendar.workingHoursBetween(at("2026-03-06 16:00"), at("2026-03-09 08:30")) == 2.0)
        #expect(try calendar.addingWorkingDays(5, to: date("2026-03-02")) == date("2026-03-09"))
        #expect(throws: CalendarError.outOfRange(date("2101-01-01"))) { try calendar.isWorkingDay(date("2101-01-01")) }
    }

    @Test("Decree files: swaps must trade a weekday for a weekend day; malformed lines name their number")
    func decreeValidation() throws {
        let header = "kind,date,working_day,note,reference\n"
        let good = try DecreeFile.parse("# c\n" + header + "swap,2027-05-03,2027-05-08,x,TB 1/2027\n")
        #expect(good.first?.workingDay == date("2027-05-08"))
        #expect(try DecreeFile.parse(DecreeFile.render(good)) == good)
        #expect(
            throws: CalendarError.invalidSwap(
                dayOff: date("2027-05-08"),
                workingDay: date("2027-05-09"),
                issue: .swapDayOffWeekday
            )
        ) {
            try DecreeFile.parse(header + "swap,2027-05-08,2027-05-09,x,y\n")
        }
        #expect(
            throws: CalendarError.invalidSwap(
                dayOff: date("2027-05-03"),
                workingDay: date("2027-05-04"),
                issue: .swapWorkingDayWeekend
            )
        ) {
            try DecreeFile.parse(header + "swap,2027-05-03,2027-05-04,x,y\n")
        }
        #expect(
            throws: CalendarError.malformedDecreeFile(
                line: 2,
                reason: "expected kind,yyyy-MM-dd,yyyy-MM-dd?,note,reference"
            )
        ) {
            try DecreeFile.parse(header + "vacation,2027-05-03,,x,y\n")
        }
    }

    @Test("Office hours are configurable per province and checked")
    func officeHours() throws {
        let summer = try OfficeHours(morning: "07:00-11:30", afternoon: "13:00-16:30", cutoff: "15:30")
        #expect(summer.dayLength == 8 * 3600)
        let province = BusinessCalendar(officeHours: summer)
        #expect(try province.addingWorkingDays(1, to: at("2026-03-02 15:15")) == at("2026-03-03 15:15"))
        #expect(throws: CalendarError.invalidOfficeHours(.officeHoursOrder)) {
            try OfficeHours(morning: "13:00-11:30", afternoon: "13:00-16:30", cutoff: "15:30")
        }
        #expect(throws: CalendarError.invalidOfficeHours(.officeHoursFormat)) {
            try OfficeHours(morning: "7h-11h", afternoon: "13:00-16:30", cutoff: "15:30")
        }
    }
}
