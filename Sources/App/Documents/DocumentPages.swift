import Core
import Fluent
import Foundation
import Vapor

/// `/van-ban`: the officer's inbox (documents and dossiers together), the unit's register and the new-document
/// form; `/van-ban/<id>`: one document with its files, each signature checked, its steps and notes. Forms post
/// back and redirect; an error comes back on the page in Vietnamese.
struct DocumentPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("van-ban", use: index)
        routes.post("van-ban", use: create)
        routes.get("van-ban", ":id", use: show)
        routes.post("van-ban", ":id", "hanh-dong", ":action", use: act)
        routes.post("van-ban", ":id", "giao", use: assign)
        routes.post("van-ban", ":id", "ghi-chu", use: note)
        routes.on(.POST, "van-ban", ":id", "tep", body: .collect(maxSize: "21mb"), use: upload)
        routes.post("van-ban", ":id", "tep", ":file", "ky", use: sign)
        // Downloads for signed-in users: the API's handlers, reached with the session.
        let api = DocumentController()
        routes.get("van-ban", "so-van-ban.csv", use: api.list)
        routes.get("van-ban", "thong-ke.csv", use: api.statistics)
        routes.get("van-ban", ":id", "tep", ":file", use: api.download)
        routes.get("van-ban", ":id", "signatures", ":signature", use: api.signatureFile)
        routes.get("van-ban", ":id", "edxml", use: api.exportEdXML)
    }

    struct Row: Encodable {
        let id: String
        let reference: String
        let type: String
        let subject: String
        let unit: String
        let direction: String
        let state: String
        let date: String
        let confidential: Bool
    }

    struct IndexPage: Encodable {
        struct Item: Encodable {
            let kind: String
            let title: String
            let reference: String
            let state: String
            let due: String
            let overdue: Bool
            let href: String
        }

        let layout: PageLayout
        let inbox: [Item]
        let rows: [Row]
        struct Option: Encodable {
            let value: String
            let label: String
        }

        let types: [Option]
        let urgencies: [Option]
        let confidentialities: [Option]
        let defaultUnit: String
        let error: String?
    }

    @Sendable func index(req: Request) async throws -> View {
        let reach = try await SharingController.reach(req, .view)
        var filter = DocumentStore.Filter(units: reach.map { $0.sorted() })
        filter.limit = 50
        let documents = try await DocumentStore(db: req.db).documents(filter)
        let inbox = try await Inbox.items(req).map {
            IndexPage.Item(
                kind: $0.kind == "document" ? "Văn bản" : "Hồ sơ",
                title: $0.title,
                reference: $0.reference,
                state: $0.state,
                due: $0.due.map(VietnameseFormat.day) ?? "",
                overdue: $0.overdue,
                href: $0.href
            )
        }
        let home = try await SharingController.reach(req, .process)?.sorted().first ?? ""
        return try await req.view.render(
            "Documents/index",
            IndexPage(
                layout: PageLayout.make(req, title: "Văn bản điện tử", section: .documents),
                inbox: inbox,
                rows: documents.map(Self.row),
                types: DocumentType.allCases.map { .init(value: $0.rawValue, label: $0.label) },
                urgencies: Urgency.allCases.map { .init(value: $0.rawValue, label: $0.label) },
                confidentialities: Confidentiality.allCases.map { .init(value: $0.rawValue, label: $0.label) },
                defaultUnit: home,
                error: req.query[String.self, at: "loi"]
            )
        )
    }

    static func row(_ document: Document) -> Row {
        Row(
            id: document.id.description,
            reference: document.reference ?? "(chưa cấp số)",
            type: document.type.label,
            subject: document.subject,
            unit: document.unitCode,
            direction: document.direction == .incoming ? "Đến" : "Đi",
            state: document.state.label,
            date: VietnameseFormat.day(document.issuedOn ?? document.createdAt),
            confidential: document.confidentiality.isConfidential
        )
    }

    struct NewForm: Content {
        var direction: String
        var unitCode: String
        var type: String
        var subject: String
        var issuerName: String?
        var reference: String?
        var issuedOn: String?
        var urgency: String?
        var confidentiality: String?
        var recipients: String?
        var department: String?
        var dossierCode: String?
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(NewForm.self)
        return await Self.redirecting(req, failure: "/van-ban") {
            let document = try await DocumentDesk(req).create(
                .init(
                    direction: DocumentDirection(rawValue: form.direction) ?? .outgoing,
                    unitCode: form.unitCode.trimmingCharacters(in: .whitespaces),
                    type: DocumentType(rawValue: form.type) ?? .congVan,
                    subject: form.subject,
                    issuerName: form.issuerName.flatMap { $0.isEmpty ? nil : $0 },
                    reference: form.reference,
                    issuedOn: form.issuedOn,
                    urgency: form.urgency.flatMap(Urgency.init(rawValue:)),
                    confidentiality: form.confidentiality.flatMap(Confidentiality.init(rawValue:)),
                    recipients: (form.recipients ?? "").split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(
                        String.init
                    ),
                    department: form.department,
                    dossierCode: form.dossierCode.flatMap { $0.isEmpty ? nil : $0 }
                )
            )
            return "/van-ban/\(document.id)"
        }
    }

    /// Runs a form's work and redirects to where it says, or back to `failure` with the error in Vietnamese.
    static func redirecting(_ req: Request, failure: String, _ work: () async throws -> String) async -> Response {
        do {
            return req.redirect(to: try await work())
        } catch {
            let message = Failure.from(error).messageVI
            var components = URLComponents()
            components.path = failure
            components.queryItems = [URLQueryItem(name: "loi", value: message)]
            return req.redirect(to: components.string ?? failure)
        }
    }

    struct ShowPage: Encodable {
        struct Action: Encodable {
            let name: String
            let label: String
        }

        struct Signature: Encodable {
            let id: String
            let kind: String
            let signer: String
            let at: String
            let valid: Bool
            let reason: String?
            let revokedLater: String?
        }

        struct File: Encodable {
            let id: String
            let name: String
            let size: String
            let sha256: String
            let signatures: [Signature]
        }

        struct Note: Encodable {
            let at: String
            let author: String
            let action: String
            let text: String?
        }

        struct Receipt: Encodable {
            let unit: String
            let step: String
        }

        let layout: PageLayout
        let id: String
        let reference: String
        let type: String
        let subject: String
        let issuer: String
        let unit: String
        let direction: String
        let state: String
        let urgency: String
        let confidentiality: String
        let confidential: Bool
        let issuedOn: String?
        let bookNumber: String?
        let recipients: String?
        let source: String?
        let dossierCode: String?
        let assignment: String?
        let overdue: Bool
        let actions: [Action]
        let mayAssign: Bool
        let maySignPersonal: Bool
        let maySignAgency: Bool
        let mayUpload: Bool
        let files: [File]
        let notes: [Note]
        let receipts: [Receipt]
        let error: String?
    }

    @Sendable func show(req: Request) async throws -> View {
        let desk = try DocumentDesk(req)
        let (document, _) = try await desk.document(try req.pathID())
        let roles = try await desk.roles(on: document)
        let files = try await desk.checkedFiles(document)
        let now = req.services.clock.now()
        let outgoingOpen = document.direction == .outgoing
        return try await req.view.render(
            "Documents/show",
            ShowPage(
                layout: PageLayout.make(req, title: document.reference ?? document.subject, section: .documents),
                id: document.id.description,
                reference: document.reference ?? "(chưa cấp số)",
                type: document.type.label,
                subject: document.subject,
                issuer: document.issuerName,
                unit: document.unitCode,
                direction: document.direction == .incoming ? "Văn bản đến" : "Văn bản đi",
                state: document.state.label,
                urgency: document.urgency.label,
                confidentiality: document.confidentiality.label,
                confidential: document.confidentiality.isConfidential,
                issuedOn: document.issuedOn.map(VietnameseFormat.day),
                bookNumber: document.bookNumber.map(String.init),
                recipients: document.recipients.joined(separator: ", "),
                source: document.source.map { "\($0.unitCode) (\($0.channel == "edxml" ? "edXML" : "trên nền tảng"))" }
                    ?? "",
                dossierCode: document.dossierCode,
                assignment: document.assignment.map {
                    "\($0.handlerName)\($0.department.isEmpty ? "" : " (\($0.department))"), hạn \(VietnameseFormat.day($0.due))"
                },
                overdue: document.assignment.map { $0.due < now && document.state != .done } ?? false,
                actions: try await desk.actions(on: document).filter { $0 != .assign }.map {
                    .init(name: $0.rawValue, label: $0.label)
                },
                mayAssign: document.state == .registered && roles.contains(.leader),
                maySignPersonal: outgoingOpen && [.awaitingHead, .awaitingLeader, .approved].contains(document.state)
                    && !roles.isDisjoint(with: [.head, .leader]),
                maySignAgency: outgoingOpen && document.state == .approved && roles.contains(.clerk),
                mayUpload: ![.issued, .done].contains(document.state),
                files: files.map { file in
                    .init(
                        id: file.id.uuidString.lowercased(),
                        name: file.name,
                        size: VietnameseFormat.decimal(Double(file.size) / 1024, digits: 1) + " KB",
                        sha256: file.sha256,
                        signatures: file.signatures.map {
                            .init(
                                id: $0.id.uuidString.lowercased(),
                                kind: $0.kindLabel,
                                signer: $0.signer,
                                at: $0.signedAt.map(VietnameseFormat.dateTime) ?? "",
                                valid: $0.valid,
                                reason: $0.reason,
                                revokedLater: $0.revokedLater.map(VietnameseFormat.day)
                            )
                        }
                    )
                },
                notes: document.notes.map {
                    .init(
                        at: VietnameseFormat.dateTime($0.at),
                        author: $0.author,
                        action: $0.action?.label ?? "Ghi chú",
                        text: $0.text
                    )
                },
                receipts: document.receipts.sorted { $0.key < $1.key }.map {
                    .init(unit: $0.key, step: Self.stepLabel($0.value.latest))
                },
                error: req.query[String.self, at: "loi"]
            )
        )
    }

    /// A form on one document: does `work` and returns to the document's page, with the error when there is one.
    static func onDocument(_ req: Request, _ work: (Document.ID) async throws -> Void) async throws -> Response {
        let id: Document.ID = try req.pathID()
        let back = "/van-ban/\(id)"
        return await redirecting(req, failure: back) {
            try await work(id)
            return back
        }
    }

    static func stepLabel(_ step: ExchangeReceipt.Step) -> String {
        switch step {
        case .sent: "Đã gửi"
        case .delivered: "Đã đến nơi nhận"
        case .registered: "Nơi nhận đã vào sổ"
        }
    }

    struct NoteForm: Content {
        var note: String?
        var text: String?
    }

    @Sendable func act(req: Request) async throws -> Response {
        try await Self.onDocument(req) { id in
            guard let action = req.parameters.get("action").flatMap(DocumentAction.init(rawValue:)) else {
                throw DocumentError.invalidField(field: "action", message: "?")
            }
            _ = try await DocumentDesk(req).act(id, action, note: (try? req.content.decode(NoteForm.self))?.note ?? "")
        }
    }

    struct AssignForm: Content {
        var handler: String
        var department: String?
        var workingDays: String
        var note: String?
    }

    @Sendable func assign(req: Request) async throws -> Response {
        try await Self.onDocument(req) { id in
            let form = try req.content.decode(AssignForm.self)
            guard let days = Int(form.workingDays.trimmingCharacters(in: .whitespaces)) else {
                throw DocumentError.invalidField(field: "workingDays", message: "số ngày làm việc / working days")
            }
            _ = try await DocumentDesk(req).assign(
                id,
                .init(
                    handler: form.handler.trimmingCharacters(in: .whitespaces),
                    department: form.department,
                    workingDays: days,
                    note: form.note
                )
            )
        }
    }

    @Sendable func note(req: Request) async throws -> Response {
        try await Self.onDocument(req) { id in
            _ = try await DocumentDesk(req).note(id, (try req.content.decode(NoteForm.self)).text ?? "")
        }
    }

    struct UploadForm: Content {
        var file: File
    }

    @Sendable func upload(req: Request) async throws -> Response {
        try await Self.onDocument(req) { id in
            let form = try req.content.decode(UploadForm.self)
            _ = try await DocumentDesk(req).addFile(
                id,
                name: form.file.filename,
                bytes: Data(form.file.data.readableBytesView)
            )
        }
    }

    struct SignForm: Content {
        var kind: String
    }

    @Sendable func sign(req: Request) async throws -> Response {
        try await Self.onDocument(req) { id in
            guard let file = req.parameters.get("file").flatMap(UUID.init(uuidString:)),
                let kind = SignatureKind(rawValue: try req.content.decode(SignForm.self).kind)
            else { throw DocumentError.notFound }
            _ = try await DocumentDesk(req).sign(id, file: file, kind: kind)
        }
    }
}
