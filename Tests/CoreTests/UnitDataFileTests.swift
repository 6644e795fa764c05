import Core
import Foundation
import Testing

@Suite("Administrative unit data file")
struct UnitDataFileTests {
    static let fileURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Resources/Data/admin-units.csv")

    static func seeds() throws -> [UnitSeed] {
        try UnitDataFile.parse(try String(contentsOf: fileURL, encoding: .utf8))
    }

    @Test("The shipped file has 34 provinces / 3,321 communes (2025) and 63 / 696 / 10,035 (legacy)")
    func officialCounts() throws {
        let seeds = try Self.seeds()
        func count(_ tree: AdminTree, _ tier: UnitTier) -> Int {
            seeds.filter { $0.tree == tree && $0.type.tier == tier }.count
        }
        #expect(count(.current, .province) == 34)
        #expect(count(.current, .commune) == 3_321)
        #expect(count(.current, .district) == 0)
        #expect(count(.legacy, .province) == 63)
        #expect(count(.legacy, .district) == 696)
        // The source lists 10,040 rows: 10,035 communes plus 5 island districts that have no commune
        // (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo).
        #expect(count(.legacy, .commune) == 10_035)
    }

    @Test("Thanh Hóa has 166 communes in the 2025 tree and every legacy commune has a successor")
    func thanhHoaAndMergeLinks() throws {
        let seeds = try Self.seeds()
        #expect(seeds.filter { $0.tree == .current && $0.parentCode == "38" }.count == 166)
        let currentCodes = Set(seeds.filter { $0.tree == .current }.map(\.code))
        let legacyCommunes = seeds.filter { $0.tree == .legacy && $0.type.tier == .commune }
        #expect(legacyCommunes.allSatisfy { !$0.mergedInto.isEmpty && $0.mergedInto.allSatisfy(currentCodes.contains) })
        let legacyThanhHoa = try #require(seeds.first { $0.tree == .legacy && $0.code == "38" })
        #expect(legacyThanhHoa.mergedInto == ["38"])
        let haGiang = try #require(seeds.first { $0.tree == .legacy && $0.code == "02" })
        #expect(haGiang.name == "Tỉnh Hà Giang")
        #expect(haGiang.mergedInto == ["08"])  // Hà Giang joined Tuyên Quang
    }

    @Test("A malformed row is reported with its line number")
    func malformed() {
        let text =
            "# comment\n" + UnitDataFileTests.header
            + "\n2025,01,,1,province,Hà Nội,Hà Nội,,,,,,\n2030,02,,1,province,X,X,,,,,,\n"
        #expect(throws: UnitError.malformedDataFile(line: 4, reason: "unknown tree 2030")) {
            try UnitDataFile.parse(text)
        }
        #expect(throws: UnitError.self) { try UnitDataFile.parse("code,name\n01,x\n") }
    }

    static let header =
        "tree,code,parent_code,level,type,name,short_name,lat,lon,area_km2,merged_into,also_into,aliases"
}
