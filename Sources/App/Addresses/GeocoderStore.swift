import Core
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The geocoder in force: every addressed object and the unit names (both trees, with merge links), built on first
/// use and after each import. 300,000 objects take about a second to index; lookups then need no database.
final class GeocoderStore: Sendable {
    private let current = NIOLockedValueBox<Geocoder?>(nil)

    func geocoder(on db: any Database) async throws -> Geocoder {
        if let geocoder = current.withLockedValue({ $0 }) { return geocoder }
        return try await rebuild(on: db)
    }

    @discardableResult
    func rebuild(on db: any Database) async throws -> Geocoder {
        let objects = try await AddressRecord.query(on: db).sort(\.$code).all().map(\.object)
        let geocoder = Geocoder(objects: objects, gazetteer: try await Self.gazetteer(on: db))
        current.withLockedValue { $0 = geocoder }
        return geocoder
    }

    func invalidate() { current.withLockedValue { $0 = nil } }

    static func gazetteer(on db: any Database) async throws -> AddressGazetteer {
        let records = try await AdminUnitRecord.query(on: db).all()
        var codes: [UUID: String] = [:]
        for record in records { if let id = record.id { codes[id] = record.code } }
        return AddressGazetteer(
            records.compactMap { record in
                guard let tier = UnitType(rawValue: record.type)?.tier, tier != .agency else { return nil }
                return AddressGazetteer.Unit(
                    code: record.code,
                    isCurrent: record.tree == AdminTree.current.rawValue,
                    tier: tier,
                    name: record.name,
                    parentCode: record.parentID.flatMap { codes[$0] },
                    mergedInto: record.mergedInto.split(separator: " ").map(String.init),
                    aliases: record.aliases.split(separator: " ").map(String.init)
                )
            }
        )
    }

    /// Stores validated objects (a code already stored is updated), in the caller's transaction; the caller
    /// invalidates the geocoder once that has committed.
    func store(_ objects: [AddressObject], on db: any Database, now: Date) async throws {
        let codes = objects.map(\.code)
        var existing: [String: AddressRecord] = [:]
        for chunk in stride(from: 0, to: codes.count, by: 500) {
            for record in try await AddressRecord.query(on: db)
                .filter(\.$code ~~ Array(codes[chunk..<min(chunk + 500, codes.count)])).all()
            {
                existing[record.code] = record
            }
        }
        var fresh: [AddressRecord] = []
        for object in objects {
            if let record = existing[object.code] {
                record.update(from: object, at: now)
                try await record.save(on: db)
            } else {
                let record = AddressRecord()
                record.id = UUID()
                record.update(from: object, at: now)
                fresh.append(record)
            }
        }
        for chunk in stride(from: 0, to: fresh.count, by: 500) {
            try await Array(fresh[chunk..<min(chunk + 500, fresh.count)]).create(on: db)
        }
    }
}

/// `tinhso import-addresses FILE`: loads digital addresses from CSV (`AddressImport.header`) or GeoJSON points; all
/// rows or none, each bad row printed.
struct ImportAddressesCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(
            name: "file",
            help: "CSV with columns code,kind,name,lat,lon,house_number,alley,street,hamlet,… or GeoJSON"
        )
        var file: String

        init() {}
    }

    var help: String { "Imports digital addresses (objects with codes and coordinates) from CSV or GeoJSON." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let data = try Data(contentsOf: URL(fileURLWithPath: signature.file))
        let rows =
            signature.file.lowercased().hasSuffix("json")
            ? try AddressImport.rows(geojson: data) : try AddressImport.rows(csv: String(decoding: data, as: UTF8.self))
        let router = try await app.services.geo.router(on: app.db)
        let geocoder = try await app.services.addresses.geocoder(on: app.db)
        switch AddressImport.validate(
            rows,
            locate: { router.locate($0).map { router.codes[$0] } },
            communeName: { geocoder.unitName($0) }
        ) {
        case .success(let objects):
            let now = app.services.clock.now()
            try await app.db.transaction { db in
                try await app.services.addresses.store(objects, on: db, now: now)
                try await app.services.audit(on: db).append(
                    AuditEntry(
                        at: now,
                        actorID: nil,
                        actorName: Actor.system.name,
                        action: "addresses.import",
                        entityType: "address_objects",
                        entityID: signature.file,
                        unitID: nil,
                        before: nil,
                        after: ["objects": String(objects.count)]
                    )
                )
            }
            app.services.addresses.invalidate()
            context.console.print("Imported \(objects.count) objects from \(signature.file).")
        case .failure(let error):
            if case .invalidRows(let issues) = error {
                for issue in issues.prefix(200) {
                    context.console.error("row \(issue.row) \(issue.code) \(issue.field): \(issue.issue.english)")
                }
            }
            throw error
        }
    }
}
