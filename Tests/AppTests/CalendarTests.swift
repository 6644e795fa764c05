import Core
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("Business calendar in the product")
    struct CalendarTests {
        @Test("GET /api/v1/calendar/2026: decreed Tết, compensation, the August swap, working days per month")
        func year2026() async throws {
            try await withTestApp { app in
                let response = try await app.testing().sendRequest(.GET, "/api/v1/calendar/2026")
                #expect(response.status == .ok)
                let year = try response.content.decode(CalendarYearDTO.self)
                let off = Dictionary(year.daysOff.map { ($0.date, $0) }) { first, _ in first }
                #expect(
                    ["2026-02-16", "2026-02-20", "2026-04-30", "2026-05-01", "2026-09-01", "2026-09-02"].allSatisfy {
                        off[$0] != nil
                    }
                )
                #expect(off["2026-04-27"]?.kind == "compensation")  // Giỗ Tổ on Sunday 26/4
                #expect(off["2026-08-31"]?.kind == "swap")
                #expect(off["2026-02-17"]?.lunar == "1/1")
                #expect(year.workedWeekends == ["2026-08-22"])
                #expect(year.months.map(\.workingDays).reduce(0, +) == year.workingDays)
                #expect(year.workingDays == 250)
                let bad = try await app.testing().sendRequest(.GET, "/api/v1/calendar/1800")
                #expect(bad.status == .badRequest)
            }
        }

        @Test("The year page shows lunar dates under solar dates, days off and worked Saturdays")
        func yearPage() async throws {
            try await withTestApp { app in
                let page = try await app.testing().sendRequest(.GET, "/calendar/2025")
                #expect(page.status == .ok)
                let html = page.body.string
                #expect(html.contains("Lịch làm việc năm 2025"))
                #expect(html.contains("<span class=\"solar\">29</span><span class=\"lunar\">1/1</span>"))
                #expect(html.contains("class=\"worked\" title=\"Làm bù\""))
                #expect(html.contains("Thông báo 6150/TB-BLĐTBXH (2024)"))
                #expect(html.contains("Giỗ Tổ Hùng Vương"))
            }
        }

        @Test("A province admin adds a decreed swap: validated, audited, and deadlines use it at once")
        func addSwap() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "admin.thanhhoa", role: .provinceAdmin, on: "38")
                try await makeUser(app, "can.bo", role: .officer, on: "14797")
                let browser = Browser(app)
                try await browser.login("admin.thanhhoa")
                try await browser.get("/admin/calendar")
                // A weekend day off is refused, in Vietnamese.
                let refused = try await browser.post(
                    "/admin/calendar",
                    ["kind": "swap", "date": "2027-05-08", "workingDay": "2027-05-15", "reference": "TB 1/2027"]
                )
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.body.string.contains("ngày nghỉ phải là ngày làm việc trong tuần"))
                let added = try await browser.post(
                    "/admin/calendar",
                    [
                        "kind": "swap", "date": "2027-04-29", "workingDay": "2027-05-08",
                        "reference": "Thông báo thử nghiệm 1/2027",
                    ]
                )
                #expect(added.status == .seeOther)
                let calendar = try await app.services.calendar.calendar(on: app.db)
                #expect(try !calendar.isWorkingDay(CivilDate(iso: "2027-04-29")!))
                #expect(try calendar.isWorkingDay(CivilDate(iso: "2027-05-08")!))
                let audit = try await app.services.audit(on: app.db).list(units: nil, page: Paging())
                #expect(
                    audit.items.contains {
                        $0.action == "calendar.addDecree" && $0.after?["workingDay"] == "2027-05-08"
                    }
                )
                // An officer may not.
                let token = try await apiToken(app, "can.bo")
                let forbidden = try await app.testing().sendRequest(
                    .POST,
                    "/api/v1/calendar/decrees",
                    headers: bearer(token)
                ) { req in
                    try req.content.encode(["kind": "holiday", "date": "2027-11-24", "reference": "x"], as: .json)
                }
                #expect(forbidden.status == .forbidden)
            }
        }
    }
}
