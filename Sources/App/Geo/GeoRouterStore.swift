import Core
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

final class BoundaryRecord: Model, @unchecked Sendable {
    static let schema = "commune_boundaries"

    @ID(key: .id) var id: UUID?
    @Field(key: "imported_at") var importedAt: Date
    @Field(key: "unit_code") var unitCode: String
    /// One GeoJSON Feature (Polygon or MultiPolygon) with the code in `code`.
    @Field(key: "geojson") var geojson: String

    init() {}
}

/// The point → commune router in force: surveyed boundaries when a GIS file was imported, otherwise approximate
/// cells around the 2025 communes' centroids. Built on first use (about 0.1 s) and after an import.
final class GeoRouterStore: Sendable {
    private let current = SharedValue<GeoRouter>()

    func router(on db: any Database) async throws -> GeoRouter {
        try await current.get { try await self.build(on: db) }
    }

    /// Rebuilds after a boundary import; the new router replaces the kept one at once.
    @discardableResult
    func rebuild(on db: any Database) async throws -> GeoRouter {
        let router = try await build(on: db)
        current.set(router)
        return router
    }

    private func build(on db: any Database) async throws -> GeoRouter {
        let stored = try await BoundaryRecord.query(on: db).all()
        let router: GeoRouter
        if stored.isEmpty {
            let communes = try await AdminUnitRecord.query(on: db).filter(\.$tree == AdminTree.current.rawValue)
                .filter(\.$type ~~ UnitType.allCases.filter { $0.tier == .commune }.map(\.rawValue)).all()
            let sites = try communes.map { try $0.toDomain() }.compactMap { unit in
                unit.centroid.map { CentroidCells.Site(code: unit.code, point: $0, areaKm2: unit.areaKm2) }
            }
            router = GeoRouter(areas: CentroidCells.cells(for: sites), isApproximate: true)
        } else {
            let collection =
                "{\"type\":\"FeatureCollection\",\"features\":[" + stored.map(\.geojson).joined(separator: ",") + "]}"
            router = GeoRouter(areas: try GeoJSON.features(from: Data(collection.utf8)), isApproximate: false)
        }
        return router
    }

    /// Replaces the stored boundaries with the communes of a GIS file; every code must be a 2025 commune.
    /// - Returns: how many communes got a boundary.
    static func importBoundaries(_ data: Data, codeProperty: String, on db: any Database, clock: Core.Clock)
        async throws -> Int
    {
        let features = try GeoJSON.features(from: data, codeProperty: codeProperty)
        let known = try await FluentUnitRepository(db: db).identities(of: .current)
        let unknown = features.map(\.code).filter { known[UnitKey(tree: .current, code: $0)] == nil }
        guard unknown.isEmpty else {
            throw GeoError.malformedGeoJSON("unknown commune codes: \(unknown.prefix(10).joined(separator: ", "))")
        }
        try await db.transaction { db in
            try await BoundaryRecord.query(on: db).delete()
            for feature in features {
                let record = BoundaryRecord()
                record.id = UUID()
                record.importedAt = clock.now()
                record.unitCode = feature.code
                let collection = GeoJSON.featureCollection([feature])
                let object = try JSONSerialization.jsonObject(with: collection) as? [String: Any]
                let single = (object?["features"] as? [Any])?.first ?? [:]
                record.geojson = String(decoding: try JSONSerialization.data(withJSONObject: single), as: UTF8.self)
                try await record.create(on: db)
            }
        }
        return features.count
    }
}

/// `tinhso import-boundaries FILE [--code-property ma_xa]`.
struct ImportBoundariesCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "GeoJSON FeatureCollection of the province's communes (Polygon/MultiPolygon)")
        var file: String

        @Option(name: "code-property", help: "The property holding the 5-digit commune code (default: code)")
        var codeProperty: String?

        init() {}
    }

    var help: String { "Loads commune boundaries for exact geo-routing (replaces any loaded before)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let data = try Data(contentsOf: URL(fileURLWithPath: signature.file))
        let count = try await GeoRouterStore.importBoundaries(
            data,
            codeProperty: signature.codeProperty ?? "code",
            on: app.db,
            clock: app.services.clock
        )
        try await app.services.geo.rebuild(on: app.db)
        context.console.print("Loaded boundaries for \(count) communes from \(signature.file).")
    }
}
