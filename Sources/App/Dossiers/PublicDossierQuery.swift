import Core
import Foundation
import SQLKit
import Vapor

/// The applicant's public view of a dossier in one statement that reads only the columns it shows: the dossier with
/// its procedure's name and its history, a row per event. Citizens look their dossiers up far more often than
/// officers change them; reading whole Fluent models (and the procedure's JSON) made a look-up cost 1.7 ms of CPU,
/// and a second statement for the history another trip to the database's thread (issue 11).
struct PublicDossierQuery {
    let sql: any SQLDatabase

    /// The dossier `code` as its applicant sees it, when `phone` (digits only) is the applicant's number.
    func view(code: String, phone digits: String) async throws -> PublicDossierDTO? {
        try Self.view(try await sql.raw(Self.statement(code: code)).all(), phone: digits, code: code)
    }

    /// The same, read now on the calling thread (see `DirectReads.rowsNow`), the statement's text serialised once.
    static func view(code: String, phone digits: String, direct: DirectReads) throws -> PublicDossierDTO? {
        let rows = try direct.rowsNow(statement(code: code), text: text, binds: [code])
        return try view(rows, phone: digits, code: code)
    }

    static let text = DirectReads.SerialisedOnce()

    private static func statement(code: String) -> SQLQueryString {
        """
        SELECT d.code, d.status, d.applicant_name, d.applicant_phone, d.submitted_s, d.received_s,
               d.appointment_s, d.due_s, d.ended_s, d.end_status, d.returned_s, d.supplement_requests,
               CASE WHEN d.supplement_requests > 0 THEN d.data END AS data,
               d.procedure_code,
               p.name AS procedure_name, e.at, e.action, e.from_status, e.to_status
        FROM dossiers d LEFT JOIN procedures p ON p.code = d.procedure_code
        LEFT JOIN dossier_events e ON e.dossier_id = d.id
        WHERE d.code = \(bind: code) ORDER BY e.at
        """
    }

    private static func view(_ rows: [any SQLRow], phone digits: String, code: String) throws -> PublicDossierDTO? {
        guard let row = rows.first else { return nil }
        guard !digits.isEmpty,
            CSRFMiddleware.constantTimeEqual(digits, try row.decode(column: "applicant_phone", as: String.self))
        else { return nil }
        guard let status = DossierStatus(rawValue: try row.decode(column: "status", as: Int.self)) else {
            throw Abort(.internalServerError, reason: "corrupt dossier row \(code)")
        }
        func date(_ column: String) throws -> Date? {
            try row.decode(column: column, as: Double?.self).map(Date.init(timeIntervalSince1970:))
        }
        // Without events the LEFT JOIN gives one row whose event columns are NULL.
        let events = try row.decode(column: "action", as: String?.self) == nil ? [] : rows
        var history: [PublicDossierDTO.Step] = []
        for event in events {
            guard let to = DossierStatus(rawValue: try event.decode(column: "to_status", as: Int.self)) else {
                continue
            }
            let from = try event.decode(column: "from_status", as: Int.self)
            let action = try event.decode(column: "action", as: String.self)
            guard from != to.rawValue || action == "file" else { continue }
            history.append(
                PublicDossierDTO.Step(at: try event.decode(column: "at", as: Date.self), statusLabel: to.label)
            )
        }
        if events.isEmpty {
            // The stored timeline is only read for the supplements it lists (most dossiers had none).
            let supplements =
                try row.decode(column: "supplement_requests", as: Int.self) == 0
                ? []
                : try JSONText.decode(DossierRecord.Timeline.self, try row.decode(column: "data", as: String.self))
                    .supplements
            history = DossierController.timeline(
                submitted: try date("submitted_s") ?? .distantPast,
                received: try date("received_s"),
                supplements: supplements,
                ended: try date("ended_s"),
                endStatus: try row.decode(column: "end_status", as: Int?.self).flatMap(DossierStatus.init(rawValue:)),
                returned: try date("returned_s")
            )
        }
        let procedureCode = try row.decode(column: "procedure_code", as: String.self)
        return PublicDossierDTO(
            code: try row.decode(column: "code", as: String.self),
            procedureName: try row.decode(column: "procedure_name", as: String?.self) ?? procedureCode,
            status: status.rawValue,
            statusLabel: status.label,
            applicantName: PublicDossierDTO.mask(try row.decode(column: "applicant_name", as: String.self)),
            appointmentAt: try date("appointment_s"),
            dueAt: try date("due_s"),
            history: history
        )
    }
}
