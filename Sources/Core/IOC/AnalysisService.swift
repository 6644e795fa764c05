import Foundation

public protocol AnalysisRepository: Sendable {
    /// Newest month first, without their findings' detail needed for listing (the whole report is fine too).
    func reports(provinceCode: String?, limit: Int) async throws -> [AnalysisReport]
    func report(_ id: AnalysisReport.ID) async throws -> AnalysisReport?
    /// Stores the report, replacing the same province's report of the same month.
    func save(_ report: AnalysisReport) async throws
}

/// Runs the monthly analysis of a province: reads 13 months of every monthly indicator for the province and each
/// commune, the year's targets, the month's reporting and the DTI standing, then stores findings and
/// recommendations.
public struct AnalysisService: Sendable {
    let indicators: IndicatorService
    let dti: DTIService
    let repository: any AnalysisRepository
    let units: any UnitRepository
    let audit: any AuditLog
    let calendar: BusinessCalendar
    let clock: Clock

    public init(
        indicators: IndicatorService,
        dti: DTIService,
        repository: any AnalysisRepository,
        units: any UnitRepository,
        audit: any AuditLog,
        calendar: BusinessCalendar,
        clock: Clock
    ) {
        self.indicators = indicators
        self.dti = dti
        self.repository = repository
        self.units = units
        self.audit = audit
        self.calendar = calendar
        self.clock = clock
    }

    /// `dtiRankTarget`: the DTI rank the province aims for, its weak indices measured against the province ranked
    /// there (else against the mean of the ranked provinces).
    public func run(month: Period, provinceCode: String, dtiRankTarget: Int? = nil) async throws -> AnalysisReport {
        guard month.type == .monthly else {
            throw IndicatorError.invalidField(field: "month", issue: .periodType(.monthly))
        }
        guard month.end <= CivilDate(clock.now()) else {
            throw IndicatorError.invalidField(field: "month", issue: .periodNotOver)
        }
        guard let province = try await units.find(UnitKey(tree: .current, code: provinceCode)) else {
            throw IndicatorError.invalidField(field: "province", issue: .unknownCode(provinceCode))
        }
        let communes = try await units.children(of: province.id).filter { $0.type != .agency }
        let all = [province] + communes
        let catalog = try await indicators.catalog()
        let monthly = catalog.indicators.values.filter { $0.periodType == .monthly }.sorted { $0.code < $1.code }
        var months = [month]
        while months.count < 13 { months.insert(months[0].previous, at: 0) }
        let cells = try await indicators.analytics(items: monthly.map(\.code), periods: months, units: all)
        var values: [String: Double] = [:]
        for cell in cells { values["\(cell.item)|\(cell.unit)|\(cell.period)"] = cell.value }
        var series: [IndicatorSeries] = []
        for unit in all {
            let targets = try await indicators.targets(unitCode: unit.code, period: String(month.year))
            let byIndicator = Dictionary(targets.map { ($0.indicator, $0.value) }, uniquingKeysWith: { a, _ in a })
            for indicator in monthly {
                let row = months.map { values["\(indicator.code)|\(unit.id)|\($0)"] }
                guard row.last! != nil else { continue }
                series.append(
                    IndicatorSeries(
                        indicator: indicator,
                        unitCode: unit.code,
                        unitName: unit.name,
                        months: months,
                        values: row,
                        target: byIndicator[indicator.code]
                    )
                )
            }
        }
        var reporting: [ReportingGap] = []
        let names = Dictionary(all.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        for set in try await indicators.dataSets() where set.periodType == .monthly {
            let completeness = try await indicators.completeness(
                dataSet: set.code,
                period: month,
                parent: province,
                calendar: calendar
            )
            reporting.append(
                ReportingGap(
                    dataSet: set.code,
                    dataSetName: set.name,
                    deadline: completeness.deadline,
                    expected: completeness.expected,
                    missing: completeness.missing.map { names[$0] ?? $0 },
                    late: completeness.late.map { names[$0] ?? $0 }
                )
            )
        }
        let standings = try await dti.standings(
            unitCode: province.code,
            through: month.year,
            rankTarget: dtiRankTarget
        )
        let analyser = MonthlyAnalyser(month: month, provinceCode: province.code, provinceName: province.name)
        let findings = analyser.findings(series: series, reporting: reporting, indices: standings)
        let report = AnalysisReport(
            month: month.description,
            provinceCode: province.code,
            provinceName: province.name,
            generatedAt: clock.now(),
            seriesRead: series.count,
            findings: findings,
            recommendations: Recommender.recommend(findings, provinceCode: province.code)
        )
        try await repository.save(report)
        try await audit.append(
            AuditEntry(
                at: clock.now(),
                actorID: nil,
                actorName: "hệ thống",
                action: "analysis.run",
                entityType: "analysis",
                entityID: report.id.description,
                unitID: province.id,
                before: nil,
                after: [
                    "month": report.month, "findings": String(findings.count),
                    "recommendations": String(report.recommendations.count),
                ]
            )
        )
        return report
    }
}

extension FieldIssue {
    public static let periodNotOver = FieldIssue(
        english: "the month is not over yet",
        vietnamese: "tháng chưa kết thúc"
    )
}
