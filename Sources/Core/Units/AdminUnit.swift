import Foundation

/// A point on the earth in WGS 84 degrees.
public struct GeoPoint: Hashable, Sendable, Codable {
    public let latitude: Double
    public let longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }
}

/// An administrative unit (province, district, commune) or an agency placed under one.
public struct AdminUnit: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<AdminUnit>

    public let id: ID
    public var tree: AdminTree
    /// Official code: 2 digits for a province, 3 for a legacy district, 5 for a commune; agencies get
    /// `<parent code>.<slug>`.
    public var code: String
    public var name: String
    public var shortName: String
    public var type: UnitType
    public var parentID: ID?
    /// Depth in its tree: 1 province, 2 district (legacy) or commune (2025), and so on.
    public var level: Int
    public var centroid: GeoPoint?
    public var areaKm2: Double?
    public var validFrom: CivilDate?
    public var validTo: CivilDate?
    /// Codes of the 2025 units this legacy unit became part of; the first is the main successor.
    public var mergedInto: [String]
    /// Other names the unit is known by (abbreviations, former names), folded for search.
    public var aliases: [String]

    public init(
        id: ID = ID(),
        tree: AdminTree,
        code: String,
        name: String,
        shortName: String,
        type: UnitType,
        parentID: ID?,
        level: Int,
        centroid: GeoPoint? = nil,
        areaKm2: Double? = nil,
        validFrom: CivilDate? = nil,
        validTo: CivilDate? = nil,
        mergedInto: [String] = [],
        aliases: [String] = []
    ) {
        self.id = id
        self.tree = tree
        self.code = code
        self.name = name
        self.shortName = shortName
        self.type = type
        self.parentID = parentID
        self.level = level
        self.centroid = centroid
        self.areaKm2 = areaKm2
        self.validFrom = validFrom
        self.validTo = validTo
        self.mergedInto = mergedInto
        self.aliases = aliases
    }

    /// Whether the unit exists on `date`.
    public func isValid(on date: CivilDate) -> Bool {
        (validFrom.map { $0 <= date } ?? true) && (validTo.map { date <= $0 } ?? true)
    }

    /// The folded text searched for this unit: its name, short name and aliases.
    public var searchKey: String {
        ([name, shortName] + aliases).map(VietnameseText.fold).joined(separator: " | ")
    }
}
