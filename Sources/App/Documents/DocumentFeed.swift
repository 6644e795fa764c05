import Core
import Fluent
import Foundation

/// Puts the document register's figures into the indicator engine (`DocumentIndicators`): one unit's counts for the
/// month its documents were received or drafted, rewritten with every change in the change's transaction.
enum DocumentFeed {
    static let storedBy = "document-register"

    static func refresh(on db: any Database, services: AppServices, unit code: String, month instant: Date) async throws
    {
        let repository = SQLIndicatorRepository(db: db)
        try await repository.ensure(
            domain: DocumentIndicators.domain,
            elements: DocumentIndicators.elements,
            indicators: DocumentIndicators.indicators
        )
        guard let unit = try await services.units(on: db).find(UnitKey(tree: .current, code: code)) else { return }
        let month = Period(.monthly, containing: CivilDate(instant))
        let statistics = try await self.statistics(
            on: db,
            units: [code],
            from: month.first.instant(),
            until: month.end.instant()
        )
        try await repository.upsert(
            StoredValue.figures(
                DocumentIndicators.values(statistics),
                unit: unit.id,
                period: month,
                storedBy: storedBy,
                at: services.clock.now()
            )
        )
    }

    /// The statistics of the documents `units` received or drafted in [from, until).
    static func statistics(on db: any Database, units: [String], from: Date, until: Date) async throws
        -> DocumentStatistics
    {
        let store = DocumentStore(db: db)
        let documents = try await store.documents(.init(units: units, from: from, until: until, limit: 10_000_000))
        let kinds = try await store.signatureKinds(of: documents.filter { $0.direction == .outgoing }.map(\.id))
        return DocumentStatistics(
            documents.map { document in
                let signed = kinds[document.id.rawValue] ?? []
                return document.facts(
                    signedByAgency: signed.contains(.agency),
                    signedPersonally: signed.contains(.personal)
                )
            }
        )
    }
}
