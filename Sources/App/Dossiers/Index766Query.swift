import Core
import Fluent
import Foundation
import Vapor

/// The 766 report of a unit (and every unit below it) for a period: scores, the counts behind them, the late
/// dossiers behind indicator 2.1, and the ranking of the units directly below it.
struct Index766DTO: Content {
    struct Rank: Content {
        let code: String
        let name: String
        let total: Double
        let dossiers: Int
        let onTimeRatio: Double?
    }

    let unit: String
    let unitName: String
    let period: String
    let report: Index766.Report
    let inputs: Index766.Inputs
    /// Codes of the dossiers counted late (at most 200), for drill-down.
    let late: [String]
    let ranking: [Rank]
}

struct Index766Query {
    let db: any Database

    func report(for unit: AdminUnit, period: ReportingPeriod) async throws -> Index766DTO {
        let units = FluentUnitRepository(db: db)
        let scope = try await units.subtree(of: unit.id)
        let sql = Index766SQL(db: db)
        let counts = try await sql.dossierCounts(units: scope, period: period)
        let online = try await sql.onlineProcedures(units: scope, period: period)
        let feedback = try await sql.feedbackCounts(units: scope, period: period)
        let procedures = try await FluentProcedureRepository(db: db).all()

        func inputs(_ ids: [AdminUnit.ID], communeOnly: Bool) -> Index766.Inputs {
            var x = Index766.Inputs()
            var codes = Set<String>()
            for id in ids {
                if let c = counts[id] { x.add(c) }
                if let f = feedback[id] { x.add(f) }
                codes.formUnion(online[id] ?? [])
            }
            x.countProcedures(
                communeOnly ? procedures.filter { $0.competence == .commune } : procedures,
                withOnlineDossiers: codes
            )
            return x
        }

        let main = inputs(scope, communeOnly: unit.type.tier == .commune)
        // Rank the units directly below: each scope unit counts for the child it descends from.
        let scoped = try await units.find(ids: scope)
        let parent = Dictionary(uniqueKeysWithValues: scoped.map { ($0.id, $0.parentID) })
        let children = scoped.filter { $0.parentID == unit.id && $0.type.tier != .agency }
        let childIDs = Set(children.map(\.id))
        var members: [AdminUnit.ID: [AdminUnit.ID]] = [:]
        for id in scope {
            var cursor: AdminUnit.ID? = id
            while let current = cursor, !childIDs.contains(current) { cursor = parent[current] ?? nil }
            if let child = cursor { members[child, default: []].append(id) }
        }
        let ranking = children.map { child in
            let x = inputs(members[child.id] ?? [child.id], communeOnly: child.type.tier == .commune)
            return Index766DTO.Rank(
                code: child.code,
                name: child.name,
                total: Index766.score(x).total,
                dossiers: x.dossiersCounted,
                onTimeRatio: x.dossiersCounted == 0 ? nil : Double(x.dossiersOnTime) / Double(x.dossiersCounted)
            )
        }.sorted { ($0.total, $1.name) > ($1.total, $0.name) }
        return Index766DTO(
            unit: unit.code,
            unitName: unit.name,
            period: period.description,
            report: Index766.score(main),
            inputs: main,
            late: try await sql.lateCodes(units: scope, period: period),
            ranking: ranking
        )
    }
}
