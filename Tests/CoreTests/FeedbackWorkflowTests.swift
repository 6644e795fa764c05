import Core
import Foundation
import Testing

@Suite("Feedback workflow")
struct FeedbackWorkflowTests {
    static let unit = AdminUnit.ID()
    static let actions: [FeedbackAction] = [
        .receive, .reject(reason: "r"), .startHandling, .requestSupplement(note: "n"), .supplement(note: "n"),
        .answer(text: "a"), .publish, .close, .reopen(reason: "r"), .forward(to: unit), .merge(into: Feedback.ID()),
    ]

    /// The table, written out: (state, action name) → next state, and who may act.
    static let expected: [String: FeedbackStatus] = [
        "submitted.receive": .received, "submitted.reject": .rejected, "received.reject": .rejected,
        "received.startHandling": .inProgress, "received.requestSupplement": .awaitingSupplement,
        "inProgress.requestSupplement": .awaitingSupplement, "awaitingSupplement.supplement": .inProgress,
        "inProgress.answer": .answered, "answered.publish": .published, "published.close": .closed,
        "published.reopen": .inProgress, "closed.reopen": .inProgress, "submitted.forward": .submitted,
        "received.forward": .submitted, "inProgress.forward": .submitted, "submitted.merge": .closed,
        "received.merge": .closed, "inProgress.merge": .closed, "awaitingSupplement.merge": .closed,
    ]
    static let actors: [String: Set<FeedbackActorKind>] = [
        "supplement": [.reporter], "reopen": [.reporter], "close": [.handlingOfficer, .reporter],
        "forward": [.handlingOfficer, .system],
    ]

    @Test("Every state × action × actor: the allowed transitions and nothing else")
    func transitionTable() {
        var allowed = 0
        for status in FeedbackStatus.allCases {
            for action in Self.actions {
                for actor in [FeedbackActorKind.handlingOfficer, .reporter, .system] {
                    let mayAct = (Self.actors[action.name] ?? [.handlingOfficer]).contains(actor)
                    let target = Self.expected["\(status.rawValue).\(action.name)"]
                    do {
                        let next = try FeedbackWorkflow.next(from: status, action, by: actor)
                        #expect(mayAct && next == target, "\(status) \(action.name) by \(actor)")
                        allowed += 1
                    } catch {
                        let expectedError: FeedbackError =
                            mayAct
                            ? .invalidTransition(from: status, action: action.name)
                            : .notAllowed(action: action.name, actor: actor)
                        #expect(
                            error == expectedError && (target == nil || !mayAct),
                            "\(status) \(action.name) by \(actor)"
                        )
                    }
                }
            }
        }
        #expect(allowed == 23)  // 19 transitions, + close by the reporter, + forward by the system from 3 states
    }

    func report(_ submitted: Date, urgent: Bool = false) -> Feedback {
        Feedback(
            code: "PA-1",
            category: "giao-thong",
            description: "Ổ gà trên đường, gọi 0912 345 678 giúp",
            location: GeoPoint(latitude: 19.8, longitude: 105.77),
            communeCode: "14797",
            locationIsApproximate: true,
            handlingUnitID: Self.unit,
            reporterID: User.ID(),
            urgent: urgent,
            submittedAt: submitted
        )
    }

    let calendar = CalendarFixtures.calendar

    /// Vietnam local time `yyyy-MM-dd HH:mm`.
    func at(_ text: String) -> Date { CalendarFixtures.at(text) }

    @Test("Deadlines through the Tết 2026 week: decide in 2 working days, urgent acknowledgement in 8 working hours")
    func deadlinesOverTet() throws {
        let sla = FeedbackSLA.national
        let normal = report(at("2026-02-13 10:00"))
        #expect(try sla.currentDeadline(of: normal, calendar: calendar)?.due == at("2026-02-24 10:00"))
        let handling = try normal.applying(.receive, by: .handlingOfficer, at: at("2026-02-23 09:00"))
        #expect(try sla.currentDeadline(of: handling, calendar: calendar)?.stage == .handle)
        // 15 working days from Friday 13/2 10:00, Tết week skipped: Friday 13/3 10:00.
        #expect(try sla.currentDeadline(of: handling, calendar: calendar)?.due == at("2026-03-13 10:00"))
        let urgent = report(at("2026-02-13 16:00"), urgent: true)
        // Friday 16:00–17:00 is one hour; Tết and the weekend pass; Monday 23/2 gives the other seven.
        #expect(try sla.currentDeadline(of: urgent, calendar: calendar)?.due == at("2026-02-23 16:30"))
        let acknowledged = try urgent.applying(.receive, by: .handlingOfficer, at: at("2026-02-23 08:00"))
        // 4 working hours from 08:00: 3.5 h until 11:30, then 0.5 h after 13:30.
        #expect(try sla.currentDeadline(of: acknowledged, calendar: calendar)?.due == at("2026-02-23 14:00"))
        let waiting = try handling.applying(
            .requestSupplement(note: "Ảnh rõ hơn"),
            by: .handlingOfficer,
            at: at("2026-02-23 10:00")
        )
        #expect(try sla.currentDeadline(of: waiting, calendar: calendar) == nil)
        #expect(try !sla.supplementRequestIsLate(handling, at: at("2026-02-23 10:00"), calendar: calendar))
        // A second request for a supplement always counts as late.
        #expect(try sla.supplementRequestIsLate(waiting, at: at("2026-02-23 11:00"), calendar: calendar))
    }

    @Test("Forwarding restarts the clock at the new unit; reopening counts and clears the answer")
    func timeline() throws {
        let other = AdminUnit.ID()
        let forwarded = try report(at("2026-03-02 08:00")).applying(
            .forward(to: other),
            by: .handlingOfficer,
            at: at("2026-03-03 09:00")
        )
        #expect(forwarded.handlingUnitID == other && forwarded.clockStartedAt == at("2026-03-03 09:00"))
        var item = try forwarded.applying(.receive, by: .handlingOfficer, at: at("2026-03-03 10:00"))
        item = try item.applying(.startHandling, by: .handlingOfficer, at: at("2026-03-03 10:00"))
        #expect(throws: FeedbackError.invalidField(field: "answer", issue: .required)) {
            try item.applying(.answer(text: "  "), by: .handlingOfficer, at: at("2026-03-04 10:00"))
        }
        item = try item.applying(.answer(text: "Đã vá ổ gà."), by: .handlingOfficer, at: at("2026-03-04 10:00"))
        item = try item.applying(.publish, by: .handlingOfficer, at: at("2026-03-04 11:00"))
        item = try item.applying(.reopen(reason: "Chưa vá"), by: .reporter, at: at("2026-03-05 11:00"))
        #expect(item.status == .inProgress && item.reopenCount == 1 && item.publishedAt == nil)
    }

    @Test("check-deadlines finds overdue reports once; a report awaiting the citizen is not overdue")
    func escalation() throws {
        let late = report(at("2026-03-02 08:00"))
        var escalated = report(at("2026-03-02 08:00"))
        escalated.escalatedAt = at("2026-03-05 08:00")
        let waiting = try report(at("2026-03-02 08:00")).applying(
            .receive,
            by: .handlingOfficer,
            at: at("2026-03-02 08:30")
        )
        .applying(.requestSupplement(note: "n"), by: .handlingOfficer, at: at("2026-03-02 09:00"))
        let fresh = report(at("2026-03-05 08:00"))
        let overdue = try FeedbackEscalation.overdue(
            [late, escalated, waiting, fresh],
            at: at("2026-03-05 09:00"),
            sla: { _ in .national },
            calendar: calendar
        )
        #expect(overdue.map(\.id) == [late.id])
        #expect(overdue.first?.stage == .decide && overdue.first?.due == at("2026-03-04 08:00"))
    }

    @Test("Duplicates: open, same category, within 250 m, nearest first")
    func duplicates() throws {
        let base = GeoPoint(latitude: 19.8000, longitude: 105.7700)
        func at(_ dLat: Double, category: String = "giao-thong", status: FeedbackStatus = .received) -> Feedback {
            var item = report(Date(timeIntervalSince1970: 0))
            item.location = GeoPoint(latitude: base.latitude + dLat, longitude: base.longitude)
            item.category = category
            item.status = status
            return item
        }
        let near = at(0.0010)  // ≈ 111 m
        let nearer = at(0.0005)  // ≈ 56 m
        let far = at(0.0030)  // ≈ 334 m
        let otherKind = at(0.0005, category: "moi-truong")
        let closed = at(0.0005, status: .closed)
        let found = DuplicateFinder.candidates(
            near: base,
            category: "giao-thong",
            among: [near, far, otherKind, closed, nearer]
        )
        #expect(found.map(\.id) == [nearer.id, near.id])
        #expect(abs(DuplicateFinder.distanceMeters(base, far.location!) - 333.6) < 1)
    }

    @Test("The public never sees the reporter; numbers are masked; the answer shows once published")
    func publicView() throws {
        var item = report(at("2026-03-02 08:00"))
        item.answer = "Liên hệ 0912.345.678 hoặc CCCD 038123456789."
        var view = PublicFeedback(item)
        #expect(view.description == "Ổ gà trên đường, gọi •••••••••••• giúp")
        #expect(view.answer == nil)
        item.status = .published
        item.likes = 2
        item.dislikes = 3
        view = PublicFeedback(item)
        #expect(view.answer == "Liên hệ •••••••••••• hoặc CCCD ••••••••••••.")
        #expect(!view.satisfactory)
        let json = String(decoding: try JSONEncoder().encode(view), as: UTF8.self)
        #expect(!json.contains("reporter") && !json.contains(item.reporterID!.description))
        #expect(PublicFeedback.mask("Số nhà 12, ngõ 345") == "Số nhà 12, ngõ 345")
    }

    @Test("Routing rules: a commune rule beats a province rule; otherwise the commune handles it")
    func routingRules() {
        let routing = FeedbackRouting(rules: [
            .init(category: "giao-thong", scope: "38", handlerCode: "38.SXD"),
            .init(category: "giao-thong", scope: "14845", handlerCode: "14845.PKT"),
        ])
        #expect(routing.handlerCode(category: "giao-thong", communeCode: "14797", provinceCode: "38") == "38.SXD")
        #expect(routing.handlerCode(category: "giao-thong", communeCode: "14845", provinceCode: "38") == "14845.PKT")
        #expect(routing.handlerCode(category: "moi-truong", communeCode: "14797", provinceCode: "38") == "14797")
    }

    @Test("SLA badge: green, amber in the last fifth, red when late")
    func badge() throws {
        let start = at("2026-03-02 08:00")
        let due = at("2026-03-04 08:00")
        #expect(try SLABadge.of(start: start, due: due, now: at("2026-03-02 09:00"), calendar: calendar) == .green)
        #expect(try SLABadge.of(start: start, due: due, now: at("2026-03-04 07:45"), calendar: calendar) == .amber)
        #expect(try SLABadge.of(start: start, due: due, now: at("2026-03-04 09:00"), calendar: calendar) == .red)
        #expect(try SLABadge.of(start: start, due: nil, now: start, calendar: calendar) == .none)
    }
}
