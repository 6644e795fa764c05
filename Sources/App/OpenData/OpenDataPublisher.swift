import Core
import Crypto
import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// Regenerates the catalogue from the platform's data: every table is hashed, and only a table whose rows changed
/// gets a new DataStore table and a new last-modified date, so the dates say when the data really changed. Runs at
/// start, hourly in `serve`, on `tinhso opendata publish`, and on an administrator's request.
enum OpenDataPublisher {
    struct Summary: Content {
        var datasets: Int
        var changed: [String]
        var removed: [String]
        /// Another publication was running: this one did nothing.
        var busy = false
    }

    /// One publication at a time per application.
    final class Lock: Sendable {
        private let running = NIOLockedValueBox(false)

        /// Takes the lock if it is free.
        func acquire() -> Bool {
            running.withLockedValue { busy in
                defer { busy = true }
                return !busy
            }
        }

        func release() { running.withLockedValue { $0 = false } }
    }

    static func province(_ app: Application) -> String? {
        app.services.config.homeProvince ?? (app.hasDemoData ? DemoData.provinceCode : nil)
    }

    static func publish(on db: any Database, services: AppServices, provinceCode: String) async throws -> Summary {
        guard services.publishLock.acquire() else { return Summary(datasets: 0, changed: [], removed: [], busy: true) }
        defer { services.publishLock.release() }
        guard let province = try await services.units(on: db).find(UnitKey(tree: .current, code: provinceCode)) else {
            throw IndicatorError.invalidField(field: "province", issue: .unknownCode(provinceCode))
        }
        let now = services.clock.now()
        let catalog = OpenDataCatalog(db: db)
        let sources = OpenDataSources(db: db, services: services, province: province)
        var settings = try await catalog.settings()
        let organizations = try await sources.organizations()
        if settings.organizations != organizations {
            settings.organizations = organizations
            let updated = settings
            try await services.writeTransaction(on: db) { db in try await OpenDataCatalog(db: db).save(updated) }
        }
        let tables = try await sources.all(
            indicators: settings.indicators,
            organizations: settings.organizations,
            now: now
        )
        let existing = Dictionary(uniqueKeysWithValues: try await catalog.entries().map { ($0.dataset.name, $0) })
        var changed: [String] = []
        for table in tables {
            let hash = await Self.hash(table)
            let old = existing[table.name]
            var resource = DataResource(
                id: table.name,
                name: table.title,
                description: table.notes,
                fields: table.fields,
                rowCount: table.rows.count,
                hash: hash,
                created: old?.dataset.resource.created ?? now,
                lastModified: old?.dataset.resource.lastModified ?? now
            )
            var tableName = old?.table ?? ""
            let same =
                old.map { $0.dataset.resource.hash == hash && $0.dataset.resource.fields == table.fields } ?? false
            if !same {
                resource.lastModified = now
                tableName = DatastoreStore.tableName(resourceID: table.name)
                changed.append(table.name)
            }
            let dataset = Dataset(
                name: table.name,
                title: table.title,
                titleEN: table.titleEN,
                notes: table.notes,
                notesEN: table.notesEN,
                organization: table.organization,
                tags: table.tags,
                isPrivate: table.isPrivate,
                frequency: table.frequency,
                resource: resource,
                created: old?.dataset.created ?? now,
                modified: same ? old?.dataset.modified ?? now : now,
                reviewed: old?.dataset.reviewed ?? now
            )
            let entry = OpenDataCatalog.Entry(dataset: dataset, table: tableName)
            guard !same || old?.dataset != dataset else { continue }
            if !same {
                // The new table fills in short transactions of its own, under a name nothing reads yet; if that
                // fails, it goes. (A crash meanwhile leaves it unnamed by the catalogue, unread.)
                // A stopping server ends the filling at the next step: it waits for the job only ten seconds.
                let inItsOwnTransaction: DatastoreStore.Step = { work in
                    guard !services.inFlight.isStopping else { throw CancellationError() }
                    try await services.writeTransaction(on: db) { db in try await work(DatastoreStore(db: db)) }
                }
                do {
                    try await DatastoreStore(db: db).create(
                        entry.table,
                        fields: table.fields,
                        rows: table.rows,
                        step: inItsOwnTransaction
                    )
                } catch {
                    try? await services.writeTransaction(on: db) { db in
                        try await DatastoreStore(db: db).drop(entry.table)
                    }
                    throw error
                }
            }
            // The catalogue row and dropping the old table commit together: readers move to the new table at once.
            try await services.writeTransaction(on: db) { db in
                try await OpenDataCatalog(db: db).save(entry)
                if let old, old.table != entry.table { try await DatastoreStore(db: db).drop(old.table) }
            }
        }
        let kept = Set(tables.map(\.name))
        let removed = existing.keys.filter { !kept.contains($0) }.sorted()
        for name in removed {
            let table = existing[name]?.table
            try await services.writeTransaction(on: db) { db in
                try await OpenDataCatalog(db: db).delete(name)
                if let table { try await DatastoreStore(db: db).drop(table) }
            }
        }
        return Summary(datasets: tables.count, changed: changed, removed: removed)
    }

    /// SHA-256 over the column names and every value, so equal tables hash equal.
    static func hash(_ table: PublishedTable) async -> String {
        var hasher = SHA256()
        hasher.update(data: Data(table.fields.map { "\($0.id):\($0.type.rawValue)" }.joined(separator: ",").utf8))
        await table.rows.forEachGivingWay { row in
            var line = "\n"
            for value in row {
                switch value {
                case .text(let text)?: line += "t" + text
                case .int(let number)?: line += "i\(number)"
                case .number(let number)?: line += "n\(number)"
                case nil: line += "-"
                }
                line += "\u{1F}"
            }
            hasher.update(data: Data(line.utf8))
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// `serve`: publish a minute after start, then every hour.
struct OpenDataTimer: LifecycleHandler {
    private struct TaskKey: StorageKey { typealias Value = RepeatedTask }

    func didBoot(_ app: Application) throws {
        let task = app.repeatScheduled(after: .seconds(20), every: .hours(1)) {
            guard let province = OpenDataPublisher.province(app),
                try await app.holdsLease("opendata-publish", every: .hours(1))
            else { return }
            let summary = try await OpenDataPublisher.publish(
                on: app.jobsDB,
                services: app.services,
                provinceCode: province
            )
            if !summary.changed.isEmpty {
                app.logger.notice("Open data: \(summary.changed.count) dataset(s) regenerated.")
            }
            // The security registry's figures carried into the current month.
            try await app.writeTransaction { db in
                try await SecurityFeed.refresh(on: db, services: app.services, units: nil)
                try await TeamFeed.refresh(on: db, services: app.services, province: province)
            }
        }
        app.storage[TaskKey.self] = task
    }

    func shutdown(_ app: Application) { app.storage[TaskKey.self]?.cancel() }
}

/// `tinhso opendata publish [--province 38]`.
struct OpenDataCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "publish")
        var action: String
        @Option(name: "province", help: "Province code (default: TINHSO_PROVINCE, or the demo's)")
        var province: String?
    }

    var help: String { "Regenerate the open-data catalogue and its DataStore tables." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "publish" else {
            throw WebError.invalidParameter(name: "action", issue: .unknownCode(signature.action))
        }
        let app = context.application
        let province = signature.province ?? app.services.config.homeProvince ?? DemoData.provinceCode
        let summary = try await OpenDataPublisher.publish(on: app.db, services: app.services, provinceCode: province)
        context.console.print(
            "\(summary.datasets) dataset(s); regenerated: \(summary.changed.joined(separator: ", ")); removed: \(summary.removed.count)"
        )
    }
}
