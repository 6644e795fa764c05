import Core
import Fluent
import Foundation
import Vapor

/// The 766 report of a unit (and every unit below it) for a period, with the late dossiers behind indicator 2.1.
struct Index766DTO: Content {
    let unit: String
    let unitName: String
    let period: String
    let report: Index766.Report
    let inputs: Index766.Inputs
    /// Codes of the dossiers counted late (at most 200), for drill-down.
    let late: [String]
}

struct Index766Query {
    let db: any Database

    func report(for unit: AdminUnit, period: ReportingPeriod) async throws -> Index766DTO {
        let units = FluentUnitRepository(db: db)
        let scope = try await units.subtree(of: unit.id).map(\.rawValue)
        let start = period.startInstant.timeIntervalSince1970
        let end = period.endInstant.timeIntervalSince1970
        let dossiers = try await DossierRecord.query(on: db).filter(\.$handlingUnitID ~~ scope)
            .filter(\.$received <= end).group(.or) { $0.filter(\.$ended == nil).filter(\.$ended >= start) }
            .all().map { try $0.toDomain() }
        var procedures = try await FluentProcedureRepository(db: db).all()
        if unit.type.tier == .commune { procedures = procedures.filter { $0.competence == .commune } }
        let feedback = try await FeedbackRecord.query(on: db).filter(\.$handlingUnitID ~~ scope)
            .filter(\.$submittedAt >= period.startInstant).filter(\.$submittedAt <= period.endInstant).all()
            .map { try $0.toDomain() }
        let inputs = Index766.collect(procedures: procedures, dossiers: dossiers, feedback: feedback, period: period)
        let late = dossiers.filter {
            OnTimeRule.isInPeriod($0, period) && OnTimeRule.isOnTime($0, periodEnd: period.endInstant) == false
        }
        return Index766DTO(
            unit: unit.code,
            unitName: unit.name,
            period: period.description,
            report: Index766.score(inputs),
            inputs: inputs,
            late: late.map(\.code).sorted().prefix(200).map { $0 }
        )
    }
}
