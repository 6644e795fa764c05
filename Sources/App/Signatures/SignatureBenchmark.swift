import Core
import Foundation
import X509

/// What `tinhso-bench signatures` measures: detached CMS signing and verification of `count` distinct documents of
/// `megabytes` MB each with an RSA-2048 certificate under a root (as the Vietnamese CAs issue), by TinhSo in process
/// and by `openssl cms -sign` / `openssl cms -verify` (one process per document, the document on its stdin) in the
/// same run. Every signature from either side is checked by the other side's verifier for the first documents.
public enum SignatureBenchmark {
    public struct Side: Sendable {
        public let documents: Int
        public let signSeconds: Double
        public let verifySeconds: Double

        public var signPerSecond: Double { Double(documents) / signSeconds }
        public var verifyPerSecond: Double { Double(documents) / verifySeconds }
    }

    public struct Result: Sendable {
        public let megabytes: Int
        public let ours: Side
        public let openssl: Side?
        /// Milliseconds to start and end `openssl version`: the per-process share of the peer's time.
        public let opensslStartMilliseconds: Double?
        public let crossChecked: Int
    }

    public static func run(count: Int, peerCount: Int, megabytes: Int, directory: URL) async throws -> Result {
        let now = Date()
        let root = try CertificateIssuer.root(
            .init(commonName: "Bench Root CA", organisation: "TinhSo bench", province: nil),
            validFrom: now.addingTimeInterval(-86_400)
        )
        let signer = try CertificateIssuer.signer(
            .init(commonName: "Văn thư Sở Y tế", organisation: "Sở Y tế", province: "Thanh Hóa"),
            kind: .agency,
            issuer: root,
            validFrom: now.addingTimeInterval(-3_600),
            validUntil: now.addingTimeInterval(365 * 86_400)
        )
        var document = [UInt8](repeating: 0, count: megabytes * 1_048_576)
        var generator = SystemRandomNumberGenerator()
        for index in stride(from: 0, to: document.count, by: 8) {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes in
                for offset in 0..<min(8, document.count - index) { document[index + offset] = bytes[offset] }
            }
        }
        func variant(_ number: Int, _ bytes: inout [UInt8]) {
            withUnsafeBytes(of: UInt64(number).bigEndian) { counter in
                for offset in 0..<8 { bytes[offset] = counter[offset] }
            }
        }
        let trust = TrustContext(roots: [root.certificate])
        var signatures: [[UInt8]] = []
        signatures.reserveCapacity(count)
        var bytes = document
        let signStart = DispatchTime.now().uptimeNanoseconds
        for number in 0..<count {
            variant(number, &bytes)
            signatures.append(
                try DocumentSigner.sign(
                    bytes,
                    certificate: signer.certificate,
                    chain: [],
                    key: signer.privateKey,
                    at: now
                )
            )
        }
        let signSeconds = seconds(since: signStart)
        let verifyStart = DispatchTime.now().uptimeNanoseconds
        for number in 0..<count {
            variant(number, &bytes)
            let verdict = await DocumentSigner.verify(bytes, signature: signatures[number], trust: trust, now: now)
            guard verdict.isValid else {
                throw DocumentError.invalidField(field: "bench", message: "\(verdict.problem!)")
            }
        }
        let ours = Side(documents: count, signSeconds: signSeconds, verifySeconds: seconds(since: verifyStart))

        guard let openssl = OpenSSLCommand.path else {
            return Result(
                megabytes: megabytes,
                ours: ours,
                openssl: nil,
                opensslStartMilliseconds: nil,
                crossChecked: 0
            )
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let rootPath = directory.appendingPathComponent("root.pem").path
        let certPath = directory.appendingPathComponent("signer.pem").path
        let keyPath = directory.appendingPathComponent("signer.key").path
        try root.certificate.pem.write(toFile: rootPath, atomically: true, encoding: .utf8)
        try signer.certificate.pem.write(toFile: certPath, atomically: true, encoding: .utf8)
        try signer.privateKey.pem.write(toFile: keyPath, atomically: true, encoding: .utf8)
        let startProbe = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<50 { _ = try OpenSSLCommand.run(openssl, ["version"], input: nil) }
        let startMilliseconds = seconds(since: startProbe) * 1_000 / 50
        var theirs: [Data] = []
        let peerSignStart = DispatchTime.now().uptimeNanoseconds
        for number in 0..<peerCount {
            variant(number, &bytes)
            let (status, output) = try OpenSSLCommand.run(
                openssl,
                [
                    "cms", "-sign", "-binary", "-md", "sha256", "-outform", "DER", "-signer", certPath, "-inkey",
                    keyPath,
                ],
                input: Data(bytes)
            )
            guard status == 0 else { throw DocumentError.invalidField(field: "openssl", message: "sign \(status)") }
            theirs.append(output)
        }
        let peerSignSeconds = seconds(since: peerSignStart)
        let signaturePath = directory.appendingPathComponent("sig.p7s")
        let peerVerifyStart = DispatchTime.now().uptimeNanoseconds
        for number in 0..<peerCount {
            variant(number, &bytes)
            try Data(signatures[number % count]).write(to: signaturePath)
            let (status, _) = try OpenSSLCommand.run(
                openssl,
                [
                    "cms", "-verify", "-binary", "-inform", "DER", "-in", signaturePath.path, "-content", "/dev/stdin",
                    "-CAfile", rootPath, "-purpose", "any", "-out", "/dev/null",
                ],
                input: Data(bytes)
            )
            guard status == 0 || number >= count else {
                throw DocumentError.invalidField(field: "openssl", message: "verify of ours failed: \(status)")
            }
        }
        let peerVerifySeconds = seconds(since: peerVerifyStart)
        // OpenSSL's signatures, checked by ours.
        let crossChecked = min(peerCount, 100)
        for number in 0..<crossChecked {
            variant(number, &bytes)
            let verdict = await DocumentSigner.verify(bytes, signature: Array(theirs[number]), trust: trust, now: now)
            guard verdict.isValid else {
                throw DocumentError.invalidField(field: "bench", message: "openssl's: \(verdict.problem!)")
            }
        }
        return Result(
            megabytes: megabytes,
            ours: ours,
            openssl: Side(documents: peerCount, signSeconds: peerSignSeconds, verifySeconds: peerVerifySeconds),
            opensslStartMilliseconds: startMilliseconds,
            crossChecked: crossChecked
        )
    }

    static func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}
