import Foundation

/// The three pillars the DTI reports separately (chính quyền số, kinh tế số, xã hội số).
public enum DTIPillar: String, Hashable, Sendable, Codable, CaseIterable {
    case government, economy, society

    public var label: String {
        switch self {
        case .government: "Chính quyền số"
        case .economy: "Kinh tế số"
        case .society: "Xã hội số"
        }
    }
}

/// How a sub-indicator earns its points.
public enum DTIRule: Hashable, Sendable, Codable {
    /// Points given directly (self-assessed, then appraised), 0…max.
    case direct
    /// Full points when yes, none when no.
    case yesNo
    /// A ratio in 0…1 (often a platform indicator / 100): full points at or above `full`, otherwise proportional.
    case ratio(full: Double)
}

/// A scored item of a framework, under one main index.
public struct DTISubIndicator: Hashable, Sendable, Codable {
    public var code: String
    public var index: String
    public var name: String
    public var maxPoints: Double
    public var pillars: Set<DTIPillar>
    public var rule: DTIRule
    /// The platform indicator that measures it automatically, if any.
    public var source: String?

    public init(
        code: String,
        index: String,
        name: String,
        maxPoints: Double,
        pillars: Set<DTIPillar> = [],
        rule: DTIRule = .direct,
        source: String? = nil
    ) {
        self.code = code
        self.index = index
        self.name = name
        self.maxPoints = maxPoints
        self.pillars = pillars
        self.rule = rule
        self.source = source
    }

    /// Points for a raw input: the points themselves (`direct`), 1/0 (`yesNo`) or a ratio (`ratio`).
    public func points(for input: Double) throws(IndicatorError) -> Double {
        guard input.isFinite, input >= 0 else { throw .invalidField(field: code, issue: .wrongType) }
        switch rule {
        case .direct:
            guard input <= maxPoints else { throw .invalidField(field: code, issue: .atMost(maxPoints)) }
            return input
        case .yesNo:
            guard input == 0 || input == 1 else { throw .invalidField(field: code, issue: .booleanValue) }
            return input * maxPoints
        case .ratio(let full):
            guard input <= 1 else { throw .invalidField(field: code, issue: .atMost(1)) }
            return input >= full ? maxPoints : maxPoints * input / full
        }
    }
}

/// A main index (chỉ số chính) and its maximum; an index with no points (Đô thị thông minh in 922) is collected
/// but not scored.
public struct DTIIndex: Hashable, Sendable, Codable {
    public var code: String
    public var name: String
    public var maxPoints: Double
    /// How many sub-indicators the decision lists under it.
    public var subIndicatorCount: Int

    public init(code: String, name: String, maxPoints: Double, subIndicatorCount: Int) {
        self.code = code
        self.name = name
        self.maxPoints = maxPoints
        self.subIndicatorCount = subIndicatorCount
    }
}

/// A versioned framework: the decision that issued it, its main indices and, where known, its sub-indicators.
public struct DTIFramework: Hashable, Sendable, Codable {
    public var code: String
    public var decision: String
    public var indices: [DTIIndex]
    public var subIndicators: [DTISubIndicator]

    public init(code: String, decision: String, indices: [DTIIndex], subIndicators: [DTISubIndicator] = []) {
        self.code = code
        self.decision = decision
        self.indices = indices
        self.subIndicators = subIndicators
    }

    public var maxPoints: Double { indices.map(\.maxPoints).reduce(0, +) }

    /// Each index's weight in the total: its maximum over the framework's (0.1 for 100 of 1000 points).
    public func weight(of index: String) -> Double {
        (indices.first { $0.code == index }?.maxPoints ?? 0) / maxPoints
    }

    /// QĐ 922/QĐ-BTTTT (20/5/2022), provincial DTI (Bảng I.1), used for DTI 2021–2023: 9 main indices, 98
    /// sub-indicators, 1,000 points; Đô thị thông minh is not scored. The annex's sub-indicator list is not
    /// reproduced here (not retrieved); provinces load it as data.
    public static let qd922 = DTIFramework(
        code: "922-2022",
        decision: "QĐ 922/QĐ-BTTTT ngày 20/5/2022",
        indices: [
            DTIIndex(code: "NTS", name: "Nhận thức số", maxPoints: 100, subIndicatorCount: 10),
            DTIIndex(code: "TCS", name: "Thể chế số", maxPoints: 100, subIndicatorCount: 11),
            DTIIndex(code: "HTS", name: "Hạ tầng số", maxPoints: 100, subIndicatorCount: 7),
            DTIIndex(code: "NLS", name: "Nhân lực số", maxPoints: 100, subIndicatorCount: 13),
            DTIIndex(code: "ATTT", name: "An toàn thông tin mạng", maxPoints: 100, subIndicatorCount: 12),
            DTIIndex(code: "DTTM", name: "Đô thị thông minh", maxPoints: 0, subIndicatorCount: 3),
            DTIIndex(code: "HDCQS", name: "Hoạt động chính quyền số", maxPoints: 200, subIndicatorCount: 22),
            DTIIndex(code: "HDKTS", name: "Hoạt động kinh tế số", maxPoints: 150, subIndicatorCount: 12),
            DTIIndex(code: "HDXHS", name: "Hoạt động xã hội số", maxPoints: 150, subIndicatorCount: 8),
        ]
    )
}

extension FieldIssue {
    public static func atMost(_ limit: Double) -> FieldIssue {
        FieldIssue(
            english: "must be between 0 and \(String(format: "%g", limit))",
            vietnamese: "phải từ 0 đến \(VietnameseFormat.decimal(limit, digits: 2))"
        )
    }
}
