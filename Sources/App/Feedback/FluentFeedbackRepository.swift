import Core
import Fluent
import Foundation
import SQLKit
import Vapor

struct FluentFeedbackRepository: FeedbackRepository {
    let db: any Database

    private var sql: any SQLDatabase { db as! any SQLDatabase }

    func find(_ id: Feedback.ID) async throws -> Feedback? {
        try await FeedbackSQL.select(on: sql).where("id", .equal, id.rawValue).first().map(FeedbackSQL.decode)
    }

    func find(code: String) async throws -> Feedback? {
        try await FeedbackSQL.select(on: sql).where("code", .equal, code).first().map(FeedbackSQL.decode)
    }

    func save(_ feedback: Feedback) async throws {
        try await FeedbackSQL.save(feedback, on: sql)
    }

    func create(_ items: [Feedback]) async throws {
        try await FeedbackSQL.insert(items, on: sql)
    }

    func record(_ events: [FeedbackEvent]) async throws {
        guard !events.isEmpty else { return }
        var insert = sql.insert(into: FeedbackEventRecord.schema)
            .columns("id", "at", "actor_kind", "action", "note", "from_status", "to_status", "feedback_id", "actor_id")
        for event in events {
            insert = insert.values(
                UUID.timeOrdered(),
                event.at,
                event.actorKind.rawValue,
                event.action,
                event.note,
                event.from.rawValue,
                event.to.rawValue,
                event.feedbackID.rawValue,
                event.actorID?.rawValue
            )
        }
        try await insert.run()
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
        // An empty set matches nothing (and `IN ()` is not valid SQL everywhere).
        let empty =
            filter.units?.isEmpty == true || filter.statuses?.isEmpty == true || filter.categories?.isEmpty == true
            || filter.communeCodes?.isEmpty == true
        guard !empty else { return Paged(items: [], total: 0, limit: page.limit, offset: page.offset) }
        func matching<B: SQLPredicateBuilder>(_ builder: B) -> B {
            if let units = filter.units?.map(\.rawValue) {
                _ = builder.where {
                    $0.where("handling_unit_id", .in, units).orWhere("escalated_to_unit_id", .in, units)
                }
            }
            if let statuses = filter.statuses { _ = builder.where("status", .in, statuses.map(\.rawValue)) }
            if let categories = filter.categories { _ = builder.where("category", .in, Array(categories)) }
            if let communes = filter.communeCodes { _ = builder.where("commune_code", .in, Array(communes)) }
            if let from = filter.submittedFrom { _ = builder.where("submitted_at", .greaterThanOrEqual, from) }
            if let to = filter.submittedTo { _ = builder.where("submitted_at", .lessThanOrEqual, to) }
            return builder
        }
        let total =
            try await matching(
                sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                    .from(FeedbackSQL.table)
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        let items = try await matching(FeedbackSQL.select(on: sql)).orderBy("submitted_at", .descending)
            .orderBy("code").limit(page.limit).offset(page.offset).all().map(FeedbackSQL.decode)
        return Paged(items: items, total: total, limit: page.limit, offset: page.offset)
    }

    func open(category: String, near point: GeoPoint, radiusMeters: Double) async throws -> [Feedback] {
        // One degree of latitude is about 111 km; a longitude degree shrinks with cos(latitude).
        let dLat = radiusMeters / 111_000 * 1.2
        let dLon = dLat / max(cos(point.latitude * .pi / 180), 0.1)
        let open = FeedbackStatus.allCases.filter(\.isOpen).map(\.rawValue)
        // The newest twenty are plenty to point a citizen at; a flood of reports in one street must not make each
        // new one read them all. The candidates are chosen inside the index `feedback_nearby`, which holds every
        // column the choice needs, and only the chosen rows are read: a reader's page cache starts empty after
        // every write, and reading each candidate's row had made this search a fifth of a report's CPU (issue 11).
        // On SQLite the chosen rows are named by rowid, which every index entry carries: by `id` each would be found
        // through the id's own index first, doubling the pages read (issue 11).
        let key = sql.dialect.name == "sqlite" ? "rowid" : "id"
        let low = (latitude: point.latitude - dLat, longitude: point.longitude - dLon)
        let high = (latitude: point.latitude + dLat, longitude: point.longitude + dLon)
        // Built only when its text is not kept yet, or for Fluent.
        func select() -> SQLSelectBuilder {
            let nearest = SQLSubquery.select {
                $0.column(key).from(FeedbackSQL.table).where("category", .equal, category).where("status", .in, open)
                    .where("lat", .greaterThanOrEqual, low.latitude).where("lat", .lessThanOrEqual, high.latitude)
                    .where("lon", .greaterThanOrEqual, low.longitude).where("lon", .lessThanOrEqual, high.longitude)
                    .orderBy("submitted_at", .descending).limit(20)
            }
            return FeedbackSQL.select(on: sql).where(key, .in, nearest).orderBy("submitted_at", .descending)
        }
        if let direct = db as? DirectReads {
            let binds: [any Encodable & Sendable] =
                [category] + open + [low.latitude, high.latitude, low.longitude, high.longitude]
            do {
                return try direct.rowsNow(select().query, text: Self.nearbyText, binds: binds).map(FeedbackSQL.decode)
            } catch SQLiteReader.Failure.busy {}
        }
        return try await select().all().map(FeedbackSQL.decode)
    }

    /// The duplicate search's SQLite text (see `DirectReads.SerialisedOnce`).
    static let nearbyText = DirectReads.SerialisedOnce()

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

    func nextNumbers(on day: CivilDate, count: Int) async throws -> Int {
        if let row = try await sql.raw(
            "UPDATE feedback_sequences SET last = last + \(bind: count) WHERE day = \(bind: day.iso) RETURNING last"
        ).first() {
            return try row.decode(column: "last", as: Int.self) - count + 1
        }
        // The day's first numbers (or the first since the counter existed): carry on from the reports filed. Two
        // servers racing here meet on the unique day; the second waits for the first and takes the next numbers.
        let filed = try await filed(on: day)
        let row = try await sql.raw(
            """
            INSERT INTO feedback_sequences (day, last) VALUES (\(bind: day.iso), \(bind: filed + count))
            ON CONFLICT (day) DO UPDATE SET last = feedback_sequences.last + \(bind: count)
            RETURNING last
            """
        ).first()
        guard let row else { throw Abort(.internalServerError, reason: "no feedback number returned") }
        return try row.decode(column: "last", as: Int.self) - count + 1
    }

    private func filed(on day: CivilDate) async throws -> Int {
        // In SQL rather than a Fluent query, so that the direct writer can run it (`DirectWrites`).
        let start = day.instant()
        let count = sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(FeedbackSQL.table)
            .where("submitted_at", .greaterThanOrEqual, start)
            .where("submitted_at", .lessThan, start.addingTimeInterval(86_400))
        return try await count.first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
