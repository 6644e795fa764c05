/// Robust statistics for the monthly analysis: medians resist the odd wrong entry that a mean would follow.
public enum RobustStatistics {
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Median absolute deviation from the median.
    public static func mad(_ values: [Double]) -> Double? {
        guard let center = median(values) else { return nil }
        return median(values.map { abs($0 - center) })
    }

    /// The modified z-score of `value` against a history (Iglewicz & Hoaglin 1993): 0.6745 · (x − median) / MAD.
    /// When more than half the history is identical (MAD 0) the mean absolute deviation stands in, scaled by
    /// 1.2533 (its ratio to the standard deviation); nil when the history does not vary at all or is too short.
    public static func modifiedZ(_ value: Double, history: [Double]) -> Double? {
        guard history.count >= 6, let center = median(history), let mad = mad(history) else { return nil }
        if mad > 0 { return 0.6745 * (value - center) / mad }
        let meanDeviation = history.map { abs($0 - center) }.reduce(0, +) / Double(history.count)
        guard meanDeviation > 0 else { return value == center ? 0 : nil }
        return (value - center) / (1.2533 * meanDeviation)
    }

    /// Theil–Sen line (Sen 1968): the median of all pairwise slopes, and the median intercept. One wild point
    /// cannot tilt it, unlike least squares. Points may have gaps in x; nil for fewer than three points.
    public static func theilSen(_ points: [(x: Double, y: Double)]) -> (slope: Double, intercept: Double)? {
        guard points.count >= 3 else { return nil }
        var slopes: [Double] = []
        slopes.reserveCapacity(points.count * (points.count - 1) / 2)
        for i in points.indices {
            for j in points.indices where j > i && points[j].x != points[i].x {
                slopes.append((points[j].y - points[i].y) / (points[j].x - points[i].x))
            }
        }
        guard let slope = median(slopes), let intercept = median(points.map { $0.y - slope * $0.x }) else {
            return nil
        }
        return (slope, intercept)
    }

    /// Theil–Sen through equally spaced values (x = 0, 1, 2, …).
    public static func theilSen(_ values: [Double]) -> (slope: Double, intercept: Double)? {
        theilSen(values.enumerated().map { (Double($0.offset), $0.element) })
    }

    /// How many steps at the end of the series each moved the given way (strictly): 3 for "fell three months
    /// running".
    public static func run(_ values: [Double], rising: Bool) -> Int {
        var count = 0
        var index = values.count - 1
        while index > 0, rising ? values[index] > values[index - 1] : values[index] < values[index - 1] {
            count += 1
            index -= 1
        }
        return count
    }
}
