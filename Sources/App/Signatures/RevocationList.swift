import Foundation
import SwiftASN1
import X509

/// An X.509 certificate revocation list (RFC 5280 §5): read from DER or PEM as a CA publishes it, checked against
/// its issuer's key, and made for the demo CA and tests. Only what verification needs is kept: the issuer, the
/// dates and each revoked serial with its revocation date.
struct RevocationList: Sendable {
    let issuer: DistinguishedName
    let thisUpdate: Date
    let nextUpdate: Date?
    /// Revoked serial numbers (upper-case hex, no leading zero bytes) and when each was revoked.
    let revoked: [String: Date]
    let der: [UInt8]
    private let signedBytes: ArraySlice<UInt8>
    private let algorithm: Certificate.SignatureAlgorithm?
    private let signature: [UInt8]

    init(derEncoded bytes: [UInt8]) throws {
        der = bytes
        let root = try DER.parse(bytes)
        var tbs: ArraySlice<UInt8> = []
        var parsed: (DistinguishedName, Date, Date?, [String: Date])?
        var algorithmOID: ASN1ObjectIdentifier?
        var signatureBits: ASN1BitString?
        try DER.sequence(root, identifier: .sequence) { nodes in
            guard let tbsNode = nodes.next() else { throw ASN1Error.invalidASN1Object(reason: "no TBSCertList") }
            tbs = tbsNode.encodedBytes
            parsed = try Self.parseTBS(tbsNode)
            algorithmOID = try DER.sequence(nodes.next()!, identifier: .sequence) { algorithm in
                let oid = try ASN1ObjectIdentifier(derEncoded: &algorithm)
                while algorithm.next() != nil {}
                return oid
            }
            signatureBits = try ASN1BitString(derEncoded: &nodes)
        }
        guard let parsed, let algorithmOID, let signatureBits else {
            throw ASN1Error.invalidASN1Object(reason: "incomplete CRL")
        }
        (issuer, thisUpdate, nextUpdate, revoked) = parsed
        signedBytes = tbs
        algorithm = Self.algorithms.first { $0.oid == algorithmOID }?.algorithm
        signature = Array(signatureBits.bytes)
    }

    init(pemEncoded text: String) throws {
        let document = try PEMDocument(pemString: text)
        guard document.discriminator == "X509 CRL" else {
            throw ASN1Error.invalidPEMDocument(reason: "expected X509 CRL, got \(document.discriminator)")
        }
        try self.init(derEncoded: document.derBytes)
    }

    /// Reads either encoding (an upload may be either).
    init(bytes: [UInt8]) throws {
        if let text = String(bytes: bytes, encoding: .utf8), text.contains("-----BEGIN X509 CRL-----") {
            try self.init(pemEncoded: text)
        } else {
            try self.init(derEncoded: bytes)
        }
    }

    var pem: String { PEMDocument(type: "X509 CRL", derBytes: der).pemString }

    /// Whether `issuer` (a CA certificate) signed this list.
    func isSigned(by issuer: Certificate) -> Bool {
        guard let algorithm, issuer.subject == self.issuer else { return false }
        return issuer.publicKey.isValidSignature(signature, for: signedBytes, signatureAlgorithm: algorithm)
    }

    static func normalise(_ serial: some Sequence<UInt8>) -> String {
        let bytes = Array(serial.drop { $0 == 0 })
        return bytes.isEmpty ? "00" : bytes.map { String(format: "%02X", $0) }.joined()
    }

    // MARK: Making one (demo CA, tests)

    static func make(
        issuer: CertificateIssuer.Issued,
        revoked: [(serial: Certificate.SerialNumber, at: Date)],
        thisUpdate: Date,
        nextUpdate: Date
    ) throws -> RevocationList {
        let algorithm = issuer.privateKey.signatureAlgorithm
        guard let oid = algorithms.first(where: { $0.algorithm == algorithm })?.oid else {
            throw ASN1Error.invalidASN1Object(reason: "unsupported CRL signature algorithm \(algorithm)")
        }
        func algorithmIdentifier(_ coder: inout DER.Serializer) throws {
            try coder.appendConstructedNode(identifier: .sequence) { coder in
                try coder.serialize(oid)
                if algorithm == .sha256WithRSAEncryption { try coder.serialize(ASN1Null()) }
            }
        }
        var tbsCoder = DER.Serializer()
        try tbsCoder.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(1)  // v2
            try algorithmIdentifier(&coder)
            try coder.serialize(issuer.certificate.subject)
            try coder.serialize(try utcTime(thisUpdate))
            try coder.serialize(try utcTime(nextUpdate))
            if !revoked.isEmpty {
                try coder.appendConstructedNode(identifier: .sequence) { coder in
                    for entry in revoked {
                        try coder.appendConstructedNode(identifier: .sequence) { coder in
                            try coder.serialize(ArraySlice(entry.serial.bytes))
                            try coder.serialize(try utcTime(entry.at))
                        }
                    }
                }
            }
        }
        let tbs = tbsCoder.serializedBytes
        let signature = try issuer.privateKey.sign(bytes: tbs, signatureAlgorithm: algorithm)
        var coder = DER.Serializer()
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            coder.serializeRawBytes(tbs)
            try algorithmIdentifier(&coder)
            try coder.serialize(ASN1BitString(bytes: ArraySlice(signature.rawRepresentation)))
        }
        return try RevocationList(derEncoded: coder.serializedBytes)
    }

    // MARK: Parsing

    private static let algorithms: [(oid: ASN1ObjectIdentifier, algorithm: Certificate.SignatureAlgorithm)] = [
        ([1, 2, 840, 113549, 1, 1, 11], .sha256WithRSAEncryption),
        ([1, 2, 840, 113549, 1, 1, 12], .sha384WithRSAEncryption),
        ([1, 2, 840, 113549, 1, 1, 13], .sha512WithRSAEncryption),
        ([1, 2, 840, 10045, 4, 3, 2], .ecdsaWithSHA256),
        ([1, 2, 840, 10045, 4, 3, 3], .ecdsaWithSHA384),
        ([1, 2, 840, 10045, 4, 3, 4], .ecdsaWithSHA512),
    ]

    private static func parseTBS(_ node: ASN1Node) throws -> (DistinguishedName, Date, Date?, [String: Date]) {
        try DER.sequence(node, identifier: .sequence) { nodes in
            var peek = nodes
            if peek.next()?.identifier == .integer { _ = try Int(derEncoded: &nodes) }
            _ = nodes.next()  // the signature algorithm, repeated outside
            guard let issuerNode = nodes.next() else { throw ASN1Error.invalidASN1Object(reason: "no issuer") }
            let issuer = try DistinguishedName(derEncoded: issuerNode)
            guard let thisNode = nodes.next() else { throw ASN1Error.invalidASN1Object(reason: "no thisUpdate") }
            let thisUpdate = try time(thisNode)
            var nextUpdate: Date?
            var revoked: [String: Date] = [:]
            while let next = nodes.next() {
                if next.identifier == .utcTime || next.identifier == .generalizedTime {
                    nextUpdate = try time(next)
                } else if next.identifier == .sequence, case .constructed(let entries) = next.content {
                    for entry in entries {
                        try DER.sequence(entry, identifier: .sequence) { fields in
                            let serial = try ArraySlice<UInt8>(derEncoded: &fields)
                            guard let at = fields.next() else { throw ASN1Error.invalidASN1Object(reason: "no date") }
                            revoked[normalise(serial)] = try time(at)
                            while fields.next() != nil {}
                        }
                    }
                }
            }
            return (issuer, thisUpdate, nextUpdate, revoked)
        }
    }

    static func time(_ node: ASN1Node) throws -> Date {
        var components = DateComponents()
        if node.identifier == .utcTime {
            let t = try UTCTime(derEncoded: node)
            (components.year, components.month, components.day) = (t.year, t.month, t.day)
            (components.hour, components.minute, components.second) = (t.hours, t.minutes, t.seconds)
        } else {
            let t = try GeneralizedTime(derEncoded: node)
            (components.year, components.month, components.day) = (t.year, t.month, t.day)
            (components.hour, components.minute, components.second) = (t.hours, t.minutes, t.seconds)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: components) else { throw ASN1Error.invalidASN1Object(reason: "bad time") }
        return date
    }

    static func utcTime(_ date: Date) throws -> UTCTime {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return try UTCTime(
            year: c.year!,
            month: c.month!,
            day: c.day!,
            hours: c.hour!,
            minutes: c.minute!,
            seconds: c.second!
        )
    }
}
