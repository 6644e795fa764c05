import Core
import Fluent
import Foundation
import Vapor

/// `/api/v1/ioc/…` and `/api/v1/alerts/…`: monthly analysis reports, alert rules, alerts and their acknowledgement.
struct IOCController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let ioc = routes.grouped("ioc")
        ioc.get("analysis", use: reports)
        ioc.post("analysis", use: runAnalysis)
        ioc.get("analysis", ":id", use: report)
        ioc.get("dashboards", use: dashboards)
        ioc.put("dashboards", use: saveDashboard)
        ioc.delete("dashboards", ":id", use: deleteDashboard)
        let alerts = routes.grouped("alerts")
        alerts.get(use: listAlerts)
        alerts.get("rules", use: rules)
        alerts.put("rules", use: saveRule)
        alerts.delete("rules", ":id", use: deleteRule)
        alerts.post("evaluate", use: evaluate)
        alerts.post(":id", "acknowledge", use: acknowledge)
    }

    /// Officials only: citizens do not read the IOC.
    static func official(_ req: Request) throws -> Principal {
        let principal = try req.principal
        guard (principal.highestRole ?? .citizen) != .citizen, !principal.user.isDisabled else {
            throw AccountError.forbidden
        }
        return principal
    }

    struct ReportSummary: Content {
        let id: AnalysisReport.ID
        let month: String
        let provinceCode: String
        let provinceName: String
        let generatedAt: Date
        let findings: Int
        let recommendations: Int
    }

    @Sendable func reports(req: Request) async throws -> [ReportSummary] {
        _ = try Self.official(req)
        return try await SQLIOCRepository(db: req.db).reports(provinceCode: req.queryString("province"), limit: 60).map
        {
            ReportSummary(
                id: $0.id,
                month: $0.month,
                provinceCode: $0.provinceCode,
                provinceName: $0.provinceName,
                generatedAt: $0.generatedAt,
                findings: $0.findings.count,
                recommendations: $0.recommendations.count
            )
        }
    }

    /// Which of these current unit codes the signed-in official may view.
    static func viewable(_ codes: Set<String>, _ req: Request) async throws -> Set<String> {
        let principal = try official(req)
        let units = req.services.units(on: req.db)
        var allowed: Set<String> = []
        for code in codes {
            guard let unit = try await units.find(UnitKey(tree: .current, code: code)) else { continue }
            if Authorizer.may(principal, .view, on: try await units.lineage(of: unit.id)) { allowed.insert(code) }
        }
        return allowed
    }

    /// The report, narrowed to the units the reader may view (a commune officer sees their commune's part).
    static func find(_ req: Request) async throws -> AnalysisReport {
        guard let report = try await SQLIOCRepository(db: req.db).report(try req.pathID(AnalysisReport.ID.self)) else {
            throw IndicatorError.notFound
        }
        let allowed = try await viewable(Set(report.findings.map(\.unitCode)), req)
        return report.narrowed { allowed.contains($0.unitCode) }
    }

    @Sendable func report(req: Request) async throws -> AnalysisReport {
        try await Self.find(req)
    }

    struct RunInput: Content {
        /// `2026-10` or `202610`.
        let month: String
        var province: String?
    }

    /// Runs (or reruns) a month's analysis of a province (the home one by default); its administrators only.
    static func run(_ req: Request, _ input: RunInput) async throws -> AnalysisReport {
        let principal = try official(req)
        let code = input.province ?? req.services.config.homeProvince ?? DemoData.provinceCode
        let units = req.services.units(on: req.db)
        guard let province = try await units.find(UnitKey(tree: .current, code: code)) else {
            throw IndicatorError.invalidField(field: "province", issue: .unknownCode(code))
        }
        guard Authorizer.may(principal, .configure, on: try await units.lineage(of: province.id)) else {
            throw AccountError.forbidden
        }
        let month = try Analysis.month(input.month, now: req.services.clock.now())
        return try await req.transaction { db in
            try await req.services.analysis(on: db).run(
                month: month,
                provinceCode: code,
                dtiRankTarget: req.services.config.dtiRankTarget
            )
        }
    }

    /// `POST /api/v1/ioc/analysis`.
    @Sendable func runAnalysis(req: Request) async throws -> Response {
        try await Self.run(req, try req.content.decode(RunInput.self)).encodeResponse(status: .created, for: req)
    }

    // MARK: Alerts

    /// Alerts of the units the user may view, open first, newest first.
    static func alerts(_ req: Request, openOnly: Bool) async throws -> [Alert] {
        let alerts = try await SQLIOCRepository(db: req.db).alerts(openOnly: openOnly, limit: 500)
        let allowed = try await viewable(Set(alerts.map(\.unitCode)), req)
        return alerts.filter { allowed.contains($0.unitCode) }
    }

    @Sendable func listAlerts(req: Request) async throws -> [Alert] {
        try await Self.alerts(req, openOnly: req.queryString("open") == "true")
    }

    @Sendable func rules(req: Request) async throws -> [AlertRule] {
        _ = try Self.official(req)
        return try await SQLIOCRepository(db: req.db).rules()
    }

    @Sendable func saveRule(req: Request) async throws -> AlertRule {
        let principal = try req.principal
        let rule = try req.content.decode(AlertRule.self)
        try await req.transaction { db in try await req.services.alerts(on: db).saveRule(rule, by: principal) }
        return rule
    }

    @Sendable func deleteRule(req: Request) async throws -> HTTPStatus {
        let principal = try req.principal
        let id = try req.pathID(AlertRule.ID.self)
        try await req.transaction { db in try await req.services.alerts(on: db).deleteRule(id, by: principal) }
        return .noContent
    }

    struct Evaluation: Content {
        let raised: Int
        let cleared: Int
    }

    /// `POST /api/v1/alerts/evaluate`: evaluates the rules now (any official; the timer does it every five minutes).
    @Sendable func evaluate(req: Request) async throws -> Evaluation {
        _ = try Self.official(req)
        let observed = try await req.services.alerts(on: req.db).observeRules()
        let (raised, cleared) = try await req.transaction { db in
            try await req.services.alerts(on: db).record(observed)
        }
        return Evaluation(raised: raised, cleared: cleared)
    }

    struct Acknowledgement: Content {
        var note: String?
    }

    @Sendable func acknowledge(req: Request) async throws -> Alert {
        let principal = try req.principal
        let id = try req.pathID(Alert.ID.self)
        let note = try req.content.decode(Acknowledgement.self).note ?? ""
        return try await req.transaction { db in
            try await req.services.alerts(on: db).acknowledge(id, note: note, by: principal)
        }
    }
}

extension IOCController {
    @Sendable func dashboards(req: Request) async throws -> [Dashboard] {
        _ = try Self.official(req)
        return try await SQLIOCRepository(db: req.db).dashboards()
    }

    /// `PUT /api/v1/ioc/dashboards`: creates or replaces one (configure rights on its unit; widgets checked).
    @Sendable func saveDashboard(req: Request) async throws -> Dashboard {
        let principal = try req.principal
        let dashboard = try req.content.decode(Dashboard.self)
        try await req.transaction { db in try await req.services.dashboards(on: db).save(dashboard, by: principal) }
        return dashboard
    }

    @Sendable func deleteDashboard(req: Request) async throws -> HTTPStatus {
        let principal = try req.principal
        let id = try req.pathID(Dashboard.ID.self)
        try await req.transaction { db in try await req.services.dashboards(on: db).delete(id, by: principal) }
        return .noContent
    }
}

extension AnalysisReport: Content {}
extension Dashboard: Content {}
extension Alert: Content {}
extension AlertRule: Content {}
