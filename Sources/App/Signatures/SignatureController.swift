import Core
import Fluent
import Foundation
import SwiftASN1
import Vapor
import X509

/// `/api/v1/signatures/…`: the trusted CA chain and revocation lists (a province administrator imports them), and
/// the agencies' and officers' signing certificates (issued by the platform CA or imported with their key, which is
/// sealed at once). Every change is audited.
struct SignatureController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signatures = routes.grouped("signatures")
        signatures.get("certificates", use: certificates)
        signatures.post("certificates", use: issue)
        signatures.post("certificates", "import", use: importCertificate)
        signatures.post("certificates", ":id", "revoke", use: revoke)
        signatures.post("trust", use: trust)
        signatures.post("crl", use: loadCRL)
        signatures.post("ca", use: createCA)
    }

    struct CertificateDTO: Content {
        let id: UUID
        let role: String
        let roleLabel: String
        let unitCode: String?
        let userID: UUID?
        let subject: String
        let serial: String
        let notBefore: Date
        let notAfter: Date
        let revokedAt: Date?
        let holdsKey: Bool
        let pem: String

        init(_ stored: StoredCertificate) {
            id = stored.id
            role = stored.role.rawValue
            roleLabel = stored.role.label
            unitCode = stored.unitCode
            userID = stored.userID
            subject = stored.subject
            serial = stored.serial
            notBefore = stored.notBefore
            notAfter = stored.notAfter
            revokedAt = stored.revokedAt
            holdsKey = stored.sealedKey != nil
            pem = stored.pem
        }
    }

    /// CA certificates for everyone signed in; signing certificates of the units the user may view.
    @Sendable func certificates(req: Request) async throws -> [CertificateDTO] {
        let reach = try await SharingController.reach(req, .view)
        return try await SigningCertificateStore(db: req.db).all().filter { stored in
            stored.unitCode == nil || reach?.contains(stored.unitCode ?? "") ?? true
        }.map(CertificateDTO.init)
    }

    /// Only a province (or system) administrator manages what the province trusts.
    static func provinceAdministrator(_ req: Request) throws -> Principal {
        let principal = try req.principal
        guard let role = principal.highestRole, role >= .provinceAdmin, !principal.user.isDisabled else {
            throw AccountError.forbidden
        }
        return principal
    }

    struct PEMInput: Content {
        var pem: String
    }

    /// Imports CA certificates (PEM, one or more): self-signed ones become roots, others intermediates.
    @Sendable func trust(req: Request) async throws -> Response {
        let principal = try Self.provinceAdministrator(req)
        let documents = try PEMDocument.parseMultiple(pemString: try req.content.decode(PEMInput.self).pem)
        guard !documents.isEmpty else {
            throw DocumentError.invalidField(field: "pem", message: "không có chứng thư / no certificate")
        }
        let now = req.services.clock.now()
        var stored: [StoredCertificate] = []
        for document in documents {
            let certificate: Certificate
            do {
                certificate = try Certificate(pemDocument: document)
            } catch {
                throw DocumentError.invalidField(
                    field: "pem",
                    message: "chứng thư không đọc được / unreadable certificate"
                )
            }
            guard let constraints = try? certificate.extensions.basicConstraints,
                case .isCertificateAuthority = constraints
            else {
                throw DocumentError.invalidField(
                    field: "pem",
                    message: "\(certificate.commonName): không phải CA / not a CA"
                )
            }
            let root = certificate.issuer == certificate.subject
            stored.append(
                StoredCertificate(
                    certificate,
                    role: root ? .root : .intermediate,
                    unitCode: nil,
                    userID: nil,
                    sealedKey: nil,
                    at: now
                )
            )
        }
        try await Self.save(req, stored, principal: principal, action: "signature.trust")
        let response = Response(status: .created)
        try response.content.encode(stored.map(CertificateDTO.init))
        return response
    }

    /// A CA's revocation list (PEM or DER body, or `{"pem": …}`); refused unless a trusted CA signed it.
    @Sendable func loadCRL(req: Request) async throws -> HTTPStatus {
        let principal = try Self.provinceAdministrator(req)
        let bytes: [UInt8]
        if let input = try? req.content.decode(PEMInput.self) {
            bytes = Array(input.pem.utf8)
        } else if let body = req.body.data {
            bytes = Array(body.readableBytesView)
        } else {
            throw DocumentError.invalidField(field: "crl", message: "empty")
        }
        let list: RevocationList
        do {
            list = try RevocationList(bytes: bytes)
        } catch {
            throw DocumentError.invalidField(field: "crl", message: "danh sách thu hồi không đọc được / unreadable CRL")
        }
        let store = SigningCertificateStore(db: req.db)
        let trust = try await store.trust()
        guard (trust.roots + trust.intermediates).contains(where: { list.isSigned(by: $0) }) else {
            throw DocumentError.invalidField(
                field: "crl",
                message: "không do CA tin cậy ký / not signed by a trusted CA"
            )
        }
        let now = req.services.clock.now()
        try await req.transaction { db in
            try await SigningCertificateStore(db: db).load(list, at: now)
            try await req.services.audit(on: db).append(
                AuditEntry(
                    at: now,
                    actorID: principal.user.id,
                    actorName: principal.user.username,
                    action: "signature.loadCRL",
                    entityType: "revocationList",
                    entityID: String(describing: list.issuer),
                    unitID: nil,
                    before: nil,
                    after: ["revoked": "\(list.revoked.count)"]
                )
            )
        }
        return .created
    }

    struct CAInput: Content {
        var name: String
    }

    /// A platform CA, for pilots without a public CA (the demo has one).
    @Sendable func createCA(req: Request) async throws -> Response {
        let principal = try Self.provinceAdministrator(req)
        let name = try req.content.decode(CAInput.self).name.trimmingCharacters(in: .whitespaces)
        guard (3...120).contains(name.count) else { throw DocumentError.invalidField(field: "name", message: "3–120") }
        let now = req.services.clock.now()
        let custody = req.services.keyCustody
        let stored = try await req.transaction { db in
            let stored = try await SignatureAuthority.createRoot(on: db, custody: custody, name: name, at: now)
            try await Self.audit(db, req, principal, "signature.createCA", stored)
            return stored
        }
        let response = Response(status: .created)
        try response.content.encode(CertificateDTO(stored))
        return response
    }

    struct IssueInput: Content {
        var role: String
        var unitCode: String
        var username: String?
        var years: Int?
    }

    /// Issues an agency seal (`role: agency`) or a personal certificate (`role: personal`, `username`) from the
    /// platform CA; needs `manageUsers` on the unit.
    @Sendable func issue(req: Request) async throws -> Response {
        let input = try req.content.decode(IssueInput.self)
        let (unit, principal, role, user) = try await Self.holder(req, input.role, input.unitCode, input.username)
        let years = input.years ?? 2
        guard (1...5).contains(years) else { throw DocumentError.invalidField(field: "years", message: "1–5") }
        let province = try await req.services.units(on: req.db).province(of: unit)
        let subject = CertificateIssuer.Subject(
            commonName: user?.displayName ?? unit.name,
            organisation: unit.name,
            province: province.shortName
        )
        let now = req.services.clock.now()
        let custody = req.services.keyCustody
        let issuedTo = user
        let stored = try await req.transaction { db in
            let stored = try await SignatureAuthority.issue(
                on: db,
                custody: custody,
                role: role,
                unitCode: unit.code,
                user: issuedTo,
                subject: subject,
                at: now,
                years: years
            )
            try await Self.audit(db, req, principal, "signature.issue", stored, unit: unit.id)
            return stored
        }
        let response = Response(status: .created)
        try response.content.encode(CertificateDTO(stored))
        return response
    }

    struct ImportInput: Content {
        var role: String
        var unitCode: String
        var username: String?
        var certificatePem: String
        var keyPem: String
    }

    /// A certificate issued by a public CA with its private key (PKCS#8 or SEC1 PEM): checked to match, chained to
    /// a trusted CA, and the key sealed at once.
    @Sendable func importCertificate(req: Request) async throws -> Response {
        let input = try req.content.decode(ImportInput.self)
        let (unit, principal, role, user) = try await Self.holder(req, input.role, input.unitCode, input.username)
        guard let certificate = try? Certificate(pemEncoded: input.certificatePem) else {
            throw DocumentError.invalidField(field: "certificatePem", message: "không đọc được / unreadable")
        }
        guard let key = try? Certificate.PrivateKey(pemEncoded: input.keyPem), key.publicKey == certificate.publicKey
        else {
            throw DocumentError.invalidField(field: "keyPem", message: "khóa không khớp chứng thư / key does not match")
        }
        let trust = try await SigningCertificateStore(db: req.db).trust()
        let chain = DocumentSigner.chain(from: certificate, pool: trust.roots + trust.intermediates)
        guard let top = chain.last, trust.roots.contains(top) else {
            throw DocumentError.invalidField(
                field: "certificatePem",
                message: "không thuộc CA tin cậy / not under a trusted CA"
            )
        }
        let now = req.services.clock.now()
        let stored = StoredCertificate(
            certificate,
            role: role,
            unitCode: unit.code,
            userID: user?.id.rawValue,
            sealedKey: try req.services.keyCustody.seal(key),
            at: now
        )
        try await Self.save(req, [stored], principal: principal, action: "signature.import", unit: unit.id)
        let response = Response(status: .created)
        try response.content.encode(CertificateDTO(stored))
        return response
    }

    /// Who a signing certificate is for: the unit (the caller needs `manageUsers` on it), the role (agency or
    /// personal) and, for a personal one, the user.
    static func holder(_ req: Request, _ role: String, _ unitCode: String, _ username: String?) async throws
        -> (AdminUnit, Principal, StoredCertificate.Role, User?)
    {
        let (unit, principal) = try await SharingController.unit(req, unitCode, .manageUsers)
        guard let role = StoredCertificate.Role(rawValue: role), role == .agency || role == .personal else {
            throw DocumentError.invalidField(field: "role", message: "agency | personal")
        }
        guard role == .personal else { return (unit, principal, role, nil) }
        guard let username, let user = try await req.services.users(on: req.db).find(username: username) else {
            throw DocumentError.invalidField(field: "username", message: "không có người dùng này / no such user")
        }
        return (unit, principal, role, user)
    }

    @Sendable func revoke(req: Request) async throws -> CertificateDTO {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let stored = try await SigningCertificateStore(db: req.db).find(id)
        else { throw DocumentError.notFound }
        let principal: Principal
        var unitID: AdminUnit.ID?
        if let code = stored.unitCode {
            let (unit, held) = try await SharingController.unit(req, code, .manageUsers)
            (principal, unitID) = (held, unit.id)
        } else {
            principal = try Self.provinceAdministrator(req)
        }
        let now = req.services.clock.now()
        let custody = req.services.keyCustody
        let owner = unitID
        try await req.transaction { db in
            try await SignatureAuthority.revoke(on: db, custody: custody, stored, at: now)
            try await Self.audit(db, req, principal, "signature.revoke", stored, unit: owner)
        }
        var revoked = stored
        revoked.revokedAt = now
        return CertificateDTO(revoked)
    }

    static func save(
        _ req: Request,
        _ certificates: [StoredCertificate],
        principal: Principal,
        action: String,
        unit: AdminUnit.ID? = nil
    ) async throws {
        try await req.transaction { db in
            for stored in certificates {
                try await SigningCertificateStore(db: db).save(stored)
                try await audit(db, req, principal, action, stored, unit: unit)
            }
        }
    }

    static func audit(
        _ db: any Database,
        _ req: Request,
        _ principal: Principal,
        _ action: String,
        _ stored: StoredCertificate,
        unit: AdminUnit.ID? = nil
    ) async throws {
        try await req.services.audit(on: db).append(
            AuditEntry(
                at: req.services.clock.now(),
                actorID: principal.user.id,
                actorName: principal.user.username,
                action: action,
                entityType: "certificate",
                entityID: stored.id.uuidString.lowercased(),
                unitID: unit,
                before: nil,
                after: ["subject": stored.subject, "serial": stored.serial, "role": stored.role.rawValue]
            )
        )
    }
}
