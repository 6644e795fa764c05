import Core
import Fluent
import SQLKit

/// Number books in SQL: one upsert that returns the new number, so two officers registering at once get two
/// numbers, in both databases (PostgreSQL locks the row; SQLite writers are queued by the write gate). Run it inside
/// the transaction that stores the document, so a failed registration does not leave a gap.
struct SQLNumberBooks: NumberBooks {
    let db: any Database

    func next(_ book: NumberBookKey) async throws -> Int {
        let sql = db as! any SQLDatabase
        let row = try await sql.raw(
            """
            INSERT INTO document_number_books (unit_code, direction, year, last)
            VALUES (\(bind: book.unitCode), \(bind: book.direction.rawValue), \(bind: book.year), 1)
            ON CONFLICT (unit_code, direction, year) DO UPDATE SET last = document_number_books.last + 1
            RETURNING last
            """
        ).first()
        guard let row else { throw DocumentError.notFound }
        return try row.decode(column: "last", as: Int.self)
    }

    /// Opens `book` at `last` (numbers already given elsewhere, e.g. generated demo documents); an existing book is
    /// left as it is.
    func start(_ book: NumberBookKey, after last: Int) async throws {
        try await (db as! any SQLDatabase).raw(
            """
            INSERT INTO document_number_books (unit_code, direction, year, last)
            VALUES (\(bind: book.unitCode), \(bind: book.direction.rawValue), \(bind: book.year), \(bind: last))
            ON CONFLICT (unit_code, direction, year) DO NOTHING
            """
        ).run()
    }
}
