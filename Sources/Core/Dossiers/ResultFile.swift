public import Foundation

/// An electronic result (766 indicator 4.1): a signed PDF, or a scan as JPEG or PNG, recognised by its bytes.
public enum ResultFileKind: String, Sendable, Codable, CaseIterable {
    case pdf, jpeg, png

    public static let maxBytes = 10 * 1024 * 1024

    public static func sniff(_ data: Data) -> ResultFileKind? {
        if data.starts(with: Array("%PDF-".utf8)) { return .pdf }
        switch ImageKind.sniff(data) {
        case .jpeg: return .jpeg
        case .png: return .png
        default: return nil
        }
    }

    public var fileExtension: String { self == .jpeg ? "jpg" : rawValue }
    public var mimeType: (type: String, subType: String) { self == .pdf ? ("application", "pdf") : ("image", rawValue) }
}
