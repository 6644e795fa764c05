import Core
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("Data-sharing and security pages")
    struct SharingPagesTests {
        @Test("A unit admin issues a key on the page (shown once), revokes it; officers only read; CSRF required")
        func clients() async throws {
            try await withTestApp { app in
                _ = try await DataSharingTests().setUp(app)
                let admin = Browser(app)
                try await admin.login("qt.syt")
                let page = try await admin.get("/chia-se-du-lieu")
                #expect(page.status == .ok && page.body.string.contains("datasets/thu-tuc-hanh-chinh"))
                let form = [
                    "name": "Cổng y tế", "unitCode": "38.SYT", "scopes": "datasets/* đọc\nevents/* ghi", "days": "30",
                ]
                #expect(try await admin.post("/chia-se-du-lieu/clients", form, csrf: false).status == .forbidden)
                try await admin.get("/chia-se-du-lieu")
                let created = try await admin.post("/chia-se-du-lieu/clients", form).body.string
                let key = try #require(created.firstMatch(of: /tsk_[A-Za-z0-9_-]{43}/).map { String($0.0) })
                #expect(created.contains("một lần"))
                let client = try #require(try await SharingStore(db: app.db).clients().first { $0.name == "Cổng y tế" })
                #expect(
                    client.scopes == [
                        ApiScope(resource: "datasets/*", access: .read), ApiScope(resource: "events/*", access: .write),
                    ]
                )
                #expect(client.expiresAt == TestEnvironment.now.addingTimeInterval(30 * 86_400))
                let again = try await admin.get("/chia-se-du-lieu").body.string
                #expect(!again.contains(key) && again.contains(client.keyPrefix))

                // Another province's unit is out of reach; the page says so and issues nothing.
                try await admin.get("/chia-se-du-lieu")
                var foreign = form
                foreign["unitCode"] = "40"
                #expect(try await admin.post("/chia-se-du-lieu/clients", foreign).status == .forbidden)

                let officer = Browser(app)
                try await officer.login("cv.syt")
                let read = try await officer.get("/chia-se-du-lieu").body.string
                #expect(read.contains("Cổng y tế"))
                #expect(
                    try await officer.post("/chia-se-du-lieu/clients/\(client.id)/revoke", [:]).status == .forbidden
                )
                try await admin.get("/chia-se-du-lieu")
                #expect(try await admin.post("/chia-se-du-lieu/clients/\(client.id)/revoke", [:]).status == .seeOther)
                #expect(try await SharingStore(db: app.db).client(client.id)?.revokedAt != nil)
                let citizen = try await Browser(app).get("/chia-se-du-lieu").body.string
                #expect(!citizen.contains("Cổng y tế") && citizen.contains("datasets/don-vi-hanh-chinh"))
            }
        }

        @Test("The security page lists each agency's standing; a system saved on the form switches the unit")
        func security() async throws {
            try await withTestApp { app in
                _ = try await DataSharingTests().setUp(app)
                let admin = Browser(app)
                try await admin.login("qt.syt")
                #expect(try await admin.get("/an-toan-thong-tin?unit=38").status == .forbidden)
                try await admin.get("/an-toan-thong-tin?unit=38.SYT")
                let form = [
                    "unitCode": "38.SYT", "name": "Bệnh án điện tử", "proposedLevel": "3", "endpoints": "20",
                    "protectedEndpoints": "18", "soc": "1", "layer1": "1", "lastDrill": "31/02/2026",
                ]
                let bad = try await admin.post("/an-toan-thong-tin/systems?unit=38.SYT", form).body.string
                #expect(bad.contains("lastDrill") && bad.contains("dd/MM/yyyy"))
                try await admin.get("/an-toan-thong-tin?unit=38.SYT")
                var good = form
                good["lastDrill"] = "15/06/2026"
                let saved = try await admin.post("/an-toan-thong-tin/systems?unit=38.SYT", good).body.string
                #expect(saved.contains("Đã lưu hệ thống"))
                let province = Browser(app)
                try await province.login("qt.tinh")
                let overview = try await province.get("/an-toan-thong-tin").body.string
                #expect(overview.contains("Tạm ngắt") && overview.contains("Mới 18/20 máy trạm"))
                #expect(overview.contains("90,0 %") && overview.contains("Bệnh án điện tử"))
                let actions = try await app.services.audit(on: app.db).list(units: nil, page: Paging()).items.map(
                    \.action
                )
                #expect(actions.contains("security.addSystem") && actions.contains("security.disconnected"))
                // The figures reach the indicator engine: 18 of 20 endpoints, for the agency and the province above it.
                let cells = try await app.services.indicators(on: app.db).analytics(
                    items: ["attt.ty_le_may_tram_bao_ve", "attt.he_thong"],
                    periods: [Period(year: 2026, month: 9)],
                    units: [try await UnitsFixture.unit(app, "38.SYT"), try await UnitsFixture.unit(app, "38")]
                )
                #expect(cells.filter { $0.item == "attt.ty_le_may_tram_bao_ve" }.map(\.value) == [90, 90])
                #expect(cells.filter { $0.item == "attt.he_thong" }.map(\.value) == [1, 1])
            }
        }

        @Test("The publishing unit's administrator records the six-monthly review of a dataset; others cannot")
        func review() async throws {
            try await withTestApp { app in
                _ = try await DataSharingTests().setUp(app)
                let officer = Browser(app)
                try await officer.login("can.bo")
                try await officer.get("/du-lieu-mo/don-vi-hanh-chinh")
                #expect(try await officer.post("/du-lieu-mo/don-vi-hanh-chinh/review", [:]).status == .forbidden)
                let admin = Browser(app)
                try await admin.login("qt.tinh")
                let page = try await admin.get("/du-lieu-mo/don-vi-hanh-chinh").body.string
                #expect(page.contains("Ghi nhận đã rà soát"))
                #expect(try await admin.post("/du-lieu-mo/don-vi-hanh-chinh/review", [:]).status == .seeOther)
                // A dataset last reviewed seven months ago is listed for officials, not for visitors.
                var old = try #require(try await OpenDataCatalog(db: app.db).entry("thu-tuc-hanh-chinh"))
                old.dataset.reviewed = TestEnvironment.now.addingTimeInterval(-210 * 86_400)
                try await OpenDataCatalog(db: app.db).save(old)
                let listed = try await admin.get("/du-lieu-mo").body.string
                #expect(listed.contains("Cần rà soát") && listed.contains("hạn rà soát 23/08/2026"))
                let visitor = try await app.testing().sendRequest(.GET, "/du-lieu-mo").body.string
                #expect(!visitor.contains("Cần rà soát"))
                let actions = try await app.services.audit(on: app.db).list(units: nil, page: Paging()).items.map(
                    \.action
                )
                #expect(actions.contains("opendata.review"))
            }
        }
    }
}
