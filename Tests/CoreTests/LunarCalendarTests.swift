import Core
import Foundation
import Testing

@Suite("Lunar calendar")
struct LunarCalendarTests {
    let vietnam = LunarCalendar.vietnam

    @Test(
        "Known Tết and Giỗ Tổ days",
        arguments: [
            (LunarDate(day: 1, month: 1, year: 2025), "2025-01-29"),
            (LunarDate(day: 1, month: 1, year: 2026), "2026-02-17"),
            (LunarDate(day: 10, month: 3, year: 2023), "2023-04-29"),
            (LunarDate(day: 10, month: 3, year: 2024), "2024-04-18"),
            (LunarDate(day: 10, month: 3, year: 2025), "2025-04-07"),
        ]
    )
    func knownDays(lunar: LunarDate, solar: String) throws {
        let date = try #require(CivilDate(iso: solar))
        #expect(vietnam.solarDate(of: lunar) == date)
        #expect(vietnam.lunarDate(of: date) == lunar)
    }

    /// Every lunar month start from 1900 to 2100 as vnlunar 1.0.5 computes them (scripts/lunar-fixture.py).
    static func fixture() throws -> [(CivilDate, LunarDate)] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/vnlunar-month-starts.csv")
        return try CSV.parse(String(contentsOf: url, encoding: .utf8)).dropFirst(2).map { row in
            let solar = row[0]
            let date = try #require(
                CivilDate(iso: "\(solar.prefix(4))-\(solar.dropFirst(4).prefix(2))-\(solar.suffix(2))")
            )
            return (
                date, LunarDate(day: Int(row[4])!, month: Int(row[2])!, year: Int(row[1])!, isLeapMonth: row[3] == "1")
            )
        }
    }

    /// The months where we and vnlunar put the first day on different sides of local midnight. In each the new
    /// moon falls within 75 s of midnight (UTC+7): our series (Meeus 1998 ch. 49 with the planetary terms and
    /// Espenak–Meeus ΔT) puts it just before, vnlunar's shorter 1982 series just after. The gap is inside the
    /// error of either method (and after 2050 inside the uncertainty of ΔT), so neither can be called wrong.
    static let knownDifferences: [(firstDay: String, ours: String)] = [
        ("1944-06-20", "new moon 23:59:35"),
        ("1967-07-07", "new moon 23:59:57"),
        ("2072-12-09", "new moon 23:58:47"),
        ("2077-11-15", "new moon 23:59:50"),
    ]

    @Test("Agreement with vnlunar (UTC+7) for every day 1900–2100, but four midnight new moons")
    func agreesWithVnlunar() throws {
        let starts = try Self.fixture()
        var differingMonths: [String] = []
        var days = 0
        for (index, (start, lunar)) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1].0 : CivilDate(year: 2101, month: 1, day: 1)!
            for offset in 0..<start.days(to: end) {
                let day = start.adding(days: offset)
                let expected = LunarDate(
                    day: lunar.day + offset,
                    month: lunar.month,
                    year: lunar.year,
                    isLeapMonth: lunar.isLeapMonth
                )
                days += 1
                if vietnam.lunarDate(of: day) != expected, vietnam.lunarDate(of: day).day == 1 {
                    differingMonths.append(day.iso)
                }
                if vietnam.lunarDate(of: day) != expected, !Self.inKnownDifference(day) {
                    Issue.record("\(day.iso): ours \(vietnam.lunarDate(of: day)), vnlunar \(expected)")
                }
            }
        }
        #expect(days == 73_414)
        #expect(differingMonths == Self.knownDifferences.map(\.firstDay))
    }

    /// A day in one of the known months: from our first day to the day before vnlunar's next month.
    static func inKnownDifference(_ day: CivilDate) -> Bool {
        knownDifferences.contains { known in
            let first = CivilDate(iso: known.firstDay)!
            return (0..<30).contains(first.days(to: day))
        }
    }

    @Test("Solar → lunar → solar is the identity for every day 1900–2100")
    func roundTrip() {
        var day = CivilDate(year: 1900, month: 1, day: 1)!
        let end = CivilDate(year: 2100, month: 12, day: 31)!
        while day <= end {
            #expect(vietnam.solarDate(of: vietnam.lunarDate(of: day)) == day)
            day = day.adding(days: 1)
        }
    }

    @Test(
        "Vietnam (UTC+7) and China (UTC+8) part ways where documented",
        arguments: [
            (1968, "1968-01-29", "1968-01-30"),  // North Vietnam's Tết on 29/1 (Tết Offensive)
            (1985, "1985-01-21", "1985-02-20"),  // a whole month earlier: the leap month differs
            (2007, "2007-02-17", "2007-02-18"),
            (2030, "2030-02-02", "2030-02-03"),
            (2053, "2053-02-18", "2053-02-19"),
        ]
    )
    func vietnamChinaContrast(year: Int, vietnamese: String, chinese: String) {
        #expect(vietnam.tet(year) == CivilDate(iso: vietnamese))
        #expect(LunarCalendar.china.tet(year) == CivilDate(iso: chinese))
    }

    @Test("Leap months exist where they should and impossible lunar dates are nil")
    func leapMonths() {
        // 2023 had a leap 2nd month (tháng 2 nhuận Quý Mão), 2025 a leap 6th month (tháng 6 nhuận Ất Tỵ).
        #expect(
            vietnam.solarDate(of: LunarDate(day: 1, month: 2, year: 2023, isLeapMonth: true))
                == CivilDate(iso: "2023-03-22")
        )
        #expect(
            vietnam.solarDate(of: LunarDate(day: 1, month: 6, year: 2025, isLeapMonth: true))
                == CivilDate(iso: "2025-07-25")
        )
        #expect(vietnam.solarDate(of: LunarDate(day: 1, month: 5, year: 2025, isLeapMonth: true)) == nil)
        #expect(vietnam.solarDate(of: LunarDate(day: 30, month: 13, year: 2025)) == nil)
        let shortMonth = (1...12).first { vietnam.solarDate(of: LunarDate(day: 30, month: $0, year: 2026)) == nil }
        #expect(shortMonth != nil)
    }
}
