import Core
import Fluent
import Foundation
import X509

/// The platform's own CA, for demo data and pilots without a public CA: it makes a root, issues agency and
/// personal certificates under it with sealed keys, and publishes a new revocation list when one is revoked.
/// A province with a public CA (Ban Cơ yếu Chính phủ, VNPT-CA, Viettel-CA …) imports that chain instead.
enum SignatureAuthority {
    static func createRoot(on db: any Database, custody: any KeyCustody, name: String, at time: Date) async throws
        -> StoredCertificate
    {
        let root = try CertificateIssuer.root(
            .init(commonName: name, organisation: name, province: nil),
            validFrom: time.addingTimeInterval(-86_400)
        )
        let stored = StoredCertificate(
            root.certificate,
            role: .root,
            unitCode: nil,
            userID: nil,
            sealedKey: try custody.seal(root.privateKey),
            at: time
        )
        let store = SigningCertificateStore(db: db)
        try await store.save(stored)
        try await store.load(
            try RevocationList.make(
                issuer: root,
                revoked: [],
                thisUpdate: time,
                nextUpdate: time.addingTimeInterval(30 * 86_400)
            ),
            at: time
        )
        return stored
    }

    /// The platform root that can issue (it holds its key), newest first.
    static func issuingRoot(on db: any Database, custody: any KeyCustody, at time: Date) async throws
        -> (StoredCertificate, CertificateIssuer.Issued)?
    {
        let roots = try await SigningCertificateStore(db: db).all().filter {
            $0.role == .root && $0.sealedKey != nil && $0.revokedAt == nil && $0.notAfter > time
        }
        guard let root = roots.last, let sealed = root.sealedKey else { return nil }
        return (root, .init(certificate: try root.certificate(), privateKey: try custody.open(sealed)))
    }

    static func issue(
        on db: any Database,
        custody: any KeyCustody,
        role: StoredCertificate.Role,
        unitCode: String,
        user: User?,
        subject: CertificateIssuer.Subject,
        at time: Date,
        years: Int
    ) async throws -> StoredCertificate {
        guard role == .agency || role == .personal else {
            throw DocumentError.invalidField(field: "role", message: "agency | personal")
        }
        guard let (_, issuer) = try await issuingRoot(on: db, custody: custody, at: time) else {
            throw DocumentError.invalidField(
                field: "certificate",
                message: "nền tảng không giữ CA để cấp chứng thư; hãy nhập chứng thư của CA công cộng / no platform CA"
            )
        }
        let issued = try CertificateIssuer.signer(
            subject,
            kind: role == .agency ? .agency : .personal,
            issuer: issuer,
            validFrom: time.addingTimeInterval(-3_600),
            validUntil: min(time.addingTimeInterval(Double(years) * 365.25 * 86_400), issuer.certificate.notValidAfter)
        )
        let stored = StoredCertificate(
            issued.certificate,
            role: role,
            unitCode: unitCode,
            userID: user?.id.rawValue,
            sealedKey: try custody.seal(issued.privateKey),
            at: time
        )
        try await SigningCertificateStore(db: db).save(stored)
        return stored
    }

    /// Marks the certificate revoked and, when the platform CA issued it, publishes that CA's new list.
    static func revoke(on db: any Database, custody: any KeyCustody, _ stored: StoredCertificate, at time: Date)
        async throws
    {
        let store = SigningCertificateStore(db: db)
        try await store.markRevoked(stored.id, at: time)
        let certificate = try stored.certificate()
        guard let (_, issuer) = try await issuingRoot(on: db, custody: custody, at: time),
            issuer.certificate.subject == certificate.issuer
        else { return }
        let revoked = try await store.all().filter { $0.revokedAt != nil && $0.role != .root }
            .compactMap { entry -> (Certificate.SerialNumber, Date)? in
                guard let cert = try? entry.certificate(), cert.issuer == issuer.certificate.subject,
                    let at = entry.id == stored.id ? time : entry.revokedAt
                else { return nil }
                return (cert.serialNumber, at)
            }
        try await store.load(
            try RevocationList.make(
                issuer: issuer,
                revoked: revoked,
                thisUpdate: time,
                nextUpdate: time.addingTimeInterval(30 * 86_400)
            ),
            at: time
        )
    }
}
