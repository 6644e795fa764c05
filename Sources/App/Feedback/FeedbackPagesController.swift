import Core
import Fluent
import Vapor

/// Citizen and officer pages for reports.
struct FeedbackPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("feedback", use: list)
        routes.get("feedback", "new", use: form)
        routes.get("feedback", "map", use: map)
        routes.on(.POST, "feedback", "new", body: .collect(maxSize: "11mb"), use: submit)
        routes.get("feedback", ":code", "photos", ":index", use: photo)
        routes.get("feedback", ":code", use: show)
        routes.post("feedback", ":code", "actions", use: act)
        routes.get("inbox", use: inbox)
    }

    static let actionLabels: [String: String] = [
        "receive": "Tiếp nhận", "reject": "Từ chối tiếp nhận", "startHandling": "Bắt đầu xử lý",
        "requestSupplement": "Yêu cầu bổ sung", "answer": "Trả lời", "publish": "Công khai kết quả",
        "forward": "Chuyển đơn vị khác", "supplement": "Bổ sung thông tin", "reopen": "Chưa hài lòng, mở lại",
        "close": "Hài lòng, đóng phản ánh", "merge": "Gộp vào phản ánh trùng",
    ]

    /// Published answers, newest first; `?commune=` narrows to one commune (the map links here).
    @Sendable func list(req: Request) async throws -> View {
        let filter = FeedbackFilter(
            statuses: [.published, .closed],
            communeCodes: req.queryString("commune").map { [$0] }
        )
        let page = try await FluentFeedbackRepository(db: req.db).list(filter, page: try req.pageRequest())
        let layout = PageLayout.make(req, title: "Phản ánh, kiến nghị", section: .feedback)
        return try await req.view.render(
            "Feedback/index",
            FeedbackListPage.make(layout: layout, items: page.items, catalog: try await req.feedbackCatalog())
        )
    }

    /// Open reports per commune of a province, as a coloured map and a table (the table is the accessible
    /// version and what a screen reader reads).
    @Sendable func map(req: Request) async throws -> View {
        let code = try await CommuneMap.provinceCode(req) ?? ""
        let units = req.services.units(on: req.db)
        let province = try await units.find(UnitKey(tree: .current, code: code))
        let communes = try await province.asyncMap { try await units.children(of: $0.id) } ?? []
        let counts = try await FluentFeedbackRepository(db: req.db).openCounts(communeCodes: communes.map(\.code))
        let link = { (code: String) in SiteURL.feedbackList.path + SiteURL.query(["commune": code]) }
        let map = try await CommuneMap.make(req, counts: counts, link: link)
        let rows = communes.filter { counts[$0.code, default: 0] > 0 }
            .sorted { (counts[$0.code]!, $1.name) > (counts[$1.code]!, $0.name) }
            .map {
                FeedbackMapPage.Row(
                    name: $0.name,
                    count: VietnameseFormat.number(counts[$0.code]!),
                    href: link($0.code)
                )
            }
        let page = FeedbackMapPage(
            layout: .make(req, title: "Bản đồ phản ánh — \(map.province.name)", section: .feedback),
            map: map,
            action: SiteURL.feedbackMap.path,
            rows: rows,
            total: VietnameseFormat.number(counts.values.reduce(0, +))
        )
        return try await req.view.render("Feedback/map", page)
    }

    @Sendable func form(req: Request) async throws -> View {
        _ = try req.principal
        return try await renderForm(req, error: nil, form: nil)
    }

    func renderForm(_ req: Request, error: String?, form: FormInput?) async throws -> View {
        let categories = try await req.feedbackCatalog().categories(inProvince: nil)
        let page = FeedbackFormPage(
            layout: .make(req, title: "Gửi phản ánh", section: .feedback),
            action: SiteURL.feedbackNew.path,
            categories: try await Self.categoryOptions(req),
            questions: categories.flatMap { category in
                category.attributes.map { FeedbackFormPage.Question(category: category.code, $0) }
            },
            error: error,
            scriptURL: SiteURL.feedbackScript.path,
            description: form?.description ?? "",
            dossierCode: form?.dossierCode ?? req.queryString("dossier") ?? "",
            lat: form?.lat ?? "",
            lon: form?.lon ?? "",
            address: form?.address ?? "",
            map: try await CommuneMap.make(req),
            mapAction: SiteURL.feedbackNew.path
        )
        return try await req.view.render("Feedback/new", page)
    }

    /// Every active category; a province's own ones say which province.
    static func categoryOptions(_ req: Request) async throws -> [SelectOption] {
        let categories = try await req.feedbackCatalog().categories(inProvince: nil)
        var provinces: [String: String] = [:]
        for code in Set(categories.compactMap(\.provinceCode)) {
            provinces[code] = try await req.services.units(on: req.db).find(UnitKey(tree: .current, code: code))?.name
        }
        return categories.map { category in
            let place = category.provinceCode.map { " (\(provinces[$0] ?? $0))" } ?? ""
            return SelectOption(value: category.code, label: category.name + place)
        }
    }

    struct FormInput: Content {
        let category: String
        let description: String
        var lat: String? = nil
        var lon: String? = nil
        var urgent: String? = nil
        var dossierCode: String? = nil
        var photo: File? = nil
        var address: String? = nil

        /// A coordinate typed the Vietnamese way ("19,8030") or the English way; NaN when left empty.
        static func coordinate(_ text: String?, field: String) throws -> Double {
            let trimmed = (text ?? "").trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { return .nan }
            guard let value = Double(trimmed.replacingOccurrences(of: ",", with: ".")) else {
                throw FeedbackError.invalidField(field: field, issue: .number)
            }
            return value
        }
    }

    /// Answers to the chosen category's questions, from fields named `attr_<code>` (`attr_<code>[]` for lists).
    static func attributeAnswers(_ req: Request, category: String) async throws -> [String: [String]] {
        guard let definition = try await req.feedbackCatalog().category(category, province: nil) else { return [:] }
        var answers: [String: [String]] = [:]
        for attribute in definition.attributes {
            let key = "attr_" + attribute.code
            let values =
                attribute.datatype == .multiValueList
                ? (try? req.content.get([String].self, at: key)) ?? []
                : [(try? req.content.get(String.self, at: key)) ?? ""]
            answers[attribute.code] = values.filter { !$0.isEmpty }
        }
        return answers.filter { !$0.value.isEmpty }
    }

    @Sendable func submit(req: Request) async throws -> Response {
        let principal = try req.principal
        let input = try req.content.decode(FormInput.self)
        do {
            let photo = input.photo.flatMap { $0.data.readableBytes > 0 ? Data($0.data.readableBytesView) : nil }
            var latitude = try FormInput.coordinate(input.lat, field: "lat")
            var longitude = try FormInput.coordinate(input.lon, field: "lon")
            if latitude.isNaN || longitude.isNaN, let point = try await Self.place(input.address, on: req) {
                (latitude, longitude) = (point.latitude, point.longitude)
            }
            // Pages send no idempotency key, so a report is always created here.
            guard
                case .created(let (feedback, duplicates)) = try await FeedbackController.file(
                    req,
                    by: principal,
                    NewFeedback(
                        category: input.category,
                        description: input.description,
                        latitude: latitude,
                        longitude: longitude,
                        urgent: input.urgent != nil,
                        attributes: try await Self.attributeAnswers(req, category: input.category),
                        dossierCode: input.dossierCode
                    ),
                    photo: photo
                )
            else { throw FeedbackError.notFound }
            let query = duplicates.isEmpty ? "" : "?duplicates=" + duplicates.map(\.code).joined(separator: ",")
            return req.redirect(to: SiteURL.feedback(code: feedback.code).path + query)
        } catch let error
            where error is FeedbackError || error is GeoError || (error as? any AbortError)?.status.code ?? 500 < 500
        {
            let failure = Failure.from(error)
            let response = try await renderForm(req, error: failure.messageVI, form: input).encodeResponse(for: req)
            response.status = failure.status
            return response
        }
    }

    /// "Use my address" without the script: the best object for the address typed, else the centre of the commune
    /// it names; nil when nothing was typed; an error when the address cannot be placed.
    static func place(_ text: String?, on req: Request) async throws -> GeoPoint? {
        let text = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return nil }
        let answer = try await AddressController.answer(try AddressController.checked(text), limit: 1, on: req)
        if let hit = answer.hits.first { return GeoPoint(latitude: hit.lat, longitude: hit.lon) }
        if let point = answer.fallback { return point }
        throw FeedbackError.invalidField(
            field: "address",
            issue: FieldIssue(
                english: "could not be placed; give the commune and province, or pick the place on the map",
                vietnamese: "không xác định được vị trí; hãy ghi rõ xã, phường và tỉnh, hoặc chọn trên bản đồ"
            )
        )
    }

    /// `GET /feedback/:code/photos/:index`: a report's photo, for those who may read the whole report only.
    @Sendable func photo(req: Request) async throws -> Response {
        guard
            let feedback = try await FluentFeedbackRepository(db: req.db).find(code: req.parameters.get("code") ?? ""),
            try await FeedbackController.mayRead(feedback, req: req),
            let index = req.parameters.get("index").flatMap(Int.init)
        else { throw FeedbackError.notFound }
        let photos = try await PhotoStore.photos(of: feedback.id, on: req.db)
        guard photos.indices.contains(index), let kind = ImageKind(rawValue: photos[index].kind) else {
            throw FeedbackError.notFound
        }
        let path = PhotoStore(directory: req.services.config.uploadDirectory).path(of: photos[index])
        let response = try await req.fileio.asyncStreamFile(
            at: path,
            mediaType: HTTPMediaType(type: "image", subType: kind.rawValue)
        )
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=86400")
        return response
    }

    @Sendable func show(req: Request) async throws -> View {
        guard let feedback = try await FluentFeedbackRepository(db: req.db).find(code: req.parameters.get("code") ?? "")
        else {
            throw FeedbackError.notFound
        }
        let full = try await FeedbackController.mayRead(feedback, req: req)
        guard full || feedback.status == .published || feedback.status == .closed else { throw FeedbackError.notFound }
        let dto = try await FeedbackController.dto(feedback, req: req)
        let commune =
            try await feedback.communeCode.asyncMap {
                try await req.services.units(on: req.db).find(UnitKey(tree: .current, code: $0))?.name
            } ?? nil
        let events = full ? try await FluentFeedbackRepository(db: req.db).events(of: feedback.id) : []
        let view = PublicFeedback(feedback)
        let principal = req.optionalPrincipal
        let isReporter = principal != nil && principal?.user.id == feedback.reporterID
        let isOfficer = full && !isReporter
        func options(_ names: [String], _ kind: FeedbackActorKind) -> [SelectOption] {
            names.filter { name in
                let action: FeedbackAction? =
                    switch name {
                    case "receive": .receive
                    case "reject": .reject(reason: "")
                    case "startHandling": .startHandling
                    case "requestSupplement": .requestSupplement(note: "")
                    case "answer": .answer(text: "")
                    case "publish": .publish
                    case "forward": .forward(to: feedback.handlingUnitID)
                    case "supplement": .supplement(note: "")
                    case "reopen": .reopen(reason: "")
                    case "close": .close
                    case "merge": .merge(into: Feedback.ID())
                    default: nil
                    }
                return action.map { (try? FeedbackWorkflow.next(from: feedback.status, $0, by: kind)) != nil } ?? false
            }.map { SelectOption(value: $0, label: Self.actionLabels[$0] ?? $0) }
        }
        var page = FeedbackDetailPage(
            layout: .make(req, title: "Phản ánh \(feedback.code)", section: .feedback),
            code: feedback.code,
            category: try await req.feedbackCatalog().name(of: feedback.category, province: feedback.provinceCode),
            description: full ? feedback.description : view.description,
            status: feedback.status.label,
            commune: commune ?? "",
            approximate: feedback.locationIsApproximate,
            submittedAt: VietnameseFormat.dateTime(feedback.submittedAt),
            due: dto.due.map(VietnameseFormat.dateTime),
            sla: dto.sla,
            answer: full ? feedback.answer : view.answer,
            isPublicView: !full,
            events: events.map {
                FeedbackDetailPage.Event(
                    at: VietnameseFormat.dateTime($0.at),
                    action: Self.actionLabels[$0.action] ?? $0.action,
                    status: $0.to.label,
                    note: $0.note ?? ""
                )
            },
            actionURL: SiteURL.feedbackActions(code: feedback.code).path,
            officerActions: isOfficer
                ? options(
                    ["receive", "reject", "startHandling", "requestSupplement", "answer", "publish", "forward"],
                    .handlingOfficer
                ) : [],
            reporterActions: isReporter ? options(["supplement", "reopen", "close"], .reporter) : [],
            duplicates: (req.queryString("duplicates") ?? "").split(separator: ",").map(String.init),
            photos: full
                ? try await PhotoStore.photos(of: feedback.id, on: req.db).indices.map {
                    SiteURL.feedbackPhoto(code: feedback.code, index: $0).path
                } : []
        )
        if isOfficer {
            let suggested = try await AssistantController.suggestions(
                for: feedback.description,
                province: feedback.provinceCode,
                on: req
            )
            page.suggestions = suggested.suggestions.filter { $0.probability >= 0.05 }.map {
                "\($0.name) (\(VietnameseFormat.decimal($0.probability * 100, digits: 0)) %)"
                    + ($0.category == feedback.category ? " – đang chọn" : "")
            }
        }
        return try await req.view.render("Feedback/show", page)
    }

    @Sendable func act(req: Request) async throws -> Response {
        let principal = try req.principal
        let body = try req.content.decode(FeedbackActionDTO.self)
        guard let current = try await FluentFeedbackRepository(db: req.db).find(code: req.parameters.get("code") ?? "")
        else {
            throw FeedbackError.notFound
        }
        _ = try await req.transaction { db in
            let action = try await body.resolve(on: req.services.units(on: db), db: db)
            return try await req.services.feedback(on: db).act(action, on: current.id, by: principal, note: body.note)
        }
        return req.redirect(to: SiteURL.feedback(code: current.code).path)
    }

    @Sendable func inbox(req: Request) async throws -> View {
        let principal = try req.principal
        guard principal.grants.contains(where: { $0.role.actions.contains(.process) }) else {
            throw AccountError.forbidden
        }
        let units = try await req.services.accounts(on: req.db).managedUnits(of: principal, for: .process)
        let open: Set<FeedbackStatus> = [.submitted, .received, .inProgress, .awaitingSupplement, .answered]
        let page = try await FluentFeedbackRepository(db: req.db).list(
            units: units,
            statuses: open,
            page: try req.pageRequest(defaultLimit: 100)
        )
        var rows: [InboxPage.Row] = []
        for item in page.items {
            let dto = try await FeedbackController.dto(item, req: req)
            rows.append(
                InboxPage.Row(
                    code: item.code,
                    href: SiteURL.feedback(code: item.code).path,
                    category: try await req.feedbackCatalog().name(of: item.category, province: item.provinceCode),
                    commune: item.communeCode ?? "",
                    status: item.status.label,
                    due: dto.due.map(VietnameseFormat.dateTime) ?? "—",
                    sla: dto.sla,
                    slaLabel: InboxPage.slaLabels[dto.sla] ?? dto.sla,
                    urgent: item.urgent,
                    escalated: item.escalatedAt != nil
                )
            )
        }
        let layout = PageLayout.make(req, title: "Hộp việc phản ánh", section: .inbox)
        return try await req.view.render(
            "Feedback/inbox",
            InboxPage(layout: layout, rows: rows, total: VietnameseFormat.number(page.total))
        )
    }
}
