import Core
import Crypto
import Fluent
import Foundation
import Vapor
import X509

/// Files (PDF) on a document, signing them, and checking every signature.
extension DocumentDesk {
    static let maxFileBytes = 20 * 1024 * 1024

    /// Adds a PDF to a document that is still being drafted or handled (not to an issued one: its bytes are signed).
    func addFile(_ id: Document.ID, name: String, bytes: Data) async throws -> DocumentStore.File {
        let (document, unit) = try await document(id, for: .process)
        guard ![.issued, .done].contains(document.state) else {
            throw DocumentError.invalidField(field: "file", message: "văn bản đã phát hành / already issued")
        }
        guard bytes.count <= Self.maxFileBytes else {
            throw DocumentError.invalidField(field: "file", message: "tối đa 20 MB / at most 20 MB")
        }
        guard bytes.starts(with: Array("%PDF-".utf8)) else {
            throw DocumentError.invalidField(field: "file", message: "chỉ nhận tệp PDF / PDF files only")
        }
        let cleanName = Self.fileName(name)
        let file = DocumentStore.File(
            id: UUID(),
            documentID: id.rawValue,
            name: cleanName,
            size: bytes.count,
            sha256: SHA256.hex(bytes),
            createdAt: now
        )
        _ = try await write(document, in: unit, audit: "document.addFile") { db, document in
            try await DocumentStore(db: db).add(file, bytes: bytes)
            document.notes.append(
                .init(at: now, author: principal.user.displayName, action: nil, text: "Đính kèm \(cleanName)")
            )
        }
        return file
    }

    /// A safe stored name: the last path component, printable, ending in .pdf.
    static func fileName(_ raw: String) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var name = String(
            last.filter { !$0.isNewline && $0 != "\"" && !($0.asciiValue.map { $0 < 32 } ?? false) }.prefix(120)
        )
        if name.isEmpty || name.hasPrefix(".") { name = "van-ban" + name }
        if !name.lowercased().hasSuffix(".pdf") { name += ".pdf" }
        return name
    }

    /// Signs a file: `personal` with the user's certificate (a head or leader approving), `agency` with the unit's
    /// seal (the clerk, once approved). The key is opened from custody for this signature only.
    func sign(_ id: Document.ID, file fileID: UUID, kind: SignatureKind) async throws -> DocumentStore.Signature {
        let (document, unit) = try await document(id, for: .process)
        let roles = try await roles(on: document)
        switch kind {
        case .personal:
            guard document.direction == .outgoing,
                [.awaitingHead, .awaitingLeader, .approved].contains(document.state),
                !roles.isDisjoint(with: [.head, .leader])
            else { throw AccountError.forbidden }
        case .agency:
            guard document.direction == .outgoing, document.state == .approved, roles.contains(.clerk) else {
                throw AccountError.forbidden
            }
        }
        let store = DocumentStore(db: req.db)
        guard let (file, bytes) = try await store.file(fileID), file.documentID == id.rawValue else {
            throw DocumentError.notFound
        }
        let certificates = SigningCertificateStore(db: req.db)
        let held =
            kind == .agency
            ? try await certificates.signing(unit: document.unitCode, at: now)
            : try await certificates.signing(user: principal.user.id.rawValue, at: now)
        guard let held, let sealed = held.sealedKey else {
            throw DocumentError.invalidField(
                field: "certificate",
                message: kind == .agency
                    ? "đơn vị chưa có chứng thư số còn hiệu lực / the unit has no valid certificate"
                    : "bạn chưa có chứng thư số còn hiệu lực / you have no valid certificate"
            )
        }
        let key: Certificate.PrivateKey
        do {
            key = try req.services.keyCustody.open(sealed)
        } catch {
            throw DocumentError.invalidField(
                field: "certificate",
                message: "máy chủ chưa cấu hình khóa bảo vệ (TINHSO_KEY_ENCRYPTION_KEY) / key custody not configured"
            )
        }
        let trust = try await certificates.trust()
        let certificate = try held.certificate()
        let chain = DocumentSigner.chain(from: certificate, pool: trust.roots + trust.intermediates).dropFirst()
            .filter { $0.issuer != $0.subject }
        let cms = try DocumentSigner.sign(bytes, certificate: certificate, chain: Array(chain), key: key, at: now)
        let signature = DocumentStore.Signature(
            id: UUID(),
            fileID: fileID,
            documentID: id.rawValue,
            kind: kind,
            certificateID: held.id,
            signer: certificate.commonName,
            signedAt: now,
            cms: Data(cms)
        )
        _ = try await write(document, in: unit, audit: "document.sign.\(kind.rawValue)") { db, document in
            try await DocumentStore(db: db).add(signature)
            document.notes.append(
                .init(at: now, author: principal.user.displayName, action: nil, text: "\(kind.label): \(file.name)")
            )
        }
        return signature
    }

    struct CheckedFile: Content {
        struct Checked: Content {
            let id: UUID
            let kind: SignatureKind
            let kindLabel: String
            let signer: String
            let signedAt: Date?
            let valid: Bool
            let reason: String?
            let reasonEnglish: String?
            let revokedLater: Date?
        }

        let id: UUID
        let name: String
        let size: Int
        let sha256: String
        let signatures: [Checked]
    }

    /// Every file of the document with each signature checked now against the trusted CAs and revocation lists.
    func checkedFiles(_ document: Document) async throws -> [CheckedFile] {
        let store = DocumentStore(db: req.db)
        let files = try await store.files(of: document.id)
        let signatures = try await store.signatures(of: document.id)
        let trust = try await SigningCertificateStore(db: req.db).trust()
        var result: [CheckedFile] = []
        for file in files {
            let mine = signatures.filter { $0.fileID == file.id }
            var checked: [CheckedFile.Checked] = []
            if !mine.isEmpty, let (_, bytes) = try await store.file(file.id) {
                for signature in mine {
                    let verdict = await DocumentSigner.verify(
                        Array(bytes),
                        signature: Array(signature.cms),
                        trust: trust,
                        now: now
                    )
                    checked.append(
                        .init(
                            id: signature.id,
                            kind: signature.kind,
                            kindLabel: signature.kind.label,
                            signer: verdict.signer,
                            signedAt: verdict.signedAt,
                            valid: verdict.isValid,
                            reason: verdict.problem?.vietnamese,
                            reasonEnglish: verdict.problem?.english,
                            revokedLater: verdict.revokedLater
                        )
                    )
                }
            }
            result.append(
                .init(id: file.id, name: file.name, size: file.size, sha256: file.sha256, signatures: checked)
            )
        }
        return result
    }
}
