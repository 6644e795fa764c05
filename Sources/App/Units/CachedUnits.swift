import Core

/// A unit repository that finds units by id or by code from copies kept while the units table is unchanged
/// (`TableVersions.units`), and reads everything else through `base`. For reads outside a transaction: filing a
/// report found its commune and province with a statement each (issue 11).
struct CachedUnits: UnitRepository {
    /// The copies, by id and by key, with the units' version they were read under (a unit not found is kept too:
    /// there are only so many codes, and the version drops it once it exists).
    final class Copies: Sendable {
        fileprivate let byID = VersionedCache<AdminUnit.ID, AdminUnit?>(limit: 50_000)
        fileprivate let byKey = VersionedCache<UnitKey, AdminUnit?>(limit: 50_000)
    }

    let base: any UnitRepository
    let copies: Copies
    /// The units' version read before any copy is used.
    let version: Int

    func find(_ id: AdminUnit.ID) async throws -> AdminUnit? {
        try await copies.byID.value(id, at: version) { try await base.find(id) }
    }

    func find(_ key: UnitKey) async throws -> AdminUnit? {
        try await copies.byKey.value(key, at: version) { try await base.find(key) }
    }

    func find(ids: [AdminUnit.ID]) async throws -> [AdminUnit] { try await base.find(ids: ids) }
    func children(of id: AdminUnit.ID) async throws -> [AdminUnit] { try await base.children(of: id) }
    func roots(of tree: AdminTree) async throws -> [AdminUnit] { try await base.roots(of: tree) }
    func search(_ search: UnitSearch) async throws -> Paged<AdminUnit> { try await base.search(search) }
    func childCounts(of ids: [AdminUnit.ID]) async throws -> [AdminUnit.ID: [UnitTier: Int]] {
        try await base.childCounts(of: ids)
    }
    func count(tree: AdminTree, tier: UnitTier) async throws -> Int { try await base.count(tree: tree, tier: tier) }
    func predecessors(of code: String) async throws -> [AdminUnit] { try await base.predecessors(of: code) }
    func subtree(of id: AdminUnit.ID) async throws -> [AdminUnit.ID] { try await base.subtree(of: id) }
    func identities(of tree: AdminTree) async throws -> [UnitKey: AdminUnit.ID] {
        try await base.identities(of: tree)
    }
    func save(_ units: [AdminUnit]) async throws { try await base.save(units) }
}
