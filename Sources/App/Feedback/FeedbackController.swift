import Core
import Fluent
import Vapor

/// `/api/v1/feedback`: file a report, follow it, act on it; `/api/v1/public/feedback`: the published answers.
struct FeedbackController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let feedback = routes.grouped("feedback")
        feedback.on(.POST, body: .collect(maxSize: "11mb"), use: submit)
        feedback.on(.POST, ":code", "photos", body: .collect(maxSize: "11mb"), use: addPhoto)
        feedback.get(use: inbox)
        feedback.get("categories", use: categories)
        feedback.get(":code", use: show)
        feedback.post(":code", "actions", use: act)
        feedback.post(":code", "rating", use: rate)
        routes.get("public", "feedback", use: published)
    }

    struct Submitted: JSONWritable {
        let feedback: FeedbackDTO
        /// Open reports of the same kind within 250 m: perhaps the same problem.
        let duplicates: [PublicFeedback]

        func write(to json: inout JSONOutput) throws {
            try json.object { json in
                json.key("feedback")
                try feedback.write(to: &json)
                json.key("duplicates")
                json.array { json in for duplicate in duplicates { duplicate.write(to: &json) } }
            }
        }
    }

    /// Filing needs a signed-in user (the reporter is known to the platform but never shown to the public).
    @Sendable func submit(req: Request) async throws -> Response {
        let principal = try req.principal
        let body = try req.content.decode(NewFeedbackDTO.self)
        let key = try Idempotency.from(req, scope: "feedback", actor: principal.user.id)
        let outcome = try await Self.file(
            req,
            by: principal,
            NewFeedback(
                category: body.category,
                description: body.description,
                latitude: body.lat ?? .nan,
                longitude: body.lon ?? .nan,
                urgent: body.urgent ?? false,
                attributes: body.attributes ?? [:],
                dossierCode: body.dossierCode
            ),
            photo: body.photo.map { Data($0.data.readableBytesView) },
            idempotency: key
        )
        switch outcome {
        case .created(let (feedback, duplicates)):
            let dto = try await Self.dto(feedback, req: req)
            return try await Submitted(feedback: dto, duplicates: duplicates.map(PublicFeedback.init)).encodeResponse(
                status: .created,
                for: req
            )
        case .replayed(let code):
            guard let feedback = try await FluentFeedbackRepository(db: req.db).find(code: code) else {
                throw FeedbackError.notFound
            }
            let dto = try await Self.dto(feedback, req: req)
            return Idempotency.replayed(try await Submitted(feedback: dto, duplicates: []).encodeResponse(for: req))
        }
    }

    /// Files a report with an optional photo (API and page alike): a missing location (NaN) is taken from the
    /// photo's EXIF GPS. The checks, the routing and the photo's file come first; the transaction only numbers and
    /// stores the report and attaches the photo.
    static func file(
        _ req: Request,
        by principal: Principal,
        _ request: NewFeedback,
        photo: Data?,
        idempotency: Idempotency? = nil
    ) async throws -> Idempotency.Outcome<(Feedback, [Feedback])> {
        var request = request
        if request.latitude.isNaN || request.longitude.isNaN {
            guard let exif = photo.flatMap(ExifGPS.location(in:)) else {
                throw FeedbackError.invalidField(field: "location", issue: .locationOrPhoto)
            }
            request.latitude = exif.latitude
            request.longitude = exif.longitude
        }
        let service = try await req.feedbackService()
        let photos = PhotoStore(directory: req.services.config.uploadDirectory)
        return try await Idempotency.run(
            idempotency,
            on: req,
            prepare: { [request] in
                let prepared = try await service.prepare(request, by: principal)
                return (prepared, try photo.map { try photos.save($0) })
            },
            commit: { prepared in
                let feedback = try await req.commitReport(
                    prepared.0,
                    by: principal,
                    service: service,
                    key: idempotency,
                    photo: prepared.1
                )
                return (feedback, prepared.0.duplicates)
            }
        )
    }

    /// The reporter and the handling officers see everything; anyone else only a published report's public view.
    @Sendable func show(req: Request) async throws -> Response {
        guard let feedback = try await FluentFeedbackRepository(db: req.db).find(code: req.parameters.get("code") ?? "")
        else {
            throw FeedbackError.notFound
        }
        if try await Self.mayRead(feedback, req: req) {
            return try await Self.dto(feedback, req: req).encodeResponse(for: req)
        }
        guard feedback.status == .published || feedback.status == .closed else { throw FeedbackError.notFound }
        return try await PublicFeedback(feedback).encodeResponse(for: req)
    }

    @Sendable func act(req: Request) async throws -> FeedbackDTO {
        let principal = try req.principal
        let body = try req.content.decode(FeedbackActionDTO.self)
        guard let current = try await FluentFeedbackRepository(db: req.db).find(code: req.parameters.get("code") ?? "")
        else {
            throw FeedbackError.notFound
        }
        let updated = try await req.transaction { db in
            let action = try await body.resolve(on: req.services.units(on: db), db: db)
            return try await req.services.feedback(on: db).act(action, on: current.id, by: principal, note: body.note)
        }
        return try await Self.dto(updated, req: req)
    }

    struct PhotoUpload: Content {
        let photo: File
    }

    /// `POST /api/v1/feedback/:code/photos` (multipart `photo`): by the reporter or a handling officer.
    @Sendable func addPhoto(req: Request) async throws -> Response {
        _ = try req.principal
        guard
            let feedback = try await FluentFeedbackRepository(db: req.db).find(code: req.parameters.get("code") ?? ""),
            try await Self.mayRead(feedback, req: req)
        else { throw FeedbackError.notFound }
        let upload = try req.content.decode(PhotoUpload.self)
        let stored = try PhotoStore(directory: req.services.config.uploadDirectory).save(
            Data(upload.photo.data.readableBytesView)
        )
        try await PhotoStore.attach(stored, to: feedback.id, on: req.db, at: req.services.clock.now())
        return try await stored.encodeResponse(status: .created, for: req)
    }

    struct Rating: Content {
        let liked: Bool
    }

    /// `POST /api/v1/feedback/:code/rating {"liked": true|false}`: one vote per signed-in citizen.
    @Sendable func rate(req: Request) async throws -> PublicFeedback {
        let principal = try req.principal
        let body = try req.content.decode(Rating.self)
        guard let current = try await FluentFeedbackRepository(db: req.db).find(code: req.parameters.get("code") ?? "")
        else {
            throw FeedbackError.notFound
        }
        let rated = try await req.transaction { db in
            try await req.services.feedback(on: db).rate(current.id, liked: body.liked, by: principal)
        }
        return PublicFeedback(rated)
    }

    /// An officer's inbox: reports handled by, or escalated to, the units the officer may process, with SLA badges.
    @Sendable func inbox(req: Request) async throws -> PageDTO<FeedbackDTO> {
        let principal = try req.principal
        guard principal.grants.contains(where: { $0.role.actions.contains(.process) }) else {
            throw AccountError.forbidden
        }
        let units = try await req.services.accounts(on: req.db).managedUnits(of: principal, for: .process)
        let statuses = try req.queryString("status").map { raw -> Set<FeedbackStatus> in
            guard let status = FeedbackStatus(rawValue: raw) else {
                throw WebError.invalidParameter(name: "status", issue: .oneOf(FeedbackStatus.allCases.map(\.rawValue)))
            }
            return [status]
        }
        let page = try await FluentFeedbackRepository(db: req.db).list(
            units: units,
            statuses: statuses,
            page: try req.pageRequest()
        )
        var items: [FeedbackDTO] = []
        for item in page.items { items.append(try await Self.dto(item, req: req)) }
        return PageDTO(Paged(items: items, total: page.total, limit: page.limit, offset: page.offset)) { $0 }
    }

    @Sendable func published(req: Request) async throws -> PageDTO<PublicFeedback> {
        let page = try await FluentFeedbackRepository(db: req.db).list(
            units: nil,
            statuses: [.published, .closed],
            page: try req.pageRequest()
        )
        return PageDTO(page) { PublicFeedback($0) }
    }

    /// `?province=38`: the categories in force there; without it, every active category.
    @Sendable func categories(req: Request) async throws -> [FeedbackCategory] {
        try await req.feedbackCatalog().categories(inProvince: req.queryString("province"))
    }

    static func mayRead(_ feedback: Feedback, req: Request) async throws -> Bool {
        guard let principal = req.optionalPrincipal else { return false }
        if principal.user.id == feedback.reporterID { return true }
        let units = req.services.units(on: req.db)
        for unit in [feedback.handlingUnitID, feedback.escalatedToUnitID].compactMap({ $0 }) {
            if Authorizer.may(principal, .view, on: try await units.lineage(of: unit)) { return true }
        }
        return false
    }

    static func dto(_ feedback: Feedback, req: Request) async throws -> FeedbackDTO {
        let calendar = try await req.services.calendar.calendar(on: req.db)
        let sla = try await req.feedbackCatalog().sla(for: feedback.category, province: feedback.provinceCode)
        let deadline = try sla.currentDeadline(of: feedback, calendar: calendar)
        let badge = try SLABadge.of(
            start: feedback.clockStartedAt,
            due: deadline?.due,
            now: req.services.clock.now(),
            calendar: calendar
        )
        return FeedbackDTO(feedback, due: deadline?.due, badge: badge)
    }
}

extension PublicFeedback: Content {}
extension FeedbackCategory: Content {}
extension FeedbackRouting.Rule: Content {}
