public import Foundation

/// Helpers for the modules that feed their own figures into the indicator engine (the document register, the
/// security registry, the community teams): a rate indicator over two of their counts, and one unit's counts for a
/// period as stored values.
extension Indicator {
    /// `numerator / denominator × 100`, a percentage of two data elements, at level 0 (every unit).
    public static func percentage(
        _ code: String,
        _ name: String,
        of numerator: String,
        over denominator: String,
        domain: String
    )
        -> Indicator
    {
        Indicator(
            code: code,
            name: name,
            domain: domain,
            numerator: "#{\(numerator)}",
            denominator: "#{\(denominator)}",
            factor: 100,
            level: 0
        )
    }
}

extension StoredValue {
    /// One unit's figures for a period, by element code (in code order), as written by `storedBy` at `now`.
    public static func figures(
        _ values: [String: Double],
        unit: AdminUnit.ID,
        period: Period,
        storedBy: String,
        at now: Date
    ) -> [StoredValue] {
        values.sorted { $0.key < $1.key }.map {
            StoredValue(
                element: $0.key,
                unit: unit,
                period: period,
                value: $0.value,
                storedBy: storedBy,
                updatedAt: now
            )
        }
    }
}
