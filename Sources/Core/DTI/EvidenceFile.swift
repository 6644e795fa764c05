/// An evidence file (a PDF, or a scan as JPEG or PNG) uploaded for a DTI self-assessment or an improvement task.
/// Evidence lists hold links and notes as text and files as `tep:<sha256>.<ext>`.
public struct EvidenceFile: Hashable, Sendable {
    public static let prefix = "tep:"

    public let sha256: String
    public let kind: ResultFileKind

    public init(sha256: String, kind: ResultFileKind) {
        self.sha256 = sha256
        self.kind = kind
    }

    /// Reads a reference (`tep:<64 hex digits>.<pdf|jpg|png>`); nil for anything else.
    public init?(reference: String) {
        guard reference.hasPrefix(Self.prefix) else { return nil }
        let name = reference.dropFirst(Self.prefix.count)
        guard let dot = name.lastIndex(of: ".") else { return nil }
        let hash = String(name[..<dot])
        let ext = name[name.index(after: dot)...]
        guard hash.count == 64, hash.allSatisfy({ $0.isHexDigit && !$0.isUppercase }),
            let kind = [ResultFileKind.pdf, .jpeg, .png].first(where: { $0.fileExtension == ext })
        else { return nil }
        self.init(sha256: hash, kind: kind)
    }

    public var reference: String { Self.prefix + sha256 + "." + kind.fileExtension }

    /// The file references among evidence entries; a malformed `tep:` entry is refused.
    public static func files(in evidence: [String]) throws(IndicatorError) -> [EvidenceFile] {
        try evidence.filter { $0.hasPrefix(prefix) }.map { (entry) throws(IndicatorError) -> EvidenceFile in
            guard let file = EvidenceFile(reference: entry) else {
                throw .invalidField(field: "evidence", issue: .unknownCode(entry))
            }
            return file
        }
    }
}
