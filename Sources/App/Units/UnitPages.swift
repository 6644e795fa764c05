import Core
import Foundation

/// A unit in a list, formatted for display.
struct UnitRow: Encodable, Sendable {
    let code: String
    let name: String
    let typeLabel: String
    let href: String
    let communes: String?
    let agencies: String?
    let area: String?

    init(_ unit: AdminUnit, counts: [UnitTier: Int]? = nil) {
        code = unit.code
        name = unit.name
        typeLabel = unit.type.label
        href = SiteURL.unit(unit.tree, code: unit.code).path
        let subunits = (counts?[.commune] ?? 0) + (counts?[.district] ?? 0)
        communes = counts.map { _ in VietnameseFormat.number(subunits) }
        agencies = counts.map { VietnameseFormat.number($0[.agency] ?? 0) }
        area = unit.areaKm2.map { VietnameseFormat.decimal($0, digits: 1) }
    }
}

/// `/units`: provinces of a tree with their counts, or search results.
struct UnitsIndexPage: Encodable, Sendable {
    struct TreeLink: Encodable, Sendable {
        let label: String
        let href: String
        let active: Bool
    }

    let layout: PageLayout
    let treeLabel: String
    let query: String
    let trees: [TreeLink]
    let rows: [UnitRow]
    let resultCount: String?
    let formAction: String
    let tree: String

    static func make(
        layout: PageLayout,
        tree: AdminTree,
        query: String?,
        rows: [UnitRow],
        total: Int?
    ) -> UnitsIndexPage {
        UnitsIndexPage(
            layout: layout,
            treeLabel: tree.label,
            query: query ?? "",
            trees: AdminTree.allCases.map {
                TreeLink(label: $0.label, href: SiteURL.units(tree: $0, query: query).path, active: $0 == tree)
            },
            rows: rows,
            resultCount: total.map(VietnameseFormat.number),
            formAction: SiteURL.units(tree: nil, query: nil).path,
            tree: tree.rawValue
        )
    }
}

/// `/units/:tree/:code`: one unit, its place in the tree, what it contains and what it was merged from/into.
struct UnitPage: Encodable, Sendable {
    struct Crumb: Encodable, Sendable {
        let name: String
        let href: String
    }

    let layout: PageLayout
    let unit: UnitRow
    let treeLabel: String
    let validity: String
    let centroid: String?
    let breadcrumbs: [Crumb]
    let subunits: [UnitRow]
    let subunitCount: String
    let agencies: [UnitRow]
    let successors: [UnitRow]
    let predecessors: [UnitRow]
    let exportURL: String
    let agencyFormURL: String?

    static func make(
        layout: PageLayout,
        unit: AdminUnit,
        ancestors: [AdminUnit],
        children: [AdminUnit],
        counts: [AdminUnit.ID: [UnitTier: Int]],
        successors: [AdminUnit],
        predecessors: [AdminUnit],
        mayAddAgency: Bool
    ) -> UnitPage {
        let subunits = children.filter { $0.type != .agency }
        let validity =
            switch (unit.validFrom, unit.validTo) {
            case (let from?, let to?): "\(from.vietnamese) – \(to.vietnamese)"
            case (let from?, nil): "từ \(from.vietnamese)"
            case (nil, let to?): "đến \(to.vietnamese)"
            case (nil, nil): "không giới hạn"
            }
        return UnitPage(
            layout: layout,
            unit: UnitRow(unit, counts: counts[unit.id] ?? [:]),
            treeLabel: unit.tree.label,
            validity: validity,
            centroid: unit.centroid.map {
                VietnameseFormat.decimal($0.latitude, digits: 4) + "; "
                    + VietnameseFormat.decimal($0.longitude, digits: 4)
            },
            breadcrumbs: ancestors.map { Crumb(name: $0.name, href: SiteURL.unit($0.tree, code: $0.code).path) },
            subunits: subunits.map { UnitRow($0, counts: counts[$0.id]) },
            subunitCount: VietnameseFormat.number(subunits.count),
            agencies: children.filter { $0.type == .agency }.map { UnitRow($0) },
            successors: successors.map { UnitRow($0) },
            predecessors: predecessors.map { UnitRow($0) },
            exportURL: SiteURL.unitExport(unit.tree, code: unit.code).path,
            agencyFormURL: mayAddAgency ? SiteURL.unitAgencies(unit.tree, code: unit.code).path : nil
        )
    }
}
