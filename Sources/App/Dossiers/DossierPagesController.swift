import Core
import Fluent
import Vapor

/// One-stop pages: the desk files and follows dossiers, prints forms 01–06; citizens look a dossier up; anyone reads
/// the 766 scores.
struct DossierPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("tra-cuu", use: lookup)
        routes.get("dossiers", use: inbox)
        routes.get("dossiers", "new", use: filingForm)
        routes.get("dossiers", "book", use: trackingBook)
        routes.post("dossiers", "new", use: file)
        routes.get("dossiers", ":code", use: show)
        routes.post("dossiers", ":code", "actions", use: act)
        routes.post("dossiers", ":code", "extension", use: extend)
        routes.get("dossiers", ":code", "forms", ":number", use: form)
        routes.get("indicators", "766", use: index766)
    }

    static let actionLabels: [String: String] = [
        "file": "Nộp hồ sơ", "receive": "Tiếp nhận", "refuse": "Từ chối tiếp nhận", "startProcessing": "Chuyển xử lý",
        "requestSupplement": "Yêu cầu bổ sung", "supplement": "Đã bổ sung", "requestPayment": "Yêu cầu nộp phí, lệ phí",
        "pay": "Đã nộp phí, lệ phí", "withdraw": "Rút hồ sơ", "stop": "Dừng xử lý", "resolve": "Đã xử lý xong",
        "returnResult": "Trả kết quả", "extend": "Xin lỗi, gia hạn (mẫu 04)", "remind": "Nhắc sắp đến hạn",
    ]

    // MARK: Desk inbox

    /// `/dossiers`: the open dossiers of the officer's units, soonest due first, with a badge: red past due, amber
    /// in the last fifth of the time, green before; none while the clock is stopped for a supplement.
    @Sendable func inbox(req: Request) async throws -> View {
        let principal = try req.principal
        guard principal.grants.contains(where: { $0.role.actions.contains(.process) }) else {
            throw AccountError.forbidden
        }
        let units = try await req.services.accounts(on: req.db).managedUnits(of: principal, for: .process)
        let page = try await FluentDossierRepository(db: req.db).open(
            units: units,
            page: try req.pageRequest(defaultLimit: 100)
        )
        let calendar = try await req.services.calendar.calendar(on: req.db)
        let procedures = FluentProcedureRepository(db: req.db)
        var names: [String: String] = [:]
        let now = req.services.clock.now()
        var rows: [DossierInboxPage.Row] = []
        for dossier in page.items {
            if names[dossier.procedureCode] == nil {
                names[dossier.procedureCode] = try await procedures.find(code: dossier.procedureCode)?.name ?? ""
            }
            let badge: SLABadge =
                dossier.status == .awaitingSupplement
                ? .none
                : try SLABadge.of(start: dossier.receivedAt ?? now, due: dossier.dueAt, now: now, calendar: calendar)
            rows.append(
                DossierInboxPage.Row(
                    code: dossier.code,
                    href: SiteURL.dossier(code: dossier.code).path,
                    procedure: names[dossier.procedureCode] ?? dossier.procedureCode,
                    applicant: dossier.applicant.name,
                    status: dossier.status.label,
                    due: dossier.dueAt.map(VietnameseFormat.dateTime) ?? "—",
                    badge: badge.rawValue,
                    badgeLabel: dossier.status == .awaitingSupplement
                        ? "Tạm dừng, chờ bổ sung" : InboxPage.slaLabels[badge.rawValue] ?? ""
                )
            )
        }
        return try await req.view.render(
            "Dossiers/inbox",
            DossierInboxPage(
                layout: .make(req, title: "Hồ sơ đang giải quyết", section: .dossierInbox),
                rows: rows,
                total: VietnameseFormat.number(page.total),
                newURL: SiteURL.dossierNew.path
            )
        )
    }

    // MARK: Citizen lookup

    @Sendable func lookup(req: Request) async throws -> View {
        let code = req.queryString("code") ?? ""
        let phone = req.queryString("phone") ?? ""
        var result: PublicDossierDTO.View?
        var error: String?
        if !code.isEmpty {
            let found = try? await DossierController.publicView(req, code: code, phone: phone)
            if let found {
                result = PublicDossierDTO.View(
                    code: found.code,
                    procedure: found.procedureName,
                    status: found.statusLabel,
                    applicant: found.applicantName,
                    due: found.dueAt.map(VietnameseFormat.dateTime) ?? "—",
                    history: found.history.map {
                        DossierPage.Event(
                            at: VietnameseFormat.dateTime($0.at),
                            action: "",
                            status: $0.statusLabel,
                            note: ""
                        )
                    }
                )
            } else {
                error = "Không tìm thấy hồ sơ với mã và số điện thoại này. Hãy kiểm tra lại giấy tiếp nhận."
            }
        }
        let page = LookupPage(
            layout: .make(req, title: "Tra cứu hồ sơ", section: .dossiers),
            action: SiteURL.dossierLookup.path,
            code: code,
            error: error,
            result: result,
            feedbackURL: SiteURL.feedbackNew.path
        )
        return try await req.view.render("Dossiers/lookup", page)
    }

    // MARK: Desk

    /// Units whose dossiers the principal may receive (their own, where they process).
    static func desks(_ req: Request) async throws -> [AdminUnit] {
        let principal = try req.principal
        let ids = try await req.services.accounts(on: req.db).managedUnits(of: principal, for: .process) ?? []
        return try await req.services.units(on: req.db).find(ids: ids).filter { $0.tree == .current }
            .sorted { $0.code < $1.code }
    }

    @Sendable func filingForm(req: Request) async throws -> View {
        try await renderFiling(req, error: nil)
    }

    func renderFiling(_ req: Request, error: String?) async throws -> View {
        let desks = try await Self.desks(req)
        guard !desks.isEmpty else { throw AccountError.forbidden }
        let procedures = try await FluentProcedureRepository(db: req.db).all()
        let chosen =
            req.queryString("procedure").flatMap { code in procedures.first { $0.code == code } }
            ?? procedures.first
        let page = DossierFilingPage(
            layout: .make(req, title: "Tiếp nhận hồ sơ", section: .dossiers),
            action: SiteURL.dossierNew.path,
            error: error,
            procedures: procedures.map { SelectOption(value: $0.code, label: "\($0.code) · \($0.name)") },
            chosen: chosen?.code ?? "",
            desks: desks.map { SelectOption(value: $0.code, label: $0.name) },
            components: chosen?.components.map(\.name) ?? []
        )
        return try await req.view.render("Dossiers/new", page)
    }

    struct FilingForm: Content {
        let procedureCode: String
        let deskCode: String
        let channel: Int
        let name: String
        let idNumber: String
        let phone: String
        var email: String? = nil
        let address: String
        let communeCode: String
        var components: [String]? = nil
    }

    @Sendable func file(req: Request) async throws -> Response {
        let principal = try req.principal
        let form = try req.content.decode(FilingForm.self)
        do {
            guard let channel = DossierChannel(rawValue: form.channel), channel != .online else {
                throw DossierError.invalidField(field: "channel", issue: .oneOf(["1", "3"]))
            }
            guard let desk = try await req.services.units(on: req.db).find(UnitKey(tree: .current, code: form.deskCode))
            else { throw DossierError.invalidField(field: "deskCode", issue: .unknownUnit) }
            let dossier = try await req.transaction { db in
                try await req.services.dossiers(on: db).file(
                    NewDossier(
                        procedureCode: form.procedureCode,
                        channel: channel,
                        applicant: Applicant(
                            name: form.name,
                            idNumber: form.idNumber,
                            phone: form.phone,
                            email: form.email ?? "",
                            address: form.address,
                            communeCode: form.communeCode
                        ),
                        components: form.components ?? []
                    ),
                    at: desk.id,
                    by: principal
                )
            }
            return req.redirect(to: SiteURL.dossier(code: dossier.code).path)
        } catch let error as DossierError {
            let failure = Failure.from(error)
            let response = try await renderFiling(req, error: failure.messageVI).encodeResponse(for: req)
            response.status = failure.status
            return response
        }
    }

    @Sendable func show(req: Request) async throws -> View {
        let dossier = try await DossierController.find(req)
        let principal = try req.principal
        let events = try await FluentDossierRepository(db: req.db).events(of: dossier.id)
        let procedure = try await FluentProcedureRepository(db: req.db).find(code: dossier.procedureCode)
        let units = req.services.units(on: req.db)
        let handler = try await units.find(dossier.handlingUnitID)
        let desk = try await units.find(dossier.receivingUnitID)
        let service = try await req.services.dossiers(on: req.db)
        var actions: [SelectOption] = []
        for name in [
            "receive", "refuse", "startProcessing", "requestSupplement", "supplement", "requestPayment", "pay",
            "withdraw", "stop", "resolve", "returnResult",
        ] {
            guard let action = try? DossierActionDTO(action: name, note: "x", amount: 0).resolve() else { continue }
            if let actor = try? await service.actor(principal, for: dossier, action: action),
                (try? DossierWorkflow.next(from: dossier.status, action, by: actor)) != nil
            {
                actions.append(SelectOption(value: name, label: Self.actionLabels[name] ?? name))
            }
        }
        let handlerLineage = try await units.lineage(of: dossier.handlingUnitID)
        let mayExtend =
            [.received, .processing, .awaitingSupplement, .awaitingPayment].contains(dossier.status)
            && Authorizer.may(principal, .process, on: handlerLineage)
        var page = DossierPage(
            layout: .make(req, title: "Hồ sơ \(dossier.code)", section: .dossiers),
            code: dossier.code,
            procedure: procedure?.name ?? dossier.procedureCode,
            status: dossier.status.label,
            facts: Self.facts(dossier, procedure: procedure, desk: desk, handler: handler),
            events: events.map(Self.event),
            steps: try await Self.steps(dossier, procedure: procedure, req: req),
            forms: DossierForm.available(for: events).map {
                SelectOption(
                    value: SiteURL.dossierForm(code: dossier.code, number: $0.rawValue).path,
                    label: "Mẫu \($0.rawValue): \($0.title)"
                )
            },
            actions: actions,
            actionURL: SiteURL.dossierActions(code: dossier.code).path,
            extensionURL: SiteURL.dossierExtension(code: dossier.code).path,
            mayExtend: mayExtend
        )
        let deskLineage = try await units.lineage(of: dossier.receivingUnitID)
        if Authorizer.may(principal, .view, on: handlerLineage) || Authorizer.may(principal, .view, on: deskLineage) {
            var thread = DocumentStore.Filter(units: try await SharingController.reach(req, .view).map { $0.sorted() })
            thread.dossierCode = dossier.code
            page.documents = try await DocumentStore(db: req.db).documents(thread).map {
                LinkedDocument(
                    reference: $0.reference ?? $0.type.label,
                    subject: $0.subject,
                    state: $0.state.label,
                    href: "/van-ban/\($0.id)"
                )
            }
            page.documentUnit =
                Authorizer.may(principal, .process, on: handlerLineage)
                ? handler?.code : Authorizer.may(principal, .process, on: deskLineage) ? desk?.code : nil
        }
        return try await req.view.render("Dossiers/show", page)
    }

    /// The procedure's steps with their due times for this dossier.
    static func steps(_ dossier: Dossier, procedure: Procedure?, req: Request) async throws -> [DossierPage.Step] {
        guard let procedure, !procedure.steps.isEmpty, dossier.receivedAt != nil else { return [] }
        let calendar = try await req.services.calendar.calendar(on: req.db)
        return try dossier.stepDeadlines(procedure.steps, calendar: calendar).map {
            DossierPage.Step(name: $0.name, actor: $0.actor, due: VietnameseFormat.dateTime($0.dueAt))
        }
    }

    static func event(_ e: DossierEvent) -> DossierPage.Event {
        DossierPage.Event(
            at: VietnameseFormat.dateTime(e.at),
            action: actionLabels[e.action] ?? e.action,
            status: e.to.label,
            note: e.note
        )
    }

    static func facts(_ d: Dossier, procedure: Procedure?, desk: AdminUnit?, handler: AdminUnit?) -> [DossierPage.Row] {
        var rows = [
            DossierPage.Row(label: "Mã hồ sơ", value: d.code),
            DossierPage.Row(label: "Thủ tục", value: procedure.map { "\($0.name) (\($0.code))" } ?? d.procedureCode),
            DossierPage.Row(label: "Người nộp", value: d.applicant.name),
            DossierPage.Row(label: "Số định danh", value: d.applicant.idNumber),
            DossierPage.Row(label: "Điện thoại", value: d.applicant.phone),
            DossierPage.Row(label: "Địa chỉ", value: d.applicant.address),
            DossierPage.Row(label: "Hình thức nộp", value: d.channel.label),
            DossierPage.Row(label: "Nơi tiếp nhận", value: desk?.name ?? ""),
            DossierPage.Row(label: "Cơ quan giải quyết", value: handler?.name ?? ""),
            DossierPage.Row(label: "Thời hạn giải quyết", value: d.processingTime.description),
        ]
        if let received = d.receivedAt {
            rows.append(DossierPage.Row(label: "Ngày tiếp nhận", value: VietnameseFormat.dateTime(received)))
        }
        if let appointment = d.appointmentAt {
            rows.append(DossierPage.Row(label: "Ngày hẹn trả kết quả", value: VietnameseFormat.dateTime(appointment)))
        }
        if let due = d.dueAt, due != d.appointmentAt {
            rows.append(DossierPage.Row(label: "Hạn hiện tại", value: VietnameseFormat.dateTime(due)))
        }
        if d.feeDue > 0 {
            rows.append(DossierPage.Row(label: "Phí, lệ phí", value: VietnameseFormat.number(d.feeDue) + " đồng"))
        }
        if case .post(let tracking) = d.delivery {
            rows.append(DossierPage.Row(label: "Số hiệu bưu gửi", value: tracking))
        }
        return rows
    }

    struct ActionForm: Content {
        let action: String
        var note: String? = nil
        /// As typed: a browser sends the field empty when the action needs no amount.
        var amount: String? = nil
        var delivery: String? = nil
        var reference: String? = nil
    }

    @Sendable func act(req: Request) async throws -> Response {
        let principal = try req.principal
        let form = try req.content.decode(ActionForm.self)
        let dossier = try await DossierController.find(req)
        let typed = form.amount?.trimmingCharacters(in: .whitespaces) ?? ""
        var amount: Int?
        if !typed.isEmpty {
            guard let value = Int(typed.replacingOccurrences(of: ".", with: "")) else {
                throw WebError.invalidParameter(name: "amount", issue: .wholeNumber)
            }
            amount = value
        }
        let body = DossierActionDTO(
            action: form.action,
            note: form.note,
            amount: amount,
            online: false,
            delivery: form.delivery.map { DossierActionDTO.Delivery(kind: $0, reference: form.reference) }
        )
        let action = try body.resolve()
        _ = try await req.transaction { db in
            try await req.services.dossiers(on: db).act(action, on: dossier.code, by: principal, note: form.note ?? "")
        }
        return req.redirect(to: SiteURL.dossier(code: dossier.code).path)
    }

    struct ExtensionForm: Content {
        let newDueDate: String
        let reason: String
    }

    @Sendable func extend(req: Request) async throws -> Response {
        let principal = try req.principal
        let form = try req.content.decode(ExtensionForm.self)
        guard let day = CivilDate(iso: form.newDueDate) else {
            throw DossierError.invalidField(field: "newDueDate", issue: .isoDate)
        }
        let dossier = try await DossierController.find(req)
        // The new date is the close of that working day (17:00).
        let newDue = day.instant(atSecond: req.services.config.officeHours.afternoonEnd)
        _ = try await req.transaction { db in
            try await req.services.dossiers(on: db).extend(dossier.code, to: newDue, reason: form.reason, by: principal)
        }
        return req.redirect(to: SiteURL.dossierForm(code: dossier.code, number: DossierForm.apology.rawValue).path)
    }

    // MARK: Forms

    @Sendable func form(req: Request) async throws -> View {
        let dossier = try await DossierController.find(req)
        guard let form = DossierForm(rawValue: req.parameters.get("number") ?? "") else { throw DossierError.notFound }
        let events = try await FluentDossierRepository(db: req.db).events(of: dossier.id)
        let event = form.action.flatMap { action in events.last { $0.action == action } }
        guard form.action == nil || event != nil else { throw DossierError.notFound }
        let procedure = try await FluentProcedureRepository(db: req.db).find(code: dossier.procedureCode)
        let units = req.services.units(on: req.db)
        let desk = try await units.find(dossier.receivingUnitID)
        let handler = try await units.find(dossier.handlingUnitID)
        let province = try await desk.asyncMap { try await units.ancestors(of: $0).first } ?? nil
        var paragraphs: [String] = []
        switch form {
        case .receipt:
            paragraphs = (procedure?.components ?? []).map { "☑ \($0.name) (\($0.copies) bản)" }
            paragraphs.append(
                "Kết quả trả tại: \(dossier.channel == .post ? "địa chỉ của người nộp, qua bưu chính công ích" : desk?.name ?? "")"
            )
        case .supplementRequest, .refusal, .stopNotice:
            paragraphs = ["Lý do, nội dung: \(event?.note ?? "")"]
        case .apology:
            let extensionRecord = dossier.extensions.last
            paragraphs = [
                "\(handler?.name ?? "Cơ quan giải quyết") xin lỗi ông/bà \(dossier.applicant.name) vì hồ sơ chưa được giải quyết đúng hạn.",
                "Lý do: \(extensionRecord?.reason ?? event?.note ?? "")",
                "Thời hạn trả kết quả được đề nghị gia hạn đến: \(extensionRecord.map { VietnameseFormat.dateTime($0.newDueAt) } ?? "")",
            ]
        case .controlSheet:
            paragraphs = []
        }
        let page = DossierFormPage(
            title: form.title,
            number: form.rawValue,
            legalReference: form.legalReference,
            unit: (form == .receipt ? desk?.name : handler?.name) ?? "",
            code: dossier.code,
            qrSVG: (try? QRCode(dossier.code).svg(scale: 3, title: dossier.code)) ?? "",
            place: province?.shortName ?? "",
            date: CivilDate(event?.at ?? req.services.clock.now()).vietnamese,
            rows: Self.facts(dossier, procedure: procedure, desk: desk, handler: handler),
            paragraphs: paragraphs,
            table: form == .controlSheet ? events.map(Self.event) : [],
            steps: form == .controlSheet ? try await Self.steps(dossier, procedure: procedure, req: req) : [],
            stylesheetURL: SiteURL.stylesheet.path
        )
        return try await req.view.render("Dossiers/form", page)
    }

    // MARK: Form 07

    /// `/dossiers/book?unit=14797&from=2026-09-01&to=2026-09-30[&format=csv]`: every dossier received by a unit (as
    /// desk or handler) in the span, with its dates and whether it was on time; printable, or as CSV.
    @Sendable func trackingBook(req: Request) async throws -> Response {
        let principal = try req.principal
        let units = req.services.units(on: req.db)
        guard let unit = try await units.find(UnitKey(tree: .current, code: req.queryString("unit") ?? "")) else {
            throw WebError.invalidParameter(name: "unit", issue: .unknownUnit)
        }
        guard Authorizer.may(principal, .view, on: try await units.lineage(of: unit.id)) else {
            throw AccountError.forbidden
        }
        let today = CivilDate(req.services.clock.now())
        let from = try req.queryDate("from") ?? today.adding(days: 1 - today.day)
        let to = try req.queryDate("to") ?? today
        guard from <= to, to.julianDay - from.julianDay <= 366 else {
            throw WebError.invalidParameter(name: "to", issue: .bookSpan)
        }
        let records = try await DossierRecord.query(on: req.db)
            .group(.or) {
                $0.filter(\.$handlingUnitID == unit.id.rawValue).filter(\.$receivingUnitID == unit.id.rawValue)
            }
            .filter(\.$received >= from.instant().timeIntervalSince1970)
            .filter(\.$received < to.adding(days: 1).instant().timeIntervalSince1970)
            .sort(\.$received).limit(20_000).all()
        let names = Dictionary(
            uniqueKeysWithValues: try await FluentProcedureRepository(db: req.db).all().map { ($0.code, $0.name) }
        )
        let now = req.services.clock.now()
        let rows = try records.enumerated().map { index, record in
            let d = try record.toDomain()
            let onTime = OnTimeRule.isOnTime(d, periodEnd: now)
            return TrackingBookPage.Row(
                number: index + 1,
                code: d.code,
                procedure: names[d.procedureCode] ?? d.procedureCode,
                applicant: d.applicant.name,
                received: d.receivedAt.map(VietnameseFormat.dateTime) ?? "",
                appointment: d.appointmentAt.map(VietnameseFormat.dateTime) ?? "",
                ended: d.endedAt.map(VietnameseFormat.dateTime) ?? "",
                status: d.status.label,
                onTime: onTime.map { $0 ? "Đúng hạn" : "Trễ hạn" } ?? ""
            )
        }
        if req.queryString("format") == "csv" {
            let csv = CSV.document(
                header: [
                    "STT", "Mã hồ sơ", "Thủ tục", "Người nộp", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày xử lý xong",
                    "Trạng thái", "Đúng hạn",
                ],
                rows: rows.map {
                    [
                        String($0.number), $0.code, $0.procedure, $0.applicant, $0.received, $0.appointment,
                        $0.ended, $0.status, $0.onTime,
                    ]
                }
            )
            return .csv(csv, filename: "so-theo-doi-ho-so-\(unit.code)-\(from.iso)-\(to.iso).csv")
        }
        let page = TrackingBookPage(
            title: "Sổ theo dõi hồ sơ",
            legalReference: "Mẫu số 07, Phụ lục I ban hành kèm theo Thông tư 03/2025/TT-VPCP",
            unit: unit.name,
            from: from.vietnamese,
            to: to.vietnamese,
            rows: rows,
            csvURL: SiteURL.trackingBook(unit: unit.code, from: from.iso, to: to.iso, csv: true).path,
            stylesheetURL: SiteURL.stylesheet.path
        )
        return try await req.view.render("Dossiers/book", page).encodeResponse(for: req)
    }

    // MARK: 766

    @Sendable func index766(req: Request) async throws -> View {
        let units = req.services.units(on: req.db)
        let code = req.queryString("unit") ?? req.services.config.homeProvince ?? DemoData.provinceCode
        guard let unit = try await units.find(UnitKey(tree: .current, code: code)) else {
            throw WebError.invalidParameter(name: "unit", issue: .unknownUnit)
        }
        let now = CivilDate(req.services.clock.now())
        let text = req.queryString("period") ?? "\(now.year)Q\((now.month + 2) / 3)"
        guard let period = ReportingPeriod(text) else {
            throw WebError.invalidParameter(name: "period", issue: .period)
        }
        let result = try await Index766Query(db: req.db).report(for: unit, period: period)
        func points(_ value: Double) -> String { VietnameseFormat.decimal(value, digits: 2) }
        let page = Index766Page(
            layout: .make(req, title: "Chỉ số 766 — \(unit.name)", section: .dossiers),
            action: SiteURL.index766(unit: nil, period: nil).path,
            unit: unit.code,
            unitName: unit.name,
            period: period.description,
            total: points(result.report.total),
            maxWithData: points(result.report.maxWithData),
            groups: result.report.groups.map { group in
                Index766Page.Group(
                    name: group.name,
                    points: points(group.points),
                    max: points(group.max),
                    indicators: result.report.indicators.filter { $0.group == group.number }.map {
                        Index766Page.Indicator(
                            id: $0.id,
                            name: $0.name,
                            points: $0.points.map(points) ?? "—",
                            max: points($0.max),
                            ratio: $0.ratio.map { VietnameseFormat.decimal($0 * 100, digits: 1) + " %" } ?? "",
                            rule: $0.rule,
                            lacking: $0.points == nil
                        )
                    }
                )
            },
            ranking: result.ranking.enumerated().map { index, rank in
                Index766Page.Rank(
                    position: index + 1,
                    name: rank.name,
                    href: SiteURL.index766(unit: rank.code, period: period.description).path,
                    total: points(rank.total),
                    dossiers: VietnameseFormat.number(rank.dossiers),
                    onTime: rank.onTimeRatio.map { VietnameseFormat.decimal($0 * 100, digits: 2) + " %" } ?? "—"
                )
            },
            late: result.late.map { SelectOption(value: SiteURL.dossier(code: $0).path, label: $0) }
        )
        return try await req.view.render("Dossiers/index766", page)
    }
}
