import Core
import Fluent
import Foundation
import SQLKit
import Vapor

/// Persistence of `AdminUnit`. Never leaves its repository.
final class AdminUnitRecord: Model, @unchecked Sendable {
    static let schema = "admin_units"

    @ID(key: .id) var id: UUID?
    @Field(key: "tree") var tree: String
    @Field(key: "code") var code: String
    @Field(key: "level") var level: Int
    @Field(key: "type") var type: String
    @Field(key: "name") var name: String
    @Field(key: "short_name") var shortName: String
    @Field(key: "search_key") var searchKey: String
    /// Materialised path of codes, `/38/14797/`, for subtree queries by prefix.
    @Field(key: "path") var path: String
    @OptionalField(key: "lat") var lat: Double?
    @OptionalField(key: "lon") var lon: Double?
    @OptionalField(key: "area_km2") var areaKm2: Double?
    @OptionalField(key: "valid_from") var validFrom: String?
    @OptionalField(key: "valid_to") var validTo: String?
    @Field(key: "merged_into") var mergedInto: String
    @Field(key: "aliases") var aliases: String
    @OptionalField(key: "parent_id") var parentID: UUID?

    init() {}

    func toDomain() throws -> AdminUnit {
        guard let id else { throw Abort(.internalServerError, reason: "corrupt admin_units row \(code)") }
        return try Self.domain(
            id: id,
            tree: tree,
            code: code,
            level: level,
            type: type,
            name: name,
            shortName: shortName,
            lat: lat,
            lon: lon,
            areaKm2: areaKm2,
            validFrom: validFrom,
            validTo: validTo,
            mergedInto: mergedInto,
            aliases: aliases,
            parentID: parentID
        )
    }

    /// A unit from a plain row of `FluentUnitRepository.columns`: the look-ups every report and permission check makes skip Fluent's
    /// per-row reflection (issue 11).
    static func decode(_ row: any SQLRow) throws -> AdminUnit {
        func value<T: Decodable>(_ column: String, _ type: T.Type = T.self) throws -> T {
            try row.decode(column: column, as: T.self)
        }
        return try domain(
            id: try value("id"),
            tree: try value("tree"),
            code: try value("code"),
            level: try value("level"),
            type: try value("type"),
            name: try value("name"),
            shortName: try value("short_name"),
            lat: try value("lat"),
            lon: try value("lon"),
            areaKm2: try value("area_km2"),
            validFrom: try value("valid_from"),
            validTo: try value("valid_to"),
            mergedInto: try value("merged_into"),
            aliases: try value("aliases"),
            parentID: try value("parent_id")
        )
    }

    private static func domain(
        id: UUID,
        tree: String,
        code: String,
        level: Int,
        type: String,
        name: String,
        shortName: String,
        lat: Double?,
        lon: Double?,
        areaKm2: Double?,
        validFrom: String?,
        validTo: String?,
        mergedInto: String,
        aliases: String,
        parentID: UUID?
    ) throws -> AdminUnit {
        guard let tree = AdminTree(rawValue: tree), let type = UnitType(rawValue: type) else {
            throw Abort(.internalServerError, reason: "corrupt admin_units row \(code)")
        }
        let centroid = lat.flatMap { lat in lon.map { GeoPoint(latitude: lat, longitude: $0) } }
        return AdminUnit(
            id: .init(rawValue: id),
            tree: tree,
            code: code,
            name: name,
            shortName: shortName,
            type: type,
            parentID: parentID.map(AdminUnit.ID.init(rawValue:)),
            level: level,
            centroid: centroid,
            areaKm2: areaKm2,
            validFrom: validFrom.flatMap(CivilDate.init(iso:)),
            validTo: validTo.flatMap(CivilDate.init(iso:)),
            mergedInto: mergedInto.split(separator: " ").map(String.init),
            aliases: aliases.split(separator: " ").map(String.init)
        )
    }
}
