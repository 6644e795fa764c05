/// What a user may be granted. A grant places a role on a unit (and, where it says so, its descendants).
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case citizen
    case iocViewer
    case officer
    case unitAdmin
    case provinceAdmin
    case systemAdmin

    /// Seniority, for "may not grant above your own role".
    public var rank: Int {
        switch self {
        case .citizen: 0
        case .iocViewer, .officer: 1
        case .unitAdmin: 2
        case .provinceAdmin: 3
        case .systemAdmin: 4
        }
    }

    /// What the role may do on things owned by a unit it covers.
    public var actions: Set<Action> {
        switch self {
        case .citizen: []
        case .iocViewer: [.view]
        case .officer: [.view, .process]
        case .unitAdmin, .provinceAdmin, .systemAdmin: Set(Action.allCases)
        }
    }

    /// Whether the role's scope always includes the unit's descendants, whatever the grant says.
    public var alwaysCoversDescendants: Bool { self == .provinceAdmin || self == .systemAdmin }

    /// Whether a grant of this role must name a unit.
    public var needsUnit: Bool { self != .systemAdmin && self != .citizen }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    /// Vietnamese label.
    public var label: String {
        switch self {
        case .citizen: "Công dân"
        case .iocViewer: "Xem IOC"
        case .officer: "Cán bộ"
        case .unitAdmin: "Quản trị đơn vị"
        case .provinceAdmin: "Quản trị tỉnh"
        case .systemAdmin: "Quản trị hệ thống"
        }
    }
}

/// Something a user does to a thing owned by a unit. Every module maps its operations onto these.
public enum Action: String, Sendable, Codable, CaseIterable {
    /// Read the unit's internal records (not just what is public).
    case view
    /// Create and handle the unit's operational records: dossiers, feedback, documents, data values.
    case process
    /// Change the unit's configuration: catalogues, routing rules, targets, dashboards.
    case configure
    /// Create and edit agencies under the unit.
    case manageUnits
    /// Create users and grant roles within the unit.
    case manageUsers
    /// Read the audit log of the unit.
    case viewAudit
}
