import Core
import Fluent
import Foundation
import Vapor

/// IOC pages: the monthly analysis reports, the series behind a finding, and alerts with their rules.
struct IOCPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("ioc", use: dashboard)
        routes.get("ioc", "widget.csv", use: widgetCSV)
        routes.get("ioc", "kiosk", use: kiosk)
        routes.post("ioc", "dashboards", use: createDashboard)
        routes.post("ioc", "dashboards", ":id", "widgets", use: addWidget)
        routes.post("ioc", "dashboards", ":id", "widgets", ":index", "delete", use: removeWidget)
        routes.post("ioc", "dashboards", ":id", "delete", use: deleteDashboard)
        routes.get("ioc", "analysis", use: reports)
        routes.post("ioc", "analysis", use: run)
        routes.get("ioc", "analysis", ":id", use: report)
        routes.get("ioc", "analysis", ":id", "pdf", use: reportPDF)
        routes.get("ioc", "series", use: series)
        routes.get("ioc", "alerts", use: alerts)
        routes.post("ioc", "alerts", "rules", use: addRule)
        routes.post("ioc", "alerts", "rules", ":id", "delete", use: deleteRule)
        routes.post("ioc", "alerts", ":id", "acknowledge", use: acknowledge)
        routes.post("ioc", "alerts", "evaluate", use: evaluateNow)
    }

    // MARK: Analysis

    struct ReportsPage: Encodable {
        struct Row: Encodable {
            let id: String
            let month: String
            let province: String
            let generated: String
            let findings: Int
            let recommendations: Int
        }

        let layout: PageLayout
        let rows: [Row]
        let month: String
        let error: String?
    }

    @Sendable func reports(req: Request) async throws -> View {
        try await renderReports(req, error: nil)
    }

    func renderReports(_ req: Request, error: String?) async throws -> View {
        _ = try IOCController.official(req)
        let rows = try await SQLIOCRepository(db: req.db).reports(provinceCode: nil, limit: 60).map {
            ReportsPage.Row(
                id: $0.id.description,
                month: Self.monthText($0.month),
                province: $0.provinceName,
                generated: VietnameseFormat.dateTime($0.generatedAt),
                findings: $0.findings.count,
                recommendations: $0.recommendations.count
            )
        }
        let previous = Period(.monthly, containing: CivilDate(req.services.clock.now())).previous
        return try await req.view.render(
            "IOC/reports",
            ReportsPage(
                layout: .make(req, title: "Phân tích tự động hằng tháng", section: .ioc),
                rows: rows,
                month: String(format: "%04d-%02d", previous.year, previous.first.month),
                error: error
            )
        )
    }

    static func monthText(_ period: String) -> String {
        guard let month = Period(period) else { return period }
        return "\(month.first.month)/\(month.year)"
    }

    /// Runs the analysis from the page (province administrators), then opens the report.
    @Sendable func run(req: Request) async throws -> Response {
        let form = try req.content.decode(IOCController.RunInput.self)
        do {
            let report = try await IOCController.run(req, form)
            return req.redirect(to: "/ioc/analysis/\(report.id)")
        } catch let error where error is IndicatorError || error is AccountError {
            let failure = Failure.from(error)
            let response = try await renderReports(req, error: failure.messageVI).encodeResponse(for: req)
            response.status = failure.status
            return response
        }
    }

    struct ReportPage: Encodable {
        struct Group: Encodable {
            let unit: String
            let items: [Item]
        }

        struct Item: Encodable {
            let text: String
            /// The cited findings: value is the page with the data behind each, label its id.
            let findings: [SelectOption]
        }

        struct Row: Encodable {
            let id: String
            let kind: String
            let unit: String
            let statement: String
            let link: String
        }

        let layout: PageLayout
        let id: String
        let title: String
        let generated: String
        let method: String
        let groups: [Group]
        let findings: [Row]
        let units: [SelectOption]
        let unit: String
        let seriesRead: Int
        /// A PDF can be made here (Chromium is installed).
        let pdf: Bool
        /// The stylesheet inlined, for the self-contained page that is printed to PDF.
        var css: String = ""
    }

    @Sendable func report(req: Request) async throws -> View {
        try await req.view.render("IOC/report", try await reportPage(req))
    }

    /// `/ioc/analysis/{id}/pdf`: the report printed by headless Chromium; 404 with a hint when none is installed.
    @Sendable func reportPDF(req: Request) async throws -> Response {
        var page = try await reportPage(req)
        page.css =
            (try? String(contentsOfFile: req.application.directory.publicDirectory + "css/site.css", encoding: .utf8))
            ?? ""
        let html = String(buffer: try await req.view.render("IOC/report-print", page).data)
        guard let pdf = try await PDFPrinter.print(html: html) else {
            throw Abort(
                .notFound,
                reason: "No PDF printer (chromium) on this server; print the page instead / "
                    + "Máy chủ chưa cài trình in PDF (chromium); hãy in trang báo cáo."
            )
        }
        let response = Response(status: .ok, body: .init(data: pdf))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "pdf")
        response.headers.contentDisposition = .init(.attachment, filename: "phan-tich-\(page.id.prefix(8)).pdf")
        return response
    }

    func reportPage(_ req: Request) async throws -> ReportPage {
        var report = try await IOCController.find(req)
        let all = report
        let unit = req.queryString("unit") ?? ""
        if !unit.isEmpty { report = report.narrowed { $0.unitCode == unit } }
        var order: [String] = []
        var grouped: [String: [ReportPage.Item]] = [:]
        let links = Dictionary(report.findings.map { ($0.id, $0.link) }, uniquingKeysWith: { a, _ in a })
        for rec in report.recommendations {
            let key = "\(rec.unitName) (\(rec.unitCode))"
            if grouped[key] == nil { order.append(key) }
            let cited = rec.findings.map { SelectOption(value: links[$0] ?? "", label: $0) }
            grouped[key, default: []].append(ReportPage.Item(text: rec.text, findings: cited))
        }
        let unitOptions = Dictionary(all.findings.map { ($0.unitCode, $0.unitName) }, uniquingKeysWith: { a, _ in a })
            .sorted { $0.key < $1.key }.map { SelectOption(value: $0.key, label: "\($0.value) (\($0.key))") }
        let title = "Phân tích tháng \(Self.monthText(report.month)) — \(report.provinceName)"
        return ReportPage(
            layout: .make(req, title: title, section: .ioc),
            id: report.id.description,
            title: title,
            generated: VietnameseFormat.dateTime(report.generatedAt),
            method: AnalysisReport.method,
            groups: order.map { ReportPage.Group(unit: $0, items: grouped[$0]!) },
            findings: report.findings.map {
                ReportPage.Row(
                    id: $0.id,
                    kind: $0.kind.label,
                    unit: $0.unitName,
                    statement: $0.statement,
                    link: $0.link
                )
            },
            units: unitOptions,
            unit: unit,
            seriesRead: report.seriesRead,
            pdf: PDFPrinter.executable != nil
        )
    }

    // MARK: Series

    struct SeriesPage: Encodable {
        struct Row: Encodable {
            let month: String
            let value: String
        }

        let layout: PageLayout
        let name: String
        let unitName: String
        let code: String
        let unit: String
        let period: String
        let target: String?
        let chart: String
        let rows: [Row]
    }

    /// `/ioc/series?dx=…&ou=…&pe=202610`: an indicator's 13 months to `pe` for a unit, with the year's target.
    @Sendable func series(req: Request) async throws -> View {
        _ = try IOCController.official(req)
        guard let code = req.queryString("dx") else { throw IndicatorError.invalidField(field: "dx", issue: .required) }
        let unit = try await req.viewableUnit(code: req.queryString("ou") ?? "", parameter: "ou")
        let last = try req.period("pe")
        guard last.type == .monthly else {
            throw IndicatorError.invalidField(field: "pe", issue: .periodType(.monthly))
        }
        var months = [last]
        while months.count < 13 { months.insert(months[0].previous, at: 0) }
        let service = req.services.indicators(on: req.db)
        let catalog = try await service.catalog()
        let name = catalog.indicators[code]?.name ?? catalog.elements[code]?.name ?? code
        let cells = try await service.analytics(items: [code], periods: months, units: [unit])
        let byPeriod = Dictionary(cells.map { ($0.period, $0.value) }, uniquingKeysWith: { a, _ in a })
        let values = months.map { byPeriod[$0] }
        let target = try await service.targets(unitCode: unit.code, period: String(last.year))
            .first { $0.indicator == code }?.value
        let labels = months.map { "\($0.first.month)/\($0.year % 100)" }
        return try await req.view.render(
            "IOC/series",
            SeriesPage(
                layout: .make(req, title: name, section: .ioc),
                name: name,
                unitName: unit.name,
                code: code,
                unit: unit.code,
                period: last.description,
                target: target.map { VietnameseFormat.decimal($0, digits: 1) },
                chart: IOCCharts.line(values, labels: labels, target: target, title: name),
                rows: zip(months, values).reversed().map {
                    SeriesPage.Row(
                        month: "\($0.0.first.month)/\($0.0.year)",
                        value: $0.1.map { VietnameseFormat.decimal($0, digits: 1) } ?? "—"
                    )
                }
            )
        )
    }
}
