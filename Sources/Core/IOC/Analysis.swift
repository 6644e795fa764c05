public import Foundation

/// One computed fact of a monthly analysis. Its sentence is built from its figures only; `link` opens the data.
public struct Finding: Hashable, Sendable, Codable, Identifiable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// The month (a rate) or the year to date (a total) is behind the year's target.
        case offTarget
        /// The 12-month trend, carried to December, misses the year's target.
        case forecastMiss
        /// The indicator moved the wrong way several months running.
        case worsening
        /// The month's value lies far from the unit's own history (modified z-score).
        case anomaly
        /// Units that had not reported a data set by its deadline.
        case missingReports
        /// A DTI index where the province trails the mean of the ranked provinces.
        case weakIndex

        public var label: String {
            switch self {
            case .offTarget: "Chưa đạt mục tiêu"
            case .forecastMiss: "Dự báo không đạt"
            case .worsening: "Giảm liên tiếp"
            case .anomaly: "Số liệu bất thường"
            case .missingReports: "Chưa nộp báo cáo"
            case .weakIndex: "Chỉ số DTI yếu"
            }
        }
    }

    /// `F1`, `F2`, … within its report.
    public let id: String
    public let kind: Kind
    public let unitCode: String
    public let unitName: String
    /// The indicator, data set or DTI index the finding is about.
    public let subject: String
    public let subjectName: String
    /// The agency that owns the subject (an indicator's owner), empty when none.
    public let owner: String
    /// The numbers behind the sentence (value, target, gap, median, z, slope, forecast, count …).
    public let figures: [String: Double]
    public let statement: String
    /// A page with the data behind the finding.
    public let link: String
}

/// An action proposed to one audience, built by a rule from one or more findings it cites.
public struct Recommendation: Hashable, Sendable, Codable {
    /// The unit (a commune, or the province) the action is for.
    public let unitCode: String
    public let unitName: String
    public let text: String
    /// The findings the text was built from (never empty).
    public let findings: [String]
}

/// A month's analysis of a province and its units.
public struct AnalysisReport: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<AnalysisReport>

    public let id: ID
    /// `YYYYMM`.
    public let month: String
    public let provinceCode: String
    public let provinceName: String
    public let generatedAt: Date
    /// How many indicator series and units were read.
    public let seriesRead: Int
    public let findings: [Finding]
    public let recommendations: [Recommendation]

    public init(
        id: ID = ID(),
        month: String,
        provinceCode: String,
        provinceName: String,
        generatedAt: Date,
        seriesRead: Int,
        findings: [Finding],
        recommendations: [Recommendation]
    ) {
        self.id = id
        self.month = month
        self.provinceCode = provinceCode
        self.provinceName = provinceName
        self.generatedAt = generatedAt
        self.seriesRead = seriesRead
        self.findings = findings
        self.recommendations = recommendations
    }

    /// How the findings were computed, for the report's readers (Vietnamese).
    public static let method = """
        Phương pháp: số liệu bất thường khi điểm z hiệu chỉnh (0,6745 × (giá trị − trung vị) / MAD, theo Iglewicz và \
        Hoaglin) của tháng so với 12 tháng trước vượt quá 3,5; xu hướng là độ dốc Theil–Sen (trung vị các độ dốc từng \
        cặp tháng) của 12 tháng, kéo dài đến tháng 12 để dự báo khả năng đạt mục tiêu năm; chỉ tiêu dạng tỷ lệ so sánh \
        giá trị tháng với mục tiêu, chỉ tiêu dạng tổng so sánh lũy kế từ đầu năm với mục tiêu chia theo số tháng.
        """
}

extension AnalysisReport {
    /// The same report with only the findings kept, and the recommendations whose every finding is kept.
    public func narrowed(to keep: (Finding) -> Bool) -> AnalysisReport {
        let findings = findings.filter(keep)
        let kept = Set(findings.map(\.id))
        return AnalysisReport(
            id: id,
            month: month,
            provinceCode: provinceCode,
            provinceName: provinceName,
            generatedAt: generatedAt,
            seriesRead: seriesRead,
            findings: findings,
            recommendations: recommendations.filter { $0.findings.allSatisfy(kept.contains) }
        )
    }
}
