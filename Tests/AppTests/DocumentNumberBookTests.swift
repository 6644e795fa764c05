import Core
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

extension AppTests {
    @Suite("Document number books in the database")
    struct DocumentNumberBookTests {
        @Test("Concurrent registrations get numbers 1…N without gaps; a failed transaction leaves no gap; years reset")
        func concurrency() async throws {
            try await withTestApp { app in
                let book = NumberBookKey(unitCode: "38", direction: .incoming, year: 2026)
                let services: AppServices = app.services
                let db = app.db
                let numbers = try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<40 {
                        group.addTask {
                            try await services.writeTransaction(on: db) { db in
                                try await SQLNumberBooks(db: db).next(book)
                            }
                        }
                    }
                    return try await group.reduce(into: [Int]()) { $0.append($1) }
                }
                #expect(numbers.sorted() == Array(1...40))
                struct Rejected: Error {}
                await #expect(throws: Rejected.self) {
                    try await services.writeTransaction(on: db) { db in
                        _ = try await SQLNumberBooks(db: db).next(book)
                        throw Rejected()
                    }
                }
                #expect(try await SQLNumberBooks(db: db).next(book) == 41)
                let next = NumberBookKey(unitCode: "38", direction: .incoming, year: 2027)
                #expect(try await SQLNumberBooks(db: db).next(next) == 1)
                let outgoing = NumberBookKey(unitCode: "38", direction: .outgoing, year: 2026)
                #expect(try await SQLNumberBooks(db: db).next(outgoing) == 1)
            }
        }
    }
}
