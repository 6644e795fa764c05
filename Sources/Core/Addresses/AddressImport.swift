public import Foundation

/// Digital addresses in and out as CSV or GeoJSON. Every row is checked before anything is stored, and every bad
/// row is reported (row number, code, field, what is wrong), not just the first: a code that is malformed or used
/// twice, an unknown object type, coordinates that are not numbers or lie outside Vietnam, and coordinates outside
/// the commune the row claims (the commune comes from the coordinates, through the geo-routing index).
public enum AddressImport {
    public static let header = [
        "code", "kind", "name", "lat", "lon", "house_number", "alley", "street", "hamlet", "commune_code",
        "commune", "province",
    ]

    /// A row as read, before validation.
    public struct Row: Hashable, Sendable {
        public var fields: [String: String]

        public init(_ fields: [String: String]) { self.fields = fields }

        subscript(_ key: String) -> String { (fields[key] ?? "").trimmingCharacters(in: .whitespaces) }
    }

    /// The rows of a CSV file with the header above (columns in any order; unknown columns ignored).
    public static func rows(csv text: String) throws(AddressError) -> [Row] {
        let table = CSV.parse(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        guard let head = table.first?.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else { return [] }
        for needed in ["code", "lat", "lon"] where !head.contains(needed) {
            throw .invalidField(field: needed, issue: .required)
        }
        return table.dropFirst().filter { !$0.allSatisfy(\.isEmpty) }.map { values in
            Row(
                Dictionary(
                    zip(head, values + Array(repeating: "", count: max(0, head.count - values.count))),
                    uniquingKeysWith: { a, _ in a }
                )
            )
        }
    }

    /// The rows of a GeoJSON FeatureCollection of Points, with the same names as properties.
    public static func rows(geojson data: Data) throws(AddressError) -> [Row] {
        let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        guard let features = root?["features"] as? [[String: Any]] else {
            throw .invalidField(field: "features", issue: .invalidJSON)
        }
        return features.map { feature in
            var fields: [String: String] = [:]
            for (key, value) in feature["properties"] as? [String: Any] ?? [:] {
                fields[key.lowercased()] = value as? String ?? (value as? NSNumber)?.stringValue ?? ""
            }
            let geometry = feature["geometry"] as? [String: Any]
            if geometry?["type"] as? String == "Point", let xy = geometry?["coordinates"] as? [NSNumber], xy.count >= 2
            {
                fields["lon"] = xy[0].stringValue
                fields["lat"] = xy[1].stringValue
            }
            return Row(fields)
        }
    }

    /// Validated objects, or every issue found. `locate` gives the 2025 commune of a point (nil: none);
    /// `existing` are codes already stored for other objects (a re-import of the same code updates it).
    public static func validate(
        _ rows: [Row],
        locate: (GeoPoint) -> String?,
        communeName: (String) -> String? = { _ in nil }
    ) -> Result<[AddressObject], AddressError> {
        var issues: [AddressRowIssue] = []
        var objects: [AddressObject] = []
        var seen: [String: Int] = [:]
        for (offset, row) in rows.enumerated() {
            let number = offset + 1
            let code = row["code"].uppercased()
            func issue(_ field: String, _ what: FieldIssue) {
                issues.append(AddressRowIssue(row: number, code: code, field: field, issue: what))
            }
            if !AddressObject.isValidCode(code) {
                issue("code", .addressCode)
            } else if let first = seen[code] {
                issue("code", FieldIssue(english: "is also on row \(first)", vietnamese: "trùng với dòng \(first)"))
            } else {
                seen[code] = number
            }
            let kindText = row["kind"].isEmpty ? AddressObject.Kind.household.rawValue : row["kind"]
            let kind = AddressObject.Kind(rawValue: kindText)
            if kind == nil { issue("kind", .oneOf(AddressObject.Kind.allCases.map(\.rawValue))) }
            let latitude = Double(row["lat"].replacingOccurrences(of: ",", with: "."))
            let longitude = Double(row["lon"].replacingOccurrences(of: ",", with: "."))
            var commune: String?
            if let latitude, let longitude, latitude.isFinite, longitude.isFinite,
                GeoBounds.vietnam.contains(GeoPoint(latitude: latitude, longitude: longitude))
            {
                commune = locate(GeoPoint(latitude: latitude, longitude: longitude))
                let claimed = row["commune_code"]
                if commune == nil {
                    issue("lat,lon", FieldIssue(english: "lie in no commune", vietnamese: "không thuộc xã, phường nào"))
                } else if !claimed.isEmpty, claimed != commune {
                    issue(
                        "commune_code",
                        .outsideCommune(claimed: claimed, actual: commune.map { communeName($0) ?? $0 })
                    )
                }
            } else {
                issue("lat,lon", .coordinates)
            }
            let address = StructuredAddress(
                houseNumber: row["house_number"],
                alley: row["alley"],
                street: row["street"],
                hamlet: row["hamlet"],
                commune: row["commune"].isEmpty ? commune.flatMap(communeName) ?? "" : row["commune"],
                province: row["province"]
            )
            for (field, value) in [("name", row["name"]), ("street", address.street), ("alley", address.alley)]
            where value.count > 200 {
                issue(field, .length(0...200))
            }
            guard let kind, let latitude, let longitude, let commune, AddressObject.isValidCode(code) else { continue }
            objects.append(
                AddressObject(
                    code: code,
                    kind: kind,
                    name: row["name"],
                    point: GeoPoint(latitude: latitude, longitude: longitude),
                    address: address,
                    communeCode: commune
                )
            )
        }
        return issues.isEmpty ? .success(objects) : .failure(.invalidRows(issues))
    }

    /// Objects as CSV with the import header (a round trip reads them back the same).
    public static func csv(_ objects: [AddressObject]) -> String {
        CSV.document(
            header: header,
            rows: objects.map { o in
                [
                    o.code, o.kind.rawValue, o.name, String(o.point.latitude), String(o.point.longitude),
                    o.address.houseNumber, o.address.alley, o.address.street, o.address.hamlet, o.communeCode,
                    o.address.commune, o.address.province,
                ]
            }
        )
    }
}
