import Core
import Crypto
import Fluent
import Foundation
import Vapor

extension DocumentDesk {
    /// An edXML envelope from an external system becomes an incoming document of `code`, waiting for its clerk.
    func receive(_ envelope: EdXML.Envelope, into code: String) async throws -> Document {
        let unit = try await authorised(code, .process)
        let (subject, issuer) = try Document.validate(
            subject: envelope.subject,
            issuerName: envelope.fromName.isEmpty ? envelope.fromID : envelope.fromName
        )
        var document = Document(
            direction: .incoming,
            unitCode: unit.code,
            type: DocumentType(rawValue: envelope.type) ?? .congVan,
            issuerName: issuer,
            subject: subject,
            urgency: EdXML.urgency(envelope.priority),
            createdBy: principal.user.id.rawValue,
            createdByName: principal.user.displayName,
            createdAt: now
        )
        guard try await roles(on: document).contains(.clerk) else { throw AccountError.forbidden }
        let reference = [envelope.codeNumber, envelope.codeNotation].filter { !$0.isEmpty }.joined(separator: "/")
        document.reference = reference.isEmpty ? nil : String(reference.prefix(60))
        document.issuedOn = CivilDate(iso: envelope.promulgationDate)?.instant()
        document.source = .init(documentID: nil, unitCode: envelope.fromID, channel: "edxml")
        for attachment in envelope.attachments {
            guard attachment.bytes.count <= Self.maxFileBytes, attachment.bytes.starts(with: Array("%PDF-".utf8)) else {
                throw DocumentError.invalidField(
                    field: "Attachment",
                    message: "\(attachment.name): chỉ nhận PDF ≤ 20 MB / PDF ≤ 20 MB only"
                )
            }
        }
        let received = document
        let now = now
        return try await write(received, in: unit, audit: "document.receiveEdXML") { db, document in
            let store = DocumentStore(db: db)
            try await store.save(document)
            for attachment in envelope.attachments {
                try await store.add(
                    .init(
                        id: UUID(),
                        documentID: document.id.rawValue,
                        name: Self.fileName(attachment.name),
                        size: attachment.bytes.count,
                        sha256: SHA256.hex(attachment.bytes),
                        createdAt: now
                    ),
                    bytes: attachment.bytes
                )
            }
        }
    }
}
