import Core
import Testing

@Suite("Unit import plan")
struct UnitImportPlanTests {
    static let text = """
        tree,code,parent_code,level,type,name,short_name,lat,lon,area_km2,merged_into,also_into,aliases
        2025,38,,1,province,Tỉnh Thanh Hóa,Thanh Hóa,19.8,105.7,11115,,,th
        2025,14845,38,2,ward,Phường Hạc Thành,Hạc Thành,19.8,105.77,20.5,,,
        legacy,38,,1,province,Tỉnh Thanh Hóa,Thanh Hóa,19.8,105.7,,38,,
        legacy,380,38,2,provincialCity,Thành phố Thanh Hóa,Thanh Hóa,19.8,105.7,,,,
        legacy,14797,380,3,ward,Phường Hàm Rồng,Hàm Rồng,19.8,105.7,,14845,14850,
        """

    @Test("Parents are resolved, validity comes from the tree, and merge links are kept in order")
    func plan() throws {
        let units = try UnitImportPlan.units(from: UnitDataFile.parse(Self.text), existing: [:])
        let byKey = Dictionary(uniqueKeysWithValues: units.map { (UnitKey(tree: $0.tree, code: $0.code), $0) })
        let ward = try #require(byKey[UnitKey(tree: .legacy, code: "14797")])
        #expect(ward.parentID == byKey[UnitKey(tree: .legacy, code: "380")]?.id)
        #expect(ward.mergedInto == ["14845", "14850"])
        #expect(ward.validTo == AdminTree.legacyEndDate && ward.validFrom == nil)
        let province = try #require(byKey[UnitKey(tree: .current, code: "38")])
        #expect(province.validFrom == AdminTree.reformDate && province.validTo == nil)
        #expect(province.aliases == ["th"])
        #expect(province.id != byKey[UnitKey(tree: .legacy, code: "38")]?.id)
    }

    @Test("Planning against existing identities keeps them: importing twice gives the same units")
    func idempotent() throws {
        let seeds = try UnitDataFile.parse(Self.text)
        let first = try UnitImportPlan.units(from: seeds, existing: [:])
        let existing = Dictionary(uniqueKeysWithValues: first.map { (UnitKey(tree: $0.tree, code: $0.code), $0.id) })
        let second = try UnitImportPlan.units(from: seeds, existing: existing)
        #expect(first == second)
    }

    @Test("A child before its parent, or a repeated code, is refused")
    func refusals() throws {
        let seeds = try UnitDataFile.parse(Self.text)
        #expect(throws: UnitError.unknownParent(code: "14845", parentCode: "38")) {
            try UnitImportPlan.units(from: [seeds[1], seeds[0]], existing: [:])
        }
        #expect(throws: UnitError.duplicateCode(tree: .current, code: "38")) {
            try UnitImportPlan.units(from: [seeds[0], seeds[0]], existing: [:])
        }
    }
}
