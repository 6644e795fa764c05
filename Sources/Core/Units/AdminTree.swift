/// One of the two administrative structures the platform knows.
public enum AdminTree: String, Sendable, Codable, CaseIterable {
    /// The two-tier structure (province → commune) in force since 1 July 2025:
    /// Nghị quyết 202/2025/QH15 (34 provinces) and the UBTVQH resolutions arranging communes, effective 01/7/2025.
    case current = "2025"
    /// The three-tier structure (province → district → commune) in force until 30 June 2025.
    case legacy

    /// First day the 2025 structure applies.
    public static let reformDate = CivilDate(year: 2025, month: 7, day: 1)!
    /// Last day the legacy structure applies.
    public static let legacyEndDate = CivilDate(year: 2025, month: 6, day: 30)!

    /// The tree valid on `date`.
    public static func valid(on date: CivilDate) -> AdminTree {
        date >= reformDate ? .current : .legacy
    }

    /// The validity interval every unit of this tree carries (nil: open-ended).
    public var validity: (from: CivilDate?, to: CivilDate?) {
        switch self {
        case .current: (AdminTree.reformDate, nil)
        case .legacy: (nil, AdminTree.legacyEndDate)
        }
    }

    /// Vietnamese label.
    public var label: String {
        switch self {
        case .current: "Từ 01/7/2025 (2 cấp)"
        case .legacy: "Trước 01/7/2025 (3 cấp)"
        }
    }
}
