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

    static func decode(_ row: any SQLRow) throws -> Feedback {
        func value<T: Decodable>(_ column: String, _ type: T.Type = T.self) throws -> T {
            try row.decode(column: column, as: T.self)
        }
        let code: String = try value("code")
        guard let status = FeedbackStatus(rawValue: try value("status")) else {
            throw Abort(.internalServerError, reason: "corrupt feedback row \(code)")
        }
        let lat: Double? = try value("lat")
        let lon: Double? = try value("lon")
        var f = Feedback(
            id: .init(rawValue: try value("id")),
            code: code,
            category: try value("category"),
            description: try value("description"),
            location: lat.flatMap { lat in lon.map { GeoPoint(latitude: lat, longitude: $0) } },
            communeCode: try value("commune_code"),
            locationIsApproximate: try value("location_approximate"),
            handlingUnitID: .init(rawValue: try value("handling_unit_id")),
            reporterID: try value("reporter_id", UUID?.self).map(User.ID.init(rawValue:)),
            urgent: try value("urgent"),
            submittedAt: try value("submitted_at")
        )
        f.status = status
        f.clockStartedAt = try value("clock_started_at")
        f.receivedAt = try value("received_at")
        f.answeredAt = try value("answered_at")
        f.publishedAt = try value("published_at")
        f.answer = try value("answer")
        f.supplementRequests = try value("supplement_requests")
        f.reopenCount = try value("reopen_count")
        f.likes = try value("likes")
        f.dislikes = try value("dislikes")
        f.escalatedAt = try value("escalated_at")
        f.escalatedToUnitID = try value("escalated_to_unit_id", UUID?.self).map(AdminUnit.ID.init(rawValue:))
        f.mergedIntoID = try value("merged_into_id", UUID?.self).map(Feedback.ID.init(rawValue:))
        f.dossierCode = try value("dossier_code")
        f.provinceCode = try value("province_code")
        if let attributes = try value("attributes", String?.self) {
            f.attributes = try JSONText.decode([String: [String]].self, attributes)
        }
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
