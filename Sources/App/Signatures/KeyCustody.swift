import Crypto
import Foundation
import SwiftASN1
import X509

/// Where signing keys live. The server's software custody keeps each private key sealed (AES-256-GCM) under a key
/// encryption key from the environment (`TINHSO_KEY_ENCRYPTION_KEY`), and opens it only in memory for one signature.
///
/// Its limits: whoever holds both the database and the environment key can open every key, and an opened key is in
/// the server's memory while it signs. A real deployment keeps keys in a USB token or an HSM instead: it conforms
/// to this protocol by returning a `Certificate.PrivateKey(customKey)` whose `CustomPrivateKey.signSynchronously`
/// calls the device (PKCS#11 `C_Sign` over the CMS signed attributes), so the key never leaves the device and
/// `seal` stores only the device's key label.
protocol KeyCustody: Sendable {
    /// What to store for `key` (never the key in clear).
    func seal(_ key: Certificate.PrivateKey) throws -> String
    /// The key to sign with, from what `seal` stored.
    func open(_ sealed: String) throws -> Certificate.PrivateKey
}

enum KeyCustodyError: Error, Equatable {
    /// No key encryption key configured: the server cannot sign.
    case notConfigured
    /// The sealed key does not open with this key encryption key (wrong key, or tampered).
    case cannotOpen
}

struct EnvelopeKeyCustody: KeyCustody {
    private let key: SymmetricKey
    /// The first 8 hex digits of the key's SHA-256, stored with each sealed key, so a wrong key says so.
    let keyID: String

    /// `encoded`: 32 random bytes in base64 (`openssl rand -base64 32`).
    init?(base64 encoded: String) {
        guard let bytes = Data(base64Encoded: encoded.trimmingCharacters(in: .whitespacesAndNewlines)),
            bytes.count == 32
        else { return nil }
        key = SymmetricKey(data: bytes)
        keyID = String(SHA256.hex(bytes).prefix(8))
    }

    func seal(_ privateKey: Certificate.PrivateKey) throws -> String {
        let pem = try privateKey.serializeAsPEM().pemString
        let box = try AES.GCM.seal(Data(pem.utf8), using: key, authenticating: Data(keyID.utf8))
        guard let combined = box.combined else { throw KeyCustodyError.cannotOpen }
        return "aes256gcm:\(keyID):\(combined.base64EncodedString())"
    }

    func open(_ sealed: String) throws -> Certificate.PrivateKey {
        let parts = sealed.split(separator: ":", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == "aes256gcm", parts[1] == keyID,
            let combined = Data(base64Encoded: parts[2]),
            let box = try? AES.GCM.SealedBox(combined: combined),
            let pem = try? AES.GCM.open(box, using: key, authenticating: Data(keyID.utf8))
        else { throw KeyCustodyError.cannotOpen }
        return try Certificate.PrivateKey(pemEncoded: String(decoding: pem, as: UTF8.self))
    }
}

/// Custody when no key encryption key is set: nothing can be sealed or opened, and signing says why.
struct UnconfiguredKeyCustody: KeyCustody {
    func seal(_ key: Certificate.PrivateKey) throws -> String { throw KeyCustodyError.notConfigured }
    func open(_ sealed: String) throws -> Certificate.PrivateKey { throw KeyCustodyError.notConfigured }
}
