import Core
import Fluent
import NIOCore
import Vapor

/// `tinhso check-deadlines`: escalates overdue reports to the parent unit's officers. Idempotent.
struct CheckDeadlinesCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Marks overdue citizen reports and escalates them to the parent unit (safe to repeat)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let overdue = try await DeadlineCheck.run(context.application)
        context.console.print("Escalated \(overdue) overdue report(s).")
    }
}

enum DeadlineCheck {
    static func run(_ app: Application) async throws -> Int {
        let calendar = try await app.services.calendar.calendar(on: app.db)
        return try await app.db.transaction { db in
            try await app.services.feedback(on: db).checkDeadlines(calendar: calendar).count
        }
    }
}

/// While serving, checks deadlines every ten minutes (the first check ten minutes after start).
struct DeadlineTimer: LifecycleHandler {
    static let interval = TimeAmount.minutes(10)

    func didBoot(_ app: Application) throws {
        let task = app.eventLoopGroup.next().scheduleRepeatedAsyncTask(
            initialDelay: Self.interval,
            delay: Self.interval
        ) { _ in
            app.eventLoopGroup.next().makeFutureWithTask {
                do {
                    let count = try await DeadlineCheck.run(app)
                    if count > 0 { app.logger.notice("Escalated \(count) overdue report(s).") }
                } catch {
                    app.logger.report(error: error)
                }
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
