import Core
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The business calendar in force: the shipped decree files plus the decrees administrators added. Built on first
/// use and rebuilt when a decree is added (about 15 ms).
final class CalendarStore: Sendable {
    private let current = SharedValue<BusinessCalendar>()
    let officeHours: OfficeHours
    let decreeFolder: String

    init(officeHours: OfficeHours, decreeFolder: String) {
        self.officeHours = officeHours
        self.decreeFolder = decreeFolder
    }

    func calendar(on db: any Database) async throws -> BusinessCalendar {
        try await current.get { try await self.build(on: db) }
    }

    /// Rebuilds after a decree was added; the new calendar replaces the kept one at once.
    @discardableResult
    func rebuild(on db: any Database) async throws -> BusinessCalendar {
        let calendar = try await build(on: db)
        current.set(calendar)
        return calendar
    }

    private func build(on db: any Database) async throws -> BusinessCalendar {
        let stored = try await FluentDecreeRepository(db: db, clock: .system).all()
        return BusinessCalendar(decrees: try shippedDecrees() + stored, officeHours: officeHours)
    }

    /// `Resources/Data/calendar/*.csv`: one file per year; officials may drop a new year's file here.
    func shippedDecrees() throws -> [DecreeRecord] {
        guard FileManager.default.fileExists(atPath: decreeFolder) else { return [] }
        return try DecreeFile.load(folder: decreeFolder)
    }
}
