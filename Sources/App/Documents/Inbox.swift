import Core
import Fluent
import Foundation
import Vapor

/// One line of an officer's inbox: a document waiting for a step the officer takes, or an open dossier of the
/// officer's units, so documents and dossiers are handled in one place (as Điện Biên runs them).
struct InboxItem: Content {
    let kind: String
    let id: String
    let title: String
    let reference: String
    let state: String
    let due: Date?
    let overdue: Bool
    let href: String
}

enum Inbox {
    static func items(_ req: Request) async throws -> [InboxItem] {
        let principal = try req.principal
        let me = principal.user.id.rawValue
        let store = DocumentStore(db: req.db)
        let now = req.services.clock.now()
        // The handler's own work, then each unit's queue by the document roles held there, then own drafts.
        let reach = try await SharingController.reach(req, .process)
        let roles = try await store.roles(of: me)
        var assigned = DocumentStore.Filter(units: reach.map { Array($0) })
        assigned.handler = me
        assigned.states = [.assigned, .processing]
        var documents = try await store.documents(assigned)
        for (unit, held) in roles where reach?.contains(unit) ?? true {
            var states: [DocumentState] = []
            if held.contains(.head) { states.append(.awaitingHead) }
            if held.contains(.leader) { states += [.awaitingLeader, .registered] }
            if held.contains(.clerk) { states += [.approved, .received] }
            documents += try await store.documents(.init(units: [unit], states: states))
        }
        if let reach, !reach.isEmpty {
            var drafts = DocumentStore.Filter(units: reach.sorted())
            drafts.states = [.draft]
            documents += try await store.documents(drafts).filter { $0.createdBy == me }
        }
        var seen: Set<UUID> = []
        var items = documents.filter { seen.insert($0.id.rawValue).inserted }.map { document in
            InboxItem(
                kind: "document",
                id: document.id.description,
                title: document.subject,
                reference: document.reference ?? document.type.label,
                state: document.state.label,
                due: document.assignment?.due,
                overdue: document.assignment.map { $0.due < now } ?? false,
                href: "/van-ban/\(document.id)"
            )
        }
        let unitIDs = try await req.services.accounts(on: req.db).managedUnits(of: principal, for: .process)
        let dossiers = try await FluentDossierRepository(db: req.db).open(units: unitIDs, page: Paging(limit: 50))
        items += dossiers.items.map { dossier in
            InboxItem(
                kind: "dossier",
                id: dossier.code,
                title: dossier.procedureCode,
                reference: dossier.code,
                state: dossier.status.label,
                due: dossier.dueAt,
                overdue: dossier.dueAt.map { $0 < now } ?? false,
                href: "/dossiers/\(dossier.code)"
            )
        }
        return items.sorted { ($0.due ?? .distantFuture, $0.id) < ($1.due ?? .distantFuture, $1.id) }
    }
}
