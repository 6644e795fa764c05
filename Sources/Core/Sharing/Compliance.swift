import Foundation

/// The four layers of Chỉ thị 14/CT-TTg (2019), as CV 1552/BTTTT-CATTT (2020) set them out.
public enum ProtectionLayer: Int, CaseIterable, Hashable, Sendable, Codable {
    /// Lớp 1: the agency's own information-security staff.
    case onSite = 1
    /// Lớp 2: professional monitoring and protection.
    case monitoring = 2
    /// Lớp 3: periodic independent assessment.
    case independentAssessment = 3
    /// Lớp 4: connected to the national monitoring centre (NCSC).
    case nationalConnection = 4

    public var label: String {
        switch self {
        case .onSite: "Lớp 1: Lực lượng tại chỗ"
        case .monitoring: "Lớp 2: Giám sát, bảo vệ chuyên nghiệp"
        case .independentAssessment: "Lớp 3: Kiểm tra, đánh giá độc lập"
        case .nationalConnection: "Lớp 4: Kết nối hệ thống giám sát quốc gia"
        }
    }
}

/// An information system in the security registry (ND 85/2016/NĐ-CP: one owner, a level 1–5 proposed and approved by
/// decision; Điều 12–17).
public struct InformationSystem: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<InformationSystem>

    public let id: ID
    /// The agency (unit) that owns it (chủ quản).
    public var unitCode: String
    public var name: String
    public var owner: String
    public var proposedLevel: Int?
    public var approvedLevel: Int?
    public var decisionNumber: String?
    public var decisionDate: CivilDate?
    public var endpoints: Int
    /// Endpoints under the centralised anti-malware solution.
    public var protectedEndpoints: Int
    /// Connected to the monitoring centre (SOC).
    public var socConnected: Bool
    public var layers: Set<ProtectionLayer>
    public var lastDrill: CivilDate?

    public init(
        id: ID = ID(),
        unitCode: String,
        name: String,
        owner: String,
        proposedLevel: Int? = nil,
        approvedLevel: Int? = nil,
        decisionNumber: String? = nil,
        decisionDate: CivilDate? = nil,
        endpoints: Int = 0,
        protectedEndpoints: Int = 0,
        socConnected: Bool = false,
        layers: Set<ProtectionLayer> = [],
        lastDrill: CivilDate? = nil
    ) {
        self.id = id
        self.unitCode = unitCode
        self.name = name
        self.owner = owner
        self.proposedLevel = proposedLevel
        self.approvedLevel = approvedLevel
        self.decisionNumber = decisionNumber
        self.decisionDate = decisionDate
        self.endpoints = endpoints
        self.protectedEndpoints = protectedEndpoints
        self.socConnected = socConnected
        self.layers = layers
        self.lastDrill = lastDrill
    }

    /// An approved level needs its decision number and date.
    public var isApproved: Bool { approvedLevel != nil && decisionNumber?.isEmpty == false && decisionDate != nil }

    /// The problems with the record itself, as (field, message) for a 422.
    public func issues() -> [(field: String, message: String)] {
        var issues: [(String, String)] = []
        if name.trimmingCharacters(in: .whitespaces).isEmpty { issues.append(("name", "required")) }
        for (field, level) in [("proposedLevel", proposedLevel), ("approvedLevel", approvedLevel)] {
            if let level, !(1...5).contains(level) { issues.append((field, "a level is 1 to 5")) }
        }
        if approvedLevel != nil && (decisionNumber?.isEmpty ?? true || decisionDate == nil) {
            issues.append(("decisionNumber", "an approved level needs the decision number and date"))
        }
        if endpoints < 0 { issues.append(("endpoints", "cannot be negative")) }
        if protectedEndpoints < 0 || protectedEndpoints > endpoints {
            issues.append(("protectedEndpoints", "between 0 and the number of endpoints"))
        }
        return issues
    }
}

/// The province's compliance rule for the data-sharing gateway. The default is Điện Biên's: every system has an
/// approved level and every endpoint is under central anti-malware protection.
public struct ComplianceRule: Hashable, Sendable, Codable {
    public var requireApprovedLevel: Bool
    /// Share of endpoints that must be protected, 0…1.
    public var minEndpointProtection: Double
    public var requireSOC: Bool
    /// Layers every system must have in place.
    public var requiredLayers: Set<ProtectionLayer>
    /// A unit with no system in the registry is non-compliant (it has not declared anything).
    public var requireRegistration: Bool
    /// Whether the gateway refuses non-compliant units at all; off means it only reports.
    public var enforce: Bool

    public init(
        requireApprovedLevel: Bool = true,
        minEndpointProtection: Double = 1,
        requireSOC: Bool = false,
        requiredLayers: Set<ProtectionLayer> = [],
        requireRegistration: Bool = false,
        enforce: Bool = true
    ) {
        self.requireApprovedLevel = requireApprovedLevel
        self.minEndpointProtection = minEndpointProtection
        self.requireSOC = requireSOC
        self.requiredLayers = requiredLayers
        self.requireRegistration = requireRegistration
        self.enforce = enforce
    }

    public static let dienBien = ComplianceRule()
}

/// Why a unit is not compliant, in Vietnamese and English.
public enum ComplianceGap: Hashable, Sendable, Codable {
    case notRegistered
    case levelNotApproved(system: String)
    case endpointProtection(protected: Int, total: Int, required: Double)
    case notConnectedToSOC(system: String)
    case missingLayer(system: String, layer: ProtectionLayer)

    public var messageVI: String {
        switch self {
        case .notRegistered:
            "Đơn vị chưa khai báo hệ thống thông tin nào."
        case .levelNotApproved(let system):
            "Hệ thống \"\(system)\" chưa được phê duyệt cấp độ an toàn thông tin (NĐ 85/2016/NĐ-CP)."
        case .endpointProtection(let protected, let total, let required):
            "Mới \(protected)/\(total) máy trạm được phòng chống mã độc tập trung; yêu cầu \(Self.percent(required))."
        case .notConnectedToSOC(let system):
            "Hệ thống \"\(system)\" chưa kết nối trung tâm giám sát an toàn thông tin (SOC)."
        case .missingLayer(let system, let layer):
            "Hệ thống \"\(system)\" chưa có \(layer.label) (mô hình 4 lớp, CT 14/CT-TTg)."
        }
    }

    public var message: String {
        switch self {
        case .notRegistered:
            "The unit has not registered any information system."
        case .levelNotApproved(let system):
            "System \"\(system)\" has no approved security level (Decree 85/2016)."
        case .endpointProtection(let protected, let total, let required):
            "Only \(protected) of \(total) endpoints have central malware protection; \(Self.percent(required)) required."
        case .notConnectedToSOC(let system):
            "System \"\(system)\" is not connected to the security operations centre."
        case .missingLayer(let system, let layer):
            "System \"\(system)\" lacks layer \(layer.rawValue) of the 4-layer model."
        }
    }

    static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded())) %" }
}

/// A unit's standing under the rule, with the figures the DTI "An toàn thông tin mạng" index uses.
public struct ComplianceReport: Hashable, Sendable, Codable {
    public let unitCode: String
    public let gaps: [ComplianceGap]
    public let systems: Int
    public let approvedSystems: Int
    public let endpoints: Int
    public let protectedEndpoints: Int
    public let socConnectedSystems: Int
    public let fourLayerSystems: Int

    public var compliant: Bool { gaps.isEmpty }

    /// Share of endpoints protected; 1 when there are none.
    public var endpointProtection: Double { endpoints == 0 ? 1 : Double(protectedEndpoints) / Double(endpoints) }

    public init(unitCode: String, systems list: [InformationSystem], rule: ComplianceRule) {
        self.unitCode = unitCode
        systems = list.count
        approvedSystems = list.filter(\.isApproved).count
        endpoints = list.reduce(0) { $0 + $1.endpoints }
        protectedEndpoints = list.reduce(0) { $0 + $1.protectedEndpoints }
        socConnectedSystems = list.filter(\.socConnected).count
        fourLayerSystems = list.filter { $0.layers.count == ProtectionLayer.allCases.count }.count
        var gaps: [ComplianceGap] = []
        if rule.requireRegistration && list.isEmpty { gaps.append(.notRegistered) }
        for system in list.sorted(by: { $0.name < $1.name }) {
            if rule.requireApprovedLevel && !system.isApproved { gaps.append(.levelNotApproved(system: system.name)) }
            if rule.requireSOC && !system.socConnected { gaps.append(.notConnectedToSOC(system: system.name)) }
            for layer in ProtectionLayer.allCases where rule.requiredLayers.contains(layer) {
                if !system.layers.contains(layer) { gaps.append(.missingLayer(system: system.name, layer: layer)) }
            }
        }
        let share = endpoints == 0 ? 1 : Double(protectedEndpoints) / Double(endpoints)
        if share + 1e-9 < rule.minEndpointProtection {
            gaps.append(
                .endpointProtection(
                    protected: protectedEndpoints,
                    total: endpoints,
                    required: rule.minEndpointProtection
                )
            )
        }
        self.gaps = gaps
    }
}
