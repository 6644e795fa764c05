/// The kind of an administrative unit or agency.
public enum UnitType: String, Sendable, Codable, CaseIterable {
    case province  // tỉnh
    case municipality  // thành phố trực thuộc trung ương
    case urbanDistrict  // quận (legacy)
    case ruralDistrict  // huyện (legacy)
    case town  // thị xã (legacy)
    case provincialCity  // thành phố thuộc tỉnh (legacy)
    case ward  // phường
    case commune  // xã
    case townlet  // thị trấn (legacy)
    case specialZone  // đặc khu (2025)
    case agency  // sở, ban, ngành; phòng at commune level

    /// The tier a type belongs to.
    public var tier: UnitTier {
        switch self {
        case .province, .municipality: .province
        case .urbanDistrict, .ruralDistrict, .town, .provincialCity: .district
        case .ward, .commune, .townlet, .specialZone: .commune
        case .agency: .agency
        }
    }

    /// Vietnamese label.
    public var label: String {
        switch self {
        case .province: "Tỉnh"
        case .municipality: "Thành phố trực thuộc TW"
        case .urbanDistrict: "Quận"
        case .ruralDistrict: "Huyện"
        case .town: "Thị xã"
        case .provincialCity: "Thành phố thuộc tỉnh"
        case .ward: "Phường"
        case .commune: "Xã"
        case .townlet: "Thị trấn"
        case .specialZone: "Đặc khu"
        case .agency: "Cơ quan"
        }
    }
}

/// Tiers of the hierarchy; districts exist only in the legacy tree.
public enum UnitTier: String, Sendable, Codable, CaseIterable {
    case province, district, commune, agency
}
