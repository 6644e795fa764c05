import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// The version counters of the tables the server keeps copies of (`CreateTableVersions`,
/// `feedback_catalog_versions`), read in one statement once per request. A copy read after the counter was read is at
/// least as new as that counter, so a copy is used only while the counter it was tagged with is still the one in the
/// database. A report's POST read the token, the catalogue's version, its commune and its province, each a statement
/// of its own; now it reads this row and, while nothing changed, none of the rest (issue 11).
struct TableVersions: Sendable, Equatable {
    let accounts: Int
    let units: Int
    let feedbackCatalog: Int

    static let statement: SQLQueryString = """
        SELECT (SELECT version FROM table_versions WHERE name = 'accounts') AS accounts,
        (SELECT version FROM table_versions WHERE name = 'units') AS units,
        (SELECT version FROM feedback_catalog_versions WHERE id = 1) AS feedback_catalog
        """

    init(accounts: Int, units: Int, feedbackCatalog: Int) {
        self.accounts = accounts
        self.units = units
        self.feedbackCatalog = feedbackCatalog
    }

    init(_ row: (any SQLRow)?) throws {
        func value(_ column: String) throws -> Int { try row?.decode(column: column, as: Int?.self) ?? 0 }
        self.init(
            accounts: try value("accounts"),
            units: try value("units"),
            feedbackCatalog: try value("feedback_catalog")
        )
    }

    static func read(on sql: any SQLDatabase) async throws -> TableVersions {
        try TableVersions(try await sql.raw(statement).first())
    }

    /// The same, read now on the calling thread (see `DirectReads.rowsNow`), its text serialised once.
    static func read(direct: DirectReads) throws -> TableVersions {
        try TableVersions(try direct.rowsNow(statement, text: text, binds: []).first)
    }

    private static let text = DirectReads.SerialisedOnce()
}

/// Copies of rows tagged with the version they were read under; all are dropped once the version moves on.
final class VersionedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        var version = Int.min
        var entries: [Key: Value] = [:]
    }

    private let state = NIOLockedValueBox(State())
    /// Entries kept at most; past that the cache starts again (every key a client sends could be stored).
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    /// The copy kept for `key` under `version`, if any.
    func value(_ key: Key, at version: Int) -> Value? {
        state.withLockedValue { $0.version == version ? $0.entries[key] : nil }
    }

    /// Keeps `value`, read after `version` was read; a newer version already seen is kept instead.
    func store(_ value: Value, for key: Key, at version: Int) {
        state.withLockedValue { state in
            if version > state.version {
                state = State(version: version)
            } else if version < state.version {
                return
            }
            if state.entries.count >= limit { state.entries = [:] }
            state.entries[key] = value
        }
    }

    /// The copy for `key` under `version`, or `read`'s result, kept.
    func value(_ key: Key, at version: Int, reading read: () async throws -> Value) async throws -> Value {
        if let kept = value(key, at: version) { return kept }
        let value = try await read()
        store(value, for: key, at: version)
        return value
    }
}

extension Request {
    private struct VersionsKey: StorageKey { typealias Value = TableVersions }

    /// This request's reading of the table versions, once per request.
    func tableVersions() async throws -> TableVersions {
        if let read = storage[VersionsKey.self] { return read }
        let read = try await TableVersions.read(on: readDB as! any SQLDatabase)
        storage[VersionsKey.self] = read
        return read
    }

    /// After a write: the next use reads the versions again.
    func forgetTableVersions() { storage[VersionsKey.self] = nil }

    /// The same, read now on the calling thread.
    func tableVersions(direct: DirectReads) throws -> TableVersions {
        if let read = storage[VersionsKey.self] { return read }
        let read = try TableVersions.read(direct: direct)
        storage[VersionsKey.self] = read
        return read
    }
}
