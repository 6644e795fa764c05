/// One row of `Resources/Data/admin-units.csv`, before it has a database identity.
public struct UnitSeed: Hashable, Sendable {
    public var tree: AdminTree
    public var code: String
    public var parentCode: String?
    public var level: Int
    public var type: UnitType
    public var name: String
    public var shortName: String
    public var centroid: GeoPoint?
    public var areaKm2: Double?
    public var mergedInto: [String]
    public var aliases: [String]
}

/// Reads the unit data file exported by `scripts/export-units.py`.
public enum UnitDataFile {
    static let columns = [
        "tree", "code", "parent_code", "level", "type", "name", "short_name", "lat", "lon", "area_km2",
        "merged_into", "also_into", "aliases",
    ]

    /// Parses the file; leading `#` lines are comments. Throws on the first malformed row with its line number.
    public static func parse(_ text: String) throws(UnitError) -> [UnitSeed] {
        let rows = CSV.parse(text)
        var index = rows.startIndex
        while index < rows.endIndex, rows[index].first?.hasPrefix("#") == true { index += 1 }
        guard index < rows.endIndex, rows[index] == columns else {
            throw .malformedDataFile(line: index + 1, reason: "expected header \(columns.joined(separator: ","))")
        }
        var seeds: [UnitSeed] = []
        seeds.reserveCapacity(rows.count)
        for (offset, row) in rows[(index + 1)...].enumerated() {
            seeds.append(try seed(row, line: index + offset + 2))
        }
        return seeds
    }

    private static func seed(_ row: [String], line: Int) throws(UnitError) -> UnitSeed {
        guard row.count == columns.count else {
            throw .malformedDataFile(line: line, reason: "expected \(columns.count) fields, found \(row.count)")
        }
        guard let tree = AdminTree(rawValue: row[0]) else {
            throw .malformedDataFile(line: line, reason: "unknown tree \(row[0])")
        }
        guard let level = Int(row[3]), let type = UnitType(rawValue: row[4]) else {
            throw .malformedDataFile(line: line, reason: "bad level or type")
        }
        guard !row[1].isEmpty, !row[5].isEmpty else {
            throw .malformedDataFile(line: line, reason: "code and name are required")
        }
        let centroid = Double(row[7]).flatMap { lat in Double(row[8]).map { GeoPoint(latitude: lat, longitude: $0) } }
        let merged = (row[10].isEmpty ? [] : [row[10]]) + row[11].split(separator: " ").map(String.init)
        return UnitSeed(
            tree: tree,
            code: row[1],
            parentCode: row[2].isEmpty ? nil : row[2],
            level: level,
            type: type,
            name: row[5],
            shortName: row[6],
            centroid: centroid,
            areaKm2: Double(row[9]),
            mergedInto: merged,
            aliases: row[12].split(separator: " ").map(String.init)
        )
    }
}
