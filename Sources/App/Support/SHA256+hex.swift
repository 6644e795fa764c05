import Crypto
import Foundation

extension SHA256 {
    /// The digest as 64 lowercase hex digits (file names, token digests).
    static func hex(_ data: some DataProtocol) -> String {
        hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
