import Core
import Fluent
import NIOCore
import Vapor

/// `tinhso check-deadlines`: escalates overdue reports to the parent unit's officers and reminds officers of
/// dossiers due within a working day. Idempotent.
struct CheckDeadlinesCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String {
        "Escalates overdue citizen reports to the parent unit and reminds officers of dossiers due within a working day "
            + "(safe to repeat)."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let (overdue, reminded) = try await DeadlineCheck.run(context.application)
        context.console.print("Escalated \(overdue) overdue report(s); reminded \(reminded) dossier(s) due soon.")
    }
}

enum DeadlineCheck {
    static func run(_ app: Application) async throws -> (overdue: Int, reminded: Int) {
        let calendar = try await app.services.calendar.calendar(on: app.db)
        let due = try await app.services.feedback(on: app.jobsDB).overdue(calendar: calendar)
        let overdue = try await app.writeTransaction { db in
            try await app.services.feedback(on: db).escalate(due).count
        }
        let reminded = try await app.writeTransaction { db in
            try await app.services.dossiers(on: db).remindDueSoon().count
        }
        return (overdue, reminded)
    }
}

/// While serving, checks deadlines every ten minutes (the first check ten minutes after start).
struct DeadlineTimer: LifecycleHandler {
    static let interval = TimeAmount.minutes(10)

    func didBoot(_ app: Application) throws {
        let task = app.repeatScheduled(after: Self.interval, every: Self.interval) {
            guard try await app.holdsLease("check-deadlines", every: Self.interval) else { return }
            let (overdue, reminded) = try await DeadlineCheck.run(app)
            if overdue + reminded > 0 {
                app.logger.notice("Escalated \(overdue) overdue report(s); reminded \(reminded) dossier(s).")
            }
        }
        app.storage[TaskKey.self] = task
    }

    func shutdown(_ app: Application) {
        app.storage[TaskKey.self]?.cancel()
    }

    struct TaskKey: StorageKey {
        typealias Value = RepeatedTask
    }
}
