import Core
import Crypto
import Foundation

extension SHA256 {
    /// The digest as 64 lowercase hex digits (file names, token digests).
    static func hex(_ data: some DataProtocol) -> String {
        HexText.lowercase(hash(data: data))
    }
}
