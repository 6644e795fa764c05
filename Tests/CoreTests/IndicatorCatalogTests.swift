import Core
import CoreTestSupport
import Foundation
import Testing

@Suite("Indicator catalogue and roll-up")
struct IndicatorCatalogTests {
    static let elements = [
        DataElement(code: "hs_dung_han", name: "Hồ sơ đúng hạn", domain: "cds", valueType: .count),
        DataElement(code: "hs_tong", name: "Hồ sơ đã giải quyết", domain: "cds", valueType: .count),
        DataElement(code: "dan_so", name: "Dân số", domain: "kt", valueType: .count, aggregation: .last),
        DataElement(
            code: "phu_song",
            name: "Tỷ lệ phủ sóng 4G",
            domain: "cds",
            valueType: .percentage,
            aggregation: .average
        ),
        DataElement(code: "nhiet_do", name: "Nhiệt độ cao nhất", domain: "mt", aggregation: .max),
    ]

    static let indicators = [
        Indicator(
            code: "ty_le_dung_han",
            name: "Tỷ lệ hồ sơ đúng hạn",
            domain: "cds",
            numerator: "#{hs_dung_han}",
            denominator: "#{hs_tong}",
            factor: 100
        ),
        Indicator(code: "tre_han", name: "Tỷ lệ trễ hạn", domain: "cds", numerator: "100 - N{ty_le_dung_han}"),
        Indicator(
            code: "hs_tren_1000",
            name: "Hồ sơ trên 1.000 dân",
            domain: "cds",
            numerator: "#{hs_tong}",
            denominator: "#{dan_so}",
            factor: 1000
        ),
    ]

    @Test("Definitions are checked: unknown element or indicator, loops with their path, bad codes and factors")
    func definitions() throws {
        let catalog = try IndicatorCatalog(elements: Self.elements, indicators: Self.indicators)
        #expect(catalog.order.firstIndex(of: "ty_le_dung_han")! < catalog.order.firstIndex(of: "tre_han")!)
        #expect(catalog.inputs(of: "tre_han") == ["hs_dung_han", "hs_tong"])
        func make(_ extra: [Indicator]) throws { _ = try IndicatorCatalog(elements: Self.elements, indicators: extra) }
        #expect(throws: IndicatorError.unknownElement("hs_sai")) {
            try make([Indicator(code: "x", name: "x", domain: "d", numerator: "#{hs_sai}")])
        }
        #expect(throws: IndicatorError.unknownIndicator("khong_co")) {
            try make([Indicator(code: "x", name: "x", domain: "d", numerator: "N{khong_co} + 1")])
        }
        #expect(throws: IndicatorError.cycle(["a", "b", "c", "a"])) {
            try make([
                Indicator(code: "a", name: "a", domain: "d", numerator: "N{b}"),
                Indicator(code: "b", name: "b", domain: "d", numerator: "N{c} + 1"),
                Indicator(code: "c", name: "c", domain: "d", numerator: "#{hs_tong}", denominator: "N{a}"),
            ])
        }
        #expect(throws: IndicatorError.cycle(["self", "self"])) {
            try make([Indicator(code: "self", name: "s", domain: "d", numerator: "N{self}")])
        }
        #expect(throws: IndicatorError.invalidField(field: "code", issue: .indicatorCode)) {
            try make([Indicator(code: "có dấu cách", name: "x", domain: "d", numerator: "1")])
        }
        #expect(throws: IndicatorError.invalidField(field: "factor", issue: .positive)) {
            try make([Indicator(code: "f", name: "x", domain: "d", numerator: "1", factor: 0)])
        }
    }

    @Test("Values are typed: counts whole, percentages 0–100, booleans 0/1")
    func valueTypes() throws {
        #expect(try ValueType.count.check(12) == 12 && ValueType.percentage.check(99.5) == 99.5)
        #expect(throws: IndicatorError.invalidField(field: "value", issue: .countValue)) {
            try ValueType.count.check(1.5)
        }
        #expect(throws: IndicatorError.invalidField(field: "value", issue: .countValue)) {
            try ValueType.count.check(-1)
        }
        #expect(throws: IndicatorError.invalidField(field: "value", issue: .percentValue)) {
            try ValueType.percentage.check(101)
        }
        #expect(throws: IndicatorError.invalidField(field: "value", issue: .booleanValue)) {
            try ValueType.boolean.check(2)
        }
    }

    @Test("Roll-up: the province's rate is the ratio of the summed counts, not the mean of the communes' rates")
    func rollUp() throws {
        let catalog = try IndicatorCatalog(elements: Self.elements, indicators: Self.indicators)
        func v(_ e: String, _ unit: String, _ period: String, _ value: Double) -> DataValue<String> {
            DataValue(element: e, unit: unit, period: Period(period)!, value: value)
        }
        let values = [
            v("hs_dung_han", "A", "202607", 1), v("hs_tong", "A", "202607", 2),
            v("hs_dung_han", "B", "202608", 60), v("hs_tong", "B", "202608", 60),
            v("hs_dung_han", "B", "202609", 39), v("hs_tong", "B", "202609", 40),
            v("hs_tong", "B", "202610", 1_000),  // outside the quarter
            v("dan_so", "A", "202607", 100), v("dan_so", "A", "202608", 110), v("dan_so", "A", "202609", 120),
            v("dan_so", "B", "202609", 200),
            v("phu_song", "A", "202609", 80), v("phu_song", "B", "202609", 100),
            v("nhiet_do", "A", "202607", 38.5), v("nhiet_do", "B", "202608", 41),
            v("hs_tong", "C", "202607", 7),  // a unit outside the province
        ]
        let q3 = try #require(Period("2026Q3"))
        let province = catalog.aggregate(values, units: ["A", "B"], period: q3)
        #expect(province["hs_dung_han"] == 100 && province["hs_tong"] == 102)
        #expect(province["dan_so"] == 320)  // the latest month of each commune, added up
        #expect(province["phu_song"] == 90 && province["nhiet_do"] == 41)
        let rate = try #require(catalog.evaluate("ty_le_dung_han", province))
        #expect(abs(rate - 100.0 / 102 * 100) < 1e-9)  // 98.04 %, where the mean of 50 % and 99 % would be 74.5 %
        let all = catalog.evaluate(province)
        #expect(abs(all["tre_han"]! - (100 - rate)) < 1e-9 && abs(all["hs_tren_1000"]! - 102.0 / 320 * 1000) < 1e-9)
        let communeA = catalog.evaluate(catalog.aggregate(values, units: ["A"], period: q3))
        #expect(communeA["ty_le_dung_han"] == 50)
        #expect(catalog.evaluate(["hs_dung_han": 1, "hs_tong": 0])["ty_le_dung_han"] == nil)  // no value, no error
        let september = catalog.aggregate(values, units: ["A", "B"], period: Period("202609")!)
        #expect(september["hs_tong"] == 40 && september["dan_so"] == 320)
    }
}

@Suite("Targets and traffic lights")
struct TargetTests {
    @Test("Higher or lower is better; the amber line defaults to 90 % / 110 % of the target; no value, no light")
    func lights() throws {
        let rate = Target(indicator: "ty_le", unitCode: "38", period: "2026", value: 95)
        #expect(rate.light(actual: 95, direction: .higherIsBetter) == .green)
        #expect(rate.light(actual: 85.5, direction: .higherIsBetter) == .amber)
        #expect(rate.light(actual: 85.4, direction: .higherIsBetter) == .red)
        #expect(rate.light(actual: nil, direction: .higherIsBetter) == TrafficLight.none)
        let late = Target(indicator: "tre_han", unitCode: "38", period: "2026", value: 2, amberFrom: 3)
        #expect(late.light(actual: 1.5, direction: .lowerIsBetter) == .green)
        #expect(late.light(actual: 3, direction: .lowerIsBetter) == .amber)
        #expect(late.light(actual: 3.1, direction: .lowerIsBetter) == .red)
        #expect(throws: IndicatorError.invalidField(field: "amberFrom", issue: .amberLine)) {
            try late.validated(.higherIsBetter)
        }
        #expect(try late.validated(.lowerIsBetter) == late)
    }
}

@Suite("Data sets and completeness")
struct CompletenessTests {
    @Test("The deadline counts working days after the period, across the Quốc khánh 2026 days off")
    func deadline() throws {
        let set = DataSet(code: "bc", name: "Báo cáo", periodType: .monthly, elements: ["a"], level: 2, deadlineDays: 3)
        let august = try #require(Period("202608"))
        // 31/8–2/9 are off in 2026: the three working days are 3, 4 and 7 September.
        let due = try set.deadline(for: august, calendar: CalendarFixtures.calendar)
        #expect(due == CivilDate(iso: "2026-09-08")!.instant())
        let c = Completeness(
            dataSet: "bc",
            period: august,
            deadline: due,
            expected: ["14758", "14797", "14845", "14800"],
            firstReports: ["14758": due.addingTimeInterval(-1), "14797": due, "14845": due.addingTimeInterval(1)]
        )
        #expect(c.onTime == ["14758", "14797"] && c.late == ["14845"] && c.missing == ["14800"])
        #expect(c.reportingRate == 75 && c.onTimeRate == 50)
        let catalog = try IndicatorCatalog(
            elements: [
                DataElement(code: "a", name: "A", domain: "d"),
                DataElement(code: "y", name: "Y", domain: "d", periodType: .yearly),
            ],
            indicators: []
        )
        #expect(try set.validated(in: catalog) == set)
        var wrong = set
        wrong.elements = ["y"]
        #expect(throws: IndicatorError.invalidField(field: "elements.y", issue: .periodType(.monthly))) {
            try wrong.validated(in: catalog)
        }
        wrong.elements = ["z"]
        #expect(throws: IndicatorError.unknownElement("z")) { try wrong.validated(in: catalog) }
    }
}
