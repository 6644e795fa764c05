import Core
import Fluent
import Foundation
import NIOCore
import SQLKit
import Synchronization
import Vapor

/// A lease on a scheduled job in the database, so that several `serve` processes against one database run each
/// timer once (issue 11): the holder renews it on every run; another process takes it over only once it has expired
/// (its holder stopped). One atomic upsert decides, on SQLite and PostgreSQL alike.
enum JobLease {
    /// The jobs this process holds, for logging changes of hands.
    static let taken = Mutex<Set<String>>([])

    /// This process, as a lease holder.
    static let instance = UUID().uuidString

    /// Takes or renews the lease on `job` until `now + seconds`; false when another live holder has it.
    static func acquire(_ job: String, holder: String, for seconds: Double, now: Date, on db: any Database)
        async throws -> Bool
    {
        guard let sql = db as? any SQLDatabase else { return true }
        let time = now.timeIntervalSince1970
        try await sql.raw(
            """
            INSERT INTO job_leases (name, holder, expires_at) VALUES (\(bind: job), \(bind: holder), \(bind: time + seconds))
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE job_leases.holder = excluded.holder OR job_leases.expires_at < \(bind: time)
            """
        ).run()
        let row = try await sql.raw("SELECT holder FROM job_leases WHERE name = \(bind: job)").first()
        return try row?.decode(column: "holder", as: String.self) == holder
    }
}

extension Application {
    /// Whether this process runs the `job` now (it holds the lease for `interval` plus a minute's grace).
    func holdsLease(_ job: String, every interval: TimeAmount) async throws -> Bool {
        let now = services.clock.now()
        let held = try await writeTransaction { db in
            try await JobLease.acquire(
                job,
                holder: JobLease.instance,
                for: Double(interval.nanoseconds) / 1e9 + 60,
                now: now,
                on: db
            )
        }
        // Logged once per taking, so the logs of several processes show which one runs each job.
        if held, JobLease.taken.withLock({ $0.insert(job).inserted }) {
            logger.info("Scheduled job \(job): this process (\(JobLease.instance)) holds the lease")
        } else if !held, JobLease.taken.withLock({ $0.remove(job) != nil }) {
            logger.info("Scheduled job \(job): the lease went to another process")
        }
        return held
    }
}

/// Gives this process's leases back when it stops, so a restarted server runs its timers at once; after a crash
/// they lapse on their own (the job's interval plus a minute).
struct JobLeaseRelease: LifecycleHandler {
    func shutdownAsync(_ app: Application) async {
        try? await (app.db as? any SQLDatabase)?.raw("DELETE FROM job_leases WHERE holder = \(bind: JobLease.instance)")
            .run()
    }
}

/// The table of leases.
struct CreateJobLeases: AsyncMigration {
    var name: String { "2026-11-24-create-job-leases" }

    func prepare(on database: any Database) async throws {
        try await database.schema("job_leases")
            .field("name", .string, .identifier(auto: false))
            .field("holder", .string, .required)
            .field("expires_at", .double, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("job_leases").delete()
    }
}
