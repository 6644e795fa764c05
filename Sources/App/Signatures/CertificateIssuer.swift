import Core
import Crypto
import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// Makes the certificates a province's signing needs: a root CA (in demo data and tests; a real province imports its
/// CA chain instead), and certificates for agencies (the agency seal) and officers (personal signatures) issued under
/// it. Keys are RSA-2048 by default, as the Vietnamese public CAs issue, or P-256.
enum CertificateIssuer {
    enum KeyAlgorithm: String, Sendable, Codable, CaseIterable {
        case rsa2048
        case p256

        func generate() throws -> Certificate.PrivateKey {
            switch self {
            case .rsa2048: Certificate.PrivateKey(try _RSA.Signing.PrivateKey(keySize: .bits2048))
            case .p256: Certificate.PrivateKey(P256.Signing.PrivateKey())
            }
        }
    }

    struct Issued: Sendable {
        let certificate: Certificate
        let privateKey: Certificate.PrivateKey
    }

    struct Subject: Sendable {
        var commonName: String
        var organisation: String
        var province: String?

        func name() throws -> DistinguishedName {
            try DistinguishedName {
                CountryName("VN")
                if let province { StateOrProvinceName(province) }
                OrganizationName(organisation)
                CommonName(commonName)
            }
        }
    }

    static func root(
        _ subject: Subject,
        validFrom: Date,
        years: Int = 10,
        algorithm: KeyAlgorithm = .rsa2048
    ) throws -> Issued {
        let key = try algorithm.generate()
        let name = try subject.name()
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: key.publicKey,
            notValidBefore: validFrom,
            notValidAfter: validFrom.addingTimeInterval(Double(years) * 365.25 * 86_400),
            issuer: name,
            subject: name,
            signatureAlgorithm: key.signatureAlgorithm,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: key.publicKey)
            },
            issuerPrivateKey: key
        )
        return Issued(certificate: certificate, privateKey: key)
    }

    /// A signing certificate (agency seal or personal) under `issuer`, valid from `validFrom` to `validUntil`.
    static func signer(
        _ subject: Subject,
        kind: SignatureKind,
        issuer: Issued,
        validFrom: Date,
        validUntil: Date,
        algorithm: KeyAlgorithm = .rsa2048
    ) throws -> Issued {
        let key = try algorithm.generate()
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: key.publicKey,
            notValidBefore: validFrom,
            notValidAfter: validUntil,
            issuer: issuer.certificate.subject,
            subject: try subject.name(),
            signatureAlgorithm: issuer.privateKey.signatureAlgorithm,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                // Personal signatures assert non-repudiation (content commitment); the agency seal signs.
                Critical(KeyUsage(digitalSignature: true, nonRepudiation: kind == .personal))
                try ExtendedKeyUsage([.emailProtection])
                SubjectKeyIdentifier(hash: key.publicKey)
                AuthorityKeyIdentifier(
                    keyIdentifier: try issuer.certificate.extensions.subjectKeyIdentifier?.keyIdentifier
                )
            },
            issuerPrivateKey: issuer.privateKey
        )
        return Issued(certificate: certificate, privateKey: key)
    }
}

extension Certificate.PrivateKey {
    /// SHA-256 with the key's own scheme (swift-certificates keeps its default internal).
    var signatureAlgorithm: Certificate.SignatureAlgorithm {
        P256.Signing.PublicKey(publicKey) != nil ? .ecdsaWithSHA256 : .sha256WithRSAEncryption
    }

    var pem: String { (try? serializeAsPEM().pemString) ?? "" }
}

extension Certificate {
    /// Serial number as colon-free upper-case hex, as openssl prints it.
    var serialHex: String { serialNumber.bytes.map { String(format: "%02X", $0) }.joined() }

    var commonName: String {
        subject.flatMap { $0 }.first { $0.type == .RDNAttributeType.commonName }.map { String(describing: $0.value) }
            ?? String(describing: subject)
    }

    var pem: String { (try? serializeAsPEM().pemString) ?? "" }
}
