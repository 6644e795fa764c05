import Core
import Fluent
import NIOCore
import Vapor

/// `tinhso analyse --month 2026-10 [--province 38]`: the monthly automatic analysis of a province (the home
/// province by default), stored and listed on `/ioc/analysis`. Running it again replaces that month's report.
struct AnalyseCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "month", help: "The month, YYYY-MM or YYYYMM (default: the previous month)")
        var month: String?
        @Option(name: "province", help: "The province code (default: the configured home province)")
        var province: String?
    }

    var help: String { "Analyses a month's indicators, reports and DTI for a province and stores the recommendations." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let month = try Analysis.month(signature.month, now: app.services.clock.now())
        let province = signature.province ?? app.services.config.homeProvince ?? DemoData.provinceCode
        let started = ContinuousClock.now
        let report = try await Analysis.run(app, month: month, province: province)
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        context.console.print(
            "Analysed \(report.provinceName) for \(month): \(report.seriesRead) series, \(report.findings.count) "
                + "finding(s), \(report.recommendations.count) recommendation(s) in \(String(format: "%.2f", seconds)) s."
        )
    }
}

enum Analysis {
    /// `2026-10` or `202610`; nil means the month before today's.
    static func month(_ text: String?, now: Date) throws -> Period {
        guard let text else { return Period(.monthly, containing: CivilDate(now)).previous }
        guard let month = Period(text.replacingOccurrences(of: "-", with: "")), month.type == .monthly else {
            throw IndicatorError.invalidField(field: "month", issue: .periodType(.monthly))
        }
        return month
    }

    static func run(_ app: Application, month: Period, province: String) async throws -> AnalysisReport {
        try await app.writeTransaction { db in
            try await app.services.analysis(on: db).run(
                month: month,
                provinceCode: province,
                dtiRankTarget: app.services.config.dtiRankTarget
            )
        }
    }
}

/// While serving: evaluates the alert rules every five minutes, and once a month has ended analyses it for the
/// home province (checked hourly, so a restart does not skip a month).
struct IOCTimer: LifecycleHandler {
    static let alertInterval = TimeAmount.minutes(5)
    static let analysisInterval = TimeAmount.hours(1)

    func didBoot(_ app: Application) throws {
        let alerts = app.repeatScheduled(after: .seconds(30), every: Self.alertInterval) {
            guard try await app.holdsLease("ioc-alerts", every: Self.alertInterval) else { return }
            let observed = try await app.services.alerts(on: app.jobsDB).observeRules()
            let (raised, cleared) = try await app.writeTransaction { db in
                try await app.services.alerts(on: db).record(observed)
            }
            if raised + cleared > 0 { app.logger.notice("Alerts: \(raised) raised, \(cleared) cleared.") }
        }
        let analysis = app.repeatScheduled(after: .minutes(2), every: Self.analysisInterval) {
            guard try await app.holdsLease("ioc-analysis", every: Self.analysisInterval) else { return }
            // Only where the province is known: configured, or the demo's.
            guard
                let province = app.services.config.homeProvince
                    ?? (app.hasDemoData ? DemoData.provinceCode : nil)
            else { return }
            let month = try Analysis.month(nil, now: app.services.clock.now())
            let done = try await SQLIOCRepository(db: app.db).reports(provinceCode: province, limit: 1)
            guard done.first?.month != month.description else { return }
            let report = try await Analysis.run(app, month: month, province: province)
            app.logger.notice("Analysed \(month): \(report.findings.count) finding(s).")
        }
        app.storage[TaskKey.self] = [alerts, analysis]
    }

    func shutdown(_ app: Application) {
        for task in app.storage[TaskKey.self] ?? [] { task.cancel() }
    }

    struct TaskKey: StorageKey {
        typealias Value = [RepeatedTask]
    }
}
