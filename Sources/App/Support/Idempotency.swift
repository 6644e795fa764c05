import Core
import Fluent
import Foundation
import SQLKit
import Vapor

final class IdempotencyRecord: Model, @unchecked Sendable {
    static let schema = "idempotency_keys"

    @ID(key: .id) var id: UUID?
    @Field(key: "scope") var scope: String
    @Field(key: "actor") var actor: UUID
    @Field(key: "key") var key: String
    @Field(key: "entity") var entity: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// `Idempotency-Key` on a submission (a report, a dossier): a client that lost the answer retries with the same key
/// and gets the record it created, never a second one. The key is stored with the record's code in the transaction
/// that creates the record, so after a crash either both exist or neither does; two requests racing with one key
/// meet on the unique index, and the loser's transaction (its record included) is rolled back.
struct Idempotency: Sendable {
    static let header = "Idempotency-Key"

    let scope: String
    let actor: UUID
    let key: String

    /// The request's key for `scope`, if it sent one: 1–100 visible ASCII characters.
    static func from(_ req: Request, scope: String, actor: User.ID) throws -> Idempotency? {
        guard let key = req.headers.first(name: header) else { return nil }
        guard (1...100).contains(key.count), key.unicodeScalars.allSatisfy({ (33...126).contains($0.value) }) else {
            throw WebError.invalidParameter(
                name: header,
                issue: FieldIssue(
                    english: "must be 1–100 visible ASCII characters",
                    vietnamese: "phải gồm 1–100 ký tự ASCII nhìn thấy được"
                )
            )
        }
        return Idempotency(scope: scope, actor: actor.rawValue, key: key)
    }

    /// The code of the record this key already created, if any.
    func existing(on db: any Database) async throws -> String? {
        try await IdempotencyRecord.query(on: db).filter(\.$scope == scope).filter(\.$actor == actor)
            .filter(\.$key == key).first()?.entity
    }

    /// Remembers the record created, in the caller's transaction.
    func record(_ entity: String, on db: any Database, at now: Date) async throws {
        try await Self.record([(self, entity)], on: db, at: now)
    }

    /// Remembers several keys with the records they created, in one statement.
    static func record(_ keys: [(Idempotency, String)], on db: any Database, at now: Date) async throws {
        guard !keys.isEmpty else { return }
        var insert = (db as! any SQLDatabase).insert(into: IdempotencyRecord.schema)
            .columns("id", "scope", "actor", "key", "entity", "created_at")
        for (key, entity) in keys {
            insert = insert.values(UUID.timeOrdered(), key.scope, key.actor, key.key, entity, now)
        }
        try await insert.run()
    }

    enum Outcome<T: Sendable>: Sendable {
        case created(T)
        /// The key had already created this record (by code).
        case replayed(code: String)
    }

    /// Runs `create` in a transaction unless the key already created something; after losing a race on the key,
    /// the winner's record. `code` names what `create` made.
    static func run<T: Sendable>(
        _ key: Idempotency?,
        on req: Request,
        naming code: @escaping @Sendable (T) -> String,
        create: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> Outcome<T> {
        try await run(key, on: req, naming: code, prepare: {}, create: { _, db in try await create(db) })
    }

    /// The same with a read-only `prepare` step run first, outside the transaction (a replayed key skips it), so
    /// the transaction, and on SQLite the one writer's turn, holds only the writes.
    static func run<P: Sendable, T: Sendable>(
        _ key: Idempotency?,
        on req: Request,
        naming code: @escaping @Sendable (T) -> String,
        prepare: () async throws -> P,
        create: @escaping @Sendable (P, any Database) async throws -> T
    ) async throws -> Outcome<T> {
        let now = req.services.clock.now()
        return try await run(key, on: req, prepare: prepare) { prepared in
            try await req.transaction { db in
                let value = try await create(prepared, db)
                try await key?.record(code(value), on: db, at: now)
                return value
            }
        }
    }

    /// The general form: `commit` writes what `prepare` made together with the key (in one transaction), and a
    /// unique-key failure from it means another request with the same key won the race.
    static func run<P: Sendable, T: Sendable>(
        _ key: Idempotency?,
        on req: Request,
        prepare: () async throws -> P,
        commit: (P) async throws -> T
    ) async throws -> Outcome<T> {
        if let key, let existing = try await key.existing(on: req.db) { return .replayed(code: existing) }
        let prepared = try await prepare()
        do {
            return .created(try await commit(prepared))
        } catch {
            guard let key, (error as? any DatabaseError)?.isConstraintFailure == true,
                let existing = try await key.existing(on: req.db)
            else { throw error }
            return .replayed(code: existing)
        }
    }

    /// Marks a replayed answer, so a client can tell it from a new record.
    static func replayed(_ response: Response) -> Response {
        response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true")
        return response
    }
}
