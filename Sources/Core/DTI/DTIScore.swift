/// A unit's DTI for one year: points per index, the index values (0…1), the total and the pillars.
public struct DTIScore: Hashable, Sendable, Codable {
    /// Points per main index.
    public let points: [String: Double]
    /// Points / maximum per scored index, to 4 decimals as published.
    public let indexValues: [String: Double]
    /// Σ points / maximum of the framework, to 4 decimals (PDTI for a province).
    public let total: Double
    /// The same before rounding.
    public let exactTotal: Double
    /// Per pillar: points of its sub-indicators over their maximum (not an input of the total).
    public let pillars: [DTIPillar: Double]

    /// From points per index (as published, or summed from sub-indicators). Points above an index's maximum are
    /// refused.
    public init(framework: DTIFramework, indexPoints: [String: Double], pillars: [DTIPillar: Double] = [:])
        throws(IndicatorError)
    {
        var values: [String: Double] = [:]
        for index in framework.indices {
            let p = indexPoints[index.code] ?? 0
            guard p >= 0, p <= index.maxPoints + 1e-9 else {
                throw .invalidField(field: index.code, issue: .atMost(index.maxPoints))
            }
            if index.maxPoints > 0 { values[index.code] = Self.round4(p / index.maxPoints) }
        }
        points = indexPoints
        indexValues = values
        let sum = framework.indices.map { indexPoints[$0.code] ?? 0 }.reduce(0, +)
        exactTotal = sum / framework.maxPoints
        total = Self.round4(exactTotal)
        self.pillars = pillars
    }

    /// From the published index values (0…1): PDTI = Σ weight × value, where the weight is the index's share of the
    /// maximum (0.1 for the five foundation indices, 0.2 government, 0.15 economy and society under QĐ 922).
    public init(framework: DTIFramework, indexValues: [String: Double]) throws(IndicatorError) {
        var points: [String: Double] = [:]
        for index in framework.indices where index.maxPoints > 0 {
            let v = indexValues[index.code] ?? 0
            guard (0...1).contains(v) else { throw .invalidField(field: index.code, issue: .atMost(1)) }
            points[index.code] = v * index.maxPoints
        }
        try self.init(framework: framework, indexPoints: points)
    }

    /// From sub-indicator inputs: each earns points by its rule; an index adds its sub-indicators' points; a pillar
    /// is its sub-indicators' points over their maximum.
    public init(framework: DTIFramework, inputs: [String: Double]) throws(IndicatorError) {
        var indexPoints: [String: Double] = [:]
        var pillarPoints: [DTIPillar: (earned: Double, max: Double)] = [:]
        for sub in framework.subIndicators {
            let earned = try inputs[sub.code].map { v throws(IndicatorError) in try sub.points(for: v) } ?? 0
            indexPoints[sub.index, default: 0] += earned
            for pillar in sub.pillars {
                let current = pillarPoints[pillar] ?? (0, 0)
                pillarPoints[pillar] = (current.earned + earned, current.max + sub.maxPoints)
            }
        }
        try self.init(
            framework: framework,
            indexPoints: indexPoints,
            pillars: pillarPoints.compactMapValues { $0.max > 0 ? Self.round4($0.earned / $0.max) : nil }
        )
    }

    static func round4(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}

/// Standard competition ranking ("1224"), as the DTI is published: equal scores (to 4 decimals) share a rank and
/// the next rank is skipped.
public enum CompetitionRanking {
    public static func rank<Key: Hashable>(_ scores: [(key: Key, score: Double)]) -> [(key: Key, rank: Int)] {
        let sorted = scores.enumerated().sorted {
            let a = DTIScore.round4($0.element.score)
            let b = DTIScore.round4($1.element.score)
            return a != b ? a > b : $0.offset < $1.offset
        }.map(\.element)
        var result: [(key: Key, rank: Int)] = []
        for (position, item) in sorted.enumerated() {
            if position > 0, DTIScore.round4(sorted[position - 1].score) == DTIScore.round4(item.score) {
                result.append((item.key, result[position - 1].rank))
            } else {
                result.append((item.key, position + 1))
            }
        }
        return result
    }
}
