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

    /// The report, narrowed to the units the reader may view (a commune officer sees their commune's part).
    static func visible(_ report: AnalysisReport, _ req: Request) async throws -> AnalysisReport {
        let principal = try official(req)
        let units = req.services.units(on: req.db)
        var allowed: [String: Bool] = [:]
        for code in Set(report.findings.map(\.unitCode)) {
            guard let unit = try await units.find(UnitKey(tree: .current, code: code)) else { continue }
            allowed[code] = Authorizer.may(principal, .view, on: try await units.lineage(of: unit.id))
        }
        let findings = report.findings.filter { allowed[$0.unitCode] == true }
        let kept = Set(findings.map(\.id))
        return AnalysisReport(
            id: report.id,
            month: report.month,
            provinceCode: report.provinceCode,
            provinceName: report.provinceName,
            generatedAt: report.generatedAt,
            seriesRead: report.seriesRead,
            findings: findings,
            recommendations: report.recommendations.filter { $0.findings.allSatisfy(kept.contains) }
        )
    }

    static func find(_ req: Request) async throws -> AnalysisReport {
        guard let id = req.parameters.get("id").flatMap(AnalysisReport.ID.init(uuidString:)),
            let report = try await SQLIOCRepository(db: req.db).report(id)
        else { throw IndicatorError.notFound }
        return try await visible(report, req)
    }

    @Sendable func report(req: Request) async throws -> AnalysisReport {
        try await Self.find(req)
    }

    struct RunInput: Content {
        /// `2026-10` or `202610`.
        let month: String
        var province: String?
    }

    /// `POST /api/v1/ioc/analysis`: runs (or reruns) a month's analysis; the province's administrators only.
    @Sendable func runAnalysis(req: Request) async throws -> Response {
        let principal = try Self.official(req)
        let input = try req.content.decode(RunInput.self)
        let code = input.province ?? req.services.config.homeProvince ?? DemoData.provinceCode
        let units = req.services.units(on: req.db)
        guard let province = try await units.find(UnitKey(tree: .current, code: code)) else {
            throw IndicatorError.invalidField(field: "province", issue: .unknownCode(code))
        }
        guard Authorizer.may(principal, .configure, on: try await units.lineage(of: province.id)) else {
            throw AccountError.forbidden
        }
        let month = try Analysis.month(input.month, now: req.services.clock.now())
        let report = try await req.transaction { db in
            try await req.services.analysis(on: db).run(month: month, provinceCode: code)
        }
        return try await report.encodeResponse(status: .created, for: req)
    }

    // MARK: Alerts

    /// Alerts of the units the user may view, open first, newest first.
    static func alerts(_ req: Request, openOnly: Bool) async throws -> [Alert] {
        let principal = try official(req)
        let units = req.services.units(on: req.db)
        var allowed: [String: Bool] = [:]
        var out: [Alert] = []
        for alert in try await SQLIOCRepository(db: req.db).alerts(openOnly: openOnly, limit: 500) {
            if allowed[alert.unitCode] == nil {
                let unit = try await units.find(UnitKey(tree: .current, code: alert.unitCode))
                allowed[alert.unitCode] =
                    try await unit.asyncMap { Authorizer.may(principal, .view, on: try await units.lineage(of: $0.id)) }
                    ?? false
            }
            if allowed[alert.unitCode] == true { out.append(alert) }
        }
        return out
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
        guard let id = req.parameters.get("id").flatMap(AlertRule.ID.init(uuidString:)) else {
            throw IndicatorError.notFound
        }
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
        let (raised, cleared) = try await req.transaction { db in try await req.services.alerts(on: db).evaluate() }
        return Evaluation(raised: raised, cleared: cleared)
    }

    struct Acknowledgement: Content {
        var note: String?
    }

    @Sendable func acknowledge(req: Request) async throws -> Alert {
        let principal = try req.principal
        guard let id = req.parameters.get("id").flatMap(Alert.ID.init(uuidString:)) else {
            throw IndicatorError.notFound
        }
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
        guard let id = req.parameters.get("id").flatMap(Dashboard.ID.init(uuidString:)) else {
            throw IndicatorError.notFound
        }
        try await req.transaction { db in try await req.services.dashboards(on: db).delete(id, by: principal) }
        return .noContent
    }
}

extension AnalysisReport: Content {}
extension Dashboard: Content {}
extension Alert: Content {}
extension AlertRule: Content {}
