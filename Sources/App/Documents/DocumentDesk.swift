import Core
import Fluent
import Foundation
import Vapor

/// The document office's operations for the signed-in user, shared by the API and the pages. Every change checks
/// the user's right on the document's unit and the document role the step needs, runs in one transaction with its
/// audit line and the statistics feed, and moves receipts when documents travel between units.
struct DocumentDesk {
    let req: Request
    let principal: Principal

    init(_ req: Request) throws {
        self.req = req
        principal = try req.principal
    }

    var now: Date { req.services.clock.now() }

    // MARK: Reading

    /// The document and its unit, if the user may `action` (by default: see) on that unit's records.
    func document(_ id: Document.ID, for action: Action = .view) async throws -> (Document, AdminUnit) {
        guard let document = try await DocumentStore(db: req.db).document(id) else { throw DocumentError.notFound }
        let unit = try await authorised(document.unitCode, action)
        return (document, unit)
    }

    @discardableResult
    func authorised(_ code: String, _ action: Action) async throws -> AdminUnit {
        try await SharingController.unit(req, code, action).0
    }

    /// The roles the user holds on `document` (drafter of their own draft, handler of their assignment, and the
    /// head, leader and clerk roles granted in the unit).
    func roles(on document: Document) async throws -> Set<DocumentRole> {
        var roles = try await DocumentStore(db: req.db).roles(of: principal.user.id.rawValue)[document.unitCode] ?? []
        if document.createdBy == principal.user.id.rawValue { roles.insert(.drafter) }
        if document.assignment?.handlerID == principal.user.id.rawValue { roles.insert(.handler) }
        return roles
    }

    func actions(on document: Document) async throws -> [DocumentAction] {
        let roles = try await roles(on: document)
        return DocumentAction.allCases.filter { action in
            DocumentWorkflow.role(for: action, in: document.state).map(roles.contains) == true
        }
    }

    // MARK: Creating

    struct NewDocument: Content {
        var direction: DocumentDirection
        var unitCode: String
        var type: DocumentType
        var subject: String
        var issuerName: String?
        var reference: String?
        var issuedOn: String?
        var urgency: Urgency?
        var confidentiality: Confidentiality?
        var recipients: [String]?
        var department: String?
        var dossierCode: String?
    }

    /// An outgoing draft, or an incoming document received on paper (registered at once in the book).
    func create(_ input: NewDocument) async throws -> Document {
        let unit = try await authorised(input.unitCode, .process)
        let (subject, issuer) = try Document.validate(
            subject: input.subject,
            issuerName: input.issuerName ?? (input.direction == .outgoing ? unit.name : "")
        )
        var document = Document(
            direction: input.direction,
            unitCode: unit.code,
            type: input.type,
            issuerName: issuer,
            subject: subject,
            urgency: input.urgency ?? .normal,
            confidentiality: input.confidentiality ?? .normal,
            createdBy: principal.user.id.rawValue,
            createdByName: principal.user.displayName,
            createdAt: now
        )
        document.department = try Self.department(input.department)
        document.recipients = try await recipients(input.recipients ?? [], excluding: unit.code)
        if let text = input.issuedOn, !text.isEmpty {
            guard let day = CivilDate(entered: text) else {
                throw DocumentError.invalidField(field: "issuedOn", message: "dd/MM/yyyy")
            }
            document.issuedOn = day.instant()
        }
        if let reference = input.reference?.trimmingCharacters(in: .whitespaces), !reference.isEmpty {
            guard reference.count <= 60 else { throw DocumentError.invalidField(field: "reference", message: "≤ 60") }
            document.reference = reference
        }
        if let code = input.dossierCode, !code.isEmpty {
            guard try await FluentDossierRepository(db: req.db).find(code: code) != nil else {
                throw DocumentError.invalidField(field: "dossierCode", message: "không có hồ sơ này / no such dossier")
            }
            document.dossierCode = code
        }
        if input.direction == .incoming {
            document.electronic = false
            guard try await roles(on: document).contains(.clerk) else { throw AccountError.forbidden }
        }
        let created = document
        return try await write(created, in: unit, audit: "document.create") { db, document in
            if document.direction == .incoming {
                try await register(&document, on: db)
            }
        }
    }

    static func department(_ raw: String?) throws(DocumentError) -> String? {
        guard let raw = raw?.trimmingCharacters(in: .whitespaces).uppercased(), !raw.isEmpty else { return nil }
        guard raw.count <= 12, raw.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." }) else {
            throw .invalidField(field: "department", message: "viết tắt, ≤ 12 chữ cái / abbreviation, ≤ 12 letters")
        }
        return raw
    }

    private func recipients(_ codes: [String], excluding own: String) async throws -> [String] {
        var result: [String] = []
        let units = req.services.units(on: req.db)
        for code in codes.map({ $0.trimmingCharacters(in: .whitespaces) }) where !code.isEmpty && !result.contains(code)
        {
            guard try await units.find(UnitKey(tree: .current, code: code)) != nil, code != own else {
                throw DocumentError.invalidField(
                    field: "recipients",
                    message: "đơn vị không tồn tại / unknown unit \(code)"
                )
            }
            result.append(code)
        }
        return result
    }

    // MARK: Workflow

    func act(_ id: Document.ID, _ action: DocumentAction, note: String) async throws -> Document {
        let (document, unit) = try await document(id, for: .process)
        guard let role = DocumentWorkflow.role(for: action, in: document.state) else {
            throw DocumentError.invalidTransition(from: document.state, action: action)
        }
        guard try await roles(on: document).contains(role) else { throw AccountError.forbidden }
        let note = String(note.trimmingCharacters(in: .whitespacesAndNewlines).prefix(2_000))
        if action == .assign {
            throw DocumentError.invalidField(field: "action", message: "dùng /assign / use /assign")
        }
        return try await write(document, in: unit, audit: "document.\(action.rawValue)") { db, document in
            try document.apply(action, by: role, author: principal.user.displayName, at: now, note: note)
            switch action {
            case .register: try await register(&document, on: db, transitioned: true)
            case .issue: try await issue(&document, by: unit, on: db)
            default: break
            }
        }
    }

    /// Gives a received document its number in the unit's incoming book; tells an on-platform sender.
    private func register(_ document: inout Document, on db: any Database, transitioned: Bool = false) async throws {
        if !transitioned {
            try document.apply(.register, by: .clerk, author: principal.user.displayName, at: now, note: "")
        }
        let book = NumberBookKey(unitCode: document.unitCode, direction: .incoming, at: now)
        document.bookNumber = try await SQLNumberBooks(db: db).next(book)
        guard let source = document.source, let sourceID = source.documentID else { return }
        let store = DocumentStore(db: db)
        guard var sent = try await store.document(sourceID) else { return }
        try sent.receipts[document.unitCode]?.record(.registered, at: now)
        try await store.save(sent)
    }

    /// Numbers an approved draft in the unit's outgoing book and delivers it to the recipients on the platform;
    /// confidential documents go on paper only (ND 30/2020 keeps them out of electronic exchange).
    private func issue(_ document: inout Document, by unit: AdminUnit, on db: any Database) async throws {
        let number = try await SQLNumberBooks(db: db).next(
            NumberBookKey(unitCode: document.unitCode, direction: .outgoing, at: now)
        )
        document.bookNumber = number
        document.reference =
            DocumentSymbol.make(
                number: number,
                type: document.type,
                issuer: Self.issuerAbbreviation(unit),
                department: document.department
            ).description
        document.issuedOn = now
        document.electronic = !document.confidentiality.isConfidential
        guard document.electronic else { return }
        let store = DocumentStore(db: db)
        let files = try await store.files(of: document.id)
        let signatures = try await store.signatures(of: document.id)
        for code in document.recipients {
            var copy = Document(
                direction: .incoming,
                unitCode: code,
                type: document.type,
                issuerName: unit.name,
                subject: document.subject,
                urgency: document.urgency,
                confidentiality: document.confidentiality,
                createdBy: principal.user.id.rawValue,
                createdByName: principal.user.displayName,
                createdAt: now
            )
            copy.reference = document.reference
            copy.issuedOn = document.issuedOn
            copy.source = .init(documentID: document.id, unitCode: document.unitCode, channel: "platform")
            copy.dossierCode = nil
            try await store.save(copy)
            try await copyFiles(files, signatures: signatures, to: copy.id, store: store)
            var receipt = ExchangeReceipt(sentAt: now)
            try receipt.record(.delivered, at: now)
            document.receipts[code] = receipt
            try await DocumentFeed.refresh(on: db, services: req.services, unit: code, month: now)
        }
    }

    private func copyFiles(
        _ files: [DocumentStore.File],
        signatures: [DocumentStore.Signature],
        to target: Document.ID,
        store: DocumentStore
    ) async throws {
        for file in files {
            guard let (_, bytes) = try await store.file(file.id) else { continue }
            var copy = file
            copy.id = UUID()
            copy.documentID = target.rawValue
            try await store.add(copy, bytes: bytes)
            for signature in signatures where signature.fileID == file.id {
                var moved = signature
                moved.id = UUID()
                moved.fileID = copy.id
                moved.documentID = target.rawValue
                try await store.add(moved)
            }
        }
    }

    /// The symbol's issuer part: an agency's code after the province ("38.SYT" → "SYT"), else "UBND".
    static func issuerAbbreviation(_ unit: AdminUnit) -> String {
        guard let dot = unit.code.lastIndex(of: ".") else { return "UBND" }
        return String(unit.code[unit.code.index(after: dot)...]).uppercased()
    }

    struct Assign: Content {
        var handler: String
        var department: String?
        var workingDays: Int
        var note: String?
    }

    /// A leader gives a registered document to an officer of the unit, due in working days (business calendar).
    func assign(_ id: Document.ID, _ input: Assign) async throws -> Document {
        let (document, unit) = try await document(id, for: .process)
        guard try await roles(on: document).contains(.leader) else { throw AccountError.forbidden }
        guard (1...90).contains(input.workingDays) else {
            throw DocumentError.invalidField(field: "workingDays", message: "1–90")
        }
        guard let handler = try await req.services.users(on: req.db).find(username: input.handler) else {
            throw DocumentError.invalidField(field: "handler", message: "không có người dùng này / no such user")
        }
        let grants = try await req.services.users(on: req.db).grants(of: handler.id)
        let lineage = try await req.services.units(on: req.db).lineage(of: unit.id)
        guard Authorizer.may(Principal(user: handler, grants: grants), .process, on: lineage) else {
            throw DocumentError.invalidField(field: "handler", message: "không thuộc đơn vị / not in this unit")
        }
        let calendar = try await req.services.calendar.calendar(on: req.db)
        let due = try calendar.addingWorkingDays(input.workingDays, to: now)
        return try await write(document, in: unit, audit: "document.assign") { _, document in
            document.assignment = .init(
                handlerID: handler.id.rawValue,
                handlerName: handler.displayName,
                department: try Self.department(input.department) ?? "",
                due: due,
                assignedBy: principal.user.displayName,
                assignedAt: now
            )
            try document.apply(
                .assign,
                by: .leader,
                author: principal.user.displayName,
                at: now,
                note: "Giao \(handler.displayName), hạn \(VietnameseFormat.day(due)). \(input.note ?? "")"
            )
        }
    }

    func note(_ id: Document.ID, _ text: String) async throws -> Document {
        let (document, unit) = try await document(id, for: .process)
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...2_000).contains(text.count) else {
            throw DocumentError.invalidField(field: "text", message: "1–2000 ký tự / characters")
        }
        return try await write(document, in: unit, audit: "document.note") { _, document in
            document.notes.append(.init(at: now, author: principal.user.displayName, action: nil, text: text))
        }
    }

    /// Saves the changed document (of `unit`, already authorised) with its audit line and statistics, in one
    /// transaction.
    func write(
        _ document: Document,
        in unit: AdminUnit,
        audit action: String,
        _ change: @escaping @Sendable (any Database, inout Document) async throws -> Void
    ) async throws -> Document {
        let before = document.state
        let principal = principal
        let services = req.services
        let now = now
        let unitID = unit.id
        return try await req.transaction { db in
            var document = document
            try await change(db, &document)
            try await DocumentStore(db: db).save(document)
            try await services.audit(on: db).append(
                AuditEntry(
                    at: now,
                    actorID: principal.user.id,
                    actorName: principal.user.username,
                    action: action,
                    entityType: "document",
                    entityID: document.id.description,
                    unitID: unitID,
                    before: ["state": before.rawValue],
                    after: ["state": document.state.rawValue, "reference": document.reference ?? ""]
                )
            )
            try await DocumentFeed.refresh(
                on: db,
                services: services,
                unit: document.unitCode,
                month: document.createdAt
            )
            return document
        }
    }
}
