import Core
import Fluent
import Foundation
import SQLKit
import Vapor

struct FluentFeedbackRepository: FeedbackRepository {
    let db: any Database

    func find(_ id: Feedback.ID) async throws -> Feedback? {
        try await FeedbackRecord.find(id.rawValue, on: db)?.toDomain()
    }

    func find(code: String) async throws -> Feedback? {
        try await FeedbackRecord.query(on: db).filter(\.$code == code).first()?.toDomain()
    }

    func save(_ feedback: Feedback) async throws {
        if let record = try await FeedbackRecord.find(feedback.id.rawValue, on: db) {
            record.update(from: feedback)
            try await record.update(on: db)
        } else {
            let record = FeedbackRecord()
            record.update(from: feedback)
            try await record.create(on: db)
        }
    }

    func create(_ feedback: Feedback) async throws {
        let record = FeedbackRecord()
        record.update(from: feedback)
        try await record.create(on: db)
    }

    func record(_ event: FeedbackEvent) async throws {
        let record = FeedbackEventRecord()
        record.id = UUID()
        record.at = event.at
        record.actorKind = event.actorKind.rawValue
        record.action = event.action
        record.note = event.note
        record.fromStatus = event.from.rawValue
        record.toStatus = event.to.rawValue
        record.feedbackID = event.feedbackID.rawValue
        record.actorID = event.actorID?.rawValue
        try await record.create(on: db)
    }

    func events(of id: Feedback.ID) async throws -> [FeedbackEvent] {
        try await FeedbackEventRecord.query(on: db).filter(\.$feedbackID == id.rawValue).sort(\.$at).all().compactMap {
            r in
            guard let kind = FeedbackActorKind(rawValue: r.actorKind),
                let from = FeedbackStatus(rawValue: r.fromStatus),
                let to = FeedbackStatus(rawValue: r.toStatus)
            else { return nil }
            return FeedbackEvent(
                feedbackID: id,
                at: r.at,
                actorID: r.actorID.map(User.ID.init(rawValue:)),
                actorKind: kind,
                action: r.action,
                note: r.note,
                from: from,
                to: to
            )
        }
    }

    func list(_ filter: FeedbackFilter, page: Paging) async throws -> Paged<Feedback> {
        let query = FeedbackRecord.query(on: db)
        if let units = filter.units {
            let ids = units.map(\.rawValue)
            query.group(.or) { $0.filter(\.$handlingUnitID ~~ ids).filter(\.$escalatedToUnitID ~~ ids) }
        }
        if let statuses = filter.statuses { query.filter(\.$status ~~ statuses.map(\.rawValue)) }
        if let categories = filter.categories { query.filter(\.$category ~~ Array(categories)) }
        if let communes = filter.communeCodes { query.filter(\.$communeCode ~~ Array(communes)) }
        if let from = filter.submittedFrom { query.filter(\.$submittedAt >= from) }
        if let to = filter.submittedTo { query.filter(\.$submittedAt <= to) }
        let total = try await query.count()
        let records = try await query.sort(\.$submittedAt, .descending).sort(\.$code)
            .range(page.offset..<(page.offset + page.limit)).all()
        return Paged(items: try records.map { try $0.toDomain() }, total: total, limit: page.limit, offset: page.offset)
    }

    func open(category: String, near point: GeoPoint, radiusMeters: Double) async throws -> [Feedback] {
        // One degree of latitude is about 111 km; a longitude degree shrinks with cos(latitude).
        let dLat = radiusMeters / 111_000 * 1.2
        let dLon = dLat / max(cos(point.latitude * .pi / 180), 0.1)
        let open = FeedbackStatus.allCases.filter(\.isOpen).map(\.rawValue)
        return try await FeedbackRecord.query(on: db).filter(\.$category == category).filter(\.$status ~~ open)
            .filter(\.$lat >= point.latitude - dLat).filter(\.$lat <= point.latitude + dLat)
            .filter(\.$lon >= point.longitude - dLon).filter(\.$lon <= point.longitude + dLon)
            // The newest fifty are plenty to point a citizen at; a flood of reports in one street must not make
            // each new one read them all.
            .sort(\.$submittedAt, .descending).limit(50)
            .all().map { try $0.toDomain() }
    }

    func recordVote(on id: Feedback.ID, by user: User.ID, liked: Bool) async throws -> Bool {
        let existing = try await FeedbackVoteRecord.query(on: db).filter(\.$feedbackID == id.rawValue)
            .filter(\.$userID == user.rawValue).count()
        guard existing == 0 else { return false }
        let vote = FeedbackVoteRecord()
        vote.id = UUID()
        vote.feedbackID = id.rawValue
        vote.userID = user.rawValue
        vote.liked = liked
        try await vote.create(on: db)
        return true
    }

    func nextNumber(on day: CivilDate) async throws -> Int {
        let sql = db as! any SQLDatabase
        if let row = try await sql.raw(
            "UPDATE feedback_sequences SET last = last + 1 WHERE day = \(bind: day.iso) RETURNING last"
        ).first() {
            return try row.decode(column: "last", as: Int.self)
        }
        // The day's first number (or the first since the counter existed): carry on from the reports filed. Two
        // servers racing here meet on the unique day; the second waits for the first and takes the next number.
        let filed = try await count(submittedOn: day)
        let row = try await sql.raw(
            """
            INSERT INTO feedback_sequences (day, last) VALUES (\(bind: day.iso), \(bind: filed + 1))
            ON CONFLICT (day) DO UPDATE SET last = feedback_sequences.last + 1
            RETURNING last
            """
        ).first()
        guard let row else { throw Abort(.internalServerError, reason: "no feedback number returned") }
        return try row.decode(column: "last", as: Int.self)
    }

    private func count(submittedOn day: CivilDate) async throws -> Int {
        let start = day.instant()
        return try await FeedbackRecord.query(on: db).filter(\.$submittedAt >= start)
            .filter(\.$submittedAt < start.addingTimeInterval(86_400)).count()
    }
}
