import Core
import Vapor

/// A unit as the JSON API returns it.
struct UnitDTO: Content, Equatable {
    struct Point: Content, Equatable {
        let lat: Double
        let lon: Double
    }

    let id: UUID
    let tree: String
    let code: String
    let name: String
    let shortName: String
    let type: String
    let typeLabel: String
    let level: Int
    let parentID: UUID?
    let centroid: Point?
    let areaKm2: Double?
    let validFrom: String?
    let validTo: String?
    let mergedInto: [String]
    var counts: [String: Int]?

    init(_ unit: AdminUnit, counts: [UnitTier: Int]? = nil) {
        id = unit.id.rawValue
        tree = unit.tree.rawValue
        code = unit.code
        name = unit.name
        shortName = unit.shortName
        type = unit.type.rawValue
        typeLabel = unit.type.label
        level = unit.level
        parentID = unit.parentID?.rawValue
        centroid = unit.centroid.map { Point(lat: $0.latitude, lon: $0.longitude) }
        areaKm2 = unit.areaKm2
        validFrom = unit.validFrom?.iso
        validTo = unit.validTo?.iso
        mergedInto = unit.mergedInto
        self.counts = counts.map { Dictionary(uniqueKeysWithValues: $0.map { ($0.key.rawValue, $0.value) }) }
    }
}

struct PageDTO<Item: Content>: Content {
    let items: [Item]
    let total: Int
    let limit: Int
    let offset: Int

    init<T>(_ page: Paged<T>, _ transform: (T) -> Item) {
        items = page.items.map(transform)
        total = page.total
        limit = page.limit
        offset = page.offset
    }
}

/// Body of `POST …/agencies`.
struct NewAgencyDTO: Content {
    let name: String
    let shortName: String?
    let slug: String
}
