import Core
import Testing

@Suite("Indicator periods (DHIS2 strings)")
struct PeriodTests {
    func p(_ text: String) throws -> Period { try #require(Period(text), "\(text)") }

    @Test(
        "Each type parses to its days and prints back the same string",
        arguments: [
            ("2026", PeriodType.yearly, "2026-01-01", 365),
            ("2026S2", .sixMonthly, "2026-07-01", 184),
            ("2026Q3", .quarterly, "2026-07-01", 92),
            ("202602", .monthly, "2026-02-01", 28),
            ("2024W1", .weekly, "2024-01-01", 7),
            ("2026W38", .weekly, "2026-09-14", 7),
            ("2026W1", .weekly, "2025-12-29", 7),
            ("2026W53", .weekly, "2026-12-28", 7),
            ("2020W53", .weekly, "2020-12-28", 7),
            ("20260915", .daily, "2026-09-15", 1),
        ]
    )
    func parse(text: String, type: PeriodType, first: String, days: Int) throws {
        let period = try p(text)
        #expect(period.type == type && period.first.iso == first && period.days == days)
        #expect(period.description == text)
        #expect(Period(key: period.key) == period)
    }

    @Test("Nonsense, zero-padded weeks, a 53rd week that does not exist and impossible days are refused")
    func refuse() {
        for text in [
            "", "26", "abcd", "2026W0", "2026W05", "2025W53", "2026Q5", "2026S3", "202613", "20260230", "2026-09",
        ] {
            #expect(Period(text) == nil, "\(text)")
        }
        #expect(Period(key: 3_2026_0902) == nil)  // a month does not start on the 2nd
    }

    @Test("Finer periods fall in coarser ones; a week belongs where its Thursday is")
    func containment() throws {
        #expect(try p("2026Q3").contains(p("202609")) && p("2026Q3").contains(p("20260930")))
        #expect(try !p("2026Q3").contains(p("202610")) && !p("202609").contains(p("2026Q3")))
        #expect(try p("2026").contains(p("2026W1")) && p("202601").contains(p("2026W1")))
        #expect(try !p("2025").contains(p("2026W1")) && !p("202512").contains(p("2026W1")))
        #expect(try p("2026Q3").periods(of: .monthly).map(\.description) == ["202607", "202608", "202609"])
        #expect(try p("2026S2").periods(of: .quarterly).map(\.description) == ["2026Q3", "2026Q4"])
        #expect(try p("2026").periods(of: .weekly).count == 53 && p("2025").periods(of: .weekly).count == 52)
        #expect(try p("202602").periods(of: .daily).count == 28 && p("202602").periods(of: .yearly).isEmpty)
        #expect(try p("202612").next.description == "202701" && p("2026W1").previous.description == "2025W52")
        #expect(try p("2026Q1").next.description == "2026Q2" && p("2026S1").previous.description == "2025S2")
        #expect(Period(.weekly, containing: CivilDate(iso: "2027-01-01")!).description == "2026W53")
    }
}
