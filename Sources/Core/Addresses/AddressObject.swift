import Foundation

/// Errors of the digital-address module, each naming the field (or the row) and saying what is wrong in English and
/// Vietnamese.
public enum AddressError: Error, Equatable, Sendable {
    case invalidField(field: String, issue: FieldIssue)
    /// An import with bad rows: nothing is stored until every row is right.
    case invalidRows([AddressRowIssue])
    case notFound
}

/// A place with a digital address (địa chỉ số): a household, a business, a public facility or a point of interest,
/// with a stable code, its coordinates, its structured Vietnamese address and the commune its coordinates fall in
/// (derived by the geo-routing index, never trusted from the input).
public struct AddressObject: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case household, business
        case facility = "public-facility"
        case poi

        public var label: String {
            switch self {
            case .household: "Hộ gia đình"
            case .business: "Cơ sở kinh doanh"
            case .facility: "Công trình công cộng"
            case .poi: "Điểm quan tâm"
            }
        }
    }

    /// Upper-case letters, digits, dots and dashes, 4–32 characters (e.g. `14797.000123`).
    public var code: String
    public var kind: Kind
    /// The name of a business, facility or point of interest; empty for a household.
    public var name: String
    public var point: GeoPoint
    public var address: StructuredAddress
    /// The 2025 commune containing `point`.
    public var communeCode: String

    public init(
        code: String,
        kind: Kind,
        name: String = "",
        point: GeoPoint,
        address: StructuredAddress,
        communeCode: String
    ) {
        self.code = code
        self.kind = kind
        self.name = name
        self.point = point
        self.address = address
        self.communeCode = communeCode
    }

    public static func isValidCode(_ code: String) -> Bool {
        (4...32).contains(code.count)
            && code.unicodeScalars.allSatisfy {
                ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-"
            }
    }
}

/// The parts of a Vietnamese address, from the smallest: số nhà, ngõ/hẻm/kiệt, đường/phố, thôn/ấp/khu phố/tổ, then
/// the commune (xã/phường/đặc khu) and the province, as written (with their kind word: "Phường Hạc Thành").
public struct StructuredAddress: Hashable, Sendable, Codable {
    public var houseNumber: String
    public var alley: String
    public var street: String
    public var hamlet: String
    public var commune: String
    public var province: String

    public init(
        houseNumber: String = "",
        alley: String = "",
        street: String = "",
        hamlet: String = "",
        commune: String = "",
        province: String = ""
    ) {
        self.houseNumber = houseNumber
        self.alley = alley
        self.street = street
        self.hamlet = hamlet
        self.commune = commune
        self.province = province
    }

    /// "Số 12, Ngõ 5, Đường Trần Phú, Phường Hạc Thành, Tỉnh Thanh Hóa": the parts present, smallest first.
    public var line: String {
        [houseNumber.isEmpty ? "" : "Số " + houseNumber, alley, street, hamlet, commune, province]
            .filter { !$0.isEmpty }.joined(separator: ", ")
    }
}

/// What is wrong with one row of an import (rows count from 1, after the header).
public struct AddressRowIssue: Hashable, Sendable {
    public let row: Int
    public let code: String
    public let field: String
    public let issue: FieldIssue

    public init(row: Int, code: String, field: String, issue: FieldIssue) {
        self.row = row
        self.code = code
        self.field = field
        self.issue = issue
    }
}

extension FieldIssue {
    public static func atMostRows(_ limit: Int) -> FieldIssue {
        FieldIssue(
            english: "must have at most \(limit) rows",
            vietnamese: "chỉ được có tối đa \(VietnameseFormat.number(limit)) dòng"
        )
    }

    static let addressCode = FieldIssue(
        english: "must be 4–32 upper-case letters, digits, dots or dashes",
        vietnamese: "phải gồm 4–32 chữ in hoa, chữ số, dấu chấm hoặc gạch ngang"
    )
    static let coordinates = FieldIssue(
        english: "must be a latitude and longitude in Vietnam",
        vietnamese: "phải là vĩ độ, kinh độ trong lãnh thổ Việt Nam"
    )

    static func outsideCommune(claimed: String, actual: String?) -> FieldIssue {
        FieldIssue(
            english: "lie outside the commune \(claimed)" + (actual.map { " (they are in \($0))" } ?? ""),
            vietnamese: "nằm ngoài xã \(claimed)" + (actual.map { " (thuộc \($0))" } ?? "")
        )
    }
}
