import Core
import Crypto
import Foundation
import Testing
import X509

@testable import App

/// Detached CMS signatures over a file: valid, tampered, wrong chain, expired, revoked; keys sealed at rest; and
/// the same bytes checked by OpenSSL both ways.
@Suite struct SignatureTests {
    static let day: TimeInterval = 86_400
    let now = TestEnvironment.now
    let root: CertificateIssuer.Issued
    let agency: CertificateIssuer.Issued
    let file: [UInt8]

    init() throws {
        root = try CertificateIssuer.root(
            .init(commonName: "TinhSo Demo Root CA", organisation: "TinhSo (demo)", province: nil),
            validFrom: now.addingTimeInterval(-400 * Self.day),
            algorithm: .p256
        )
        agency = try CertificateIssuer.signer(
            .init(commonName: "Sở Y tế Thanh Hóa", organisation: "UBND tỉnh Thanh Hóa", province: "Thanh Hóa"),
            kind: .agency,
            issuer: root,
            validFrom: now.addingTimeInterval(-30 * Self.day),
            validUntil: now.addingTimeInterval(700 * Self.day),
            algorithm: .p256
        )
        file = Array("%PDF-1.7\nCông văn số 45/SYT-VP về việc triển khai chữ ký số\n%%EOF\n".utf8)
    }

    func sign(_ bytes: [UInt8], with signer: CertificateIssuer.Issued, at time: Date? = nil) throws -> [UInt8] {
        try DocumentSigner.sign(
            bytes,
            certificate: signer.certificate,
            chain: [],
            key: signer.privateKey,
            at: time ?? now
        )
    }

    @Test func aValidSignatureNamesItsSignerAndTime() async throws {
        let signature = try sign(file, with: agency)
        let verdict = await DocumentSigner.verify(
            file,
            signature: signature,
            trust: .init(roots: [root.certificate]),
            now: now
        )
        #expect(verdict.isValid)
        #expect(verdict.signer == "Sở Y tế Thanh Hóa")
        #expect(verdict.signedAt.map { abs($0.timeIntervalSince(now)) < 1 } == true)
        #expect(verdict.digest == SHA256.hex(file))
    }

    @Test func changingOneByteFailsWithTheDigest() async throws {
        let signature = try sign(file, with: agency)
        for index in [0, file.count / 2, file.count - 1] {
            var tampered = file
            tampered[index] ^= 0x01
            let verdict = await DocumentSigner.verify(
                tampered,
                signature: signature,
                trust: .init(roots: [root.certificate]),
                now: now
            )
            #expect(verdict.problem == .digestMismatch)
        }
        var brokenSignature = signature
        brokenSignature[brokenSignature.count - 3] ^= 0x01
        let verdict = await DocumentSigner.verify(
            file,
            signature: brokenSignature,
            trust: .init(roots: [root.certificate]),
            now: now
        )
        #expect(verdict.problem == .badSignature)
        let garbage = await DocumentSigner.verify(
            file,
            signature: [0x30, 0x03, 0x02, 0x01],
            trust: .init(roots: [root.certificate]),
            now: now
        )
        if case .malformed = garbage.problem {
        } else {
            Issue.record("expected malformed, got \(String(describing: garbage.problem))")
        }
    }

    @Test func aCertificateFromAnotherCAIsNotTrusted() async throws {
        let stranger = try CertificateIssuer.root(
            .init(commonName: "Other Root", organisation: "Elsewhere", province: nil),
            validFrom: now.addingTimeInterval(-10 * Self.day),
            algorithm: .p256
        )
        let signature = try sign(file, with: agency)
        let verdict = await DocumentSigner.verify(
            file,
            signature: signature,
            trust: .init(roots: [stranger.certificate]),
            now: now
        )
        guard case .untrusted = verdict.problem else {
            Issue.record("expected untrusted, got \(String(describing: verdict.problem))")
            return
        }
        // The same name, another key: a forged root does not pass either.
        let forged = try CertificateIssuer.root(
            .init(commonName: "TinhSo Demo Root CA", organisation: "TinhSo (demo)", province: nil),
            validFrom: now.addingTimeInterval(-400 * Self.day),
            algorithm: .p256
        )
        let forgedVerdict = await DocumentSigner.verify(
            file,
            signature: signature,
            trust: .init(roots: [forged.certificate]),
            now: now
        )
        #expect(forgedVerdict.isValid == false)
    }

    @Test func validityIsJudgedAtTheSigningTime() async throws {
        let lapsed = try CertificateIssuer.signer(
            .init(commonName: "Nguyễn Văn A", organisation: "Sở Y tế Thanh Hóa", province: "Thanh Hóa"),
            kind: .personal,
            issuer: root,
            validFrom: now.addingTimeInterval(-300 * Self.day),
            validUntil: now.addingTimeInterval(-100 * Self.day),
            algorithm: .p256
        )
        let trust = TrustContext(roots: [root.certificate])
        // Signed while valid, checked after expiry: holds.
        let before = try sign(file, with: lapsed, at: now.addingTimeInterval(-200 * Self.day))
        #expect(await DocumentSigner.verify(file, signature: before, trust: trust, now: now).isValid)
        // Signed after expiry: fails, naming the certificate.
        let after = try sign(file, with: lapsed, at: now)
        let verdict = await DocumentSigner.verify(file, signature: after, trust: trust, now: now)
        guard case .notValidAtSigningTime(let detail) = verdict.problem else {
            Issue.record("expected expiry, got \(String(describing: verdict.problem))")
            return
        }
        #expect(detail.contains("Nguyễn Văn A"))
    }

    @Test func aRevocationListRevokesFromItsDate() async throws {
        let revokedAt = now.addingTimeInterval(-2 * Self.day)
        let list = try RevocationList.make(
            issuer: root,
            revoked: [(agency.certificate.serialNumber, revokedAt)],
            thisUpdate: now.addingTimeInterval(-Self.day),
            nextUpdate: now.addingTimeInterval(6 * Self.day)
        )
        #expect(list.isSigned(by: root.certificate))
        #expect(!list.isSigned(by: agency.certificate))
        let reread = try RevocationList(pemEncoded: list.pem)
        #expect(reread.revoked == list.revoked)
        let trust = TrustContext(roots: [root.certificate], revocationLists: [list])
        let late = try sign(file, with: agency, at: now)
        #expect(
            await DocumentSigner.verify(file, signature: late, trust: trust, now: now).problem
                == .revoked(serial: agency.certificate.serialHex, at: Self.second(revokedAt))
        )
        let early = try sign(file, with: agency, at: now.addingTimeInterval(-10 * Self.day))
        let verdict = await DocumentSigner.verify(file, signature: early, trust: trust, now: now)
        #expect(verdict.isValid)
        #expect(verdict.revokedLater == Self.second(revokedAt))
    }

    static func second(_ date: Date) -> Date { Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)) }

    @Test func keysAreSealedAndOpenOnlyWithTheirKey() throws {
        let custody = try #require(EnvelopeKeyCustody(base64: Data(repeating: 7, count: 32).base64EncodedString()))
        let sealed = try custody.seal(agency.privateKey)
        #expect(!sealed.contains("PRIVATE KEY"))
        #expect(try custody.open(sealed) == agency.privateKey)
        let other = try #require(EnvelopeKeyCustody(base64: Data(repeating: 8, count: 32).base64EncodedString()))
        #expect(throws: KeyCustodyError.cannotOpen) { try other.open(sealed) }
        var tampered = Array(sealed)
        tampered[tampered.count - 5] = tampered[tampered.count - 5] == "A" ? "B" : "A"
        #expect(throws: KeyCustodyError.cannotOpen) { try custody.open(String(tampered)) }
        #expect(EnvelopeKeyCustody(base64: "c2hvcnQ=") == nil)
    }

    @Test func openSSLAgreesBothWays() async throws {
        guard let openssl = OpenSSLCommand.path else { return }
        let rsaRoot = try CertificateIssuer.root(
            .init(commonName: "RSA Root", organisation: "TinhSo (demo)", province: nil),
            validFrom: now.addingTimeInterval(-10 * Self.day)
        )
        let rsaSigner = try CertificateIssuer.signer(
            .init(commonName: "Trần Thị B", organisation: "UBND phường Hạc Thành", province: "Thanh Hóa"),
            kind: .personal,
            issuer: rsaRoot,
            validFrom: now.addingTimeInterval(-5 * Self.day),
            validUntil: Date().addingTimeInterval(300 * Self.day)
        )
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tinhso-cms-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        try Data(file).write(to: URL(fileURLWithPath: path("doc.pdf")))
        try rsaRoot.certificate.pem.write(toFile: path("root.pem"), atomically: true, encoding: .utf8)
        try rsaSigner.certificate.pem.write(toFile: path("signer.pem"), atomically: true, encoding: .utf8)
        try rsaSigner.privateKey.pem.write(toFile: path("key.pem"), atomically: true, encoding: .utf8)
        // Ours, checked by OpenSSL (at the current time, since OpenSSL checks validity now).
        try Data(try sign(file, with: rsaSigner, at: Date())).write(to: URL(fileURLWithPath: path("ours.p7s")))
        let verified = try OpenSSLCommand.run(
            openssl,
            [
                "cms", "-verify", "-binary", "-inform", "DER", "-in", path("ours.p7s"), "-content", path("doc.pdf"),
                "-CAfile", path("root.pem"), "-purpose", "any", "-out", "/dev/null",
            ],
            input: nil,
            keepErrors: true
        )
        #expect(verified.status == 0, "\(String(decoding: verified.output, as: UTF8.self))")
        // OpenSSL's, checked by ours.
        let signed = try OpenSSLCommand.run(
            openssl,
            [
                "cms", "-sign", "-binary", "-md", "sha256", "-outform", "DER", "-in", path("doc.pdf"), "-signer",
                path("signer.pem"),
                "-inkey", path("key.pem"), "-out", path("theirs.p7s"),
            ],
            input: nil,
            keepErrors: true
        )
        #expect(signed.status == 0, "\(String(decoding: signed.output, as: UTF8.self))")
        let theirs = Array(try Data(contentsOf: URL(fileURLWithPath: path("theirs.p7s"))))
        let verdict = await DocumentSigner.verify(
            file,
            signature: theirs,
            trust: .init(roots: [rsaRoot.certificate]),
            now: Date()
        )
        #expect(verdict.isValid, "\(String(describing: verdict.problem))")
        #expect(verdict.signer == "Trần Thị B")
        var tampered = file
        tampered[3] ^= 0x20
        #expect(
            await DocumentSigner.verify(
                tampered,
                signature: theirs,
                trust: .init(roots: [rsaRoot.certificate]),
                now: Date()
            ).problem == .digestMismatch
        )
    }
}
