import Core
import Foundation
import SQLKit
import Vapor

/// Reports read and written as plain rows. Turning a row into a Fluent model walks the model's properties by
/// reflection on every row: up to fifty nearby reports decoded that way for each new report's duplicate search
/// took a fifth of the server's CPU under load (issue 11). The repository reads and writes reports only here;
/// `FeedbackRecord` still declares the table for Fluent's own queries (counts, the assistant's training).
enum FeedbackSQL {
    static let table = FeedbackRecord.schema

    /// Every column, in `decode`'s order.
    static let columns = [
        "id", "submitted_at", "code", "category", "description", "lat", "lon", "commune_code",
        "location_approximate", "urgent", "status", "clock_started_at", "received_at", "answered_at", "published_at",
        "answer", "supplement_requests", "reopen_count", "likes", "dislikes", "escalated_at", "handling_unit_id",
        "escalated_to_unit_id", "reporter_id", "merged_into_id", "province_code", "attributes", "dossier_code",
    ]

    private static let columnList = SQLRaw.columnList(columns)

    /// `SELECT` of every column from the table, for the caller to filter.
    static func select(on sql: any SQLDatabase) -> SQLSelectBuilder {
        sql.select().column(columnList).from(table)
    }

    /// Reads the columns in `columns`' order: rows from `SQLiteReader` are read by position (see
    /// `SQLiteReader.Row.decode(at:column:as:)`), any other by name.
    static func decode(_ row: any SQLRow) throws -> Feedback {
        var next = ColumnCursor(row)
        let id: UUID = try next("id")
        let submittedAt: Date = try next("submitted_at")
        let code: String = try next("code")
        let category: String = try next("category")
        let description: String = try next("description")
        let lat: Double? = try next("lat")
        let lon: Double? = try next("lon")
        let communeCode: String? = try next("commune_code")
        let locationIsApproximate: Bool = try next("location_approximate")
        let urgent: Bool = try next("urgent")
        guard let status = FeedbackStatus(rawValue: try next("status")) else {
            throw Abort(.internalServerError, reason: "corrupt feedback row \(code)")
        }
        let clockStartedAt: Date = try next("clock_started_at")
        let receivedAt: Date? = try next("received_at")
        let answeredAt: Date? = try next("answered_at")
        let publishedAt: Date? = try next("published_at")
        let answer: String? = try next("answer")
        let supplementRequests: Int = try next("supplement_requests")
        let reopenCount: Int = try next("reopen_count")
        let likes: Int = try next("likes")
        let dislikes: Int = try next("dislikes")
        let escalatedAt: Date? = try next("escalated_at")
        let handlingUnitID: UUID = try next("handling_unit_id")
        let escalatedToUnitID: UUID? = try next("escalated_to_unit_id")
        let reporterID: UUID? = try next("reporter_id")
        let mergedIntoID: UUID? = try next("merged_into_id")
        let provinceCode: String? = try next("province_code")
        let attributes: String? = try next("attributes")
        let dossierCode: String? = try next("dossier_code")
        var f = Feedback(
            id: .init(rawValue: id),
            code: code,
            category: category,
            description: description,
            location: lat.flatMap { lat in lon.map { GeoPoint(latitude: lat, longitude: $0) } },
            communeCode: communeCode,
            locationIsApproximate: locationIsApproximate,
            handlingUnitID: .init(rawValue: handlingUnitID),
            reporterID: reporterID.map(User.ID.init(rawValue:)),
            urgent: urgent,
            submittedAt: submittedAt
        )
        f.status = status
        f.clockStartedAt = clockStartedAt
        f.receivedAt = receivedAt
        f.answeredAt = answeredAt
        f.publishedAt = publishedAt
        f.answer = answer
        f.supplementRequests = supplementRequests
        f.reopenCount = reopenCount
        f.likes = likes
        f.dislikes = dislikes
        f.escalatedAt = escalatedAt
        f.escalatedToUnitID = escalatedToUnitID.map(AdminUnit.ID.init(rawValue:))
        f.mergedIntoID = mergedIntoID.map(Feedback.ID.init(rawValue:))
        f.dossierCode = dossierCode
        f.provinceCode = provinceCode
        if let attributes { f.attributes = try JSONText.decode([String: [String]].self, attributes) }
        return f
    }

    /// One multi-row `INSERT` of new reports.
    static func insert(_ items: [Feedback], on sql: any SQLDatabase) async throws {
        guard !items.isEmpty else { return }
        try await inserting(items, on: sql).run()
    }

    /// Inserts the report, or writes every column over the stored one (`INSERT … ON CONFLICT (id) DO UPDATE`, the
    /// same on both dialects).
    static func save(_ item: Feedback, on sql: any SQLDatabase) async throws {
        try await inserting([item], on: sql).onConflict(with: "id") { conflict in
            columns.dropFirst().reduce(conflict) { $0.set(excludedValueOf: $1) }
        }.run()
    }

    private static func inserting(_ items: [Feedback], on sql: any SQLDatabase) throws -> SQLInsertBuilder {
        let insert = sql.insert(into: table).columns(columns)
        for f in items {
            let attributes = f.attributes.isEmpty ? nil : try JSONText.encode(f.attributes)
            let values: [any Encodable & Sendable] = [
                f.id.rawValue, f.submittedAt, f.code, f.category, f.description, f.location?.latitude,
                f.location?.longitude, f.communeCode, f.locationIsApproximate, f.urgent, f.status.rawValue,
                f.clockStartedAt, f.receivedAt, f.answeredAt, f.publishedAt, f.answer, f.supplementRequests,
                f.reopenCount, f.likes, f.dislikes, f.escalatedAt, f.handlingUnitID.rawValue,
                f.escalatedToUnitID?.rawValue, f.reporterID?.rawValue, f.mergedIntoID?.rawValue, f.provinceCode,
                attributes, f.dossierCode,
            ]
            insert.values(values)
        }
        return insert
    }
}
