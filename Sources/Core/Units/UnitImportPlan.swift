/// Turns seeds into units with identities, keeping the identity of every unit already stored, so an import
/// run twice writes the same rows (idempotent) and never breaks references to existing units.
public enum UnitImportPlan {
    /// - Parameters:
    ///   - seeds: parents before children, as the data file lists them.
    ///   - existing: identities already stored, by tree and code.
    /// - Throws: `UnitError.unknownParent` when a parent code was not seen earlier in the same tree,
    ///   `UnitError.duplicateCode` when a code repeats within a tree.
    public static func units(
        from seeds: [UnitSeed],
        existing: [UnitKey: AdminUnit.ID]
    ) throws(UnitError) -> [AdminUnit] {
        var ids = existing
        var seen = Set<UnitKey>()
        var units: [AdminUnit] = []
        units.reserveCapacity(seeds.count)
        for seed in seeds {
            let key = UnitKey(tree: seed.tree, code: seed.code)
            guard seen.insert(key).inserted else { throw .duplicateCode(tree: seed.tree, code: seed.code) }
            var parentID: AdminUnit.ID?
            if let parentCode = seed.parentCode {
                let parentKey = UnitKey(tree: seed.tree, code: parentCode)
                guard seen.contains(parentKey), let id = ids[parentKey] else {
                    throw .unknownParent(code: seed.code, parentCode: parentCode)
                }
                parentID = id
            }
            let id = ids[key] ?? AdminUnit.ID()
            ids[key] = id
            let validity = seed.tree.validity
            units.append(
                AdminUnit(
                    id: id,
                    tree: seed.tree,
                    code: seed.code,
                    name: seed.name,
                    shortName: seed.shortName,
                    type: seed.type,
                    parentID: parentID,
                    level: seed.level,
                    centroid: seed.centroid,
                    areaKm2: seed.areaKm2,
                    validFrom: validity.from,
                    validTo: validity.to,
                    mergedInto: seed.mergedInto,
                    aliases: seed.aliases
                )
            )
        }
        return units
    }
}

/// The natural key of a unit: codes repeat across trees (2025 commune 00004 is not legacy commune 00004).
public struct UnitKey: Hashable, Sendable {
    public let tree: AdminTree
    public let code: String

    public init(tree: AdminTree, code: String) {
        self.tree = tree
        self.code = code
    }
}
