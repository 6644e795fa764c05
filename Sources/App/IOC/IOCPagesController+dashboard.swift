import Core
import Fluent
import Foundation
import Vapor

/// `/ioc`: a dashboard for a unit and a time range (both in the URL, so a view can be shared), drill-down by unit,
/// widget CSV, kiosk mode for the wall, and editing for whoever configures the dashboard's unit.
extension IOCPagesController {
    /// The built-in dashboard's identifier (not stored until someone saves it).
    static let standardID = Dashboard.ID(rawValue: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))

    struct Selection {
        let dashboard: Dashboard
        let stored: [Dashboard]
        let unit: AdminUnit
        let range: TimeRange
    }

    /// Reads `d`, `ou`, `range` (or `from`/`to`): the unit must be viewable; the dashboard defaults to the unit's
    /// first stored one, else the built-in one over the unit's targeted indicators.
    func select(_ req: Request) async throws -> Selection {
        _ = try IOCController.official(req)
        let stored = try await SQLIOCRepository(db: req.db).dashboards()
        let chosen = req.queryString("d").flatMap(Dashboard.ID.init(uuidString:)).flatMap { id in
            stored.first { $0.id == id }
        }
        let code =
            req.queryString("ou") ?? chosen?.unitCode ?? req.services.config.homeProvince ?? DemoData.provinceCode
        let unit = try await req.viewableUnit(code: code, parameter: "ou")
        let today = CivilDate(req.services.clock.now())
        var text = req.queryString("range") ?? "12m"
        if let from = req.queryString("from"), let to = req.queryString("to") { text = "\(from)-\(to)" }
        guard let range = TimeRange(text, today: today) else {
            throw WebError.invalidParameter(name: "range", issue: .oneOf(TimeRange.Relative.allCases.map(\.rawValue)))
        }
        if let chosen { return Selection(dashboard: chosen, stored: stored, unit: unit, range: range) }
        let principal = try req.principal
        // The unit's dashboard for the user's role first, then one for everyone.
        let forUnit = stored.filter { $0.unitCode == unit.code && $0.isDefault(for: principal) }
        if req.queryString("d") == nil, let own = forUnit.first(where: { !$0.roles.isEmpty }) ?? forUnit.first {
            return Selection(dashboard: own, stored: stored, unit: unit, range: range)
        }
        let builtIn = try await standard(req, unit: unit, year: range.months.last!.year)
        return Selection(dashboard: builtIn, stored: stored, unit: unit, range: range)
    }

    func standard(_ req: Request, unit: AdminUnit, year: Int) async throws -> Dashboard {
        let service = req.services.indicators(on: req.db)
        let catalog = try await service.catalog()
        var codes = try await service.targets(unitCode: unit.code, period: String(year)).map(\.indicator)
            .filter { catalog.indicators[$0]?.periodType == .monthly }
        if codes.isEmpty {
            codes = catalog.indicators.values.filter { $0.periodType == .monthly && !$0.automatic }.map(\.code).sorted()
        }
        var dashboard = Dashboard.standard(unitCode: unit.code, indicators: Array(codes.prefix(6)))
        dashboard.id = Self.standardID
        return dashboard
    }

    struct DashboardPage: Encodable {
        let layout: PageLayout
        let dashboardID: String
        let name: String
        let saved: Bool
        let dashboards: [SelectOption]
        let unit: String
        let unitName: String
        let crumbs: [SelectOption]
        let range: String
        let ranges: [SelectOption]
        let rangeLabel: String
        let widgets: [RenderedWidget]
        let query: String
        let kiosk: String
        let editable: Bool
        let kinds: [SelectOption]
        let subjects: [SelectOption]
        let roles: [SelectOption]
        let refresh: Int
    }

    @Sendable func dashboard(req: Request) async throws -> View {
        let selection = try await select(req)
        let principal = try req.principal
        let units = req.services.units(on: req.db)
        let widgets = try await DashboardRenderer(
            req: req,
            dashboard: selection.dashboard,
            unit: selection.unit,
            range: selection.range
        ).shared()
        let query = "d=\(selection.dashboard.id)&ou=\(selection.unit.code)&range=\(selection.range.text)"
        let crumbs = try await units.ancestors(of: selection.unit).map {
            SelectOption(
                value: "/ioc?d=\(selection.dashboard.id)&ou=\($0.code)&range=\(selection.range.text)",
                label: $0.name
            )
        }
        let scope = try await units.find(UnitKey(tree: .current, code: selection.dashboard.unitCode))
        let editable =
            try await scope.asyncMap {
                Authorizer.may(principal, .configure, on: try await units.lineage(of: $0.id))
            } ?? false
        let saved = selection.dashboard.id != Self.standardID
        // The editing forms' choices only for whoever sees the forms (the template's `editable && saved` branch for
        // widgets, `editable` for saving): the indicator list alone is a thousand options for Leaf to encode and
        // walk (issue 11).
        let editsWidgets = editable && saved
        let subjects =
            editsWidgets
            ? LiveCounter.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) }
                + (try await req.services.indicators(on: req.db).catalog()).indicators.values
                .sorted { $0.code < $1.code }
                .map { SelectOption(value: $0.code, label: "\($0.name) (\($0.code))") }
            : []
        let refresh = min(max(Int(req.queryString("refresh") ?? "") ?? 0, 0), 3600)
        var layout = PageLayout.make(req, title: "Điều hành — \(selection.dashboard.name)", section: .ioc)
        if refresh >= 15 { layout.refresh = refresh }
        return try await req.view.render(
            "IOC/dashboard",
            DashboardPage(
                layout: layout,
                dashboardID: selection.dashboard.id.description,
                name: selection.dashboard.name,
                saved: saved,
                dashboards: [SelectOption(value: Self.standardID.description, label: "Tổng quan (mặc định)")]
                    + selection.stored.map {
                        let roles = $0.roles.isEmpty ? "" : " · " + $0.roles.map(\.label).joined(separator: ", ")
                        return SelectOption(value: $0.id.description, label: "\($0.name) (\($0.unitCode)\(roles))")
                    },
                unit: selection.unit.code,
                unitName: selection.unit.name,
                crumbs: crumbs,
                range: selection.range.text,
                ranges: TimeRange.Relative.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) },
                rangeLabel: selection.range.label,
                widgets: widgets,
                query: query,
                kiosk:
                    "/ioc/kiosk?d=\(([selection.dashboard] + selection.stored.filter { $0.id != selection.dashboard.id }).map(\.id.description).joined(separator: ","))&ou=\(selection.unit.code)&range=\(selection.range.text)&every=30",
                editable: editable,
                kinds: editsWidgets
                    ? Widget.Kind.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) } : [],
                subjects: subjects,
                roles: editable
                    ? [Role.iocViewer, .officer, .unitAdmin, .provinceAdmin].map {
                        SelectOption(value: $0.rawValue, label: $0.label)
                    } : [],
                refresh: refresh
            )
        )
    }

    /// `/ioc/widget.csv?…&w=3`: one widget's data, as the page computed it.
    @Sendable func widgetCSV(req: Request) async throws -> Response {
        let selection = try await select(req)
        let widgets = try await DashboardRenderer(
            req: req,
            dashboard: selection.dashboard,
            unit: selection.unit,
            range: selection.range
        ).shared()
        guard let index = try req.queryInt("w"), widgets.indices.contains(index) else {
            throw WebError.invalidParameter(name: "w", issue: .wholeNumber)
        }
        let widget = widgets[index]
        return .csv(
            CSV.document(header: widget.header, rows: widget.rows),
            filename: "ioc-\(selection.unit.code)-\(widget.kind)-\(index + 1).csv"
        )
    }

    struct KioskPage: Encodable {
        let title: String
        let unitName: String
        let rangeLabel: String
        let stylesheetURL: String
        let widgets: [RenderedWidget]
        let every: Int
        let next: String
        let position: String
        let demo: Bool
    }

    /// `/ioc/kiosk?d=a,b&ou=…&range=…&every=30`: full screen, large type, one dashboard after another; the page
    /// reloads itself onto the next (no script).
    @Sendable func kiosk(req: Request) async throws -> View {
        _ = try IOCController.official(req)
        let stored = try await SQLIOCRepository(db: req.db).dashboards()
        let ids = (req.queryString("d") ?? "").split(separator: ",").map(String.init)
        let position = max(0, try req.queryInt("i") ?? 0) % max(1, ids.count)
        let every = min(max(try req.queryInt("every") ?? 30, 10), 600)
        let unit = try await req.viewableUnit(
            code: req.queryString("ou") ?? req.services.config.homeProvince ?? DemoData.provinceCode,
            parameter: "ou"
        )
        guard let range = TimeRange(req.queryString("range") ?? "12m", today: CivilDate(req.services.clock.now()))
        else {
            throw WebError.invalidParameter(name: "range", issue: .oneOf(TimeRange.Relative.allCases.map(\.rawValue)))
        }
        let wanted = ids.isEmpty ? nil : Dashboard.ID(uuidString: ids[position])
        var dashboard = stored.first { $0.id == wanted }
        if dashboard == nil { dashboard = try await standard(req, unit: unit, year: range.months.last!.year) }
        guard let dashboard else { throw IndicatorError.notFound }
        let widgets = try await DashboardRenderer(req: req, dashboard: dashboard, unit: unit, range: range).shared()
        let next =
            "/ioc/kiosk?d=\(ids.joined(separator: ","))&ou=\(unit.code)&range=\(range.text)&every=\(every)"
            + "&i=\((position + 1) % max(1, ids.count))"
        return try await req.view.render(
            "IOC/kiosk",
            KioskPage(
                title: dashboard.name,
                unitName: unit.name,
                rangeLabel: range.label,
                stylesheetURL: SiteURL.stylesheet.path,
                widgets: widgets,
                every: every,
                next: next,
                position: "\(position + 1)/\(max(1, ids.count))",
                demo: req.application.hasDemoData
            )
        )
    }
}
