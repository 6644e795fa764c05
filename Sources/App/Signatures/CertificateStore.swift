import Core
import Fluent
import Foundation
import SQLKit
import SwiftASN1
import X509

/// A certificate the platform knows: a trusted CA (root or intermediate, imported or the demo CA), or a signing
/// certificate of an agency (its seal) or an officer (personal), with its private key sealed by `KeyCustody`.
struct StoredCertificate: Sendable, Codable {
    enum Role: String, Sendable, Codable, CaseIterable {
        case root
        case intermediate
        case agency
        case personal

        var label: String {
            switch self {
            case .root: "CA gốc tin cậy"
            case .intermediate: "CA trung gian"
            case .agency: "Chứng thư số cơ quan"
            case .personal: "Chứng thư số cá nhân"
            }
        }
    }

    var id: UUID
    var role: Role
    var unitCode: String?
    var userID: UUID?
    var subject: String
    var serial: String
    var notBefore: Date
    var notAfter: Date
    var pem: String
    var sealedKey: String?
    var revokedAt: Date?
    var createdAt: Date

    init(_ certificate: Certificate, role: Role, unitCode: String?, userID: UUID?, sealedKey: String?, at: Date) {
        id = UUID()
        self.role = role
        self.unitCode = unitCode
        self.userID = userID
        subject = certificate.commonName
        serial = certificate.serialHex
        notBefore = certificate.notValidBefore
        notAfter = certificate.notValidAfter
        pem = certificate.pem
        self.sealedKey = sealedKey
        createdAt = at
    }

    func certificate() throws -> Certificate { try Certificate(pemEncoded: pem) }
}

struct SigningCertificateStore: Sendable {
    let sql: any SQLDatabase

    init(db: any Database) { sql = db as! any SQLDatabase }

    func save(_ stored: StoredCertificate) async throws {
        try await sql.raw(
            """
            INSERT INTO signing_certificates (id, role, unit_code, user_id, subject, serial, not_before_s, not_after_s, pem,
                                              sealed_key, revoked_at_s, created_at_s)
            VALUES (\(bind: stored.id), \(bind: stored.role.rawValue), \(bind: stored.unitCode), \(bind: stored.userID),
                    \(bind: stored.subject), \(bind: stored.serial), \(bind: stored.notBefore.timeIntervalSince1970),
                    \(bind: stored.notAfter.timeIntervalSince1970), \(bind: stored.pem), \(bind: stored.sealedKey),
                    \(bind: stored.revokedAt?.timeIntervalSince1970), \(bind: stored.createdAt.timeIntervalSince1970))
            """
        ).run()
    }

    func all() async throws -> [StoredCertificate] {
        try await sql.raw("SELECT * FROM signing_certificates ORDER BY created_at_s").all().map(Self.certificate)
    }

    func find(_ id: UUID) async throws -> StoredCertificate? {
        try await sql.raw("SELECT * FROM signing_certificates WHERE id = \(bind: id)").first().map(Self.certificate)
    }

    /// The newest unrevoked certificate valid at `time` for an agency seal (`unit`) or a person (`user`).
    func signing(unit: String? = nil, user: UUID? = nil, at time: Date) async throws -> StoredCertificate? {
        var query: SQLQueryString =
            "SELECT * FROM signing_certificates WHERE revoked_at_s IS NULL AND sealed_key IS NOT NULL"
        if let unit { query = query + " AND role = 'agency' AND unit_code = \(bind: unit)" }
        if let user { query = query + " AND role = 'personal' AND user_id = \(bind: user)" }
        query =
            query
            + " AND not_before_s <= \(bind: time.timeIntervalSince1970) AND not_after_s > \(bind: time.timeIntervalSince1970)"
            + " ORDER BY not_after_s DESC LIMIT 1"
        return try await sql.raw(query).first().map(Self.certificate)
    }

    func markRevoked(_ id: UUID, at time: Date) async throws {
        try await sql.raw(
            "UPDATE signing_certificates SET revoked_at_s = \(bind: time.timeIntervalSince1970) WHERE id = \(bind: id)"
        ).run()
    }

    private static func certificate(_ row: any SQLRow) throws -> StoredCertificate {
        var stored = StoredCertificate(
            try Certificate(pemEncoded: try row.decode(column: "pem", as: String.self)),
            role: StoredCertificate.Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .personal,
            unitCode: try row.decode(column: "unit_code", as: String?.self),
            userID: try row.decode(column: "user_id", as: UUID?.self),
            sealedKey: try row.decode(column: "sealed_key", as: String?.self),
            at: Date(timeIntervalSince1970: try row.decode(column: "created_at_s", as: Double.self))
        )
        stored.id = try row.decode(column: "id", as: UUID.self)
        stored.revokedAt = try row.decode(column: "revoked_at_s", as: Double?.self).map(
            Date.init(timeIntervalSince1970:)
        )
        return stored
    }

    // MARK: Revocation lists

    /// Keeps `list` as its issuer's current list (the newest by thisUpdate wins).
    func load(_ list: RevocationList, at time: Date) async throws {
        let issuer = String(describing: list.issuer)
        try await sql.raw(
            """
            DELETE FROM revocation_lists WHERE issuer = \(bind: issuer)
              AND this_update_s <= \(bind: list.thisUpdate.timeIntervalSince1970)
            """
        ).run()
        try await sql.raw(
            """
            INSERT INTO revocation_lists (id, issuer, this_update_s, der, loaded_at_s)
            VALUES (\(bind: UUID()), \(bind: issuer), \(bind: list.thisUpdate.timeIntervalSince1970),
                    \(bind: Data(list.der)), \(bind: time.timeIntervalSince1970))
            """
        ).run()
    }

    func revocationLists() async throws -> [RevocationList] {
        try await sql.raw("SELECT der FROM revocation_lists ORDER BY this_update_s").all().map {
            try RevocationList(derEncoded: Array(try $0.decode(column: "der", as: Data.self)))
        }
    }

    /// What verification trusts: the CA certificates and the revocation lists their issuers signed.
    func trust() async throws -> TrustContext {
        let cas = try await all().filter { $0.role == .root || $0.role == .intermediate }
        let roots = try cas.filter { $0.role == .root }.map { try $0.certificate() }
        let intermediates = try cas.filter { $0.role == .intermediate }.map { try $0.certificate() }
        let lists = try await revocationLists().filter { list in
            (roots + intermediates).contains { list.isSigned(by: $0) }
        }
        return TrustContext(roots: roots, intermediates: intermediates, revocationLists: lists)
    }
}
