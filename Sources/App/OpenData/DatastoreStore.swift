import Core
import Crypto
import Fluent
import Foundation
import SQLKit

/// The DataStore: each resource generation is its own table (`ds_<id hash>_<generation>`), as CKAN's datastore keeps
/// one table per resource. Rows are numbered `_id` 1…N; every text column has a folded twin (`_f_<column>`) for
/// accent-insensitive `q`; columns marked `indexed` get an index on (column, _id) so a filter pages in order.
struct DatastoreStore: Sendable {
    let sql: any SQLDatabase

    init(db: any Database) { sql = db as! any SQLDatabase }

    /// A fresh table name for a resource: the id's digest and a random generation, so a new generation never
    /// collides with the one readers are using.
    static func tableName(resourceID: String, generation: String = String(UUID().uuidString.prefix(8)).lowercased())
        -> String
    {
        let digest = SHA256.hex(Data(resourceID.utf8)).prefix(12)
        return "ds_\(digest)_\(generation)"
    }

    static func folded(_ field: DataField) -> String { "_f_" + field.id }

    private var isSQLite: Bool { sql.dialect.name == "sqlite" }

    /// Runs one step of filling a table: by default at once, on this store's database.
    typealias Step = @Sendable (@escaping @Sendable (DatastoreStore) async throws -> Void) async throws -> Void

    /// Creates and fills a new table. Readers never see half a table: no catalogue entry names it until it is
    /// whole. Each step (the table, each batch of rows, the indexes) goes through `step`; the publisher makes each
    /// a short write transaction of its own, so that a million-row table does not hold SQLite's one writer for
    /// seconds while citizens' reports wait (issue 11).
    func create(
        _ table: String,
        fields: [DataField],
        rows: some Sequence<[DatastoreValue?]>,
        step: Step? = nil
    ) async throws {
        let step = step ?? { [self] work in try await work(self) }
        var columns = [isSQLite ? "\"_id\" INTEGER PRIMARY KEY" : "\"_id\" BIGINT PRIMARY KEY"]
        for field in fields {
            let type =
                switch field.type {
                case .text: "TEXT"
                case .int: "BIGINT"
                case .numeric: "DOUBLE PRECISION"
                }
            columns.append("\"\(field.id)\" \(type)")
            if field.type == .text { columns.append("\"\(Self.folded(field))\" TEXT") }
        }
        let definition = columns.joined(separator: ", ")
        try await step { store in
            try await store.sql.raw("DROP TABLE IF EXISTS \(unsafeRaw: table)").run()
            try await store.sql.raw("CREATE TABLE \(unsafeRaw: table) (\(unsafeRaw: definition))").run()
        }
        let names = ["_id"] + fields.flatMap { $0.type == .text ? [$0.id, Self.folded($0)] : [$0.id] }
        // Stay under the bind limits (SQLite 32,766; PostgreSQL 65,535).
        let batch = max(1, 30_000 / names.count)
        var pending: [[any SQLExpression]] = []
        var rowID = 0
        for row in rows {
            rowID += 1
            var values: [any SQLExpression] = [SQLBind(rowID)]
            for (field, value) in zip(fields, row) {
                values.append(Self.expression(value))
                if field.type == .text {
                    if case .text(let text)? = value {
                        values.append(SQLBind(VietnameseText.fold(text)))
                    } else {
                        values.append(SQLLiteral.null)
                    }
                }
            }
            pending.append(values)
            if pending.count == batch {
                let full = pending
                try await step { store in try await store.insert(table, names, full) }
                pending.removeAll(keepingCapacity: true)
            }
        }
        if !pending.isEmpty {
            let last = pending
            try await step { store in try await store.insert(table, names, last) }
        }
        try await step { store in
            for field in fields where field.indexed {
                try await store.sql.raw(
                    "CREATE INDEX \(unsafeRaw: table)_\(unsafeRaw: field.id) ON \(unsafeRaw: table) (\"\(unsafeRaw: field.id)\", \"_id\")"
                ).run()
            }
            // The planner needs the columns' statistics to choose the narrower index when a query filters on two.
            try await store.sql.raw("ANALYZE \(unsafeRaw: table)").run()
        }
    }

    private func insert(_ table: String, _ names: [String], _ rows: [[any SQLExpression]]) async throws {
        var builder = sql.insert(into: SQLIdentifier(table)).columns(names)
        for row in rows { builder = builder.values(row) }
        try await builder.run()
    }

    func drop(_ table: String) async throws {
        try await sql.raw("DROP TABLE IF EXISTS \(unsafeRaw: table)").run()
    }

    static func expression(_ value: DatastoreValue?) -> any SQLExpression {
        switch value {
        case .text(let text)?: SQLBind(text)
        case .int(let number)?: SQLBind(number)
        case .number(let number)?: SQLBind(number)
        case nil: SQLLiteral.null
        }
    }

    /// One page of rows and, when asked, how many rows match.
    func search(_ table: String, _ query: DatastoreQuery, rowCount: Int) async throws -> (
        records: [[DatastoreValue?]], total: Int?
    ) {
        var conditions: [SQLQueryString] = []
        for (field, values) in query.filters.sorted(by: { $0.key.id < $1.key.id }) {
            var list = SQLQueryString("")
            for (index, value) in values.enumerated() {
                if index > 0 { list.appendInterpolation(unsafeRaw: ", ") }
                list.appendInterpolation(Self.expression(value))
            }
            conditions.append("\"\(unsafeRaw: field.id)\" IN (\(list))")
        }
        let textColumns = query.textColumns
        for word in query.words {
            let pattern = "%" + Self.escapeLike(word) + "%"
            let ors = textColumns.map { field -> SQLQueryString in
                "\"\(unsafeRaw: Self.folded(field))\" LIKE \(bind: pattern) ESCAPE '\\'"
            }
            conditions.append(ors.isEmpty ? "1 = 0" : "(\(ors.joined(separator: " OR ")))")
        }
        for (field, words) in query.columnWords.sorted(by: { $0.key.id < $1.key.id }) {
            guard field.type == .text else {
                conditions.append("CAST(\"\(unsafeRaw: field.id)\" AS TEXT) = \(bind: words.joined(separator: " "))")
                continue
            }
            for word in words {
                let pattern = "%" + Self.escapeLike(word) + "%"
                conditions.append("\"\(unsafeRaw: Self.folded(field))\" LIKE \(bind: pattern) ESCAPE '\\'")
            }
        }
        let columns = query.fields.map { "\"\($0.id)\"" }.joined(separator: ", ")
        var statement: SQLQueryString = "SELECT \(unsafeRaw: columns) FROM \(unsafeRaw: table)"
        if query.readsByRowID {
            statement = statement + " WHERE \"_id\" > \(bind: query.offset) ORDER BY \"_id\" LIMIT \(bind: query.limit)"
        } else {
            if !conditions.isEmpty { statement = statement + " WHERE " + conditions.joined(separator: " AND ") }
            let order = query.sort.map { "\"\($0.field.id)\" \($0.ascending ? "ASC" : "DESC")" } + ["\"_id\" ASC"]
            statement =
                statement + " ORDER BY \(unsafeRaw: order.joined(separator: ", "))"
                + " LIMIT \(bind: query.limit) OFFSET \(bind: query.offset)"
        }
        let rows = query.limit == 0 ? [] : try await sql.raw(statement).all()
        let records = try rows.map { row in try query.fields.map { try Self.decode(row, $0) } }
        guard query.includeTotal else { return (records, nil) }
        if conditions.isEmpty { return (records, rowCount) }
        var count: SQLQueryString = "SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE "
        count = count + conditions.joined(separator: " AND ")
        let total = try await sql.raw(count).first()?.decode(column: "n", as: Int.self) ?? 0
        return (records, total)
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    static func decode(_ row: any SQLRow, _ field: DataField) throws -> DatastoreValue? {
        if try row.decodeNil(column: field.id) { return nil }
        switch field.type {
        case .text: return .text(try row.decode(column: field.id, as: String.self))
        case .int: return .int(try row.decode(column: field.id, as: Int.self))
        case .numeric: return .number(try row.decode(column: field.id, as: Double.self))
        }
    }

    /// Every row in `_id` order, a chunk at a time, for downloads.
    func chunks(_ table: String, fields: [DataField], size: Int = 5_000) -> AsyncThrowingStream<
        [[DatastoreValue?]], any Error
    > {
        let sql = self.sql
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    var after = 0
                    let columns = (["_id"] + fields.map(\.id)).map { "\"\($0)\"" }.joined(separator: ", ")
                    while true {
                        let rows = try await sql.raw(
                            "SELECT \(unsafeRaw: columns) FROM \(unsafeRaw: table) WHERE \"_id\" > \(bind: after) ORDER BY \"_id\" LIMIT \(bind: size)"
                        ).all()
                        if rows.isEmpty { break }
                        after = try rows.last!.decode(column: "_id", as: Int.self)
                        continuation.yield(try rows.map { row in try fields.map { try Self.decode(row, $0) } })
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
