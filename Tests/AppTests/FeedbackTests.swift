import Core
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("Citizen feedback")
    struct FeedbackTests {
        static let hacThanh = ["lat": 19.8030, "lon": 105.7890]

        func submit(
            _ app: Application,
            token: String,
            category: String = "giao-thong",
            lat: Double = 19.8030,
            lon: Double = 105.7890,
            description: String = "Ổ gà lớn trước số nhà 12, gọi 0912 345 678"
        ) async throws -> TestingHTTPResponse {
            try await postFeedback(app, token: token, category: category, lat: lat, lon: lon, description: description)
        }

        func act(_ app: Application, _ code: String, _ action: String, token: String, note: String? = nil) async throws
            -> HTTPStatus
        {
            try await app.testing().sendRequest(.POST, "/api/v1/feedback/\(code)/actions", headers: bearer(token)) {
                req in
                try req.content.encode(FeedbackActionDTO(action: action, note: note, unitCode: nil), as: .json)
            }.status
        }

        @Test("A citizen's report is routed to its commune; a second one nearby is offered as a duplicate")
        func submitAndRoute() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "cong.dan", role: .citizen, on: nil)
                let token = try await apiToken(app, "cong.dan")
                let first = try await submit(app, token: token)
                #expect(first.status == .created)
                let created = try first.content.get(FeedbackDTO.self, at: "feedback")
                #expect(created.communeCode == "14797" && created.locationApproximate && created.status == "submitted")
                #expect(created.handlingUnitID == (try await UnitsFixture.unit(app, "14797")).id.rawValue)
                #expect(created.code == "PA-260921-0001")
                #expect(created.sla == "green" && created.due != nil)
                let second = try await submit(app, token: token, lat: 19.8039)  // about 100 m north
                #expect(try second.content.get([PublicFeedback].self, at: "duplicates").map(\.code) == [created.code])
                #expect(try second.content.get(String.self, at: "feedback", "code") == "PA-260921-0002")
                let otherKind = try await submit(app, token: token, category: "moi-truong", lat: 19.8039)
                #expect(try otherKind.content.get([PublicFeedback].self, at: "duplicates").isEmpty)
            }
        }

        @Test(
            "Tracking numbers come from the day's counter; without one (an upgraded database) they go on after the day's reports"
        )
        func dailyNumbers() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "cong.dan", role: .citizen, on: nil)
                let token = try await apiToken(app, "cong.dan")
                for _ in 0..<2 { #expect(try await submit(app, token: token).status == .created) }
                let sql = app.db as! any SQLDatabase
                try await sql.raw("DELETE FROM feedback_sequences").run()
                let third = try await submit(app, token: token)
                #expect(try third.content.get(String.self, at: "feedback", "code") == "PA-260921-0003")
                let fourth = try await submit(app, token: token, category: "moi-truong")
                #expect(try fourth.content.get(String.self, at: "feedback", "code") == "PA-260921-0004")
                let counter = try await sql.raw("SELECT day, last FROM feedback_sequences").all()
                #expect(counter.count == 1)
                #expect(try counter.first?.decode(column: "last", as: Int.self) == 4)
                #expect(try counter.first?.decode(column: "day", as: String.self) == "2026-09-21")
            }
        }

        @Test("Reports filed at once share commits: each numbered once and in a row, with its history and audit line")
        func filedTogether() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "cong.dan", role: .citizen, on: nil)
                let token = try await apiToken(app, "cong.dan")
                // Twenty-four requests; four of them are retries of two others (same idempotency key).
                let keys = (0..<24).map { $0 < 20 ? "k\($0)" : "k\($0 - 20)" }
                let codes = try await withThrowingTaskGroup(of: (String, String).self) { group in
                    for key in keys {
                        group.addTask {
                            var headers = bearer(token)
                            headers.add(name: Idempotency.header, value: key)
                            let response = try await app.testing().sendRequest(
                                .POST,
                                "/api/v1/feedback",
                                headers: headers
                            ) { req in
                                let body = NewFeedbackDTO(
                                    category: "giao-thong",
                                    description: "Ổ gà lớn trước số nhà \(key)",
                                    lat: 19.8030,
                                    lon: 105.7890,
                                    urgent: nil
                                )
                                try req.content.encode(body, as: .json)
                            }
                            #expect([.created, .ok].contains(response.status))
                            return (key, try response.content.get(String.self, at: "feedback", "code"))
                        }
                    }
                    return try await group.reduce(into: [String: Set<String>]()) { $0[$1.0, default: []].insert($1.1) }
                }
                #expect(codes.count == 20 && codes.values.allSatisfy { $0.count == 1 })
                let numbers = codes.values.flatMap { $0 }.map { Int($0.suffix(4))! }.sorted()
                #expect(numbers == Array(1...20))
                let sql = app.db as! any SQLDatabase
                func count(_ query: SQLQueryString) async throws -> Int {
                    try await sql.raw(query).first()!.decode(column: "n", as: Int.self)
                }
                #expect(try await count("SELECT COUNT(*) AS n FROM feedback") == 20)
                #expect(try await count("SELECT COUNT(DISTINCT feedback_id) AS n FROM feedback_events") == 20)
                #expect(try await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'feedback.submit'") == 20)
                #expect(try await count("SELECT COUNT(*) AS n FROM idempotency_keys") == 20)
            }
        }

        @Test("Every column of a report survives the plain-SQL insert and read; the list filters and pages in SQL")
        func rowRoundTrip() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                let reporter = try await makeUser(app, "cong.dan", role: .citizen, on: nil)
                let ward = try await UnitsFixture.unit(app, "14797")
                let province = try await UnitsFixture.unit(app, "38")
                let repository = FluentFeedbackRepository(db: app.db)
                let day = TestEnvironment.now
                var first = Feedback(
                    code: "PA-260921-0001",
                    category: "den-duong",
                    description: "Đèn đường hỏng trước nhà số 12",
                    location: nil,
                    communeCode: nil,
                    locationIsApproximate: false,
                    handlingUnitID: ward.id,
                    reporterID: nil,
                    urgent: false,
                    submittedAt: day
                )
                try await repository.create([first])
                var full = Feedback(
                    code: "PA-260921-0002",
                    category: "moi-truong",
                    description: "Rác thải đổ trộm bên bờ sông Mã",
                    location: GeoPoint(latitude: 19.8031, longitude: 105.7812),
                    communeCode: "14797",
                    locationIsApproximate: true,
                    handlingUnitID: ward.id,
                    reporterID: reporter.user.id,
                    urgent: true,
                    submittedAt: day.addingTimeInterval(60)
                )
                full.status = .closed
                full.clockStartedAt = day.addingTimeInterval(120)
                full.receivedAt = day.addingTimeInterval(180)
                full.answeredAt = day.addingTimeInterval(240)
                full.publishedAt = day.addingTimeInterval(300)
                full.escalatedAt = day.addingTimeInterval(360)
                full.answer = "Đã thu gom"
                full.supplementRequests = 1
                full.reopenCount = 2
                full.likes = 3
                full.dislikes = 4
                full.escalatedToUnitID = province.id
                full.mergedIntoID = first.id
                full.provinceCode = "38"
                full.attributes = ["loai": ["ran", "lon"]]
                full.dossierCode = "38.TTPVHCC-260921-0001"
                try await repository.create([full])
                #expect(try await repository.find(full.id) == full)
                #expect(try await repository.find(code: first.code) == first)
                let page = try await repository.list(FeedbackFilter(units: [province.id]), page: Paging(limit: 10))
                #expect(page.items == [full] && page.total == 1)
                let both = try await repository.list(
                    FeedbackFilter(units: [ward.id]),
                    page: Paging(limit: 1, offset: 1)
                )
                #expect(both.items.map(\.code) == [first.code] && both.total == 2)
                first.status = .received
                try await repository.save(first)
                let received = FeedbackFilter(statuses: [.received], categories: ["den-duong"], submittedTo: day)
                #expect(try await repository.list(received, page: Paging(limit: 10)).items == [first])
                #expect(try await repository.list(FeedbackFilter(communeCodes: []), page: Paging(limit: 10)).total == 0)
            }
        }

        @Test(
            "The commune's officer handles and publishes it; a sibling commune's officer may not; the public sees no reporter"
        )
        func handleAndPublish() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "cong.dan", role: .citizen, on: nil)
                try await makeUser(app, "can.bo", role: .officer, on: "14797")
                try await makeUser(app, "can.bo.khac", role: .officer, on: "14758")
                let citizen = try await apiToken(app, "cong.dan")
                let officer = try await apiToken(app, "can.bo")
                let sibling = try await apiToken(app, "can.bo.khac")
                let code = try (try await submit(app, token: citizen)).content.get(String.self, at: "feedback", "code")
                #expect(try await act(app, code, "receive", token: sibling) == .forbidden)
                #expect(try await act(app, code, "publish", token: officer) == .conflict)
                #expect(try await act(app, code, "receive", token: officer) == .ok)
                #expect(try await act(app, code, "startHandling", token: officer) == .ok)
                #expect(try await act(app, code, "answer", token: officer, note: "Đã vá xong ngày 22/9.") == .ok)
                // Not public before publication.
                #expect(try await app.testing().sendRequest(.GET, "/api/v1/feedback/\(code)").status == .notFound)
                #expect(try await act(app, code, "publish", token: officer) == .ok)
                let inbox = try await app.testing().sendRequest(.GET, "/api/v1/feedback", headers: bearer(officer))
                #expect(try inbox.content.decode(PageDTO<FeedbackDTO>.self).items.map(\.status) == ["published"])
                #expect(
                    try await app.testing().sendRequest(.GET, "/api/v1/feedback", headers: bearer(sibling)).content
                        .decode(PageDTO<FeedbackDTO>.self).items.isEmpty
                )
                let anonymous = try await app.testing().sendRequest(.GET, "/api/v1/feedback/\(code)")
                let body = anonymous.body.string
                #expect(anonymous.status == .ok && body.contains("Đã vá xong"))
                #expect(!body.contains("0912") && !body.contains("reporter") && !body.contains("cong.dan"))
                let list = try await app.testing().sendRequest(.GET, "/api/v1/public/feedback")
                #expect(try list.content.decode(PageDTO<PublicFeedback>.self).items.map(\.code) == [code])
                // The reporter reopens; the audit log has every step.
                #expect(try await act(app, code, "reopen", token: citizen, note: "Vẫn còn ổ gà") == .ok)
                let audit = try await app.services.audit(on: app.db).list(units: nil, page: Paging())
                let steps = audit.items.filter { $0.entityID == code }.map(\.action)
                #expect(
                    Set(steps) == [
                        "feedback.submit", "feedback.receive", "feedback.startHandling", "feedback.answer",
                        "feedback.publish", "feedback.reopen",
                    ]
                )
            }
        }

        @Test(
            "Bad reports are clear 4xx errors",
            arguments: [
                (
                    "{\"category\":\"ma-qua\",\"description\":\"Một mô tả đủ dài\",\"lat\":19.8,\"lon\":105.79}", 422,
                    "validation_failed"
                ),
                (
                    "{\"category\":\"giao-thong\",\"description\":\"ngắn\",\"lat\":19.8,\"lon\":105.79}", 422,
                    "validation_failed"
                ),
                (
                    "{\"category\":\"giao-thong\",\"description\":\"Một mô tả đủ dài\",\"lat\":190,\"lon\":105.79}",
                    400, "invalid_coordinate"
                ),
                (
                    "{\"category\":\"giao-thong\",\"description\":\"Một mô tả đủ dài\",\"lat\":15.0,\"lon\":109.9}",
                    422, "outside_communes"
                ),
                ("{\"category\":\"giao-thong\",\"description\":\"Một mô tả đủ dài\"}", 422, "validation_failed"),
            ]
        )
        func badInput(body: String, status: Int, code: String) async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "cong.dan", role: .citizen, on: nil)
                let token = try await apiToken(app, "cong.dan")
                let response = try await app.testing().sendRequest(
                    .POST,
                    "/api/v1/feedback",
                    headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                    body: ByteBuffer(string: body)
                )
                #expect(Int(response.status.code) == status)
                #expect(try response.content.get(String.self, at: "error", "code") == code)
            }
        }

        @Test("Filing needs a signed-in user")
        func needsSignIn() async throws {
            try await withTestApp { app in
                let response = try await app.testing().sendRequest(.POST, "/api/v1/feedback") { req in
                    try req.content.encode(
                        NewFeedbackDTO(
                            category: "giao-thong",
                            description: "Một mô tả đủ dài",
                            lat: 19.8,
                            lon: 105.79,
                            urgent: nil
                        ),
                        as: .json
                    )
                }
                #expect(response.status == .unauthorized)
            }
        }

        @Test("check-deadlines escalates an overdue report to the province once, and the province's officers see it")
        func escalation() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "cong.dan", role: .citizen, on: nil)
                try await makeUser(app, "can.bo.tinh", role: .officer, on: "38")
                let code = try (try await submit(app, token: try await apiToken(app, "cong.dan"))).content.get(
                    String.self,
                    at: "feedback",
                    "code"
                )
                let repository = FluentFeedbackRepository(db: app.db)
                var feedback = try #require(try await repository.find(code: code))
                feedback.clockStartedAt = TestEnvironment.now.addingTimeInterval(-10 * 86_400)
                try await repository.save(feedback)
                // Found overdue outside the write transaction; a list found before another run escalated it (or
                // before it was closed) escalates nothing twice.
                let calendar = try await app.services.calendar.calendar(on: app.db)
                let stale = try await app.services.feedback(on: app.db).overdue(calendar: calendar)
                #expect(stale.count == 1)
                #expect(try await DeadlineCheck.run(app).overdue == 1)
                #expect(try await DeadlineCheck.run(app).overdue == 0)
                #expect(try await app.services.feedback(on: app.db).escalate(stale).isEmpty)
                let escalated = try #require(try await repository.find(code: code))
                #expect(escalated.escalatedToUnitID == (try await UnitsFixture.unit(app, "38")).id)
                let inbox = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/feedback",
                    headers: bearer(try await apiToken(app, "can.bo.tinh"))
                )
                let items = try inbox.content.decode(PageDTO<FeedbackDTO>.self).items
                #expect(items.map(\.code) == [code] && items[0].escalated && items[0].sla == "red")
            }
        }

        @Test("Citizens rate a published answer once each; more dislikes than likes reads as unsatisfied")
        func rating() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                for name in ["cong.dan", "cong.dan.2", "cong.dan.3"] {
                    try await makeUser(app, name, role: .citizen, on: nil)
                }
                try await makeUser(app, "can.bo", role: .officer, on: "14797")
                let citizen = try await apiToken(app, "cong.dan")
                let officer = try await apiToken(app, "can.bo")
                let code = try (try await submit(app, token: citizen)).content.get(String.self, at: "feedback", "code")
                func rate(_ token: String, _ liked: Bool) async throws -> TestingHTTPResponse {
                    try await app.testing().sendRequest(
                        .POST,
                        "/api/v1/feedback/\(code)/rating",
                        headers: bearer(token)
                    ) { req in
                        try req.content.encode(["liked": liked], as: .json)
                    }
                }
                #expect(try await rate(citizen, true).status == .conflict)  // not published yet
                for action in ["receive", "startHandling"] {
                    #expect(try await act(app, code, action, token: officer) == .ok)
                }
                #expect(try await act(app, code, "answer", token: officer, note: "Đã xử lý.") == .ok)
                #expect(try await act(app, code, "publish", token: officer) == .ok)
                _ = try await rate(citizen, true)
                _ = try await rate(citizen, true)  // a second vote by the same citizen does not count
                _ = try await rate(try await apiToken(app, "cong.dan.2"), false)
                let last = try await rate(try await apiToken(app, "cong.dan.3"), false)
                let view = try last.content.decode(PublicFeedback.self)
                #expect(view.likes == 1 && view.dislikes == 2 && !view.satisfactory)
            }
        }

        @Test("An officer merges a duplicate into the original: closed, linked; not into itself or another kind")
        func merge() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "cong.dan", role: .citizen, on: nil)
                try await makeUser(app, "can.bo", role: .officer, on: "14797")
                let citizen = try await apiToken(app, "cong.dan")
                let officer = try await apiToken(app, "can.bo")
                let original = try (try await submit(app, token: citizen)).content.get(
                    String.self,
                    at: "feedback",
                    "code"
                )
                let duplicate = try (try await submit(app, token: citizen, lat: 19.8035)).content.get(
                    String.self,
                    at: "feedback",
                    "code"
                )
                let otherKind = try (try await submit(app, token: citizen, category: "moi-truong")).content.get(
                    String.self,
                    at: "feedback",
                    "code"
                )
                func merge(_ code: String, into: String) async throws -> HTTPStatus {
                    try await app.testing().sendRequest(
                        .POST,
                        "/api/v1/feedback/\(code)/actions",
                        headers: bearer(officer)
                    ) { req in
                        try req.content.encode(
                            FeedbackActionDTO(action: "merge", note: nil, unitCode: nil, intoCode: into),
                            as: .json
                        )
                    }.status
                }
                #expect(try await merge(duplicate, into: duplicate) == .unprocessableEntity)
                #expect(try await merge(otherKind, into: original) == .unprocessableEntity)
                #expect(try await merge(duplicate, into: original) == .ok)
                let merged = try #require(try await FluentFeedbackRepository(db: app.db).find(code: duplicate))
                let first = try #require(try await FluentFeedbackRepository(db: app.db).find(code: original))
                #expect(merged.status == .closed && merged.mergedIntoID == first.id && first.status == .submitted)
            }
        }
    }
}
