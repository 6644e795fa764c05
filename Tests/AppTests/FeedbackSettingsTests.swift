import Core
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("Feedback categories and routing rules")
    struct FeedbackSettingsTests {
        struct Body: Content {
            var code = "moi-truong"
            var name = "Môi trường, rác thải"
            var provinceCode: String? = "38"
            var decideDays = 1
            var supplementDays = 5
            var handleDays = 5
            var publishDays = 2
            var urgentAcknowledgeHours = 8.0
            var urgentHandleHours = 4.0
        }

        func put<T: Content>(_ app: Application, _ path: String, _ body: T, token: String) async throws
            -> TestingHTTPResponse
        {
            try await app.testing().sendRequest(.PUT, path, headers: bearer(token)) { req in
                try req.content.encode(body, as: .json)
            }
        }

        func submit(_ app: Application, _ category: String, token: String) async throws -> FeedbackDTO {
            let response = try await app.testing().sendRequest(.POST, "/api/v1/feedback", headers: bearer(token)) {
                req in
                try req.content.encode(
                    NewFeedbackDTO(
                        category: category,
                        description: "Phản ánh thử nghiệm về \(category)",
                        lat: 19.8030,
                        lon: 105.7890,
                        urgent: nil
                    ),
                    as: .json
                )
            }
            #expect(response.status == .created, "\(response.body.string)")
            return try response.content.get(FeedbackDTO.self, at: "feedback")
        }

        @Test("A province's category override sets its deadlines; a rule routes a category elsewhere; both audited")
        func api() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "qt.tinh", role: .provinceAdmin, on: "38", descendants: true)
                try await makeUser(app, "can.bo", role: .officer, on: "14797")
                try await makeUser(app, "cong.dan", role: .citizen, on: nil)
                let admin = try await apiToken(app, "qt.tinh")
                let officer = try await apiToken(app, "can.bo")
                let citizen = try await apiToken(app, "cong.dan")

                let before = try await submit(app, "moi-truong", token: citizen)
                #expect(
                    try await put(app, "/api/v1/feedback/categories/moi-truong", Body(), token: officer).status
                        == .forbidden
                )
                let saved = try await put(app, "/api/v1/feedback/categories/moi-truong", Body(), token: admin)
                #expect(saved.status == .ok)
                #expect(try saved.content.get(FeedbackCategory.self).sla.decideDays == 1)
                let mismatch = try await put(app, "/api/v1/feedback/categories/khac", Body(), token: admin)
                #expect(mismatch.status == .unprocessableEntity)
                let listed = try await app.testing().sendRequest(.GET, "/api/v1/feedback/categories?province=38")
                let categories = try listed.content.decode([FeedbackCategory].self)
                #expect(categories.filter { $0.code == "moi-truong" }.map(\.name) == ["Môi trường, rác thải"])
                let after = try await submit(app, "moi-truong", token: citizen)
                #expect(try #require(after.due) < (try #require(before.due)))

                let rule = FeedbackRouting.Rule(category: "giao-thong", scope: "14797", handlerCode: "38", note: "QL1A")
                #expect(try await put(app, "/api/v1/feedback/routing-rules", rule, token: officer).status == .forbidden)
                #expect(try await put(app, "/api/v1/feedback/routing-rules", rule, token: admin).status == .ok)
                let routed = try await submit(app, "giao-thong", token: citizen)
                #expect(routed.handlingUnitID == (try await UnitsFixture.unit(app, "38")).id.rawValue)
                #expect(routed.communeCode == "14797")
                let rules = try await app.testing().sendRequest(.GET, "/api/v1/feedback/routing-rules")
                #expect(try rules.content.decode([FeedbackRouting.Rule].self) == [rule])
                let delete = try await app.testing().sendRequest(
                    .DELETE,
                    "/api/v1/feedback/routing-rules/giao-thong/14797",
                    headers: bearer(admin)
                )
                #expect(delete.status == .noContent)
                let home = try await submit(app, "giao-thong", token: citizen)
                #expect(home.handlingUnitID == (try await UnitsFixture.unit(app, "14797")).id.rawValue)

                let actions = try await AuditRecord.query(on: app.db).filter(
                    \.$action ~~ ["feedback.addCategory", "feedback.saveRoutingRule", "feedback.deleteRoutingRule"]
                ).all().map(\.action)
                #expect(
                    actions.sorted() == [
                        "feedback.addCategory", "feedback.deleteRoutingRule", "feedback.saveRoutingRule",
                    ]
                )
            }
        }

        @Test("A category of another province is refused here; an inactive one takes no new reports")
        func provinceOnly() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "qt.na", role: .provinceAdmin, on: "40", descendants: true)
                try await makeUser(app, "cong.dan", role: .citizen, on: nil)
                let admin = try await apiToken(app, "qt.na")
                let citizen = try await apiToken(app, "cong.dan")
                var body = Body()
                body.code = "lu-lut"
                body.name = "Lũ lụt"
                body.provinceCode = "40"
                #expect(try await put(app, "/api/v1/feedback/categories/lu-lut", body, token: admin).status == .ok)
                let response = try await app.testing().sendRequest(.POST, "/api/v1/feedback", headers: bearer(citizen))
                {
                    req in
                    try req.content.encode(
                        NewFeedbackDTO(
                            category: "lu-lut",
                            description: "Nước ngập sâu 1 mét",
                            lat: 19.8030,
                            lon: 105.7890,
                            urgent: nil
                        ),
                        as: .json
                    )
                }
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("không áp dụng tại Tỉnh Thanh Hóa"))
            }
        }

        @Test("The settings page: edit a rule by form, refuse a handler of another province, CSV out and back in")
        func page() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "qt.tinh", role: .provinceAdmin, on: "38", descendants: true)
                try await makeUser(app, "cong.dan", role: .citizen, on: nil)
                let citizen = Browser(app)
                try await citizen.login("cong.dan")
                #expect(try await citizen.get("/admin/feedback").status == .forbidden)

                let browser = Browser(app)
                try await browser.login("qt.tinh")
                let page = try await browser.get("/admin/feedback")
                #expect(page.status == .ok && page.body.string.contains("Hành vi của cán bộ, công chức"))
                let rule = ["category": "giao-thong", "scope": "14797", "handlerCode": "16681", "note": "QL1A"]
                let refused = try await browser.post("/admin/feedback/rules", rule)
                #expect(
                    refused.status == .unprocessableEntity && refused.body.string.contains("phải là đơn vị cùng tỉnh")
                )
                var good = rule
                good["handlerCode"] = "38"
                #expect(try await browser.post("/admin/feedback/rules", good, csrf: false).status == .forbidden)
                #expect(try await browser.post("/admin/feedback/rules", good).status == .seeOther)
                #expect(try await browser.get("/admin/feedback").body.string.contains("Phường Hạc Thành (14797)"))
                let csv = try await browser.get("/admin/feedback/rules.csv")
                #expect(csv.body.string.contains("giao-thong,14797,38,QL1A"))
                let more = csv.body.string + "moi-truong,38,14758,Rác thải toàn tỉnh do phường Hàm Rồng điều phối\r\n"
                let imported = try await browser.postMultipart(
                    "/admin/feedback/rules.csv",
                    [:],
                    file: ("file", "rules.csv", "text/csv", Data(more.utf8))
                )
                #expect(imported.status == .seeOther)
                let catalog = try await FluentFeedbackCatalog(db: app.db).catalog()
                #expect(catalog.routing.rules.map(\.scope) == ["14797", "38"])
                let category = ["code": "khac", "name": "Khác", "provinceCode": "", "active": "false"]
                let sla = ["decideDays": "2", "supplementDays": "5", "handleDays": "15", "publishDays": "2"]
                let hours = ["urgentAcknowledgeHours": "8", "urgentHandleHours": "4"]
                let form = category.merging(sla) { a, _ in a }.merging(hours) { a, _ in a }
                // Nationwide categories are the system administrator's.
                #expect(try await browser.post("/admin/feedback/categories", form).status == .forbidden)
                var own = form
                own["provinceCode"] = "38"
                #expect(try await browser.post("/admin/feedback/categories", own).status == .seeOther)
                let updated = try await FluentFeedbackCatalog(db: app.db).catalog()
                #expect(updated.category("khac", province: "38")?.active == false)
                #expect(updated.category("khac", province: "40")?.active == true)
            }
        }
    }
}
