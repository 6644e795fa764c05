import Core
import Fluent
import Vapor

/// The business calendar: `/api/v1/calendar/:year`, `/calendar/:year`, `/admin/calendar`.
struct CalendarController {
    static func year(_ req: Request) throws -> Int {
        guard let year = req.parameters.get("year").flatMap(Int.init),
            (BusinessCalendar.firstYear...BusinessCalendar.lastYear).contains(year)
        else { throw WebError.invalidParameter(name: "year", issue: .calendarYear) }
        return year
    }

    @Sendable static func api(req: Request) async throws -> Response {
        let year = try year(req)
        let calendar = try await req.services.calendar.calendar(on: req.db)
        return try await CalendarYearDTO.make(year: year, calendar: calendar).encodeResponse(for: req)
    }

    static func mayEdit(_ principal: Principal?) -> Bool {
        principal.map { $0.holds(.systemAdmin) || $0.holds(.provinceAdmin) } ?? false
    }

    @Sendable static func page(req: Request) async throws -> View {
        let year = try year(req)
        let calendar = try await req.services.calendar.calendar(on: req.db)
        let page = try CalendarPage.make(
            layout: .make(req, title: "Lịch làm việc năm \(year)", section: .calendar),
            year: year,
            calendar: calendar,
            summary: try CalendarYearDTO.make(year: year, calendar: calendar),
            mayEdit: mayEdit(req.optionalPrincipal)
        )
        return try await req.view.render("Calendar/year", page)
    }

    @Sendable static func adminPage(req: Request) async throws -> View {
        try await renderAdmin(req, error: nil)
    }

    static func renderAdmin(_ req: Request, error: String?) async throws -> View {
        guard mayEdit(try req.principal) else { throw AccountError.forbidden }
        let decrees = try await FluentDecreeRepository(db: req.db, clock: req.services.clock).all()
        let layout = PageLayout.make(req, title: "Quyết định về ngày nghỉ", section: .calendar)
        return try await req.view.render(
            "Calendar/admin",
            CalendarAdminPage.make(layout: layout, decrees: decrees, error: error)
        )
    }

    struct DecreeForm: Content {
        let kind: String
        let date: String
        let workingDay: String?
        let note: String?
        let reference: String
    }

    /// Adds a decree (form or JSON), then rebuilds the calendar so every later deadline uses it.
    @Sendable static func add(req: Request) async throws -> Response {
        let principal = try req.principal
        let form = try req.content.decode(DecreeForm.self)
        do {
            guard let kind = DecreeRecord.Kind(rawValue: form.kind) else {
                throw AccountError.invalidField(
                    field: "kind",
                    issue: .oneOf(DecreeRecord.Kind.allCases.map(\.rawValue))
                )
            }
            guard let date = CivilDate(iso: form.date) else {
                throw AccountError.invalidField(field: "date", issue: .isoDate)
            }
            let working = try form.workingDay.flatMap { $0.isEmpty ? nil : $0 }.map { text in
                guard let day = CivilDate(iso: text) else {
                    throw AccountError.invalidField(field: "workingDay", issue: .isoDate)
                }
                return day
            }
            guard !form.reference.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw AccountError.invalidField(field: "reference", issue: .required)
            }
            let record = DecreeRecord(
                kind: kind,
                date: date,
                workingDay: working,
                note: form.note ?? "",
                reference: form.reference
            )
            _ = try await req.transaction { db in
                try await req.services.calendarService(on: db).add(record, by: principal)
            }
            try await req.services.calendar.rebuild(on: req.db)
            if AppErrorMiddleware.wantsJSON(req) { return Response(status: .created) }
            return req.redirect(to: SiteURL.calendar(year: date.year).path)
        } catch let error
            where (error is AccountError && error as? AccountError != .forbidden) || error is CalendarError
        {
            let failure = Failure.from(error)
            if AppErrorMiddleware.wantsJSON(req) { throw failure }
            let response = try await renderAdmin(req, error: failure.messageVI).encodeResponse(for: req)
            response.status = failure.status
            return response
        }
    }
}

extension FieldIssue {
    static let calendarYear = FieldIssue(
        english: "must be a year from 1900 to 2100",
        vietnamese: "phải là năm từ 1900 đến 2100"
    )
}
