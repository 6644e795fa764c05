import Core
import Fluent
import Vapor

/// `/`: what the platform is, with live counts of the hierarchy.
struct HomePage: Encodable, Sendable {
    struct Stat: Encodable, Sendable {
        let label: String
        let value: String
    }

    let layout: PageLayout
    let current: [Stat]
    let legacy: [Stat]
    let unitsURL: String
    let landingURL: String?

    static func make(layout: PageLayout, counts: [AdminTree: [UnitTier: Int]], landingURL: String?) -> HomePage {
        func stats(_ tree: AdminTree, _ tiers: [(UnitTier, String)]) -> [Stat] {
            tiers.map { Stat(label: $0.1, value: VietnameseFormat.number(counts[tree]?[$0.0] ?? 0)) }
        }
        return HomePage(
            layout: layout,
            current: stats(
                .current,
                [(.province, "Tỉnh, thành phố"), (.commune, "Xã, phường, đặc khu"), (.agency, "Cơ quan")]
            ),
            legacy: stats(
                .legacy,
                [
                    (.province, "Tỉnh, thành phố"), (.district, "Quận, huyện, thị xã"),
                    (.commune, "Xã, phường, thị trấn"),
                ]
            ),
            unitsURL: SiteURL.units(tree: nil, query: nil).path,
            landingURL: landingURL
        )
    }
}

struct HomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: index)
    }

    @Sendable func index(req: Request) async throws -> View {
        let repository = req.services.units(on: req.db)
        var counts: [AdminTree: [UnitTier: Int]] = [:]
        for tree in AdminTree.allCases {
            for tier in UnitTier.allCases {
                counts[tree, default: [:]][tier] = try await repository.count(tree: tree, tier: tier)
            }
        }
        let landing = try await req.optionalPrincipal.asyncMap {
            try await AuthController.landingPage(for: $0, req: req)
        }
        let page = HomePage.make(
            layout: .make(req, title: "Tỉnh Số", section: .home),
            counts: counts,
            landingURL: landing
        )
        return try await req.view.render("Home/index", page)
    }
}
