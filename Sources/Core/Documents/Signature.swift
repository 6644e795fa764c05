public import Foundation

/// Which seal a signature carries. ND 30/2020 (Điều 8, "to verify") has the head of the agency sign a document
/// personally and the clerk apply the agency's signature when it is issued: two distinct signatures on one file.
public enum SignatureKind: String, Hashable, Sendable, Codable, CaseIterable {
    case personal
    case agency

    public var label: String {
        switch self {
        case .personal: "Chữ ký số cá nhân"
        case .agency: "Chữ ký số cơ quan"
        }
    }
}

/// Why a signature did not verify, in the order the checks run.
public enum SignatureProblem: Hashable, Sendable, Codable {
    /// Not a CMS SignedData the verifier can read.
    case malformed(String)
    /// The file's SHA-256 is not the one the signer signed (the file changed).
    case digestMismatch
    /// The signature does not match the signer's public key.
    case badSignature
    /// The signer's certificate does not chain to a trusted root.
    case untrusted(String)
    /// A certificate in the chain was not valid at the signing time.
    case notValidAtSigningTime(String)
    /// The signer's certificate was revoked on or before the signing time.
    case revoked(serial: String, at: Date)

    public var vietnamese: String {
        switch self {
        case .malformed(let detail): "Chữ ký không đọc được (\(detail))"
        case .digestMismatch: "Tệp đã bị thay đổi sau khi ký (mã băm không khớp)"
        case .badSignature: "Chữ ký không khớp với khóa công khai của người ký"
        case .untrusted(let detail): "Chứng thư số không thuộc chuỗi tin cậy (\(detail))"
        case .notValidAtSigningTime(let detail): "Chứng thư số không còn hiệu lực tại thời điểm ký (\(detail))"
        case .revoked(let serial, _): "Chứng thư số \(serial) đã bị thu hồi trước thời điểm ký"
        }
    }

    public var english: String {
        switch self {
        case .malformed(let detail): "unreadable signature (\(detail))"
        case .digestMismatch: "the file changed after signing (digest mismatch)"
        case .badSignature: "the signature does not match the signer's public key"
        case .untrusted(let detail): "the certificate does not chain to a trusted root (\(detail))"
        case .notValidAtSigningTime(let detail): "a certificate was not valid at the signing time (\(detail))"
        case .revoked(let serial, _): "certificate \(serial) was revoked before the signing time"
        }
    }
}

/// The outcome of checking one signature: who signed, when, and whether it holds.
public struct SignatureVerdict: Hashable, Sendable, Codable {
    public var signer: String
    public var signedAt: Date?
    public var digest: String
    public var problem: SignatureProblem?
    /// A certificate revoked after the signing time: the signature holds, but the page says so.
    public var revokedLater: Date?

    public init(signer: String, signedAt: Date?, digest: String, problem: SignatureProblem?, revokedLater: Date? = nil)
    {
        self.signer = signer
        self.signedAt = signedAt
        self.digest = digest
        self.problem = problem
        self.revokedLater = revokedLater
    }

    public var isValid: Bool { problem == nil }
}
