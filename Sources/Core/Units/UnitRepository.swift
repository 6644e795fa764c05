/// What to look for in the unit directory.
public struct UnitSearch: Sendable {
    /// Free text, matched accent-insensitively against names, short names and aliases.
    public var text: String?
    public var tree: AdminTree
    public var parentID: AdminUnit.ID?
    public var tier: UnitTier?
    public var page: Paging

    public init(
        text: String? = nil,
        tree: AdminTree = .current,
        parentID: AdminUnit.ID? = nil,
        tier: UnitTier? = nil,
        page: Paging = Paging()
    ) {
        self.text = text
        self.tree = tree
        self.parentID = parentID
        self.tier = tier
        self.page = page
    }

    /// The folded words every match must contain.
    public var words: [String] {
        VietnameseText.fold(text ?? "").split(separator: " ").map(String.init)
    }
}

/// Storage of administrative units and agencies.
public protocol UnitRepository: Sendable {
    func find(_ id: AdminUnit.ID) async throws -> AdminUnit?
    func find(_ key: UnitKey) async throws -> AdminUnit?
    func find(ids: [AdminUnit.ID]) async throws -> [AdminUnit]
    func children(of id: AdminUnit.ID) async throws -> [AdminUnit]
    func roots(of tree: AdminTree) async throws -> [AdminUnit]
    func search(_ search: UnitSearch) async throws -> Paged<AdminUnit>
    /// Number of direct children of each unit, by tier (communes and agencies are counted apart).
    func childCounts(of ids: [AdminUnit.ID]) async throws -> [AdminUnit.ID: [UnitTier: Int]]
    func count(tree: AdminTree, tier: UnitTier) async throws -> Int
    /// Legacy units whose merge links name the 2025 unit `code` (what it was formed from).
    func predecessors(of code: String) async throws -> [AdminUnit]
    /// The unit and every unit below it, at any depth.
    func subtree(of id: AdminUnit.ID) async throws -> [AdminUnit.ID]
    /// Identities of every stored unit of a tree, by code.
    func identities(of tree: AdminTree) async throws -> [UnitKey: AdminUnit.ID]
    /// Inserts or updates units by identity; parents must be saved before (or with) their children.
    func save(_ units: [AdminUnit]) async throws
}

extension UnitRepository {
    /// The unit and all its ancestors, nearest first: what the authoriser needs.
    public func lineage(of id: AdminUnit.ID) async throws -> UnitLineage {
        var chain: [AdminUnit.ID] = []
        var next: AdminUnit.ID? = id
        while let current = next, !chain.contains(current) {
            guard let unit = try await find(current) else { break }
            chain.append(unit.id)
            next = unit.parentID
        }
        return UnitLineage(chain)
    }

    /// The province a current unit belongs to (the root of its lineage; itself for a province).
    public func province(of unit: AdminUnit) async throws -> AdminUnit {
        guard let root = try await lineage(of: unit.id).ids.last, let province = try await find(root) else {
            return unit
        }
        return province
    }

    /// Ancestors of a unit, root first, for breadcrumbs.
    public func ancestors(of unit: AdminUnit) async throws -> [AdminUnit] {
        var result: [AdminUnit] = []
        var next = unit.parentID
        while let id = next, let parent = try await find(id), !result.contains(where: { $0.id == parent.id }) {
            result.insert(parent, at: 0)
            next = parent.parentID
        }
        return result
    }
}

/// A unit followed by its ancestors up to the root (nearest first).
public struct UnitLineage: Hashable, Sendable {
    public let ids: [AdminUnit.ID]

    public init(_ ids: [AdminUnit.ID]) { self.ids = ids }

    /// The unit itself.
    public var unit: AdminUnit.ID? { ids.first }

    /// Whether `ancestor` is a strict ancestor of the unit.
    public func isStrictDescendant(of ancestor: AdminUnit.ID) -> Bool { ids.dropFirst().contains(ancestor) }
}
