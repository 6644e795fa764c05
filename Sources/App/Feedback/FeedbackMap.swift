import Core
import Fluent
import Foundation
import SQLKit
import Vapor

/// An SVG map of one province's communes (surveyed boundaries, or the approximate cells), drawn on the server so
/// it works on any phone without a map service. The report form uses it to drop a pin; `/feedback/map` colours
/// each commune by its open reports.
struct CommuneMap: Encodable, Sendable {
    struct Province: Encodable, Sendable {
        let code: String
        let name: String
    }

    let province: Province
    let provinces: [SelectOption]
    /// The `<svg>` element, escaped where it holds text; rendered with `#unsafeHTML`.
    let svg: String
    let approximate: Bool

    /// Which province to draw: `?province=`, else the installation's, else the signed-in user's, else the
    /// demo's, else the first by code.
    static func provinceCode(_ req: Request) async throws -> String? {
        if let code = req.queryString("province") { return code }
        if let code = req.services.config.homeProvince { return code }
        let units = req.services.units(on: req.db)
        for grant in req.optionalPrincipal?.grants ?? [] {
            guard let unit = grant.unitID else { continue }
            let lineage = try await units.lineage(of: unit)
            if let root = lineage.ids.last, let province = try await units.find(root), province.tree == .current {
                return province.code
            }
        }
        if req.application.hasDemoData { return DemoData.provinceCode }
        return try await units.roots(of: .current).map(\.code).min()
    }

    /// The map of a province; `counts` (commune code → open reports) colours it, nil draws it plain for picking.
    static func make(_ req: Request, counts: [String: Int]? = nil, link: ((String) -> String)? = nil) async throws
        -> CommuneMap
    {
        let units = req.services.units(on: req.db)
        let roots = try await units.roots(of: .current).sorted { $0.code < $1.code }
        guard let code = try await provinceCode(req), let province = roots.first(where: { $0.code == code }) else {
            throw WebError.invalidParameter(name: "province", issue: .oneOf(roots.map(\.code)))
        }
        let drawn = try await shapes(req, province: province)
        let svg = drawn.map { Self.svg($0.shapes, projection: $0.projection, counts: counts, link: link) } ?? ""
        let router = try await req.services.geo.router(on: req.db)
        return CommuneMap(
            province: Province(code: province.code, name: province.name),
            provinces: roots.map { SelectOption(value: $0.code, label: $0.name) },
            svg: svg,
            approximate: router.isApproximate
        )
    }

    /// Colour class by count: none, 1, 2–4, 5–9, 10 or more.
    static func shade(_ count: Int) -> String {
        switch count {
        case 0: "c0"
        case 1: "c1"
        case 2...4: "c2"
        case 5...9: "c3"
        default: "c4"
        }
    }

    static func svg(
        _ shapes: [(AdminUnit, GeoArea)],
        projection: MapProjection,
        counts: [String: Int]?,
        link: ((String) -> String)?
    ) -> String {
        svg(shapes, projection: projection, link: counts == nil ? nil : link) { unit in
            guard let counts else { return ("c0", unit.name) }
            let count = counts[unit.code] ?? 0
            return (shade(count), "\(unit.name): \(VietnameseFormat.number(count)) phản ánh đang xử lý")
        }
    }

    /// The communes as paths, each with its colour class and title from `style`, linked when `link` is given.
    static func svg(
        _ shapes: [(AdminUnit, GeoArea)],
        projection: MapProjection,
        link: ((String) -> String)?,
        style: (AdminUnit) -> (cls: String, title: String)
    ) -> String {
        let escape = Open311Node.escape
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"commune-map\" id=\"commune-map\" role=\"img\" "
            + "viewBox=\"0 0 \(SVGMap.format(projection.width)) \(SVGMap.format(projection.height))\" "
            + "data-min-lon=\"\(projection.bounds.minLongitude)\" data-max-lat=\"\(projection.bounds.maxLatitude)\" "
            + "data-scale-x=\"\(projection.scaleX)\" data-scale-y=\"\(projection.scaleY)\">"
        for (unit, area) in shapes.sorted(by: { $0.0.code < $1.0.code }) {
            let (cls, title) = style(unit)
            let path =
                "<path d=\"\(SVGMap.path(of: area, in: projection))\" class=\"\(cls)\" "
                + "data-code=\"\(escape(unit.code))\"><title>\(escape(title))</title></path>"
            if let link {
                out += "<a href=\"\(escape(link(unit.code)))\">" + path + "</a>"
            } else {
                out += path
            }
        }
        return out + "<circle id=\"map-pin\" r=\"6\" cx=\"-20\" cy=\"-20\"></circle></svg>"
    }

    /// The communes of a province with their drawn areas and the projection that fits them; nil without areas.
    static func shapes(_ req: Request, province: AdminUnit) async throws
        -> (shapes: [(AdminUnit, GeoArea)], projection: MapProjection)?
    {
        let communes = try await req.services.units(on: req.db).children(of: province.id).filter {
            $0.type.tier == .commune
        }
        let router = try await req.services.geo.router(on: req.db)
        let shapes = communes.compactMap { unit in router.area(of: unit.code).map { (unit, $0) } }
        guard let bounds = SVGMap.bounds(of: shapes.map(\.1)) else { return nil }
        return (shapes, MapProjection(bounds: bounds))
    }
}

extension FluentFeedbackRepository {
    /// Open reports per commune among `communeCodes`, counted in the database.
    func openCounts(communeCodes: [String]) async throws -> [String: Int] {
        guard let sql = db as? any SQLDatabase, !communeCodes.isEmpty else { return [:] }
        let open = FeedbackStatus.allCases.filter(\.isOpen).map(\.rawValue)
        let rows = try await sql.select().column("commune_code").column(
            SQLFunction("COUNT", args: SQLLiteral.all),
            as: "n"
        )
        .from(FeedbackRecord.schema).where("status", .in, open).where("commune_code", .in, communeCodes)
        .groupBy("commune_code").all()
        var counts: [String: Int] = [:]
        for row in rows {
            counts[try row.decode(column: "commune_code", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }
}
