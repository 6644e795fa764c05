import Core
import Crypto
import Foundation
import SwiftASN1
@_spi(CMS) @_spi(DisableValidityCheck) import X509

/// What a verifier trusts: the province's imported CA roots and intermediates, and the revocation lists loaded for
/// them (each already checked against its issuer when it was loaded).
struct TrustContext: Sendable {
    var roots: [Certificate]
    var intermediates: [Certificate] = []
    var revocationLists: [RevocationList] = []
}

/// Detached CMS SignedData (RFC 5652) over a file's bytes, as `openssl cms -sign -binary -md sha256` makes, with
/// the signed attributes content-type, message-digest (the file's hash) and signing-time. swift-certificates builds
/// and checks the CMS; this type adds the checks a document office needs and says why a signature fails.
enum DocumentSigner {
    static func sign(
        _ bytes: some DataProtocol,
        certificate: Certificate,
        chain: [Certificate],
        key: Certificate.PrivateKey,
        at time: Date
    ) throws -> [UInt8] {
        try CMS.sign(
            bytes,
            additionalIntermediateCertificates: chain,
            certificate: certificate,
            privateKey: key,
            signingTime: time,
            detached: true
        )
    }

    /// Checks, in order: the CMS reads; the file's digest matches the signed one; the signature matches the
    /// signer's key; the certificate chains to a trusted root; every certificate in the chain was valid at the
    /// signing time (so a signature outlives its certificate's expiry); none was revoked on or before it.
    static func verify(_ bytes: [UInt8], signature: [UInt8], trust: TrustContext, now: Date) async -> SignatureVerdict {
        let summary: SignedDataSummary
        do {
            summary = try SignedDataSummary(signature)
        } catch {
            return SignatureVerdict(signer: "?", signedAt: nil, digest: "", problem: .malformed("\(error)"))
        }
        var verdict = SignatureVerdict(
            signer: summary.signer?.commonName ?? "?",
            signedAt: summary.signingTime,
            digest: summary.messageDigest.map { $0.map { String(format: "%02x", $0) }.joined() } ?? "",
            problem: nil
        )
        let result = await CMS.isValidSignature(
            dataBytes: bytes,
            signatureBytes: summary.normalised(signature),
            additionalIntermediateCertificates: trust.intermediates,
            trustRoots: CertificateStore(trust.roots)
        ) {
            // Expiry is judged below at the signing time, not now.
            RFC5280Policy.withValidityCheckDisabled()
        }
        switch result {
        case .success:
            break
        case .failure(.invalidCMSBlock(let block)):
            if let signed = summary.messageDigest, SHA256.hash(data: bytes).elementsEqual(signed) == false {
                verdict.problem = .digestMismatch
            } else if block.reason.hasPrefix("Invalid signature") {
                verdict.problem = .badSignature
            } else {
                verdict.problem = .malformed(block.reason)
            }
            return verdict
        case .failure(.unableToValidateSigner(let failure)):
            let reasons = failure.policyFailures.map { "\($0.policyFailureReason)" }
            verdict.problem = .untrusted(
                reasons.isEmpty ? "no path to a trusted root" : reasons.joined(separator: "; ")
            )
            return verdict
        case .failure(let other):
            verdict.problem = .malformed("\(other)")
            return verdict
        }
        guard let signer = summary.signer else {
            verdict.problem = .malformed("no signer certificate")
            return verdict
        }
        let at = summary.signingTime ?? now
        let chain = Self.chain(from: signer, pool: trust.roots + trust.intermediates + summary.certificates)
        for certificate in chain where !(certificate.notValidBefore...certificate.notValidAfter).contains(at) {
            verdict.problem = .notValidAtSigningTime(
                "\(certificate.commonName): \(VietnameseFormat.day(certificate.notValidBefore))–\(VietnameseFormat.day(certificate.notValidAfter))"
            )
            return verdict
        }
        for certificate in chain.dropLast() {
            for list in trust.revocationLists where list.issuer == certificate.issuer {
                guard let revokedAt = list.revoked[RevocationList.normalise(certificate.serialNumber.bytes)] else {
                    continue
                }
                if revokedAt <= at {
                    verdict.problem = .revoked(serial: certificate.serialHex, at: revokedAt)
                    return verdict
                }
                verdict.revokedLater = revokedAt
            }
        }
        return verdict
    }

    /// The signer and its issuers up to a self-issued root, each issuer found by name and checked by signature.
    static func chain(from leaf: Certificate, pool: [Certificate]) -> [Certificate] {
        var chain = [leaf]
        var current = leaf
        while current.issuer != current.subject, chain.count < 8,
            let issuer = pool.first(where: {
                $0.subject == current.issuer && $0.publicKey.isValidSignature(current.signature, for: current)
            })
        {
            chain.append(issuer)
            current = issuer
        }
        return chain
    }
}

/// The parts of a CMS SignedData the verdict reports, read straight from its ASN.1: the certificates, the signer
/// (by issuer and serial number) and the signed attributes signing-time and message-digest.
struct SignedDataSummary {
    var certificates: [Certificate] = []
    var signer: Certificate?
    var signingTime: Date?
    var messageDigest: [UInt8]?

    private static let signingTimeOID: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 5]
    private static let messageDigestOID: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 4]
    private static let context0 = ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)

    /// RFC 5652 §10.1.2 lets a signer name the key's algorithm (rsaEncryption) instead of sha256WithRSAEncryption,
    /// as OpenSSL does; swift-certificates reads only the latter. The field is outside the signed attributes, and
    /// both encodings are 15 bytes, so `normalised` rewrites it in place.
    private static let rsaEncryption: [UInt8] = [
        0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00,
    ]
    private static let rsaByDigest: [[UInt8]: UInt8] = [
        [0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00]: 0x0B,
        [0x30, 0x0B, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]: 0x0B,
        [0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00]: 0x0C,
        [0x30, 0x0B, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02]: 0x0C,
        [0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00]: 0x0D,
        [0x30, 0x0B, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03]: 0x0D,
    ]
    private var rsaEncryptionAt: Int?
    private var rsaSignatureOIDLastByte: UInt8 = 0x0B

    /// The signature with an rsaEncryption signer algorithm named as RSA-with-its-digest.
    func normalised(_ der: [UInt8]) -> [UInt8] {
        guard let at = rsaEncryptionAt else { return der }
        var copy = der
        copy[at + 12] = rsaSignatureOIDLastByte
        return copy
    }

    init(_ der: [UInt8]) throws {
        let root = try DER.parse(der)
        var signerSerial: ArraySlice<UInt8>?
        try DER.sequence(root, identifier: .sequence) { nodes in
            _ = try ASN1ObjectIdentifier(derEncoded: &nodes)
            guard let wrapper = nodes.next(), case .constructed(let inner) = wrapper.content,
                let signedData = inner.first(where: { _ in true })
            else { throw ASN1Error.invalidASN1Object(reason: "no SignedData") }
            try DER.sequence(signedData, identifier: .sequence) { fields in
                // version, digestAlgorithms (a SET), encapContentInfo, [0] certificates, [1] CRLs, signerInfos (a SET)
                var signerInfos: ASN1Node?
                while let field = fields.next() {
                    if field.identifier == Self.context0, case .constructed(let certificates) = field.content {
                        self.certificates = try certificates.map { try Certificate(derEncoded: $0) }
                    } else if field.identifier == .set {
                        signerInfos = field
                    }
                }
                if let signerInfos, case .constructed(let infos) = signerInfos.content,
                    let info = infos.first(where: { _ in true })
                {
                    signerSerial = try self.readSignerInfo(info)
                }
            }
        }
        if let signerSerial {
            let wanted = RevocationList.normalise(signerSerial)
            signer = certificates.first { RevocationList.normalise($0.serialNumber.bytes) == wanted }
        }
    }

    private mutating func readSignerInfo(_ node: ASN1Node) throws -> ArraySlice<UInt8>? {
        var serial: ArraySlice<UInt8>?
        try DER.sequence(node, identifier: .sequence) { fields in
            _ = try Int(derEncoded: &fields)
            if let sid = fields.next(), sid.identifier == .sequence {
                try DER.sequence(sid, identifier: .sequence) { parts in
                    _ = parts.next()
                    serial = try ArraySlice<UInt8>(derEncoded: &parts)
                }
            }
            let digestAlgorithm = fields.next()?.encodedBytes
            guard let attributes = fields.next(), attributes.identifier == Self.context0,
                case .constructed(let list) = attributes.content
            else { return }
            if let algorithm = fields.next(), Array(algorithm.encodedBytes) == Self.rsaEncryption,
                let digestAlgorithm, let hash = Self.rsaByDigest[Array(digestAlgorithm)]
            {
                rsaEncryptionAt = algorithm.encodedBytes.startIndex
                rsaSignatureOIDLastByte = hash
            }
            for attribute in list {
                try DER.sequence(attribute, identifier: .sequence) { parts in
                    let type = try ASN1ObjectIdentifier(derEncoded: &parts)
                    guard let values = parts.next(), case .constructed(let set) = values.content,
                        let value = set.first(where: { _ in true })
                    else { return }
                    if type == Self.signingTimeOID {
                        signingTime = try RevocationList.time(value)
                    } else if type == Self.messageDigestOID {
                        messageDigest = Array(try ASN1OctetString(derEncoded: value).bytes)
                    }
                }
            }
            while fields.next() != nil {}
        }
        return serial
    }
}
