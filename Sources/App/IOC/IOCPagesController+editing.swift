import Core
import Fluent
import Foundation
import Vapor

/// Dashboard editing from the page: save the built-in one under a name, add and remove widgets, delete.
extension IOCPagesController {
    struct NewDashboard: Content {
        let name: String
        let ou: String
        /// A role whose default it becomes; empty for everyone.
        var role: String?
    }

    /// Saves the built-in dashboard of the unit under a name, to be edited from then on.
    @Sendable func createDashboard(req: Request) async throws -> Response {
        let principal = try IOCController.official(req)
        let form = try req.content.decode(NewDashboard.self)
        let unit = try await req.viewableUnit(code: form.ou, parameter: "ou")
        var dashboard = try await standard(req, unit: unit, year: CivilDate(req.services.clock.now()).year)
        dashboard.id = Dashboard.ID()
        dashboard.name = form.name.trimmingCharacters(in: .whitespaces)
        dashboard.roles = form.role.flatMap(Role.init(rawValue:)).map { [$0] } ?? []
        try await req.transaction { [dashboard] db in
            try await req.services.dashboards(on: db).save(dashboard, by: principal)
        }
        return req.redirect(to: "/ioc?d=\(dashboard.id)&ou=\(unit.code)")
    }

    /// Loads a stored dashboard named in the path, changes it and saves it (audited), back to the page.
    func edit(_ req: Request, _ change: @escaping @Sendable (inout Dashboard) throws -> Void) async throws -> Response {
        let principal = try IOCController.official(req)
        guard let id = req.parameters.get("id").flatMap(Dashboard.ID.init(uuidString:)),
            var dashboard = try await SQLIOCRepository(db: req.db).dashboard(id)
        else { throw IndicatorError.notFound }
        try change(&dashboard)
        try await req.transaction { [dashboard] db in
            try await req.services.dashboards(on: db).save(dashboard, by: principal)
        }
        let back = req.headers.first(name: .referer).flatMap { URL(string: $0) }.map {
            $0.path + ($0.query.map { "?" + $0 } ?? "")
        }
        return req.redirect(to: back?.hasPrefix("/ioc") == true ? back! : "/ioc?d=\(dashboard.id)")
    }

    struct WidgetForm: Content {
        let kind: String
        let subject: String
        var title: String?
    }

    @Sendable func addWidget(req: Request) async throws -> Response {
        let form = try req.content.decode(WidgetForm.self)
        guard let kind = Widget.Kind(rawValue: form.kind) else {
            throw IndicatorError.invalidField(field: "kind", issue: .unknownCode(form.kind))
        }
        return try await edit(req) { dashboard in
            let subject = [.table, .alerts].contains(kind) ? "" : form.subject
            dashboard.widgets.append(
                Widget(kind: kind, title: form.title?.trimmingCharacters(in: .whitespaces) ?? "", subject: subject)
            )
        }
    }

    @Sendable func removeWidget(req: Request) async throws -> Response {
        guard let index = req.parameters.get("index").flatMap(Int.init) else { throw IndicatorError.notFound }
        return try await edit(req) { dashboard in
            guard dashboard.widgets.indices.contains(index) else { throw IndicatorError.notFound }
            dashboard.widgets.remove(at: index)
        }
    }

    @Sendable func deleteDashboard(req: Request) async throws -> Response {
        let principal = try IOCController.official(req)
        let id = try req.pathID(Dashboard.ID.self)
        try await req.transaction { db in try await req.services.dashboards(on: db).delete(id, by: principal) }
        return req.redirect(to: "/ioc")
    }
}
