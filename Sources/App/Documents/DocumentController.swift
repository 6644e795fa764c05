import Core
import Fluent
import Foundation
import Vapor

extension Document: Content {}
extension DocumentStore.File: Content {}

/// `/api/v1/documents/…` and `/api/v1/inbox`: the document register, its workflow, files and signatures, the
/// edXML exchange and the statistics. Reads need `view`, changes `process` on the document's unit, and each step
/// the document role it names.
struct DocumentController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let documents = routes.grouped("documents")
        documents.get(use: list)
        documents.post(use: create)
        documents.get("statistics", use: statistics)
        documents.post("roles", use: grantRole)
        documents.on(.POST, "edxml", body: .collect(maxSize: "60mb"), use: importEdXML)
        documents.get(":id", use: show)
        documents.post(":id", "actions", ":action", use: act)
        documents.post(":id", "assign", use: assign)
        documents.post(":id", "notes", use: note)
        documents.on(.POST, ":id", "files", body: .collect(maxSize: "21mb"), use: addFile)
        documents.get(":id", "files", ":file", use: download)
        documents.post(":id", "files", ":file", "sign", use: sign)
        documents.get(":id", "signatures", ":signature", use: signatureFile)
        documents.get(":id", "edxml", use: exportEdXML)
        routes.get("inbox", use: inbox)
    }

    struct DocumentView: Content {
        let document: Document
        let actions: [DocumentAction]
        let files: [DocumentDesk.CheckedFile]
    }

    /// `?unit=&direction=&state=&dossier=&limit=`; `format=csv` gives the register as a file (sổ văn bản).
    @Sendable func list(req: Request) async throws -> Response {
        let reach = try await SharingController.reach(req, .view)
        var units = req.query[String.self, at: "unit"].map { [$0] } ?? []
        if units.isEmpty {
            guard let reach else {
                throw DocumentError.invalidField(field: "unit", message: "chọn đơn vị / give a unit code")
            }
            units = reach.sorted()
        }
        for unit in units where reach?.contains(unit) == false { throw AccountError.forbidden }
        var filter = DocumentStore.Filter(units: units)
        if let raw = req.query[String.self, at: "direction"] {
            guard let direction = DocumentDirection(rawValue: raw) else {
                throw DocumentError.invalidField(field: "direction", message: "incoming | outgoing")
            }
            filter.direction = direction
        }
        if let raw = req.query[String.self, at: "state"] {
            guard let state = DocumentState(rawValue: raw) else {
                throw DocumentError.invalidField(
                    field: "state",
                    message: DocumentState.allCases.map(\.rawValue).joined(separator: " | ")
                )
            }
            filter.states = [state]
        }
        filter.dossierCode = req.query[String.self, at: "dossier"]
        let csv = req.query[String.self, at: "format"] == "csv"
        filter.limit = min(max(req.query[Int.self, at: "limit"] ?? (csv ? 100_000 : 100), 1), csv ? 100_000 : 1_000)
        let documents = try await DocumentStore(db: req.db).documents(filter)
        guard csv else {
            let response = Response(status: .ok)
            try response.content.encode(documents)
            return response
        }
        let rows = documents.map { d -> [String] in
            [
                d.direction == .incoming ? "den" : "di", d.unitCode, d.bookNumber.map(String.init) ?? "",
                d.reference ?? "",
                d.type.label, d.subject, d.issuerName, d.issuedOn.map(VietnameseFormat.day) ?? "", d.urgency.label,
                d.confidentiality.label, d.state.label, d.assignment?.handlerName ?? "",
                d.assignment.map { VietnameseFormat.day($0.due) } ?? "", d.completedAt.map(VietnameseFormat.day) ?? "",
            ]
        }
        return Response.csv(
            CSV.document(
                header: [
                    "chieu", "ma_don_vi", "so_trong_so", "so_ky_hieu", "loai", "trich_yeu", "co_quan_ban_hanh", "ngay",
                    "do_khan", "do_mat", "trang_thai", "nguoi_xu_ly", "han_xu_ly", "ngay_hoan_thanh",
                ],
                rows: rows
            ),
            filename: "so-van-ban.csv"
        )
    }

    @Sendable func create(req: Request) async throws -> Response {
        let document = try await DocumentDesk(req).create(try req.content.decode(DocumentDesk.NewDocument.self))
        let response = Response(status: .created)
        try response.content.encode(document)
        return response
    }

    @Sendable func show(req: Request) async throws -> DocumentView {
        let desk = try DocumentDesk(req)
        let (document, _) = try await desk.document(try req.pathID())
        return DocumentView(
            document: document,
            actions: try await desk.actions(on: document),
            files: try await desk.checkedFiles(document)
        )
    }

    struct NoteInput: Content {
        var note: String?
        var text: String?
    }

    @Sendable func act(req: Request) async throws -> Document {
        guard let action = req.parameters.get("action").flatMap(DocumentAction.init(rawValue:)) else {
            throw DocumentError.invalidField(
                field: "action",
                message: DocumentAction.allCases.map(\.rawValue).joined(separator: " | ")
            )
        }
        let input = try? req.content.decode(NoteInput.self)
        return try await DocumentDesk(req).act(try req.pathID(), action, note: input?.note ?? "")
    }

    @Sendable func assign(req: Request) async throws -> Document {
        try await DocumentDesk(req).assign(try req.pathID(), try req.content.decode(DocumentDesk.Assign.self))
    }

    @Sendable func note(req: Request) async throws -> Document {
        let input = try req.content.decode(NoteInput.self)
        return try await DocumentDesk(req).note(try req.pathID(), input.text ?? input.note ?? "")
    }

    /// The PDF is the request body (`Content-Type: application/pdf`); `?name=` names it.
    @Sendable func addFile(req: Request) async throws -> Response {
        guard let body = req.body.data else { throw DocumentError.invalidField(field: "file", message: "empty") }
        let file = try await DocumentDesk(req).addFile(
            try req.pathID(),
            name: req.query[String.self, at: "name"] ?? "van-ban.pdf",
            bytes: Data(body.readableBytesView)
        )
        let response = Response(status: .created)
        try response.content.encode(file)
        return response
    }

    @Sendable func download(req: Request) async throws -> Response {
        let (document, _) = try await DocumentDesk(req).document(try req.pathID())
        guard let id = req.parameters.get("file").flatMap(UUID.init(uuidString:)),
            let (file, bytes) = try await DocumentStore(db: req.db).file(id), file.documentID == document.id.rawValue
        else { throw DocumentError.notFound }
        let response = Response(status: .ok, body: .init(data: bytes))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "pdf")
        response.headers.contentDisposition = .init(.attachment, filename: file.name)
        return response
    }

    /// The detached signature, as `.p7s` (`openssl cms -verify -binary -inform DER -content <file>` reads it).
    @Sendable func signatureFile(req: Request) async throws -> Response {
        let (document, _) = try await DocumentDesk(req).document(try req.pathID())
        let wanted = req.parameters.get("signature").map { $0.replacingOccurrences(of: ".p7s", with: "") }
        guard
            let signature = try await DocumentStore(db: req.db).signatures(of: document.id)
                .first(where: { $0.id.uuidString.lowercased() == wanted?.lowercased() })
        else { throw DocumentError.notFound }
        let response = Response(status: .ok, body: .init(data: signature.cms))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "pkcs7-signature")
        response.headers.contentDisposition = .init(
            .attachment,
            filename: "\(signature.id.uuidString.lowercased()).p7s"
        )
        return response
    }

    struct SignInput: Content {
        var kind: SignatureKind
    }

    @Sendable func sign(req: Request) async throws -> Response {
        guard let file = req.parameters.get("file").flatMap(UUID.init(uuidString:)) else {
            throw DocumentError.notFound
        }
        let signature = try await DocumentDesk(req).sign(
            try req.pathID(),
            file: file,
            kind: try req.content.decode(SignInput.self).kind
        )
        let response = Response(status: .created)
        try response.content.encode(
            ["id": signature.id.uuidString.lowercased(), "kind": signature.kind.rawValue, "signer": signature.signer]
        )
        return response
    }

    struct RoleInput: Content {
        var unitCode: String
        var username: String
        var role: DocumentRole
        var granted: Bool?
    }

    /// Grants (or with `granted: false` withdraws) a head, leader or clerk role; needs `manageUsers` on the unit.
    @Sendable func grantRole(req: Request) async throws -> HTTPStatus {
        let input = try req.content.decode(RoleInput.self)
        let (unit, principal) = try await SharingController.unit(req, input.unitCode, .manageUsers)
        guard [.head, .leader, .clerk].contains(input.role) else {
            throw DocumentError.invalidField(field: "role", message: "head | leader | clerk")
        }
        guard let user = try await req.services.users(on: req.db).find(username: input.username) else {
            throw DocumentError.invalidField(field: "username", message: "không có người dùng này / no such user")
        }
        let granted = input.granted ?? true
        let now = req.services.clock.now()
        try await req.transaction { db in
            let store = DocumentStore(db: db)
            if granted {
                try await store.grant(input.role, to: user.id.rawValue, in: unit.code)
            } else {
                try await store.revoke(input.role, from: user.id.rawValue, in: unit.code)
            }
            try await req.services.audit(on: db).append(
                AuditEntry(
                    at: now,
                    actorID: principal.user.id,
                    actorName: principal.user.username,
                    action: granted ? "document.grantRole" : "document.revokeRole",
                    entityType: "user",
                    entityID: user.id.description,
                    unitID: unit.id,
                    before: nil,
                    after: ["role": input.role.rawValue, "unit": unit.code]
                )
            )
        }
        return granted ? .created : .ok
    }

    // MARK: Statistics

    struct StatisticsView: Content {
        let units: [String]
        let from: String
        let until: String
        let statistics: DocumentStatistics
        let signedByAgencyPercent: Double
        let signedPersonallyPercent: Double
    }

    /// `?unit=38&from=2026-01-01&to=2026-12-31`: the unit and everything under it; `format=csv` for a file.
    @Sendable func statistics(req: Request) async throws -> Response {
        let view = try await Self.statistics(req)
        if req.query[String.self, at: "format"] == "csv" {
            let s = view.statistics
            let rows: [[String]] = [
                ["van_ban_den", "\(s.received)"], ["dang_xu_ly", "\(s.pending)"], ["da_xu_ly", "\(s.processed)"],
                ["dung_han", "\(s.processedOnTime)"], ["qua_han", "\(s.processedLate)"], ["van_ban_di", "\(s.issued)"],
                ["ky_so_co_quan", "\(s.signedByAgency)"], ["ky_so_ca_nhan", "\(s.signedPersonally)"],
                ["lien_thong_dien_tu", "\(s.exchangedElectronically)"],
            ]
            return Response.csv(
                CSV.document(header: ["chi_tieu", "gia_tri"], rows: rows),
                filename: "thong-ke-van-ban.csv"
            )
        }
        let response = Response(status: .ok)
        try response.content.encode(view)
        return response
    }

    static func statistics(_ req: Request) async throws -> StatisticsView {
        guard let code = req.query[String.self, at: "unit"] else {
            throw DocumentError.invalidField(field: "unit", message: "mã đơn vị / unit code")
        }
        let (unit, _) = try await SharingController.unit(req, code, .view)
        let year = CivilDate(req.services.clock.now()).year
        let from =
            try day(req.query[String.self, at: "from"], field: "from") ?? CivilDate(year: year, month: 1, day: 1)!
        let to = try day(req.query[String.self, at: "to"], field: "to") ?? CivilDate(year: year, month: 12, day: 31)!
        guard from <= to else {
            throw DocumentError.invalidField(field: "to", message: "sau ngày bắt đầu / after from")
        }
        let repository = req.services.units(on: req.db)
        let below = try await repository.find(ids: repository.subtree(of: unit.id)).map(\.code)
        let units = [unit.code] + below.filter { $0 != unit.code }.sorted()
        let statistics = try await DocumentFeed.statistics(
            on: req.db,
            units: units,
            from: from.instant(),
            until: to.adding(days: 1).instant()
        )
        return StatisticsView(
            units: units,
            from: VietnameseFormat.day(from.instant()),
            until: VietnameseFormat.day(to.instant()),
            statistics: statistics,
            signedByAgencyPercent: statistics.signedByAgencyPercent,
            signedPersonallyPercent: statistics.signedPersonallyPercent
        )
    }

    static func day(_ text: String?, field: String) throws -> CivilDate? {
        guard let text, !text.isEmpty else { return nil }
        guard let day = CivilDate(entered: text) else {
            throw DocumentError.invalidField(field: field, message: "yyyy-MM-dd")
        }
        return day
    }

    // MARK: Inbox

    @Sendable func inbox(req: Request) async throws -> [InboxItem] {
        try await Inbox.items(req)
    }

    // MARK: edXML

    @Sendable func exportEdXML(req: Request) async throws -> Response {
        let desk = try DocumentDesk(req)
        let (document, unit) = try await desk.document(try req.pathID())
        guard !document.confidentiality.isConfidential else { throw DocumentError.confidential }
        let store = DocumentStore(db: req.db)
        var attachments: [EdXML.Attachment] = []
        for file in try await store.files(of: document.id) {
            guard let (_, bytes) = try await store.file(file.id) else { continue }
            attachments.append(.init(name: file.name, bytes: bytes))
        }
        let xml = EdXML.envelope(document, from: unit, attachments: attachments)
        let response = Response(status: .ok, body: .init(string: xml))
        response.headers.contentType = HTTPMediaType(
            type: "application",
            subType: "xml",
            parameters: ["charset": "utf-8"]
        )
        response.headers.contentDisposition = .init(.attachment, filename: "edxml-\(document.id).xml")
        return response
    }

    /// `?unit=` receives the envelope as an incoming document (state: received, awaiting the clerk).
    @Sendable func importEdXML(req: Request) async throws -> Response {
        guard let code = req.query[String.self, at: "unit"] else {
            throw DocumentError.invalidField(field: "unit", message: "đơn vị nhận / receiving unit")
        }
        guard let body = req.body.data else { throw DocumentError.invalidField(field: "edxml", message: "empty") }
        let document = try await DocumentDesk(req).receive(EdXML.parse(Data(body.readableBytesView)), into: code)
        let response = Response(status: .created)
        try response.content.encode(document)
        return response
    }
}
