import Foundation

/// Everything the document module refuses (issue 9).
public enum DocumentError: Error, Equatable, Sendable {
    case invalidField(field: String, message: String)
    /// The step is not allowed from the document's state (or by this actor's role in the chain).
    case invalidTransition(from: DocumentState, action: DocumentAction)
    /// Confidential documents are not exchanged electronically.
    case confidential
    case notFound
}

/// Văn bản đến (incoming) or văn bản đi (outgoing).
public enum DocumentDirection: String, Hashable, Sendable, Codable, CaseIterable {
    case incoming
    case outgoing
}

/// The kinds of administrative document and their abbreviations in a symbol (ND 30/2020/NĐ-CP, Phụ lục III; to
/// verify against the decree's table).
/// A công văn has no kind abbreviation: its symbol is the issuer's, then the drafting unit's.
public enum DocumentType: String, Hashable, Sendable, Codable, CaseIterable {
    case congVan = "cong-van"
    case quyetDinh = "quyet-dinh"
    case toTrinh = "to-trinh"
    case baoCao = "bao-cao"
    case thongBao = "thong-bao"
    case keHoach = "ke-hoach"
    case giayMoi = "giay-moi"
    case chiThi = "chi-thi"
    case quyChe = "quy-che"
    case bienBan = "bien-ban"

    public var label: String {
        switch self {
        case .congVan: "Công văn"
        case .quyetDinh: "Quyết định"
        case .toTrinh: "Tờ trình"
        case .baoCao: "Báo cáo"
        case .thongBao: "Thông báo"
        case .keHoach: "Kế hoạch"
        case .giayMoi: "Giấy mời"
        case .chiThi: "Chỉ thị"
        case .quyChe: "Quy chế"
        case .bienBan: "Biên bản"
        }
    }

    /// The abbreviation in the symbol; nil for a công văn.
    public var abbreviation: String? {
        switch self {
        case .congVan: nil
        case .quyetDinh: "QĐ"
        case .toTrinh: "TTr"
        case .baoCao: "BC"
        case .thongBao: "TB"
        case .keHoach: "KH"
        case .giayMoi: "GM"
        case .chiThi: "CT"
        case .quyChe: "QC"
        case .bienBan: "BB"
        }
    }
}

/// Độ khẩn.
public enum Urgency: String, Hashable, Sendable, Codable, CaseIterable {
    case normal
    case urgent
    case veryUrgent
    case flash

    public var label: String {
        switch self {
        case .normal: "Thường"
        case .urgent: "Khẩn"
        case .veryUrgent: "Thượng khẩn"
        case .flash: "Hỏa tốc"
        }
    }
}

/// Độ mật. Anything above `normal` is a state secret: never exchanged electronically, left out of the statistics.
public enum Confidentiality: String, Hashable, Sendable, Codable, CaseIterable {
    case normal
    case secret
    case topSecret
    case absoluteSecret

    public var label: String {
        switch self {
        case .normal: "Thường"
        case .secret: "Mật"
        case .topSecret: "Tối mật"
        case .absoluteSecret: "Tuyệt mật"
        }
    }

    public var isConfidential: Bool { self != .normal }
}

/// Số và ký hiệu: `123/UBND-VP`, `45/QĐ-UBND`. Numbers below 10 are written with a leading zero (`05/TB-SYT`), and
/// each year's numbering starts again from 01 (ND 30/2020/NĐ-CP Điều 15 and Phụ lục I; the decree is not in the
/// project's reference notes yet: verify the wording before relying on it).
public struct DocumentSymbol: Hashable, Sendable, Codable, CustomStringConvertible {
    public let number: Int
    public let symbol: String

    public init(number: Int, symbol: String) {
        self.number = number
        self.symbol = symbol
    }

    /// The symbol for a document of `type` issued by `issuer` (its abbreviation, such as `UBND` or `SYT`), drafted by
    /// `department` (such as `VP`); a công văn is `issuer-department`, another kind `KIND-issuer`.
    public static func make(number: Int, type: DocumentType, issuer: String, department: String?) -> DocumentSymbol {
        let tail: String
        if let kind = type.abbreviation {
            tail = "\(kind)-\(issuer)"
        } else {
            tail = [issuer, department].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: "-")
        }
        return DocumentSymbol(number: number, symbol: tail)
    }

    public var description: String { String(format: "%02d", number) + "/" + symbol }
}
