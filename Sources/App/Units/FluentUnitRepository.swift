import Core
import Fluent
import Foundation
import SQLKit
import Vapor

/// `UnitRepository` over Fluent; works the same on SQLite and PostgreSQL.
struct FluentUnitRepository: UnitRepository {
    let db: any Database

    private var sql: any SQLDatabase { db as! any SQLDatabase }

    private static let columnList = SQLRaw.columnList(columns)

    private var select: SQLSelectBuilder {
        sql.select().column(Self.columnList).from(AdminUnitRecord.schema)
    }

    func find(_ id: AdminUnit.ID) async throws -> AdminUnit? {
        try await select.where("id", .equal, id.rawValue).first().map(AdminUnitRecord.decode)
    }

    func find(_ key: UnitKey) async throws -> AdminUnit? {
        try await select.where("tree", .equal, key.tree.rawValue).where("code", .equal, key.code).first()
            .map(AdminUnitRecord.decode)
    }

    func find(ids: [AdminUnit.ID]) async throws -> [AdminUnit] {
        guard !ids.isEmpty else { return [] }
        return try await select.where("id", .in, ids.map(\.rawValue)).all().map(AdminUnitRecord.decode)
    }

    func children(of id: AdminUnit.ID) async throws -> [AdminUnit] {
        try await AdminUnitRecord.query(on: db).filter(\.$parentID == id.rawValue).sort(\.$type).sort(\.$name).all()
            .map { try $0.toDomain() }
    }

    func roots(of tree: AdminTree) async throws -> [AdminUnit] {
        try await AdminUnitRecord.query(on: db).filter(\.$tree == tree.rawValue).filter(\.$parentID == nil)
            .sort(\.$code).all().map { try $0.toDomain() }
    }

    func search(_ search: UnitSearch) async throws -> Paged<AdminUnit> {
        let query = AdminUnitRecord.query(on: db).filter(\.$tree == search.tree.rawValue)
        if let parent = search.parentID { query.filter(\.$parentID == parent.rawValue) }
        if let tier = search.tier {
            query.filter(\.$type ~~ UnitType.allCases.filter { $0.tier == tier }.map(\.rawValue))
        }
        for word in search.words { query.filter(\.$searchKey, .custom("LIKE"), "%\(Self.escapeLike(word))%") }
        let total = try await query.count()
        let items = try await query.sort(\.$level).sort(\.$code)
            .range(search.page.offset..<(search.page.offset + search.page.limit)).all()
        return Paged(
            items: try items.map { try $0.toDomain() },
            total: total,
            limit: search.page.limit,
            offset: search.page.offset
        )
    }

    func childCounts(of ids: [AdminUnit.ID]) async throws -> [AdminUnit.ID: [UnitTier: Int]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await sql.select().column("parent_id").column("type").column(
            SQLFunction("COUNT", args: SQLLiteral.all),
            as: "n"
        )
        .from("admin_units").where("parent_id", .in, ids.map(\.rawValue)).groupBy("parent_id").groupBy("type").all()
        var counts: [AdminUnit.ID: [UnitTier: Int]] = [:]
        for row in rows {
            let parent = AdminUnit.ID(rawValue: try row.decode(column: "parent_id", as: UUID.self))
            guard let type = UnitType(rawValue: try row.decode(column: "type", as: String.self)) else { continue }
            counts[parent, default: [:]][type.tier, default: 0] += try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    func count(tree: AdminTree, tier: UnitTier) async throws -> Int {
        try await AdminUnitRecord.query(on: db).filter(\.$tree == tree.rawValue)
            .filter(\.$type ~~ UnitType.allCases.filter { $0.tier == tier }.map(\.rawValue)).count()
    }

    func predecessors(of code: String) async throws -> [AdminUnit] {
        // merged_into holds space-separated codes; match whole codes only.
        let code = Self.escapeLike(code)
        return try await AdminUnitRecord.query(on: db).filter(\.$tree == AdminTree.legacy.rawValue)
            .group(.or) { group in
                group.filter(\.$mergedInto == code)
                    .filter(\.$mergedInto, .custom("LIKE"), "\(code) %")
                    .filter(\.$mergedInto, .custom("LIKE"), "% \(code)")
                    .filter(\.$mergedInto, .custom("LIKE"), "% \(code) %")
            }
            .sort(\.$level).sort(\.$code).all().map { try $0.toDomain() }
    }

    func subtree(of id: AdminUnit.ID) async throws -> [AdminUnit.ID] {
        guard let unit = try await AdminUnitRecord.find(id.rawValue, on: db) else { return [] }
        return try await AdminUnitRecord.query(on: db).filter(\.$tree == unit.tree)
            .filter(\.$path, .custom("LIKE"), Self.escapeLike(unit.path) + "%").all(\.$id)
            .map(AdminUnit.ID.init(rawValue:))
    }

    func identities(of tree: AdminTree) async throws -> [UnitKey: AdminUnit.ID] {
        let rows = try await sql.select().column("id").column("code").from("admin_units")
            .where("tree", .equal, tree.rawValue).all()
        var result: [UnitKey: AdminUnit.ID] = [:]
        result.reserveCapacity(rows.count)
        for row in rows {
            result[UnitKey(tree: tree, code: try row.decode(column: "code", as: String.self))] =
                AdminUnit.ID(rawValue: try row.decode(column: "id", as: UUID.self))
        }
        return result
    }

    /// Upserts in batches with one statement each (`INSERT … ON CONFLICT (id) DO UPDATE`, same on both dialects).
    func save(_ units: [AdminUnit]) async throws {
        var paths: [AdminUnit.ID: String] = [:]
        for batch in stride(from: 0, to: units.count, by: Self.batchSize).map({
            units[$0..<min($0 + Self.batchSize, units.count)]
        }) {
            let insert = sql.insert(into: AdminUnitRecord.schema).columns(Self.columns)
            for unit in batch {
                var parentPath = "/"
                if let parent = unit.parentID { parentPath = try await path(of: parent, known: paths) }
                let unitPath = parentPath + unit.code + "/"
                paths[unit.id] = unitPath
                insert.values(Self.values(of: unit, path: unitPath))
            }
            try await insert.onConflict(with: "id") { conflict in
                Self.columns.dropFirst().reduce(conflict) { $0.set(excludedValueOf: $1) }
            }.run()
        }
    }

    private func path(of id: AdminUnit.ID, known: [AdminUnit.ID: String]) async throws -> String {
        if let path = known[id] { return path }
        guard let record = try await AdminUnitRecord.find(id.rawValue, on: db) else {
            throw Abort(.unprocessableEntity, reason: "unknown parent unit \(id)")
        }
        return record.path
    }

    static let batchSize = 500
    static let columns = [
        "id", "tree", "code", "level", "type", "name", "short_name", "search_key", "path", "lat", "lon", "area_km2",
        "valid_from", "valid_to", "merged_into", "aliases", "parent_id",
    ]

    static func values(of unit: AdminUnit, path: String) -> [any Encodable & Sendable] {
        [
            unit.id.rawValue, unit.tree.rawValue, unit.code, unit.level, unit.type.rawValue, unit.name,
            unit.shortName, unit.searchKey, path, unit.centroid?.latitude, unit.centroid?.longitude, unit.areaKm2,
            unit.validFrom?.iso, unit.validTo?.iso, unit.mergedInto.joined(separator: " "),
            unit.aliases.joined(separator: " "), unit.parentID?.rawValue,
        ]
    }

    /// LIKE treats % and _ as wildcards; user text must not.
    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "")
    }
}
