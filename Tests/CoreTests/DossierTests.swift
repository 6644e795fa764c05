import Core
import CoreTestSupport
import Foundation
import Testing

@Suite("One-stop dossiers")
struct DossierTests {
    let calendar = CalendarFixtures.calendar
    func at(_ text: String) -> Date { CalendarFixtures.at(text) }

    static let birth = ProcedureFixtures.birth

    func dossier(received: String, time: ProcessingTime = .days(3)) throws -> Dossier {
        var procedure = Self.birth
        procedure.processingTime = time
        let unit = AdminUnit.ID()
        let filed = Dossier(
            code: "14797-260302-0001",
            procedure: procedure,
            channel: .inPerson,
            applicant: Applicant(
                name: "Lê Văn A",
                idNumber: "038090001234",
                phone: "0912345678",
                address: "Hạc Thành",
                communeCode: "14797"
            ),
            receivingUnitID: unit,
            handlingUnitID: unit,
            submittedAt: at(received)
        )
        return try filed.applying(.receive, by: .desk, at: at(received), calendar: calendar)
    }

    @Test("Every state × action × actor: exactly the allowed transitions")
    func transitions() {
        let actions: [DossierAction] = [
            .receive, .refuse(reason: "x"), .startProcessing, .requestSupplement(note: "x"), .supplement,
            .requestPayment(amount: 1), .pay(online: true), .withdraw, .stop(reason: "x"), .resolve,
            .returnResult(.atDesk),
        ]
        let allowed: Set<String> = [
            "1 receive desk 2", "1 refuse desk 3", "2 startProcessing desk 4", "2 startProcessing handler 4",
            "2 requestSupplement desk 5", "2 requestSupplement handler 5", "4 requestSupplement desk 5",
            "4 requestSupplement handler 5", "5 supplement applicant 4", "5 supplement desk 4",
            "4 requestPayment handler 6", "6 pay applicant 4", "6 pay desk 4", "1 withdraw applicant 7",
            "1 withdraw desk 7", "2 withdraw applicant 7", "2 withdraw desk 7", "4 withdraw applicant 7",
            "4 withdraw desk 7", "5 withdraw applicant 7", "5 withdraw desk 7", "6 withdraw applicant 7",
            "6 withdraw desk 7", "4 stop handler 8", "5 stop handler 8", "6 stop handler 8", "4 resolve handler 9",
            "9 returnResult desk 10",
        ]
        var found: Set<String> = []
        for status in DossierStatus.allCases {
            for action in actions {
                for actor in DossierActor.allCases {
                    if let next = try? DossierWorkflow.next(from: status, action, by: actor) {
                        found.insert("\(status.rawValue) \(action.name) \(actor.rawValue) \(next.rawValue)")
                    }
                }
            }
        }
        #expect(found == allowed)
        #expect(throws: DossierError.notAllowed(action: "resolve", actor: .desk)) {
            try DossierWorkflow.next(from: .processing, .resolve, by: .desk)
        }
        #expect(throws: DossierError.invalidTransition(from: .returned, action: "withdraw")) {
            try DossierWorkflow.next(from: .returned, .withdraw, by: .applicant)
        }
    }

    @Test(
        "Appointment: working days from receipt, the 15:00 cut-off, through Tết 2026 and the Quốc khánh swap",
        arguments: [
            ("2026-03-02 08:00", ProcessingTime.days(3), "2026-03-05 08:00"),
            ("2026-03-02 15:30", .days(3), "2026-03-05 17:00"),  // after the cut-off: Tue–Thu, whole days
            ("2026-02-12 10:00", .days(3), "2026-02-24 10:00"),  // Tết: 16–20/02 off
            ("2026-08-21 09:00", .days(3), "2026-08-25 09:00"),  // Saturday 22/08 is worked (swap)
            ("2026-08-27 09:00", .days(2), "2026-09-03 09:00"),  // 31/08 swapped off, 1–2/09 holidays
            ("2026-03-02 16:00", .hours(4), "2026-03-03 10:30"),  // hours run without the cut-off: 1 h + 3 h
        ]
    )
    func appointment(received: String, time: ProcessingTime, due: String) throws {
        let dossier = try dossier(received: received, time: time)
        #expect(dossier.appointmentAt == at(due) && dossier.dueAt == at(due))
    }

    @Test("A supplement stops the clock; the answer moves the due date by the office time waited")
    func supplementClock() throws {
        var dossier = try dossier(received: "2026-03-02 08:00", time: .days(5))
        #expect(dossier.dueAt == at("2026-03-09 08:00"))
        dossier = try dossier.applying(.startProcessing, by: .handler, at: at("2026-03-02 09:00"), calendar: calendar)
        #expect(throws: DossierError.invalidField(field: "note", issue: .required)) {
            try dossier.applying(
                .requestSupplement(note: " "),
                by: .handler,
                at: at("2026-03-03 09:00"),
                calendar: calendar
            )
        }
        dossier = try dossier.applying(
            .requestSupplement(note: "Thiếu bản sao giấy chứng sinh"),
            by: .handler,
            at: at("2026-03-03 08:00"),
            calendar: calendar
        )
        dossier = try dossier.applying(.supplement, by: .applicant, at: at("2026-03-05 08:00"), calendar: calendar)
        #expect(dossier.status == .processing && dossier.dueAt == at("2026-03-11 08:00"))
        #expect(dossier.appointmentAt == at("2026-03-09 08:00"))
        dossier = try dossier.applying(.resolve, by: .handler, at: at("2026-03-10 16:00"), calendar: calendar)
        #expect(dossier.endedAt == at("2026-03-10 16:00") && dossier.endStatus == .resolved)
        // Two calendar days of supplement are subtracted: ended 10/03 16:00 − 2 days ≤ 09/03 08:00? No: 08/03 16:00.
        #expect(OnTimeRule.isOnTime(dossier, periodEnd: at("2026-03-31 23:59")) == true)
        dossier = try dossier.applying(
            .returnResult(.post(trackingNumber: "EL123456789VN")),
            by: .desk,
            at: at("2026-03-11 08:00"),
            calendar: calendar
        )
        #expect(dossier.status == .returned && dossier.endedAt == at("2026-03-10 16:00"))
        #expect(dossier.delivery == .post(trackingNumber: "EL123456789VN"))
    }

    @Test("766 on-time rule: late, second supplement, waiting for the applicant, unfinished, not received")
    func onTimeRule() throws {
        let periodEnd = at("2026-03-31 23:59")
        var late = try dossier(received: "2026-03-02 08:00")
        late = try late.applying(.startProcessing, by: .handler, at: at("2026-03-02 09:00"), calendar: calendar)
        late = try late.applying(.resolve, by: .handler, at: at("2026-03-05 08:01"), calendar: calendar)
        #expect(OnTimeRule.isOnTime(late, periodEnd: periodEnd) == false)

        var twice = try dossier(received: "2026-03-02 08:00", time: .days(10))
        for (ask, answer) in [("2026-03-02 10:00", "2026-03-02 11:00"), ("2026-03-03 10:00", "2026-03-03 11:00")] {
            twice = try twice.applying(.requestSupplement(note: "Bổ sung"), by: .desk, at: at(ask), calendar: calendar)
            twice = try twice.applying(.supplement, by: .applicant, at: at(answer), calendar: calendar)
        }
        twice = try twice.applying(.resolve, by: .handler, at: at("2026-03-04 08:00"), calendar: calendar)
        #expect(OnTimeRule.isOnTime(twice, periodEnd: periodEnd) == false)

        var waiting = try dossier(received: "2026-03-02 08:00")
        waiting = try waiting.applying(
            .requestSupplement(note: "Bổ sung"),
            by: .desk,
            at: at("2026-03-04 08:00"),
            calendar: calendar
        )
        #expect(OnTimeRule.isOnTime(waiting, periodEnd: periodEnd) == true)  // the request date is the end

        let open = try dossier(received: "2026-03-25 08:00")
        #expect(OnTimeRule.isOnTime(open, periodEnd: at("2026-03-26 23:59")) == true)
        #expect(OnTimeRule.isOnTime(open, periodEnd: periodEnd) == false)  // past its appointment at period end

        let registered = Dossier(
            code: "x-260302-0001",
            procedure: Self.birth,
            channel: .online,
            applicant: open.applicant,
            receivingUnitID: open.receivingUnitID,
            handlingUnitID: open.handlingUnitID,
            submittedAt: at("2026-03-02 08:00")
        )
        #expect(OnTimeRule.isOnTime(registered, periodEnd: periodEnd) == nil)
        #expect(OnTimeRule.isOnTime(open, periodEnd: at("2026-03-20 23:59")) == nil)  // received after the period
    }

    @Test("Step due times accumulate the budgets, move with a supplement requested before them, end at the due date")
    func stepDeadlines() throws {
        let steps = Self.birth.steps
        var dossier = try dossier(received: "2026-03-02 08:00")
        #expect(
            try dossier.stepDeadlines(steps, calendar: calendar).map(\.dueAt) == [
                at("2026-03-03 08:00"), at("2026-03-05 08:00"),
            ]
        )
        #expect(try dossier.stepDeadlines([], calendar: calendar).isEmpty)
        // Received after the 15:00 cut-off: every step counts from the next working day.
        let late = try self.dossier(received: "2026-03-06 16:00")
        let lateSteps = try late.stepDeadlines(steps, calendar: calendar)
        #expect(lateSteps.map(\.dueAt) == [at("2026-03-09 17:00"), at("2026-03-11 17:00")])
        #expect(lateSteps.last?.dueAt == late.appointmentAt)
        // Asked for a supplement when the first step was due: only the second step moves, by the two days waited.
        dossier = try dossier.applying(
            .requestSupplement(note: "Thiếu giấy chứng sinh"),
            by: .desk,
            at: at("2026-03-03 08:00"),
            calendar: calendar
        )
        dossier = try dossier.applying(.supplement, by: .applicant, at: at("2026-03-05 08:00"), calendar: calendar)
        let moved = try dossier.stepDeadlines(steps, calendar: calendar)
        #expect(moved.map(\.dueAt) == [at("2026-03-03 08:00"), at("2026-03-09 08:00")])
        #expect(moved.last?.dueAt == dossier.dueAt)
        #expect(moved.map(\.actor) == ["Một cửa", "Công chức tư pháp - hộ tịch"])
        let extended = try dossier.extended(
            to: at("2026-03-12 17:00"),
            reason: "Cần xác minh",
            at: at("2026-03-06 08:00")
        )
        #expect(try extended.stepDeadlines(steps, calendar: calendar).last?.dueAt == at("2026-03-12 17:00"))
    }

    @Test("Form 04 extension: only before the due date, only to a later date, with a reason")
    func extensionTiming() throws {
        let dossier = try dossier(received: "2026-03-02 08:00")
        let due = try #require(dossier.dueAt)
        let extended = try dossier.extended(
            to: at("2026-03-10 17:00"),
            reason: "Cần xác minh",
            at: at("2026-03-04 16:00")
        )
        #expect(extended.dueAt == at("2026-03-10 17:00") && extended.appointmentAt == due)
        #expect(throws: DossierError.extensionTooLate) {
            try dossier.extended(to: at("2026-03-10 17:00"), reason: "Cần xác minh", at: at("2026-03-05 08:00"))
        }
        #expect(throws: DossierError.invalidField(field: "newDueAt", issue: .afterDue)) {
            try dossier.extended(to: at("2026-03-04 17:00"), reason: "Cần xác minh", at: at("2026-03-03 08:00"))
        }
        #expect(throws: DossierError.invalidField(field: "reason", issue: .required)) {
            try dossier.extended(to: at("2026-03-10 17:00"), reason: "", at: at("2026-03-03 08:00"))
        }
    }

    @Test("Codes: unit, receipt day (Vietnam time), four-digit sequence; parsed back")
    func codes() {
        let code = DossierCode.make(unitCode: "000.00.38.H56", day: CivilDate(iso: "2026-09-21")!, sequence: 7)
        #expect(code == "000.00.38.H56-260921-0007")
        #expect(DossierCode.parse(code)?.unitCode == "000.00.38.H56" && DossierCode.parse(code)?.sequence == 7)
        #expect(
            DossierCode.make(unitCode: "38.STP", day: CivilDate(iso: "2026-01-02")!, sequence: 1234)
                == "38.STP-260102-1234"
        )
    }

    @Test("Catalogue entries: step budgets add up to the statutory time; fees and discounts in range")
    func procedureValidation() throws {
        #expect(try Self.birth.validated().code == "1.001193")
        var wrong = Self.birth
        wrong.steps[1].budget = .days(3)
        #expect(throws: DossierError.invalidField(field: "steps", issue: .stepBudgets(.days(3)))) {
            try wrong.validated()
        }
        var fee = Self.birth
        fee.fees = [.init(name: "Lệ phí", amount: 50_000, onlineDiscountPercent: 50)]
        #expect(fee.fees[0].due(online: true) == 25_000 && fee.fees[0].due(online: false) == 50_000)
        fee.fees[0].onlineDiscountPercent = 150
        #expect(throws: DossierError.invalidField(field: "fees", issue: .feeRange)) { try fee.validated() }
    }

    @Test("Reporting periods: month, quarter, year in Vietnam time; nonsense refused")
    func periods() {
        let q3 = ReportingPeriod("2026q3")
        #expect(q3?.first == CivilDate(iso: "2026-07-01") && q3?.end == CivilDate(iso: "2026-10-01"))
        #expect(ReportingPeriod("2026-12")?.end == CivilDate(iso: "2027-01-01"))
        #expect(ReportingPeriod("2026")?.startInstant == at("2026-01-01 00:00"))
        #expect(ReportingPeriod("2026Q5") == nil && ReportingPeriod("26-01") == nil)
    }
}
