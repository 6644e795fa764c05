import Core
import Fluent
import Foundation
import SQLKit

/// The document register in SQL: documents as JSON with the columns lists filter on, files, signatures, signing
/// certificates (keys sealed), revocation lists and document roles.
struct DocumentStore: Sendable {
    let sql: any SQLDatabase

    init(db: any Database) { sql = db as! any SQLDatabase }

    // MARK: Documents

    func save(_ document: Document) async throws {
        let data = try JSONText.encode(document)
        let handler = document.assignment?.handlerID
        try await sql.raw(
            """
            INSERT INTO documents (id, unit_code, direction, state, handler_id, dossier_code, created_at_s, data)
            VALUES (\(bind: document.id.rawValue), \(bind: document.unitCode), \(bind: document.direction.rawValue),
                    \(bind: document.state.rawValue), \(bind: handler), \(bind: document.dossierCode),
                    \(bind: document.createdAt.timeIntervalSince1970), \(bind: data))
            ON CONFLICT (id) DO UPDATE SET state = excluded.state, handler_id = excluded.handler_id,
                dossier_code = excluded.dossier_code, data = excluded.data
            """
        ).run()
    }

    func document(_ id: Document.ID) async throws -> Document? {
        try await sql.raw("SELECT data FROM documents WHERE id = \(bind: id.rawValue)").first().map(Self.document)
    }

    struct Filter: Sendable {
        /// Nil: every unit (the caller has checked the reach).
        var units: [String]?
        var direction: DocumentDirection?
        var states: [DocumentState]?
        var handler: UUID?
        var dossierCode: String?
        var from: Date?
        var until: Date?
        var limit = 200
    }

    func documents(_ filter: Filter) async throws -> [Document] {
        var query: SQLQueryString = "SELECT data FROM documents WHERE 1 = 1"
        if let units = filter.units {
            guard !units.isEmpty else { return [] }
            query =
                query + " AND unit_code IN (" + units.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")
                + ")"
        }
        if let direction = filter.direction { query = query + " AND direction = \(bind: direction.rawValue)" }
        if let states = filter.states {
            guard !states.isEmpty else { return [] }
            query =
                query + " AND state IN ("
                + states.map { "\(bind: $0.rawValue)" as SQLQueryString }.joined(separator: ", ") + ")"
        }
        if let handler = filter.handler { query = query + " AND handler_id = \(bind: handler)" }
        if let code = filter.dossierCode { query = query + " AND dossier_code = \(bind: code)" }
        if let from = filter.from { query = query + " AND created_at_s >= \(bind: from.timeIntervalSince1970)" }
        if let until = filter.until { query = query + " AND created_at_s < \(bind: until.timeIntervalSince1970)" }
        query = query + " ORDER BY created_at_s DESC LIMIT \(bind: filter.limit)"
        return try await sql.raw(query).all().map(Self.document)
    }

    /// Units with documents created in [from, until), for the statistics feed.
    func units(from: Date, until: Date) async throws -> [String] {
        try await sql.raw(
            """
            SELECT DISTINCT unit_code FROM documents
            WHERE created_at_s >= \(bind: from.timeIntervalSince1970) AND created_at_s < \(bind: until.timeIntervalSince1970)
            """
        ).all().map { try $0.decode(column: "unit_code", as: String.self) }
    }

    private static func document(_ row: any SQLRow) throws -> Document {
        try JSONText.decode(Document.self, try row.decode(column: "data", as: String.self))
    }

    // MARK: Files

    struct File: Sendable, Codable {
        var id: UUID
        var documentID: UUID
        var name: String
        var size: Int
        var sha256: String
        var createdAt: Date
    }

    func add(_ file: File, bytes: Data) async throws {
        try await sql.raw(
            """
            INSERT INTO document_files (id, document_id, name, size, sha256, bytes, created_at_s)
            VALUES (\(bind: file.id), \(bind: file.documentID), \(bind: file.name), \(bind: file.size), \(bind: file.sha256),
                    \(bind: bytes), \(bind: file.createdAt.timeIntervalSince1970))
            """
        ).run()
    }

    func files(of document: Document.ID) async throws -> [File] {
        try await sql.raw(
            """
            SELECT id, document_id, name, size, sha256, created_at_s FROM document_files
            WHERE document_id = \(bind: document.rawValue) ORDER BY created_at_s, name
            """
        ).all().map(Self.file)
    }

    func file(_ id: UUID) async throws -> (File, Data)? {
        guard
            let row = try await sql.raw(
                "SELECT id, document_id, name, size, sha256, created_at_s, bytes FROM document_files WHERE id = \(bind: id)"
            ).first()
        else { return nil }
        return (try Self.file(row), try row.decode(column: "bytes", as: Data.self))
    }

    private static func file(_ row: any SQLRow) throws -> File {
        File(
            id: try row.decode(column: "id", as: UUID.self),
            documentID: try row.decode(column: "document_id", as: UUID.self),
            name: try row.decode(column: "name", as: String.self),
            size: try row.decode(column: "size", as: Int.self),
            sha256: try row.decode(column: "sha256", as: String.self),
            createdAt: Date(timeIntervalSince1970: try row.decode(column: "created_at_s", as: Double.self))
        )
    }

    // MARK: Signatures

    struct Signature: Sendable, Codable {
        var id: UUID
        var fileID: UUID
        var documentID: UUID
        var kind: SignatureKind
        var certificateID: UUID?
        var signer: String
        var signedAt: Date
        var cms: Data
    }

    func add(_ signature: Signature) async throws {
        try await sql.raw(
            """
            INSERT INTO document_signatures (id, file_id, document_id, kind, certificate_id, signer, signed_at_s, cms)
            VALUES (\(bind: signature.id), \(bind: signature.fileID), \(bind: signature.documentID),
                    \(bind: signature.kind.rawValue), \(bind: signature.certificateID), \(bind: signature.signer),
                    \(bind: signature.signedAt.timeIntervalSince1970), \(bind: signature.cms))
            """
        ).run()
    }

    func signatures(of document: Document.ID) async throws -> [Signature] {
        try await sql.raw(
            "SELECT * FROM document_signatures WHERE document_id = \(bind: document.rawValue) ORDER BY signed_at_s"
        ).all().map { row in
            Signature(
                id: try row.decode(column: "id", as: UUID.self),
                fileID: try row.decode(column: "file_id", as: UUID.self),
                documentID: try row.decode(column: "document_id", as: UUID.self),
                kind: SignatureKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .personal,
                certificateID: try row.decode(column: "certificate_id", as: UUID?.self),
                signer: try row.decode(column: "signer", as: String.self),
                signedAt: Date(timeIntervalSince1970: try row.decode(column: "signed_at_s", as: Double.self)),
                cms: try row.decode(column: "cms", as: Data.self)
            )
        }
    }

    /// Which kinds of signature each of `documents` carries.
    func signatureKinds(of documents: [Document.ID]) async throws -> [UUID: Set<SignatureKind>] {
        guard !documents.isEmpty else { return [:] }
        var result: [UUID: Set<SignatureKind>] = [:]
        for chunk in stride(from: 0, to: documents.count, by: 500).map({
            documents[$0..<min($0 + 500, documents.count)]
        }) {
            let list = chunk.map { "\(bind: $0.rawValue)" as SQLQueryString }.joined(separator: ", ")
            let rows = try await sql.raw(
                "SELECT DISTINCT document_id, kind FROM document_signatures WHERE document_id IN (" + list + ")"
            ).all()
            for row in rows {
                let id = try row.decode(column: "document_id", as: UUID.self)
                if let kind = SignatureKind(rawValue: try row.decode(column: "kind", as: String.self)) {
                    result[id, default: []].insert(kind)
                }
            }
        }
        return result
    }

    // MARK: Roles

    func grant(_ role: DocumentRole, to user: UUID, in unit: String) async throws {
        try await sql.raw(
            """
            INSERT INTO document_roles (unit_code, user_id, role) VALUES (\(bind: unit), \(bind: user), \(bind: role.rawValue))
            ON CONFLICT (unit_code, user_id, role) DO NOTHING
            """
        ).run()
    }

    func revoke(_ role: DocumentRole, from user: UUID, in unit: String) async throws {
        try await sql.raw(
            """
            DELETE FROM document_roles
            WHERE unit_code = \(bind: unit) AND user_id = \(bind: user) AND role = \(bind: role.rawValue)
            """
        ).run()
    }

    /// The document roles `user` holds, per unit code.
    func roles(of user: UUID) async throws -> [String: Set<DocumentRole>] {
        var result: [String: Set<DocumentRole>] = [:]
        for row in try await sql.raw("SELECT unit_code, role FROM document_roles WHERE user_id = \(bind: user)").all() {
            if let role = DocumentRole(rawValue: try row.decode(column: "role", as: String.self)) {
                result[try row.decode(column: "unit_code", as: String.self), default: []].insert(role)
            }
        }
        return result
    }

    func holders(in unit: String) async throws -> [(user: UUID, role: DocumentRole)] {
        try await sql.raw("SELECT user_id, role FROM document_roles WHERE unit_code = \(bind: unit) ORDER BY role")
            .all()
            .compactMap { row in
                guard let role = DocumentRole(rawValue: try row.decode(column: "role", as: String.self)) else {
                    return nil
                }
                return (try row.decode(column: "user_id", as: UUID.self), role)
            }
    }
}
