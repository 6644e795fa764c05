public import Foundation

/// The open-data duties of ND 47/2020/NĐ-CP as dates: the list is reviewed at least every 6 months (Điều 17 khoản 2),
/// and published data is brought up to date within 3 months.
public struct OpenDataDuties: Hashable, Sendable {
    public static let reviewMonths = 6
    public static let updateMonths = 3

    public let reviewDue: Date
    public let reviewOverdue: Bool
    /// Whole days since the data last changed.
    public let updateLagDays: Int
    public let stale: Bool

    public init(dataset: Dataset, now: Date, calendar: Calendar = .vietnam) {
        reviewDue = calendar.date(byAdding: .month, value: Self.reviewMonths, to: dataset.reviewed) ?? dataset.reviewed
        reviewOverdue = now >= reviewDue
        updateLagDays = max(0, calendar.dateComponents([.day], from: dataset.modified, to: now).day ?? 0)
        let freshUntil =
            calendar.date(byAdding: .month, value: Self.updateMonths, to: dataset.modified) ?? dataset.modified
        stale = now >= freshUntil
    }
}

extension Calendar {
    /// Gregorian in Asia/Ho_Chi_Minh (UTC+7, no daylight saving).
    public static var vietnam: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = CivilDate.vietnamTimeZone
        return calendar
    }
}
