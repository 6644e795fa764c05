import Core
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import SQLiteKit
import SQLiteNIO
import VaporCSQLite

/// Short reads on the SQLite file on the calling thread, with each connection's statements prepared once (issue 11).
///
/// sqlite-nio runs every statement on a thread pool and hands the rows back to the event loop, and prepares it
/// afresh each time. For a look-up by a unique key that costs more than the read itself: a `SELECT 1` through Fluent
/// halved a bare route's throughput. Here a statement runs where it is called, on a connection taken from a small
/// pool, and stays prepared on that connection. Only for reads that an index answers in microseconds; anything that
/// scans goes through Fluent. The connections use sqlite-nio's own copy of SQLite (`VaporCSQLite`): a second copy of
/// the library in one process would not see the first one's POSIX locks on the same file.
final class SQLiteReader: Sendable {
    /// A read could not run: the database was busy past the short wait (a writer resetting the log, say) or
    /// SQLite failed. Callers fall back to Fluent on `busy`.
    enum Failure: Error, Equatable {
        case busy
        case sqlite(code: Int32, message: String)
    }

    private let path: String
    private let idle = NIOLockedValueBox<[Connection]>([])
    private let keepIdle: Int

    /// - Parameter keepIdle: connections kept open between reads (one per thread that reads at once).
    init(path: String, keepIdle: Int = 8) {
        self.path = path
        self.keepIdle = keepIdle
    }

    deinit { close() }

    /// The rows `sql` gives with `binds` (`?` placeholders, in order).
    func rows(_ sql: String, _ binds: [SQLiteData] = []) throws -> [Row] {
        let connection = try idle.withLockedValue { $0.popLast() } ?? Connection(path: path)
        do {
            let rows = try connection.rows(sql, binds)
            release(connection)
            return rows
        } catch {
            // A connection that failed is not reused: its state is unknown.
            connection.close()
            throw error
        }
    }

    /// The first row, if any.
    func first(_ sql: String, _ binds: [SQLiteData] = []) throws -> Row? {
        try rows(sql, binds).first
    }

    /// Closes the idle connections; later reads open new ones.
    func close() {
        for connection in idle.withLockedValue({ idle in
            defer { idle = [] }
            return idle
        }) { connection.close() }
    }

    private func release(_ connection: Connection) {
        let kept = idle.withLockedValue { idle in
            guard idle.count < keepIdle else { return false }
            idle.append(connection)
            return true
        }
        if !kept { connection.close() }
    }

    /// A row: the statement's columns (shared by its rows) and this row's values.
    struct Row: SQLRow, Sendable {
        let columns: Columns
        let values: [SQLiteData]

        private static let decoder = SQLiteDataDecoder()

        var allColumns: [String] { columns.names }

        func contains(column: String) -> Bool { columns.index[column] != nil }

        func value(_ column: String) throws -> SQLiteData {
            guard let index = columns.index[column] else {
                throw DecodingError.keyNotFound(
                    SQLiteReaderColumn(stringValue: column),
                    .init(codingPath: [], debugDescription: "no column \(column)")
                )
            }
            return values[index]
        }

        func decodeNil(column: String) throws -> Bool { try value(column).isNull }

        /// The types rows are mostly read as are converted directly; the rest through SQLiteKit's decoder, as Fluent
        /// does (its dynamic casts were a tenth of a report's CPU when a duplicate search read twenty rows).
        func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
            try Self.convert(try value(column), as: D.self)
        }

        /// The value of `column`, read at `position` when the statement has that column there (a caller that reads
        /// its own `SELECT`'s columns in order), else found by name. Looking each column up by name was a third of
        /// decoding the duplicate search's twenty rows (issue 11).
        func decode<D: Decodable>(at position: Int, column: String, as type: D.Type = D.self) throws -> D {
            guard position < values.count, columns.names[position] == column else {
                return try decode(column: column, as: D.self)
            }
            return try Self.convert(values[position], as: D.self)
        }

        private static func convert<D: Decodable>(_ data: SQLiteData, as type: D.Type) throws -> D {
            if let direct = direct(data, as: D.self) { return direct }
            return try decoder.decode(D.self, from: data)
        }

        /// `D` is compared with each type before the cast, so `unsafeBitCast` only ever casts a type to itself. The
        /// types are compared by identifiers made once (`Types`): called through `SQLRow`, `D` is not known when
        /// this is compiled, and naming `String?.self` here looked its metadata up in the runtime's locked table on
        /// every call (6 % of a report's CPU, issue 11).
        private static func direct<D>(_ data: SQLiteData, as type: D.Type) -> D? {
            let type = ObjectIdentifier(D.self)
            switch data {
            case .text(let text):
                if type == Types.string { return unsafeBitCast(text, to: D.self) }
                if type == Types.optionalString { return unsafeBitCast(String?.some(text), to: D.self) }
                // Fluent stores UUIDs as their text; one that does not parse goes to the decoder, which says so.
                if type == Types.uuid, let uuid = HexText.uuid(text) { return unsafeBitCast(uuid, to: D.self) }
                if type == Types.optionalUUID, let uuid = HexText.uuid(text) {
                    return unsafeBitCast(UUID?.some(uuid), to: D.self)
                }
            case .integer(let number):
                if type == Types.int { return unsafeBitCast(number, to: D.self) }
                if type == Types.optionalInt { return unsafeBitCast(Int?.some(number), to: D.self) }
                if type == Types.bool { return unsafeBitCast(number != 0, to: D.self) }
                if type == Types.optionalBool { return unsafeBitCast(Bool?.some(number != 0), to: D.self) }
            case .float(let number):
                if type == Types.double { return unsafeBitCast(number, to: D.self) }
                if type == Types.optionalDouble { return unsafeBitCast(Double?.some(number), to: D.self) }
                // Fluent stores dates as seconds since 1970 (sqlite-nio's `Date(sqliteData:)`).
                if type == Types.date { return unsafeBitCast(Date(timeIntervalSince1970: number), to: D.self) }
                if type == Types.optionalDate {
                    return unsafeBitCast(Date?.some(Date(timeIntervalSince1970: number)), to: D.self)
                }
            case .null:
                if type == Types.optionalString { return unsafeBitCast(String?.none, to: D.self) }
                if type == Types.optionalInt { return unsafeBitCast(Int?.none, to: D.self) }
                if type == Types.optionalDouble { return unsafeBitCast(Double?.none, to: D.self) }
                if type == Types.optionalDate { return unsafeBitCast(Date?.none, to: D.self) }
                if type == Types.optionalUUID { return unsafeBitCast(UUID?.none, to: D.self) }
                if type == Types.optionalBool { return unsafeBitCast(Bool?.none, to: D.self) }
            case .blob: break
            }
            return nil
        }

        private enum Types {
            static let string = ObjectIdentifier(String.self)
            static let optionalString = ObjectIdentifier(String?.self)
            static let uuid = ObjectIdentifier(UUID.self)
            static let optionalUUID = ObjectIdentifier(UUID?.self)
            static let int = ObjectIdentifier(Int.self)
            static let optionalInt = ObjectIdentifier(Int?.self)
            static let bool = ObjectIdentifier(Bool.self)
            static let optionalBool = ObjectIdentifier(Bool?.self)
            static let double = ObjectIdentifier(Double.self)
            static let optionalDouble = ObjectIdentifier(Double?.self)
            static let date = ObjectIdentifier(Date.self)
            static let optionalDate = ObjectIdentifier(Date?.self)
        }
    }

    /// A statement's column names, and where each is in a row.
    final class Columns: Sendable {
        let names: [String]
        let index: [String: Int]

        init(_ names: [String]) {
            self.names = names
            self.index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// One SQLite connection with its prepared statements. Only one thread uses it at a time: a reader's is taken
    /// from the pool under its lock and given back after the read; the writer's is used inside the write gate.
    final class Connection: @unchecked Sendable {
        private var handle: OpaquePointer?
        private var statements: [String: (statement: OpaquePointer, columns: Columns)] = [:]

        /// A reader's connection.
        convenience init(path: String) throws {
            // A reader in WAL mode waits only while another connection resets or recovers the log; the wait here
            // is short because the caller may be an event loop, and it falls back to Fluent when it runs out.
            // It never writes, whatever statement it is given.
            try self.init(path: path, busyTimeoutMilliseconds: 20, settings: ["PRAGMA query_only = 1"])
        }

        /// - Parameter settings: statements run once the connection is open (pragmas).
        init(path: String, busyTimeoutMilliseconds: Int32, settings: [String]) throws {
            // Idempotent; sqlite-nio does it before its first open too, against a race on SQLite's configuration.
            sqlite_nio_sqlite3_initialize()
            let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI | SQLITE_OPEN_EXRESCODE
            let opened = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
            guard opened == SQLITE_OK else {
                let failure = Self.failure(opened, handle)
                sqlite_nio_sqlite3_close_v2(handle)
                throw failure
            }
            sqlite_nio_sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
            // No memory-mapped reads (`mmap_size`): tried for issue 11, a connection unmaps the whole file whenever
            // another one has committed, and under the report load the page faults after it cost more than the
            // `pread`s they replaced.
            for setting in settings { _ = try rows(setting, []) }
        }

        deinit { if handle != nil { close() } }

        func rows(_ sql: String, _ binds: [SQLiteData]) throws -> [Row] {
            var (statement, columns) = try prepared(sql)
            // Every parameter is bound afresh on each use, so the bindings are not cleared: on some statements
            // `sqlite3_clear_bindings` expires the plan, and each use would be prepared again.
            defer { sqlite_nio_sqlite3_reset(statement) }
            guard sqlite_nio_sqlite3_bind_parameter_count(statement) == binds.count else {
                throw Failure.sqlite(code: SQLITE_RANGE, message: "\(binds.count) values for the parameters of \(sql)")
            }
            for (offset, bind) in binds.enumerated() { try self.bind(bind, at: Int32(offset + 1), in: statement) }
            var rows: [Row] = []
            while true {
                let stepped = sqlite_nio_sqlite3_step(statement)
                if stepped == SQLITE_DONE { return rows }
                guard stepped == SQLITE_ROW else { throw Self.failure(stepped, handle) }
                let count = sqlite_nio_sqlite3_column_count(statement)
                if count != columns.names.count {
                    // SQLite prepared it again in the step after a schema change (`SELECT *` over a new column).
                    columns = Self.columns(of: statement)
                    statements[sql] = (statement, columns)
                }
                rows.append(Row(columns: columns, values: (0..<count).map { column(statement, $0) }))
            }
        }

        func close() {
            for (statement, _) in statements.values { sqlite_nio_sqlite3_finalize(statement) }
            statements = [:]
            sqlite_nio_sqlite3_close_v2(handle)
            handle = nil
        }

        private func prepared(_ sql: String) throws -> (statement: OpaquePointer, columns: Columns) {
            if let prepared = statements[sql] { return prepared }
            if statements.count >= Self.keptStatements {
                // Statements whose text varies (an `IN` list of any length) would otherwise pile up.
                for (statement, _) in statements.values { sqlite_nio_sqlite3_finalize(statement) }
                statements = [:]
            }
            var statement: OpaquePointer?
            let result = sqlite_nio_sqlite3_prepare_v3(
                handle,
                sql,
                -1,
                UInt32(SQLITE_PREPARE_PERSISTENT),
                &statement,
                nil
            )
            guard result == SQLITE_OK, let statement else { throw Self.failure(result, handle) }
            let columns = Self.columns(of: statement)
            statements[sql] = (statement, columns)
            return (statement, columns)
        }

        private static let keptStatements = 256

        private static func columns(of statement: OpaquePointer) -> Columns {
            Columns(
                (0..<sqlite_nio_sqlite3_column_count(statement)).map {
                    String(cString: sqlite_nio_sqlite3_column_name(statement, $0))
                }
            )
        }

        private func bind(_ value: SQLiteData, at index: Int32, in statement: OpaquePointer) throws {
            let result: Int32
            switch value {
            case .integer(let value): result = sqlite_nio_sqlite3_bind_int64(statement, index, Int64(value))
            case .float(let value): result = sqlite_nio_sqlite3_bind_double(statement, index, value)
            case .null: result = sqlite_nio_sqlite3_bind_null(statement, index)
            case .text(let value):
                result = sqlite_nio_sqlite3_bind_text64(
                    statement,
                    index,
                    value,
                    UInt64(value.utf8.count),
                    Self.transient,
                    UInt8(SQLITE_UTF8)
                )
            case .blob(let value):
                result = value.withUnsafeReadableBytes {
                    sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), Self.transient)
                }
            }
            guard result == SQLITE_OK else { throw Self.failure(result, handle) }
        }

        private func column(_ statement: OpaquePointer, _ index: Int32) -> SQLiteData {
            switch sqlite_nio_sqlite3_column_type(statement, index) {
            case SQLITE_INTEGER: return .integer(SQLiteInt64(sqlite_nio_sqlite3_column_int64(statement, index)))
            case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, index))
            case SQLITE_TEXT:
                let count = Int(sqlite_nio_sqlite3_column_bytes(statement, index))
                guard let text = sqlite_nio_sqlite3_column_text(statement, index) else { return .text("") }
                return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
            case SQLITE_BLOB:
                let count = Int(sqlite_nio_sqlite3_column_bytes(statement, index))
                guard let blob = sqlite_nio_sqlite3_column_blob(statement, index) else { return .blob(ByteBuffer()) }
                return .blob(ByteBuffer(bytes: UnsafeRawBufferPointer(start: blob, count: count)))
            default: return .null
            }
        }

        /// SQLite copies bound text and blobs (`SQLITE_TRANSIENT`).
        private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

        private static func failure(_ code: Int32, _ handle: OpaquePointer?) -> Failure {
            if code & 0xff == SQLITE_BUSY || code & 0xff == SQLITE_LOCKED { return .busy }
            let message = handle.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "?"
            return .sqlite(code: code, message: message)
        }
    }
}

/// A column name in a decoding error.
private struct SQLiteReaderColumn: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Reads a row's columns one after another, in its `SELECT`'s order: a `SQLiteReader` row by position (the name is
/// checked, and a column elsewhere is still found by name), any other row by name.
struct ColumnCursor {
    private let row: any SQLRow
    private let direct: SQLiteReader.Row?
    private var position = 0

    init(_ row: any SQLRow) {
        self.row = row
        self.direct = row as? SQLiteReader.Row
    }

    mutating func callAsFunction<D: Decodable>(_ column: String, as type: D.Type = D.self) throws -> D {
        defer { position += 1 }
        if let direct { return try direct.decode(at: position, column: column, as: D.self) }
        return try row.decode(column: column, as: D.self)
    }
}
