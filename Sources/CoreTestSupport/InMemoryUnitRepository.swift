public import Core

/// A `UnitRepository` held in memory, for Core tests.
public actor InMemoryUnitRepository: UnitRepository {
    private var byID: [AdminUnit.ID: AdminUnit] = [:]
    private var order: [AdminUnit.ID] = []

    public init(_ units: [AdminUnit] = []) {
        byID = Dictionary(units.map { ($0.id, $0) }) { _, last in last }
        var seen = Set<AdminUnit.ID>()
        order = units.map(\.id).filter { seen.insert($0).inserted }
    }

    private func store(_ unit: AdminUnit) {
        if byID.updateValue(unit, forKey: unit.id) == nil { order.append(unit.id) }
    }

    private var all: [AdminUnit] { order.compactMap { byID[$0] } }

    public func find(_ id: AdminUnit.ID) -> AdminUnit? { byID[id] }
    public func find(_ key: UnitKey) -> AdminUnit? { all.first { $0.tree == key.tree && $0.code == key.code } }
    public func find(ids: [AdminUnit.ID]) -> [AdminUnit] { ids.compactMap { byID[$0] } }
    public func children(of id: AdminUnit.ID) -> [AdminUnit] { all.filter { $0.parentID == id } }
    public func roots(of tree: AdminTree) -> [AdminUnit] { all.filter { $0.tree == tree && $0.parentID == nil } }

    public func search(_ search: UnitSearch) -> Paged<AdminUnit> {
        let words = search.words
        let matches = all.filter { unit in
            unit.tree == search.tree && (search.parentID.map { unit.parentID == $0 } ?? true)
                && (search.tier.map { unit.type.tier == $0 } ?? true)
                && words.allSatisfy { unit.searchKey.contains($0) }
        }
        let items = Array(matches.dropFirst(search.page.offset).prefix(search.page.limit))
        return Paged(items: items, total: matches.count, limit: search.page.limit, offset: search.page.offset)
    }

    public func childCounts(of ids: [AdminUnit.ID]) -> [AdminUnit.ID: [UnitTier: Int]] {
        var counts: [AdminUnit.ID: [UnitTier: Int]] = [:]
        for unit in all {
            if let parent = unit.parentID, ids.contains(parent) {
                counts[parent, default: [:]][unit.type.tier, default: 0] += 1
            }
        }
        return counts
    }

    public func count(tree: AdminTree, tier: UnitTier) -> Int {
        all.filter { $0.tree == tree && $0.type.tier == tier }.count
    }

    public func predecessors(of code: String) -> [AdminUnit] {
        all.filter { $0.tree == .legacy && $0.mergedInto.contains(code) }
    }

    public func subtree(of id: AdminUnit.ID) -> [AdminUnit.ID] {
        var result = [id]
        var index = 0
        while index < result.count {
            result += children(of: result[index]).map(\.id)
            index += 1
        }
        return result
    }

    public func identities(of tree: AdminTree) -> [UnitKey: AdminUnit.ID] {
        Dictionary(
            uniqueKeysWithValues: all.filter { $0.tree == tree }.map { (UnitKey(tree: $0.tree, code: $0.code), $0.id) }
        )
    }

    public func save(_ units: [AdminUnit]) { for unit in units { store(unit) } }
}
