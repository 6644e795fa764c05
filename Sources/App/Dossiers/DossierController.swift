import Core
import Fluent
import SQLKit
import Vapor

/// `/api/v1/procedures`, `/api/v1/dossiers`, `/api/v1/public/dossiers/{code}`, `/api/v1/indicators/766`.
struct DossierController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("procedures", use: procedures)
        routes.get("procedures", ":code", use: procedure)
        routes.on(.PUT, "procedures", body: .collect(maxSize: "5mb"), use: importProcedures)
        let dossiers = routes.grouped("dossiers")
        dossiers.post(use: file)
        dossiers.get(":code", use: show)
        dossiers.post(":code", "actions", use: act)
        dossiers.post(":code", "extension", use: extend)
        dossiers.on(.POST, ":code", "result", body: .collect(maxSize: "11mb"), use: uploadResult)
        dossiers.get(":code", "result", use: downloadResult)
        dossiers.post(":code", "rating", use: rate)
        dossiers.post(":code", "delivery", use: recordDelivery)
        routes.get("public", "dossiers", ":code", use: lookup)
        routes.get("indicators", "766", use: index766)
    }

    /// The catalogue as JSON, or as CSV with `?format=csv` (the import's layout).
    @Sendable func procedures(req: Request) async throws -> Response {
        var list = try await FluentProcedureRepository(db: req.db).all()
        if let sector = req.queryString("sector") { list = list.filter { $0.sector == sector } }
        if req.queryString("format") == "csv" {
            return .csv(ProcedureCatalog.csv(list), filename: "thu-tuc-hanh-chinh.csv")
        }
        return try await list.encodeResponse(for: req)
    }

    @Sendable func procedure(req: Request) async throws -> Procedure {
        let code = req.parameters.get("code") ?? ""
        guard let found = try await FluentProcedureRepository(db: req.db).find(code: code) else {
            throw DossierError.unknownProcedure(code)
        }
        return found
    }

    /// Adds or replaces entries: a JSON array of procedures, or CSV (`Content-Type: text/csv`). All or none.
    @Sendable func importProcedures(req: Request) async throws -> [Procedure] {
        let principal = try req.principal
        let entries: [Procedure]
        if req.headers.contentType?.subType == "csv" {
            entries = try ProcedureCatalog.procedures(fromCSV: req.body.string ?? "")
        } else {
            entries = try req.content.decode([Procedure].self)
        }
        return try await req.transaction { db in
            try await ProcedureCatalog(
                procedures: FluentProcedureRepository(db: db),
                audit: req.services.audit(on: db),
                clock: req.services.clock
            ).save(entries, by: principal)
        }
    }

    @Sendable func file(req: Request) async throws -> Response {
        let principal = try req.principal
        let body = try req.content.decode(NewDossierDTO.self)
        guard let channel = DossierChannel(rawValue: body.channel) else {
            throw DossierError.invalidField(field: "channel", issue: .oneOf(["1", "2", "3"]))
        }
        let desk = try await body.deskCode.asyncMap { code in
            guard let unit = try await req.services.units(on: req.db).find(UnitKey(tree: .current, code: code)) else {
                throw DossierError.invalidField(field: "deskCode", issue: .unknownUnit)
            }
            return unit.id
        }
        let key = try Idempotency.from(req, scope: "dossier", actor: principal.user.id)
        let name: @Sendable (Dossier) -> String = { $0.code }
        let outcome = try await Idempotency.run(key, on: req, naming: name) { db in
            try await req.services.dossiers(on: db).file(
                NewDossier(
                    procedureCode: body.procedureCode,
                    channel: channel,
                    applicant: body.applicant,
                    components: body.components
                ),
                at: desk,
                by: principal
            )
        }
        switch outcome {
        case .created(let dossier):
            return try await dto(dossier, req).encodeResponse(status: .created, for: req)
        case .replayed(let code):
            guard let dossier = try await FluentDossierRepository(db: req.db).find(code: code) else {
                throw DossierError.notFound
            }
            return Idempotency.replayed(try await dto(dossier, req).encodeResponse(for: req))
        }
    }

    func dto(_ dossier: Dossier, _ req: Request) async throws -> DossierDTO {
        DossierDTO(dossier, events: try await FluentDossierRepository(db: req.db).events(of: dossier.id))
    }

    /// The applicant, the receiving desk and the handling unit (and those above them) may read a dossier.
    static func mayRead(_ dossier: Dossier, _ req: Request) async throws -> Bool {
        guard let principal = req.optionalPrincipal else { return false }
        if principal.user.id == dossier.applicantUserID { return true }
        let units = req.services.units(on: req.db)
        for unit in [dossier.receivingUnitID, dossier.handlingUnitID] {
            if Authorizer.may(principal, .view, on: try await units.lineage(of: unit)) { return true }
        }
        return false
    }

    /// The dossier named in the path, if the signed-in user may read it (404 otherwise, so codes cannot be probed).
    static func find(_ req: Request) async throws -> Dossier {
        _ = try req.principal
        guard let dossier = try await FluentDossierRepository(db: req.db).find(code: req.parameters.get("code") ?? ""),
            try await Self.mayRead(dossier, req)
        else { throw DossierError.notFound }
        return dossier
    }

    @Sendable func show(req: Request) async throws -> DossierDTO {
        try await dto(try await Self.find(req), req)
    }

    @Sendable func act(req: Request) async throws -> DossierDTO {
        let principal = try req.principal
        let body = try req.content.decode(DossierActionDTO.self)
        let action = try body.resolve()
        let code = try await Self.find(req).code
        let dossier = try await req.transaction { db in
            try await req.services.dossiers(on: db).act(action, on: code, by: principal, note: body.note ?? "")
        }
        return try await dto(dossier, req)
    }

    @Sendable func extend(req: Request) async throws -> DossierDTO {
        let principal = try req.principal
        let body = try req.content.decode(ExtensionDTO.self)
        let code = try await Self.find(req).code
        let dossier = try await req.transaction { db in
            try await req.services.dossiers(on: db).extend(code, to: body.newDueAt, reason: body.reason, by: principal)
        }
        return try await dto(dossier, req)
    }

    struct RatingDTO: Content {
        let satisfied: Bool
    }

    /// `POST /api/v1/dossiers/{code}/rating {"satisfied": …}`: the applicant, once the result is back.
    @Sendable func rate(req: Request) async throws -> DossierDTO {
        let principal = try req.principal
        let body = try req.content.decode(RatingDTO.self)
        let code = try await Self.find(req).code
        let dossier = try await req.transaction { db in
            try await req.services.dossiers(on: db).rate(code, satisfied: body.satisfied, by: principal)
        }
        return try await dto(dossier, req)
    }

    struct DeliveryDTO: Content {
        let deliveredAt: Date
    }

    /// `POST /api/v1/dossiers/{code}/delivery {"deliveredAt": …}`: the desk records the postal delivery.
    @Sendable func recordDelivery(req: Request) async throws -> DossierDTO {
        let principal = try req.principal
        let body = try req.content.decode(DeliveryDTO.self)
        let code = try await Self.find(req).code
        let dossier = try await req.transaction { db in
            try await req.services.dossiers(on: db).recordDelivery(code, at: body.deliveredAt, by: principal)
        }
        return try await dto(dossier, req)
    }

    struct ResultUpload: Content {
        let file: File
    }

    /// `POST /api/v1/dossiers/{code}/result` (multipart `file`): the desk returns a resolved dossier's result as an
    /// electronic file (PDF, JPEG or PNG, ≤ 10 MB, by content), stored by its SHA-256.
    @Sendable func uploadResult(req: Request) async throws -> DossierDTO {
        let principal = try req.principal
        let dossier = try await Self.find(req)
        let upload = try req.content.decode(ResultUpload.self)
        let stored = try PhotoStore(directory: req.services.config.uploadDirectory).saveResult(
            Data(upload.file.data.readableBytesView)
        )
        let returned = try await req.transaction { db in
            try await req.services.dossiers(on: db).act(
                .returnResult(.electronic(fileSHA256: stored.sha256)),
                on: dossier.code,
                by: principal,
                note: "\(stored.kind.dropFirst("result-".count)), \(stored.size) bytes"
            )
        }
        return try await dto(returned, req)
    }

    /// `GET /api/v1/dossiers/{code}/result`: the electronic result, for the applicant and the officers.
    @Sendable func downloadResult(req: Request) async throws -> Response {
        let dossier = try await Self.find(req)
        guard case .electronic(let sha) = dossier.delivery else { throw DossierError.notFound }
        let store = PhotoStore(directory: req.services.config.uploadDirectory)
        for kind in [ResultFileKind.pdf, .jpeg, .png] {
            let path = store.path(of: PhotoStore.Stored(sha256: sha, kind: "result-" + kind.rawValue, size: 0))
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let media = HTTPMediaType(type: kind.mimeType.type, subType: kind.mimeType.subType)
            let response = try await req.fileio.asyncStreamFile(at: path, mediaType: media)
            response.headers.contentDisposition = .init(
                .attachment,
                filename: "ket-qua-\(dossier.code).\(kind.fileExtension)"
            )
            response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
            return response
        }
        throw DossierError.notFound
    }

    /// `GET /api/v1/public/dossiers/{code}?phone=…`: the applicant follows the dossier without signing in. A wrong
    /// phone number reads as "no such dossier", so codes cannot be probed.
    /// On a SQLite file the answer is read and written on the request's event loop: no task, no trip to the
    /// database's thread pool (see `SQLiteReader`).
    @Sendable func lookup(req: Request) throws -> EventLoopFuture<PublicDossierDTO> {
        let code = req.parameters.get("code") ?? ""
        let phone = req.queryString("phone") ?? ""
        if let direct = req.directReads {
            do {
                guard
                    let view = try PublicDossierQuery.view(
                        code: Self.trimmed(code),
                        phone: Self.digits(phone),
                        direct: direct
                    )
                else { throw DossierError.notFound }
                return req.eventLoop.makeSucceededFuture(view)
            } catch SQLiteReader.Failure.busy {}
        }
        return req.eventLoop.makeFutureWithTask { try await Self.publicView(req, code: code, phone: phone) }
    }

    /// The steps a dossier's own dates tell, for dossiers imported or generated without an event history.
    static func timeline(
        submitted: Date,
        received: Date?,
        supplements: [SupplementInterval],
        ended: Date?,
        endStatus: DossierStatus?,
        returned: Date?
    ) -> [PublicDossierDTO.Step] {
        var steps = [PublicDossierDTO.Step(at: submitted, statusLabel: DossierStatus.registered.label)]
        if let received { steps.append(.init(at: received, statusLabel: DossierStatus.received.label)) }
        for s in supplements {
            steps.append(.init(at: s.requestedAt, statusLabel: DossierStatus.awaitingSupplement.label))
            if let resumed = s.resumedAt {
                steps.append(.init(at: resumed, statusLabel: DossierStatus.processing.label))
            }
        }
        if let ended, let endStatus { steps.append(.init(at: ended, statusLabel: endStatus.label)) }
        if let returned { steps.append(.init(at: returned, statusLabel: DossierStatus.returned.label)) }
        return steps
    }

    private static func trimmed(_ code: String) -> String {
        // Most codes have nothing to trim; `trimmingCharacters` costs as much as a look-up's query string.
        guard let first = code.unicodeScalars.first, let last = code.unicodeScalars.last,
            CharacterSet.whitespaces.contains(first) || CharacterSet.whitespaces.contains(last)
        else { return code }
        return code.trimmingCharacters(in: .whitespaces)
    }
    private static func digits(_ phone: String) -> String { phone.filter(\.isNumber) }

    /// The public view of a dossier, given its code and the applicant's phone number.
    static func publicView(_ req: Request, code: String, phone: String) async throws -> PublicDossierDTO {
        guard
            let view = try await PublicDossierQuery(sql: req.readDB as! any SQLDatabase).view(
                code: trimmed(code),
                phone: digits(phone)
            )
        else { throw DossierError.notFound }
        return view
    }

    /// `GET /api/v1/indicators/766?unit=38&period=2026Q3`: public, like the national portal's scores.
    @Sendable func index766(req: Request) async throws -> Index766DTO {
        guard let period = ReportingPeriod(req.queryString("period") ?? "") else {
            throw WebError.invalidParameter(name: "period", issue: .period)
        }
        let code = req.queryString("unit") ?? ""
        guard let unit = try await req.services.units(on: req.db).find(UnitKey(tree: .current, code: code)) else {
            throw WebError.invalidParameter(name: "unit", issue: .unknownUnit)
        }
        return try await Index766Query(db: req.db).report(for: unit, period: period)
    }
}

extension FieldIssue {
    static let period = FieldIssue(
        english: "must be a month 2026-09, a quarter 2026Q3 or a year 2026",
        vietnamese: "phải là tháng 2026-09, quý 2026Q3 hoặc năm 2026"
    )
}
