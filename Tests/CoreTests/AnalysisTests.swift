import Core
import Foundation
import Testing

@Suite("IOC monthly analysis")
struct AnalysisTests {
    @Test("Median, MAD and the modified z-score on known series, including a mostly constant history")
    func robustStatistics() throws {
        #expect(RobustStatistics.median([3, 1, 2]) == 2 && RobustStatistics.median([1, 2, 3, 4]) == 2.5)
        #expect(RobustStatistics.median([]) == nil)
        #expect(RobustStatistics.mad([1, 1, 2, 2, 4, 6, 9]) == 1)
        let z = try #require(RobustStatistics.modifiedZ(20, history: [10, 11, 9, 10, 12, 10, 11, 9]))
        #expect(abs(z - 6.745) < 1e-9)
        // MAD is 0 when most months are equal: the mean absolute deviation (1/6) stands in.
        let flat = try #require(RobustStatistics.modifiedZ(8, history: [5, 5, 5, 5, 5, 6]))
        #expect(abs(flat - 3 / (1.2533 / 6)) < 1e-9)
        #expect(RobustStatistics.modifiedZ(9, history: [5, 5, 5, 5, 5, 5]) == nil)
        #expect(RobustStatistics.modifiedZ(5, history: [5, 5, 5, 5, 5, 5]) == 0)
        #expect(RobustStatistics.modifiedZ(9, history: [5, 6, 7]) == nil)  // too short to judge
    }

    @Test("Theil–Sen ignores one wild month that least squares would follow; runs count moves at the end")
    func trend() throws {
        var values = (0..<10).map { 2 * Double($0) + 1 }
        values[5] = 100
        let line = try #require(RobustStatistics.theilSen(values))
        #expect(line.slope == 2 && line.intercept == 1)
        let gappy = try #require(RobustStatistics.theilSen([(0, 5), (3, 2), (4, 1), (7, -2)]))
        #expect(line.slope == 2 && gappy.slope == -1 && gappy.intercept == 5)
        #expect(RobustStatistics.theilSen([1, 2]) == nil)
        #expect(RobustStatistics.run([1, 2, 3, 2, 1, 0], rising: false) == 3)
        #expect(RobustStatistics.run([1, 2, 3, 2, 1, 0], rising: true) == 0)
        #expect(RobustStatistics.run([5, 4, 4, 3], rising: false) == 1)  // a flat month breaks the run
    }

    static let months = (0..<13).map { Period("20\(25 + ($0 + 9) / 12)\(String(format: "%02d", ($0 + 9) % 12 + 1))")! }
    static let onlineRate = Indicator(
        code: "ty_le_truc_tuyen",
        name: "Tỷ lệ hồ sơ trực tuyến",
        domain: "cds",
        numerator: "#{hs_truc_tuyen}",
        denominator: "#{hs_tong}",
        factor: 100,
        owner: "SKHCN"
    )
    static let newFirms = Indicator(
        code: "dn_moi",
        name: "Doanh nghiệp thành lập mới",
        domain: "kt",
        numerator: "#{dn}"
    )
    static let overdue = Indicator(
        code: "hs_qua_han",
        name: "Hồ sơ quá hạn",
        domain: "cds",
        numerator: "#{qh}",
        direction: .lowerIsBetter
    )

    func analyse() -> (findings: [Finding], recommendations: [Recommendation]) {
        let month = Self.months.last!
        #expect(month.description == "202610" && Self.months.first?.description == "202510")
        let falling: [Double?] = [80, 80, 81, 80, 79, 80, 81, 80, 79, 80, 78, 75, 72]
        let steady: [Double?] = [nil, nil, nil] + Array(repeating: 10, count: 10)
        let analyser = MonthlyAnalyser(month: month, provinceCode: "38", provinceName: "Tỉnh Thanh Hóa")
        let findings = analyser.findings(
            series: [
                IndicatorSeries(
                    indicator: Self.onlineRate,
                    unitCode: "14797",
                    unitName: "Phường Hạc Thành",
                    months: Self.months,
                    values: falling,
                    target: 85
                ),
                IndicatorSeries(
                    indicator: Self.newFirms,
                    unitCode: "38",
                    unitName: "Tỉnh Thanh Hóa",
                    months: Self.months,
                    values: steady,
                    target: 120
                ),
                IndicatorSeries(
                    indicator: Self.overdue,
                    unitCode: "14758",
                    unitName: "Phường Hàm Rồng",
                    months: Self.months,
                    values: [nil, nil, nil] + Array(repeating: 3, count: 10),
                    target: 24
                ),
            ],
            reporting: [
                ReportingGap(
                    dataSet: "bc-cds-thang",
                    dataSetName: "Báo cáo CĐS tháng",
                    deadline: Date(timeIntervalSince1970: 1_793_000_000),
                    expected: 166,
                    missing: ["14845"],
                    late: ["14758", "14797"]
                )
            ],
            indices: [
                IndexStanding(
                    framework: "922-2022",
                    year: 2025,
                    index: "HTS",
                    indexName: "Hạ tầng số",
                    value: 0.6,
                    mean: 0.7
                ),
                IndexStanding(
                    framework: "922-2022",
                    year: 2025,
                    index: "NTS",
                    indexName: "Nhận thức số",
                    value: 0.9,
                    mean: 0.8
                ),
            ]
        )
        return (findings, Recommender.recommend(findings, provinceCode: "38"))
    }

    @Test("A falling rate: anomaly, three months worse, off target, forecast to miss; a steady total raises nothing")
    func findings() throws {
        let findings = analyse().findings
        let online = findings.filter { $0.subject == "ty_le_truc_tuyen" }
        #expect(Set(online.map(\.kind)) == [.anomaly, .worsening, .offTarget, .forecastMiss])
        let anomaly = try #require(online.first { $0.kind == .anomaly })
        // History median 80, MAD 0,5: z = 0,6745 × (72 − 80) / 0,5.
        #expect(abs(anomaly.figures["z"]! - 0.6745 * -8 / 0.5) < 1e-9 && anomaly.figures["median"] == 80)
        let worse = try #require(online.first { $0.kind == .worsening })
        #expect(worse.figures["months"] == 3 && worse.figures["from"] == 80)
        #expect(worse.statement.contains("giảm 3 tháng liên tiếp, từ 80,0 % (tháng 7/2026) còn 72,0 % (tháng 10/2026)"))
        let off = try #require(online.first { $0.kind == .offTarget })
        #expect(off.figures["gap"] == 13 && off.statement.contains("thấp hơn mục tiêu năm 85,0 % là 13,0 điểm %"))
        let forecast = try #require(online.first { $0.kind == .forecastMiss })
        #expect(forecast.figures["forecast"]! < 85 && forecast.figures["slope"]! < 0)
        #expect(off.link == "/ioc/series?dx=ty_le_truc_tuyen&ou=14797&pe=202610")
        // 10 a month since January: year to date 100 of 120 is on schedule, and the trend reaches 120.
        #expect(findings.filter { $0.subject == "dn_moi" }.isEmpty)
        // Lower is better: 30 overdue by October against 24 a year is behind (due 20), and so is the forecast.
        let late = findings.filter { $0.subject == "hs_qua_han" }
        #expect(Set(late.map(\.kind)) == [.offTarget, .forecastMiss])
        #expect(late.first { $0.kind == .offTarget }?.figures["due"] == 20)
        let reports = try #require(findings.first { $0.kind == .missingReports })
        #expect(reports.unitCode == "38" && reports.statement.hasPrefix("3/166 đơn vị không nộp đúng hạn"))
        #expect(findings.filter { $0.kind == .weakIndex }.map(\.subject) == ["HTS"])
        #expect(findings.map(\.id) == findings.indices.map { "F\($0 + 1)" })
    }

    @Test("Every recommendation cites its findings and quotes them; each rule addresses the right unit")
    func recommendations() throws {
        let (findings, recommendations) = analyse()
        let byID = Dictionary(uniqueKeysWithValues: findings.map { ($0.id, $0) })
        for recommendation in recommendations {
            #expect(!recommendation.findings.isEmpty)
            for id in recommendation.findings {
                let finding = try #require(byID[id])
                #expect(recommendation.text.contains(finding.statement))
            }
        }
        // Every finding is used by some recommendation.
        #expect(Set(recommendations.flatMap(\.findings)) == Set(findings.map(\.id)))
        let commune = try #require(recommendations.first { $0.findings.count == 3 })
        #expect(
            commune.unitCode == "14797"
                && commune.text.hasSuffix(
                    "Đề nghị UBND Phường Hạc Thành rà soát nguyên nhân diễn biến xấu liên tục và báo cáo giải pháp khắc phục trong tháng tới."
                )
        )
        #expect(recommendations.contains { $0.text.contains("Văn phòng UBND tỉnh đôn đốc") && $0.unitCode == "38" })
        #expect(recommendations.contains { $0.text.hasSuffix("ưu tiên Hạ tầng số.") })
        #expect(recommendations.contains { $0.text.contains("kiểm tra, xác nhận lại số liệu") })
    }

    @Test("Lower is better: a rising count is the wrong way, and reads as rising")
    func risingOverdue() throws {
        let analyser = MonthlyAnalyser(month: Self.months.last!, provinceCode: "38", provinceName: "Tỉnh Thanh Hóa")
        let values: [Double?] = [2, 2, 3, 2, 2, 3, 2, 2, 3, 2, 4, 6, 9]
        let findings = analyser.findings(
            series: [
                IndicatorSeries(
                    indicator: Self.overdue,
                    unitCode: "14758",
                    unitName: "Phường Hàm Rồng",
                    months: Self.months,
                    values: values,
                    target: nil
                )
            ],
            reporting: [],
            indices: []
        )
        let worse = try #require(findings.first { $0.kind == .worsening })
        #expect(worse.statement.contains("tăng 3 tháng liên tiếp, từ 2,0 (tháng 7/2026) lên 9,0 (tháng 10/2026)"))
        #expect(findings.contains { $0.kind == .anomaly } && !findings.contains { $0.kind == .offTarget })
    }
}
