public import Foundation

/// One indicator's monthly values for one unit: the 13 months ending at the analysed month (nil where nothing was
/// reported), with the year's target when one is set.
public struct IndicatorSeries: Sendable {
    public let indicator: Indicator
    public let unitCode: String
    public let unitName: String
    public let months: [Period]
    public let values: [Double?]
    public let target: Double?

    public init(
        indicator: Indicator,
        unitCode: String,
        unitName: String,
        months: [Period],
        values: [Double?],
        target: Double?
    ) {
        self.indicator = indicator
        self.unitCode = unitCode
        self.unitName = unitName
        self.months = months
        self.values = values
        self.target = target
    }
}

/// Units that had not reported a data set for the month by its deadline.
public struct ReportingGap: Sendable {
    public let dataSet: String
    public let dataSetName: String
    public let deadline: Date
    public let expected: Int
    public let missing: [String]
    public let late: [String]

    public init(dataSet: String, dataSetName: String, deadline: Date, expected: Int, missing: [String], late: [String])
    {
        self.dataSet = dataSet
        self.dataSetName = dataSetName
        self.deadline = deadline
        self.expected = expected
        self.missing = missing
        self.late = late
    }
}

/// A DTI index of the province against a reference of the same year: the province at its rank target, or the mean
/// of the ranked provinces.
public struct IndexStanding: Sendable {
    public let framework: String
    public let year: Int
    public let index: String
    public let indexName: String
    public let value: Double
    /// The reference value (the mean when `reference` is nil).
    public let mean: Double
    /// The province at the rank target, named with its rank; nil for the mean.
    public let reference: String?

    public init(
        framework: String,
        year: Int,
        index: String,
        indexName: String,
        value: Double,
        mean: Double,
        reference: String? = nil
    ) {
        self.framework = framework
        self.year = year
        self.index = index
        self.indexName = indexName
        self.value = value
        self.mean = mean
        self.reference = reference
    }
}

/// The monthly automatic analysis: findings computed from the series, then recommendations built by rules from
/// the findings (no sentence without a finding behind it).
public struct MonthlyAnalyser: Sendable {
    public let month: Period
    public let provinceCode: String
    public let provinceName: String
    /// |modified z| above this is an anomaly (Iglewicz & Hoaglin's 3,5).
    public var anomalyLimit = 3.5
    /// Months running in the wrong direction that make a "worsening" finding.
    public var worseningRun = 3

    public init(month: Period, provinceCode: String, provinceName: String) {
        precondition(month.type == .monthly, "the analysis runs on a month")
        self.month = month
        self.provinceCode = provinceCode
        self.provinceName = provinceName
    }

    var monthText: String { "tháng \(month.first.month)/\(month.year)" }

    public func findings(series: [IndicatorSeries], reporting: [ReportingGap], indices: [IndexStanding]) -> [Finding] {
        var drafts: [Draft] = []
        for one in series { drafts += analyse(one) }
        for gap in reporting where !gap.missing.isEmpty || !gap.late.isEmpty { drafts.append(reportingFinding(gap)) }
        for standing in indices where standing.value < standing.mean { drafts.append(indexFinding(standing)) }
        return drafts.enumerated().map { $0.element.finding(id: "F\($0.offset + 1)") }
    }

    /// A finding before it is numbered.
    struct Draft {
        let kind: Finding.Kind
        let unitCode: String
        let unitName: String
        let subject: String
        let subjectName: String
        let owner: String
        let figures: [String: Double]
        let statement: String
        let link: String

        func finding(id: String) -> Finding {
            Finding(
                id: id,
                kind: kind,
                unitCode: unitCode,
                unitName: unitName,
                subject: subject,
                subjectName: subjectName,
                owner: owner,
                figures: figures,
                statement: statement,
                link: link
            )
        }
    }

    func analyse(_ s: IndicatorSeries) -> [Draft] {
        guard let last = s.months.last, last == month, let current = s.values.last ?? nil else { return [] }
        let indicator = s.indicator
        let higher = indicator.direction == .higherIsBetter
        let unit = Quantity(indicator)
        let link = "/ioc/series?dx=\(indicator.code)&ou=\(s.unitCode)&pe=\(month)"
        func draft(_ kind: Finding.Kind, _ figures: [String: Double], _ statement: String) -> Draft {
            Draft(
                kind: kind,
                unitCode: s.unitCode,
                unitName: s.unitName,
                subject: indicator.code,
                subjectName: indicator.name,
                owner: indicator.owner,
                figures: figures,
                statement: statement,
                link: link
            )
        }
        let who = "\(indicator.name) của \(s.unitName)"
        var out: [Draft] = []

        // Anomaly: this month against the twelve before it.
        let history = s.values.dropLast().compactMap { $0 }
        if let z = RobustStatistics.modifiedZ(current, history: history), abs(z) > anomalyLimit,
            let center = RobustStatistics.median(history)
        {
            out.append(
                draft(
                    .anomaly,
                    ["value": current, "median": center, "z": z],
                    "\(who) \(monthText) là \(unit.text(current)), rất khác trung vị \(history.count) tháng trước "
                        + "(\(unit.text(center)); điểm z hiệu chỉnh \(VietnameseFormat.decimal(z, digits: 1)))."
                )
            )
        }

        // Worsening: the last months all moved the wrong way.
        let tail = Array(s.values.reversed().prefix { $0 != nil }.reversed()).compactMap { $0 }
        let run = RobustStatistics.run(tail, rising: !higher)
        if run >= worseningRun {
            let from = tail[tail.count - 1 - run]
            let fromMonth = s.months[s.months.count - 1 - run]
            out.append(
                draft(
                    .worsening,
                    ["months": Double(run), "from": from, "value": current],
                    "\(who) \(higher ? "giảm" : "tăng") \(run) tháng liên tiếp, từ \(unit.text(from)) (tháng "
                        + "\(fromMonth.first.month)/\(fromMonth.year)) \(higher ? "còn" : "lên") \(unit.text(current)) "
                        + "(\(monthText))."
                )
            )
        }

        guard let target = s.target else { return out }
        let monthIndex = month.first.month
        let thisYear = zip(s.months, s.values).filter { $0.0.year == month.year }.compactMap(\.1)
        let yearToDate = thisYear.reduce(0, +)
        let behind: Bool
        if unit.isRate {
            behind = higher ? current < target : current > target
            if behind {
                out.append(
                    draft(
                        .offTarget,
                        ["value": current, "target": target, "gap": abs(target - current)],
                        "\(who) \(monthText) đạt \(unit.text(current)), \(higher ? "thấp" : "cao") hơn mục tiêu năm "
                            + "\(unit.text(target)) là \(unit.gap(abs(target - current)))."
                    )
                )
            }
        } else {
            let due = target * Double(monthIndex) / 12
            behind = higher ? yearToDate < due : yearToDate > due
            if behind, target != 0 {
                out.append(
                    draft(
                        .offTarget,
                        ["value": yearToDate, "target": target, "due": due],
                        "\(who) lũy kế \(monthIndex) tháng năm \(month.year) là \(unit.text(yearToDate)), bằng "
                            + "\(VietnameseFormat.decimal(100 * yearToDate / target, digits: 1)) % mục tiêu năm "
                            + "\(unit.text(target)) (tiến độ cần \(VietnameseFormat.decimal(100 * due / target, digits: 1)) %)."
                    )
                )
            }
        }

        // Forecast: the last twelve months' Theil–Sen line carried to December.
        let recent = Array(zip(s.months, s.values).suffix(12).enumerated())
        let points = recent.compactMap { item in item.element.1.map { (x: Double(item.offset), y: $0) } }
        guard monthIndex < 12, points.count >= 6, let line = RobustStatistics.theilSen(points) else { return out }
        let remaining = 12 - monthIndex
        let lastX = Double(recent.count - 1)
        let forecast =
            unit.isRate
            ? line.intercept + line.slope * (lastX + Double(remaining))
            : yearToDate
                + (1...remaining).map { max(0, line.intercept + line.slope * (lastX + Double($0))) }.reduce(0, +)
        let misses = higher ? forecast < target : forecast > target
        if misses {
            out.append(
                draft(
                    .forecastMiss,
                    ["forecast": forecast, "target": target, "slope": line.slope],
                    "Theo xu hướng 12 tháng (mỗi tháng \(line.slope >= 0 ? "+" : "")"
                        + "\(VietnameseFormat.decimal(line.slope, digits: 2))), \(who) dự kiến "
                        + (unit.isRate
                            ? "đạt \(unit.text(forecast)) vào tháng 12/\(month.year)"
                            : "cả năm đạt \(unit.text(forecast))")
                        + ", không đạt mục tiêu \(unit.text(target))."
                )
            )
        }
        return out
    }

    func reportingFinding(_ gap: ReportingGap) -> Draft {
        Draft(
            kind: .missingReports,
            unitCode: provinceCode,
            unitName: provinceName,
            subject: gap.dataSet,
            subjectName: gap.dataSetName,
            owner: "",
            figures: [
                "expected": Double(gap.expected), "missing": Double(gap.missing.count), "late": Double(gap.late.count),
            ],
            statement: "\(gap.missing.count + gap.late.count)/\(gap.expected) đơn vị không nộp đúng hạn báo cáo "
                + "\(gap.dataSetName) kỳ \(monthText) (hạn \(VietnameseFormat.dateTime(gap.deadline.addingTimeInterval(-60)))): "
                + "\(gap.missing.count) chưa nộp, \(gap.late.count) nộp trễ.",
            link: "/indicators/entry?dataSet=\(gap.dataSet)&ou=\(provinceCode)&pe=\(month)"
        )
    }

    func indexFinding(_ s: IndexStanding) -> Draft {
        Draft(
            kind: .weakIndex,
            unitCode: provinceCode,
            unitName: provinceName,
            subject: s.index,
            subjectName: s.indexName,
            owner: "",
            figures: ["value": s.value, "mean": s.mean, "gap": s.mean - s.value],
            statement:
                "Chỉ số \(s.indexName) của \(provinceName) năm \(s.year) đạt \(VietnameseFormat.decimal(s.value, digits: 4)), thấp hơn "
                + (s.reference.map { "mục tiêu xếp hạng (\($0))" } ?? "bình quân các đơn vị được xếp hạng")
                + " (\(VietnameseFormat.decimal(s.mean, digits: 4))) là "
                + "\(VietnameseFormat.decimal(s.mean - s.value, digits: 4)).",
            link: "/dti?framework=\(s.framework)&year=\(s.year)&ou=\(provinceCode)"
        )
    }
}

/// How an indicator's numbers read: percentages with "%" and gaps in percentage points; other values plain.
public struct Quantity: Sendable {
    public let isRate: Bool
    public let percent: Bool

    public init(_ indicator: Indicator) {
        isRate = indicator.denominator.trimmingCharacters(in: .whitespaces) != "1"
        percent = isRate && indicator.factor == 100
    }

    public func text(_ value: Double) -> String {
        percent ? VietnameseFormat.decimal(value, digits: 1) + " %" : VietnameseFormat.decimal(value, digits: 1)
    }

    public func gap(_ value: Double) -> String {
        percent ? VietnameseFormat.decimal(value, digits: 1) + " điểm %" : VietnameseFormat.decimal(value, digits: 1)
    }
}
