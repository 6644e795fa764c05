import Core
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("IOC dashboards")
    struct DashboardPageTests {
        let indicators = IndicatorApiTests()

        func prepare(_ app: Application) async throws -> (admin: String, officer: String) {
            let tokens = try await indicators.setUp(app)
            let rows = [
                "hs_tong,202607,14797,100", "hs_dung_han,202607,14797,92", "hs_tong,202608,14797,100",
                "hs_dung_han,202608,14797,80", "hs_tong,202608,14758,50", "hs_dung_han,202608,14758,49",
            ]
            let text = (["Mã chỉ tiêu,Kỳ,Mã đơn vị,Giá trị"] + rows).joined(separator: "\n")
            #expect(try await indicators.csv(app, text, token: tokens.admin).status == .ok)
            let target = [Target(indicator: "ty_le_dung_han", unitCode: "38", period: "2026", value: 90)]
            let saved = try await indicators.send(app, .PUT, "/api/v1/indicators/targets", target, token: tokens.admin)
            #expect(saved.status == .noContent)
            return tokens
        }

        @Test("The built-in dashboard: tiles with targets, communes ranked best first, drill-down keeps the filters")
        func view() async throws {
            try await withTestApp { app in
                _ = try await prepare(app)
                let browser = Browser(app)
                try await browser.login("qt.tinh")
                let page = try await browser.get("/ioc?ou=38&range=202607-202608").body.string
                // August: 129 of 150 on time in the province = 86,0 %, under the 90 % target.
                #expect(page.contains("86,0 %") && page.contains("mục tiêu 90,0 %") && page.contains("Gần đạt"))
                let drill = "/ioc?d=\(IOCPagesController.standardID)&amp;ou=14797&amp;range=202607-202608"
                #expect(page.contains(drill))
                let csv = try await browser.get(
                    "/ioc/widget.csv?ou=38&range=202607-202608&w=7"
                ).body.string
                #expect(csv.contains("14758,Phường Hàm Rồng,202608,98.0\r\n14797,Phường Hạc Thành,202608,80.0"))
                let commune = try await browser.get("/ioc?ou=14797&range=202607-202608").body.string
                #expect(commune.contains("/ioc?d=\(IOCPagesController.standardID)&amp;ou=38&amp;range=202607-202608"))
                #expect(commune.contains("không có đơn vị trực thuộc"))
                #expect(try await browser.get("/ioc?ou=38&range=week").status == .badRequest)
                let kiosk = try await browser.get("/ioc/kiosk?ou=38&range=12m&every=20").body.string
                #expect(
                    kiosk.contains("http-equiv=\"refresh\" content=\"20;url=/ioc/kiosk?")
                        && kiosk.contains("class=\"kiosk\"")
                )
                let wall = try await browser.get("/ioc?ou=38&refresh=60").body.string
                #expect(wall.contains("<meta http-equiv=\"refresh\" content=\"60\">"))
                // A commune officer may not open the province's dashboard.
                let officer = Browser(app)
                try await officer.login("can.bo")
                #expect(try await officer.get("/ioc?ou=38").status == .forbidden)
                #expect(try await officer.get("/ioc?ou=14797").status == .ok)
            }
        }

        @Test("Viewers of one view share its widgets for the configured seconds; access is still checked per viewer")
        func sharedWidgets() async throws {
            let check: @Sendable (Application) async throws -> Void = { app in
                let tokens = try await prepare(app)
                let browser = Browser(app)
                try await browser.login("qt.tinh")
                let view = "/ioc?ou=38&range=202607-202608"
                #expect(try await browser.get(view).body.string.contains("86,0 %"))
                let text = "Mã chỉ tiêu,Kỳ,Mã đơn vị,Giá trị\nhs_dung_han,202608,14797,95"
                #expect(try await indicators.csv(app, text, token: tokens.admin).status == .ok)
                // August is now 144 of 150 = 96,0 %; the same view keeps the shared widgets, another view is new.
                #expect(try await browser.get(view).body.string.contains("86,0 %"))
                #expect(try await browser.get("/ioc?ou=38&range=202608-202608").body.string.contains("96,0 %"))
                let officer = Browser(app)
                try await officer.login("can.bo")
                #expect(try await officer.get(view).status == .forbidden)
            }
            try await withTestApp(adjust: { $0.iocCacheSeconds = 60 }, check)
        }

        @Test("Saving and editing dashboards: configure rights only, widgets checked, every change audited")
        func editing() async throws {
            try await withTestApp { app in
                let (admin, officer) = try await prepare(app)
                let browser = Browser(app)
                try await browser.login("qt.tinh")
                try await browser.get("/ioc?ou=38")
                let created = try await browser.post("/ioc/dashboards", ["name": "Phòng điều hành", "ou": "38"])
                #expect(created.status == .seeOther)
                let stored = try #require(try await SQLIOCRepository(db: app.db).dashboards().first)
                #expect(stored.name == "Phòng điều hành" && stored.widgets.count == 10)
                // The editing form lists the counters and the indicators for whoever may edit (issue 11: built only
                // for them).
                let editor = try await browser.get("/ioc?d=\(stored.id)&ou=38").body.string
                #expect(editor.contains(#"<option value="overdueDossiers">"#) && editor.contains(#"name="subject""#))
                let form = ["kind": "counter", "subject": "overdueDossiers", "title": "Quá hạn"]
                #expect(try await browser.post("/ioc/dashboards/\(stored.id)/widgets", form).status == .seeOther)
                try await browser.get("/ioc?d=\(stored.id)&ou=38")
                #expect(
                    try await browser.post("/ioc/dashboards/\(stored.id)/widgets/0/delete", [:]).status == .seeOther
                )
                let edited = try #require(try await SQLIOCRepository(db: app.db).dashboard(stored.id))
                #expect(edited.widgets.count == 10 && edited.widgets.last?.title == "Quá hạn")
                #expect(edited.widgets.first?.subject == LiveCounter.overdueFeedback.rawValue)

                var wrong = edited
                wrong.widgets.append(Widget(kind: .tile, title: "", subject: "khong_co"))
                let refused = try await indicators.send(app, .PUT, "/api/v1/ioc/dashboards", wrong, token: admin)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("Dòng 11"))
                #expect(
                    try await indicators.send(app, .PUT, "/api/v1/ioc/dashboards", edited, token: officer).status
                        == .forbidden
                )
                let list = try await app.testing().sendRequest(.GET, "/api/v1/ioc/dashboards", headers: bearer(officer))
                #expect(try list.content.decode([Dashboard].self).map(\.id) == [stored.id])
                let actions = try await (app.db as! any SQLDatabase).raw(
                    "SELECT action FROM audit_log WHERE entity_type = 'dashboard'"
                ).all().map { try $0.decode(column: "action", as: String.self) }
                #expect(actions == ["dashboard.save", "dashboard.save", "dashboard.save"])

                // A dashboard for one role becomes that role's default for the unit; others keep theirs.
                try await browser.get("/ioc?ou=38")
                let wall = ["name": "Màn hình IOC", "ou": "38", "role": "iocViewer"]
                #expect(try await browser.post("/ioc/dashboards", wall).status == .seeOther)
                try await makeUser(app, "truc.ioc", role: .iocViewer, on: "38", descendants: true)
                let viewer = Browser(app)
                try await viewer.login("truc.ioc")
                let viewed = try await viewer.get("/ioc?ou=38").body.string
                #expect(viewed.contains("<h1>Màn hình IOC — Tỉnh Thanh Hóa</h1>"))
                #expect(!viewed.contains(#"name="subject""#) && !viewed.contains(#"<option value="overdueDossiers">"#))
                let own = try await browser.get("/ioc?ou=38").body.string
                #expect(own.contains("<h1>Phòng điều hành — Tỉnh Thanh Hóa</h1>") && own.contains("Xem IOC"))
            }
        }
    }
}
