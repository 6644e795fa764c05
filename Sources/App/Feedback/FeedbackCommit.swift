import Core
import Fluent
import Foundation
import Vapor

/// Filing reports in group commits (`GroupCommit`): the reports, their log and audit lines, photos and idempotency
/// keys of every report waiting are written in one transaction, a statement per table.
enum FeedbackCommit {
    struct Item: Sendable {
        let prepared: PreparedFeedback
        let reporter: Principal?
        let key: Idempotency?
        let photo: PhotoStore.Stored?
        /// The service that prepared the report (its clock and the repositories it writes through).
        let service: FeedbackService
        let services: AppServices
        /// Where the submitting request writes; a batch writes through its first item's.
        let db: any Database
    }

    static func run(_ items: [Item]) async throws -> [Feedback] {
        guard let first = items.first else { return [] }
        let services = first.services
        // On a SQLite file the batch goes to the direct writer (`DirectWrites`); a photo's record is written through
        // Fluent, and so is any batch the direct writer cannot take.
        if let writer = services.writer, let gate = services.writeGate, items.allSatisfy({ $0.photo == nil }) {
            do {
                return try await gate.run {
                    try await DirectWrites(writer: writer, context: first.db.context).transaction { db in
                        try await store(items, on: db)
                    }
                }
            } catch is DirectWrites.Unsupported {}
        }
        return try await services.writeTransaction(on: first.db) { db in try await store(items, on: db) }
    }

    /// The batch's writes, inside its transaction.
    private static func store(_ items: [Item], on db: any Database) async throws -> [Feedback] {
        guard let first = items.first else { return [] }
        let services = first.services
        let stored = try await services.feedback(on: db, like: first.service)
            .store(items.map { ($0.prepared, $0.reporter) })
        let now = services.clock.now()
        for (item, feedback) in zip(items, stored) {
            if let photo = item.photo { try await PhotoStore.attach(photo, to: feedback.id, on: db, at: now) }
        }
        let keys = zip(items, stored).compactMap { item, feedback in item.key.map { ($0, feedback.code) } }
        try await Idempotency.record(keys, on: db, at: now)
        return stored
    }
}

extension Request {
    /// Files a prepared report in the next group commit and returns it stored, with its tracking code.
    func commitReport(
        _ prepared: PreparedFeedback,
        by reporter: Principal?,
        service: FeedbackService,
        key: Idempotency? = nil,
        photo: PhotoStore.Stored? = nil
    ) async throws -> Feedback {
        try await services.reportCommits.submit(
            FeedbackCommit.Item(
                prepared: prepared,
                reporter: reporter,
                key: key,
                photo: photo,
                service: service,
                services: services,
                db: services.writerDatabase.map { db($0) } ?? db
            )
        )
    }
}
