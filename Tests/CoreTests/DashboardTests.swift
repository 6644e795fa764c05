import Core
import Testing

@Suite("IOC dashboards")
struct DashboardTests {
    let today = CivilDate(iso: "2026-11-24")!

    @Test(
        "Time ranges resolve to months, relative to today or absolute",
        arguments: [
            ("month", ["202611"]), ("quarter", ["202610", "202611"]), ("30d", ["202610", "202611"]),
            ("202601-202603", ["202601", "202602", "202603"]),
        ]
    )
    func ranges(text: String, months: [String]) throws {
        #expect(try #require(TimeRange(text, today: today)).months.map(\.description) == months)
    }

    @Test("Year and twelve months; bad ranges refused")
    func moreRanges() throws {
        #expect(try #require(TimeRange("year", today: today)).months.count == 11)
        let twelve = try #require(TimeRange("12m", today: today))
        #expect(twelve.months.first?.description == "202512" && twelve.months.count == 12)
        #expect(TimeRange("week", today: today) == nil)
        #expect(TimeRange("202609-202601", today: today) == nil)  // backwards
        #expect(TimeRange("2026Q1-2026Q2", today: today) == nil)  // months only
        #expect(TimeRange("201001-202612", today: today) == nil)  // more than five years
        #expect(
            TimeRange("30d", today: CivilDate(iso: "2026-03-15")!)?.months.map(\.description) == ["202602", "202603"]
        )
    }

    @Test("The standard dashboard covers counters, alerts and the targeted indicators; widgets are checked")
    func standard() throws {
        let dashboard = Dashboard.standard(unitCode: "38", indicators: ["a", "b"])
        #expect(
            dashboard.widgets.map(\.kind) == [
                .counter, .counter, .counter, .counter, .alerts, .tile, .tile, .timeSeries, .ranking, .map, .table,
            ]
        )
        #expect(try dashboard.validated(knownIndicators: ["a", "b"]) == dashboard)
        #expect(throws: IndicatorError.row(7, field: "subject", issue: .unknownCode("b"))) {
            try dashboard.validated(knownIndicators: ["a"])
        }
        var bad = dashboard
        bad.widgets[0].subject = "nope"
        #expect(throws: IndicatorError.row(1, field: "subject", issue: .unknownCode("nope"))) {
            try bad.validated(knownIndicators: ["a", "b"])
        }
        bad = dashboard
        bad.name = " "
        #expect(throws: IndicatorError.invalidField(field: "name", issue: .required)) {
            try bad.validated(knownIndicators: ["a", "b"])
        }
    }
}
