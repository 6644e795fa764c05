import Core
import Fluent
import Vapor

/// The unit browser pages.
struct UnitPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("units", use: index)
        routes.get("units", ":tree", ":code", use: show)
        routes.get("units", ":tree", ":code", "children.csv", use: exportChildren)
        routes.post("units", ":tree", ":code", "agencies", use: createAgency)
    }

    @Sendable func index(req: Request) async throws -> View {
        let tree = try req.queryTree(clock: req.services.clock)
        let repository = req.services.units(on: req.db)
        let query = req.queryString("q")
        let rows: [UnitRow]
        var total: Int?
        if query != nil {
            let page = try await repository.search(
                UnitSearch(text: query, tree: tree, page: try req.pageRequest(defaultLimit: 100))
            )
            rows = page.items.map { UnitRow($0) }
            total = page.total
        } else {
            let provinces = try await repository.roots(of: tree)
            let counts = try await repository.childCounts(of: provinces.map(\.id))
            rows = provinces.map { UnitRow($0, counts: counts[$0.id] ?? [:]) }
        }
        let layout = PageLayout.make(req, title: "Đơn vị hành chính", section: .units)
        return try await req.view.render(
            "Units/index",
            UnitsIndexPage.make(layout: layout, tree: tree, query: query, rows: rows, total: total)
        )
    }

    @Sendable func show(req: Request) async throws -> View {
        let repository = req.services.units(on: req.db)
        let unit = try await req.services.unitService(on: req.db).unit(try req.unitKey())
        let children = try await repository.children(of: unit.id)
        let counts = try await repository.childCounts(of: [unit.id] + children.map(\.id))
        let successors =
            unit.tree == .legacy
            ? try await unit.mergedInto.asyncCompactMap { try await repository.find(UnitKey(tree: .current, code: $0)) }
            : []
        let predecessors =
            unit.tree == .current && unit.type != .agency ? try await repository.predecessors(of: unit.code) : []
        var mayAddAgency = false
        if let principal = req.optionalPrincipal, unit.tree == .current {
            mayAddAgency = Authorizer.may(principal, .manageUnits, on: try await repository.lineage(of: unit.id))
        }
        let page = UnitPage.make(
            layout: .make(req, title: unit.name, section: .units),
            unit: unit,
            ancestors: try await repository.ancestors(of: unit),
            children: children,
            counts: counts,
            successors: successors,
            predecessors: predecessors,
            mayAddAgency: mayAddAgency
        )
        return try await req.view.render("Units/show", page)
    }

    /// The unit's children as CSV (Excel-friendly: UTF-8 with BOM, Vietnamese headers).
    @Sendable func exportChildren(req: Request) async throws -> Response {
        let unit = try await req.services.unitService(on: req.db).unit(try req.unitKey())
        let children = try await req.services.units(on: req.db).children(of: unit.id)
        let rows = children.map { child in
            [
                child.code, child.name, child.type.label, child.centroid.map { String($0.latitude) } ?? "",
                child.centroid.map { String($0.longitude) } ?? "", child.areaKm2.map { String($0) } ?? "",
                child.mergedInto.joined(separator: " "),
            ]
        }
        let csv = CSV.document(
            header: ["Mã", "Tên", "Loại", "Vĩ độ", "Kinh độ", "Diện tích (km²)", "Sáp nhập vào"],
            rows: rows
        )
        return .csv(csv, filename: "don-vi-\(unit.tree.rawValue)-\(unit.code).csv")
    }

    struct AgencyForm: Content {
        let name: String
        let shortName: String?
        let slug: String
    }

    @Sendable func createAgency(req: Request) async throws -> Response {
        let principal = try req.principal
        let form = try req.content.decode(AgencyForm.self)
        let key = try req.unitKey()
        _ = try await req.transaction { db in
            let service = req.services.unitService(on: db)
            let parent = try await service.unit(key)
            return try await service.createAgency(
                NewAgency(parentID: parent.id, name: form.name, shortName: form.shortName ?? "", slug: form.slug),
                by: principal
            )
        }
        return req.redirect(to: SiteURL.unit(key.tree, code: key.code).path)
    }
}

extension Sequence {
    func asyncCompactMap<T>(_ transform: (Element) async throws -> T?) async rethrows -> [T] {
        var result: [T] = []
        for element in self { if let value = try await transform(element) { result.append(value) } }
        return result
    }
}
