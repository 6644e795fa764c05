import Core
import Fluent
import Foundation
import SQLKit
import Vapor

struct FluentProcedureRepository: ProcedureRepository {
    let db: any Database

    func all() async throws -> [Procedure] {
        try await ProcedureRecord.query(on: db).sort(\.$sector).sort(\.$code).all().map { try $0.toDomain() }
    }

    func find(code: String) async throws -> Procedure? {
        try await ProcedureRecord.query(on: db).filter(\.$code == code).first()?.toDomain()
    }

    func save(_ procedure: Procedure) async throws {
        let record =
            try await ProcedureRecord.query(on: db).filter(\.$code == procedure.code).first() ?? ProcedureRecord()
        try record.update(from: procedure)
        try await record.save(on: db)
    }
}

struct FluentDossierRepository: DossierRepository {
    let db: any Database

    func find(code: String) async throws -> Dossier? {
        try await DossierRecord.query(on: db).filter(\.$code == code).first()?.toDomain()
    }

    func save(_ dossier: Dossier) async throws {
        let record = try await DossierRecord.find(dossier.id.rawValue, on: db) ?? DossierRecord()
        try record.update(from: dossier)
        try await record.save(on: db)
    }

    func record(_ event: DossierEvent) async throws {
        let record = DossierEventRecord()
        record.id = .timeOrdered()
        record.dossierID = event.dossierID.rawValue
        record.at = event.at
        record.actorID = event.actorID?.rawValue
        record.actor = event.actor.rawValue
        record.action = event.action
        record.note = event.note
        record.fromStatus = event.from.rawValue
        record.toStatus = event.to.rawValue
        try await record.create(on: db)
    }

    func events(of id: Dossier.ID) async throws -> [DossierEvent] {
        try await DossierEventRecord.query(on: db).filter(\.$dossierID == id.rawValue).sort(\.$at).all().compactMap {
            guard let actor = DossierActor(rawValue: $0.actor), let from = DossierStatus(rawValue: $0.fromStatus),
                let to = DossierStatus(rawValue: $0.toStatus)
            else { return nil }
            return DossierEvent(
                dossierID: id,
                at: $0.at,
                actorID: $0.actorID.map(User.ID.init(rawValue:)),
                actor: actor,
                action: $0.action,
                note: $0.note,
                from: from,
                to: to
            )
        }
    }

    /// Dossiers a desk or handler still has to act on, received or handled by `units` (nil: all), soonest due
    /// first.
    func open(units: [AdminUnit.ID]?, page: Paging) async throws -> Paged<Dossier> {
        let open: [DossierStatus] = [
            .registered, .received, .processing, .awaitingSupplement, .awaitingPayment, .resolved,
        ]
        let query = DossierRecord.query(on: db).filter(\.$status ~~ open.map(\.rawValue))
        if let units {
            let ids = units.map(\.rawValue)
            query.group(.or) { $0.filter(\.$handlingUnitID ~~ ids).filter(\.$receivingUnitID ~~ ids) }
        }
        let total = try await query.count()
        let records = try await query.sort(\.$due).sort(\.$code).range(page.offset..<(page.offset + page.limit)).all()
        return Paged(items: try records.map { try $0.toDomain() }, total: total, limit: page.limit, offset: page.offset)
    }

    func unremindedOpen(dueBy date: Date) async throws -> [Dossier] {
        let open = [DossierStatus.received, .processing, .awaitingPayment].map(\.rawValue)
        return try await DossierRecord.query(on: db).filter(\.$status ~~ open).filter(\.$reminded == nil)
            .filter(\.$due <= date.timeIntervalSince1970).sort(\.$code).all().map { try $0.toDomain() }
    }

    /// One statement on both databases: insert the day's counter at 1, or add one to it, and read it back. Run in
    /// the filing transaction, the row stays locked until commit, so concurrent filings get consecutive numbers
    /// and a rolled-back filing returns its number.
    func nextSequence(unitCode: String, day: CivilDate) async throws -> Int {
        let sql = db as! any SQLDatabase
        let row = try await sql.raw(
            """
            INSERT INTO dossier_sequences (unit_code, day, last) VALUES (\(bind: unitCode), \(bind: day.iso), 1)
            ON CONFLICT (unit_code, day) DO UPDATE SET last = dossier_sequences.last + 1
            RETURNING last
            """
        ).first()
        guard let row else { throw Abort(.internalServerError, reason: "no sequence returned") }
        return try row.decode(column: "last", as: Int.self)
    }
}
