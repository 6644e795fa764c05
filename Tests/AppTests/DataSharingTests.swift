import Core
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("Data sharing: API keys, gateway, call log, compliance gating, webhooks")
    struct DataSharingTests {
        let dossiers = DossierApiTests()

        struct Tokens {
            let admin: String
            let health: String
            let officer: String
            let stranger: String
            let desk: String
            let handler: String
        }

        /// Dossier fixtures, the two agencies, their admins, and the published catalogue.
        func setUp(_ app: Application) async throws -> Tokens {
            let (admin, desk, handler) = try await dossiers.setUp(app)
            let root = try await makeUser(app, "root", role: .systemAdmin, on: nil)
            let province = try await UnitsFixture.unit(app, "38")
            for (slug, name) in [("SYT", "Sở Y tế"), ("SXD", "Sở Xây dựng")] {
                _ = try await app.services.unitService(on: app.db).createAgency(
                    NewAgency(parentID: province.id, name: name, shortName: name, slug: slug),
                    by: root
                )
            }
            try await makeUser(app, "qt.syt", role: .unitAdmin, on: "38.SYT")
            try await makeUser(app, "cv.syt", role: .officer, on: "38.SYT")
            try await makeUser(app, "nghe.an", role: .provinceAdmin, on: "40", descendants: true)
            _ = try await OpenDataPublisher.publish(on: app.db, services: app.services, provinceCode: "38")
            return Tokens(
                admin: admin,
                health: try await apiToken(app, "qt.syt"),
                officer: try await apiToken(app, "cv.syt"),
                stranger: try await apiToken(app, "nghe.an"),
                desk: desk,
                handler: handler
            )
        }

        func newClient(
            _ app: Application,
            token: String,
            unit: String = "38.SYT",
            scopes: [ApiScope],
            rate: Int? = nil
        ) async throws -> TestingHTTPResponse {
            try await dossiers.send(
                app,
                .POST,
                "/api/v1/sharing/clients",
                SharingController.NewClient(
                    name: "Hệ thống bệnh viện",
                    unitCode: unit,
                    scopes: scopes,
                    ratePerMinute: rate,
                    expiresAt: nil
                ),
                token: token
            )
        }

        func get(_ app: Application, _ path: String, key: String?) async throws -> TestingHTTPResponse {
            try await app.testing().sendRequest(.GET, path, headers: key.map { ["X-API-Key": $0] } ?? [:])
        }

        @Test(
            "Keys: shown once, stored hashed; scopes, revocation, expiry, bad keys; only the unit's admins issue them"
        )
        func keys() async throws {
            try await withTestApp { app in
                let tokens = try await setUp(app)
                let scope = [ApiScope(resource: "datasets/thu-tuc-hanh-chinh", access: .read)]
                #expect(try await newClient(app, token: tokens.officer, scopes: scope).status == .forbidden)
                #expect(try await newClient(app, token: tokens.stranger, scopes: scope).status == .forbidden)
                #expect(try await newClient(app, token: tokens.health, scopes: []).status == .unprocessableEntity)
                let created = try await newClient(app, token: tokens.health, scopes: scope)
                #expect(created.status == .created)
                let client = try created.content.decode(SharingController.CreatedClient.self)
                #expect(client.key.hasPrefix("tsk_") && client.key.count > 40)
                let stored = try #require(
                    try await SharingStore(db: app.db).client(ApiClient.ID(rawValue: client.client.id))
                )
                #expect(stored.keyHash == ApiKeys.hash(client.key) && !stored.keyHash.contains(client.key))
                let listed = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/sharing/clients",
                    headers: bearer(tokens.health)
                )
                #expect(
                    !listed.body.string.contains(client.key) && listed.body.string.contains(client.client.keyPrefix)
                )

                #expect(
                    try await get(app, "/lgsp/v1/datasets/thu-tuc-hanh-chinh?limit=1", key: client.key).status == .ok
                )
                let outside = try await get(app, "/lgsp/v1/datasets/don-vi-hanh-chinh", key: client.key)
                #expect(outside.status == .forbidden && outside.body.string.contains("api_key_out_of_scope"))
                #expect(try await get(app, "/lgsp/v1/dossiers/x", key: client.key).status == .forbidden)
                #expect(try await get(app, "/lgsp/v1/datasets/thu-tuc-hanh-chinh", key: nil).status == .unauthorized)
                #expect(
                    try await get(app, "/lgsp/v1/datasets/thu-tuc-hanh-chinh", key: "tsk_wrong").status == .unauthorized
                )
                let bearerKey = try await app.testing().sendRequest(
                    .GET,
                    "/lgsp/v1/datasets/thu-tuc-hanh-chinh",
                    headers: ["Authorization": "Bearer \(client.key)"]
                )
                #expect(bearerKey.status == .ok)

                let revoke = "/api/v1/sharing/clients/\(client.client.id)/revoke"
                #expect(
                    try await app.testing().sendRequest(.POST, revoke, headers: bearer(tokens.officer)).status
                        == .forbidden
                )
                #expect(
                    try await app.testing().sendRequest(.POST, revoke, headers: bearer(tokens.health)).status == .ok
                )
                let revoked = try await get(app, "/lgsp/v1/datasets/thu-tuc-hanh-chinh", key: client.key)
                #expect(revoked.status == .forbidden && revoked.body.string.contains("api_key_revoked"))

                // A key past its expiry (the clock is fixed, so the client is stored already expired).
                let key = "tsk_expired-key-for-the-test"
                try await SharingStore(db: app.db).save(
                    ApiClient(
                        name: "Cũ",
                        unitCode: "38.SYT",
                        keyPrefix: "tsk_ex",
                        keyHash: ApiKeys.hash(key),
                        scopes: [ApiScope(resource: "*", access: .read)],
                        ratePerMinute: 60,
                        expiresAt: TestEnvironment.now.addingTimeInterval(-1)
                    )
                )
                let expired = try await get(app, "/lgsp/v1/catalogue", key: key)
                #expect(expired.status == .forbidden && expired.body.string.contains("api_key_expired"))
                let audit = try await app.services.audit(on: app.db).list(units: nil, page: Paging())
                #expect(
                    Set(audit.items.map(\.action)).isSuperset(of: ["sharing.createClient", "sharing.revokeClient"])
                )
            }
        }

        @Test("Rate limit: the bucket empties, a 429 says when to retry; every call is logged for the owners only")
        func rateLimitAndLog() async throws {
            try await withTestApp { app in
                let tokens = try await setUp(app)
                let created = try await newClient(
                    app,
                    token: tokens.health,
                    scopes: [ApiScope(resource: "datasets/*", access: .read)],
                    rate: 2
                )
                let key = try created.content.decode(SharingController.CreatedClient.self).key
                #expect(try await get(app, "/lgsp/v1/datasets/thu-tuc-hanh-chinh", key: key).status == .ok)
                #expect(try await get(app, "/lgsp/v1/datasets/don-vi-hanh-chinh?limit=2", key: key).status == .ok)
                let limited = try await get(app, "/lgsp/v1/datasets/thu-tuc-hanh-chinh", key: key)
                #expect(limited.status == .tooManyRequests && limited.headers.first(name: .retryAfter) == "30")

                let calls = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/sharing/calls",
                    headers: bearer(tokens.health)
                )
                .content.decode([SharingController.CallDTO].self)
                #expect(calls.map(\.status).sorted() == [200, 200, 429])
                #expect(calls.allSatisfy { $0.client == "Hệ thống bệnh viện" && $0.latencyMilliseconds >= 0 })
                #expect(calls.first { $0.status == 200 }.map { $0.bytes > 0 } == true)
                #expect(calls.first { $0.status == 429 }?.decision.hasPrefix("refused: Rate limit") == true)
                #expect(calls.contains { $0.endpoint == "/lgsp/v1/datasets/don-vi-hanh-chinh" })
                let other = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/sharing/calls",
                    headers: bearer(tokens.stranger)
                )
                #expect(try other.content.decode([SharingController.CallDTO].self).isEmpty)
                let csv = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/sharing/calls?format=csv",
                    headers: bearer(tokens.admin)
                )
                #expect(csv.body.string.split(whereSeparator: \.isNewline).count == 4)
            }
        }

        func system(_ unit: String = "38.SYT", id: UUID? = nil, approved: Bool, protected: Int = 10)
            -> SharingController.SystemInput
        {
            SharingController.SystemInput(
                id: id,
                unitCode: unit,
                name: "Phần mềm quản lý bệnh viện",
                owner: nil,
                proposedLevel: 3,
                approvedLevel: approved ? 3 : nil,
                decisionNumber: approved ? "15/QĐ-SYT" : nil,
                decisionDate: approved ? CivilDate(iso: "2026-03-01") : nil,
                endpoints: 10,
                protectedEndpoints: protected,
                socConnected: true,
                layers: [1, 2, 3, 4],
                lastDrill: nil
            )
        }

        @Test("Gating: an unapproved level switches the unit's keys off with the reason, approval switches them on")
        func gating() async throws {
            try await withTestApp { app in
                let tokens = try await setUp(app)
                let key = try await newClient(
                    app,
                    token: tokens.health,
                    scopes: [ApiScope(resource: "*", access: .read)]
                )
                .content.decode(SharingController.CreatedClient.self).key
                #expect(try await get(app, "/lgsp/v1/catalogue", key: key).status == .ok)
                let path = "/api/v1/security/systems"
                #expect(
                    try await dossiers.send(app, .POST, path, system(approved: false), token: tokens.officer).status
                        == .forbidden
                )
                let saved = try await dossiers.send(app, .POST, path, system(approved: false), token: tokens.health)
                #expect(saved.status == .created)
                let id = try saved.content.decode(InformationSystem.self).id.rawValue
                let off = try await get(app, "/lgsp/v1/catalogue", key: key)
                #expect(off.status == .forbidden && off.body.string.contains("unit_not_compliant"))
                #expect(off.body.string.contains("chưa được phê duyệt cấp độ"))
                let ckan = try await app.testing().sendRequest(
                    .GET,
                    "/api/3/action/package_list",
                    headers: ["Authorization": key]
                )
                #expect(ckan.status == .forbidden && ckan.body.string.contains("Authorization Error"))
                // Approved, but one endpoint unprotected: still off; all protected: on again.
                #expect(
                    try await dossiers.send(
                        app,
                        .POST,
                        path,
                        system(id: id, approved: true, protected: 9),
                        token: tokens.health
                    ).status == .ok
                )
                #expect(
                    try await get(app, "/lgsp/v1/catalogue", key: key).body.string.contains("Only 9 of 10 endpoints")
                )
                #expect(
                    try await dossiers.send(app, .POST, path, system(id: id, approved: true), token: tokens.health)
                        .status == .ok
                )
                #expect(try await get(app, "/lgsp/v1/catalogue", key: key).status == .ok)
                let actions = try await app.services.audit(on: app.db).list(units: nil, page: Paging()).items.map(
                    \.action
                )
                #expect(actions.contains("security.disconnected") && actions.contains("security.reconnected"))
                let refused = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/sharing/calls",
                    headers: bearer(tokens.health)
                )
                .content.decode([SharingController.CallDTO].self).filter { $0.decision.hasPrefix("refused") }
                // Refused: the first call, the CKAN call, and the call with one endpoint unprotected.
                #expect(refused.count == 3)

                // The province may relax its rule: reporting only.
                var rule = ComplianceRule.dienBien
                rule.enforce = false
                #expect(
                    try await dossiers.send(app, .PUT, "/api/v1/security/rule", rule, token: tokens.health).status
                        == .forbidden
                )
                #expect(
                    try await dossiers.send(app, .PUT, "/api/v1/security/rule", rule, token: tokens.admin).status == .ok
                )
                #expect(
                    try await dossiers.send(app, .POST, path, system(id: id, approved: false), token: tokens.health)
                        .status == .ok
                )
                #expect(try await get(app, "/lgsp/v1/catalogue", key: key).status == .ok)
                let report = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/security/compliance?unit=38",
                    headers: bearer(tokens.admin)
                )
                .content.decode([SharingController.ComplianceDTO].self)
                let health = try #require(report.first { $0.unitCode == "38.SYT" })
                #expect(
                    !health.compliant && !health.enforced && health.reasons.count == 1
                        && health.endpointProtectionPercent == 100
                )

                var bad = system(approved: true)
                bad.approvedLevel = 6
                #expect(
                    try await dossiers.send(app, .POST, path, bad, token: tokens.health).status == .unprocessableEntity
                )
                bad = system(approved: true, protected: 11)
                let tooMany = try await dossiers.send(app, .POST, path, bad, token: tokens.health)
                #expect(tooMany.status == .unprocessableEntity && tooMany.body.string.contains("protectedEndpoints"))
            }
        }

        actor Receiver: WebhookTransport {
            var statuses: [Int]
            var received: [(url: String, headers: HTTPHeaders, body: Data)] = []

            init(statuses: [Int]) { self.statuses = statuses }

            func post(_ url: String, headers: HTTPHeaders, body: Data) async throws -> Int {
                received.append((url, headers, body))
                return statuses.count > 1 ? statuses.removeFirst() : statuses.first ?? 200
            }
        }

        @Test(
            "Webhooks: dossier changes are signed with HMAC-SHA256, retried with back-off, held for a non-compliant unit"
        )
        func webhooks() async throws {
            try await withTestApp { app in
                let tokens = try await setUp(app)
                let key = try await newClient(
                    app,
                    token: tokens.health,
                    scopes: [
                        ApiScope(resource: "events/*", access: .write), ApiScope(resource: "dossiers", access: .read),
                    ]
                ).content.decode(SharingController.CreatedClient.self).key
                func subscribe(_ body: LGSPController.NewSubscription) async throws -> TestingHTTPResponse {
                    try await app.testing().sendRequest(.POST, "/lgsp/v1/subscriptions", headers: ["X-API-Key": key]) {
                        try $0.content.encode(body, as: .json)
                    }
                }
                #expect(
                    try await subscribe(.init(event: "dossier.deleted", url: "https://x.test/h")).status
                        == .unprocessableEntity
                )
                #expect(
                    try await subscribe(.init(event: "dossier.status_changed", url: "ftp://x.test")).status
                        == .unprocessableEntity
                )
                let made = try await subscribe(
                    .init(event: "dossier.status_changed", url: "https://benhvien.test/hook")
                )
                #expect(made.status == .created)
                let subscription = try made.content.decode(LGSPController.CreatedSubscription.self)

                let dossier = try await dossiers.file(app, token: tokens.desk).content.decode(DossierDTO.self)
                let receiver = Receiver(statuses: [500, 200])
                let now = TestEnvironment.now
                let first = try await Webhooks.run(on: app.db, services: app.services, transport: receiver, now: now)
                #expect(first.queued == 1 && first.failed == 1)
                // Not due again until 30 s later; then delivered.
                let early = try await Webhooks.run(
                    on: app.db,
                    services: app.services,
                    transport: receiver,
                    now: now + 29
                )
                #expect(early == .init())
                let second = try await Webhooks.run(
                    on: app.db,
                    services: app.services,
                    transport: receiver,
                    now: now + 30
                )
                #expect(second.delivered == 1)
                let received = await receiver.received
                #expect(received.count == 2 && received.allSatisfy { $0.url == "https://benhvien.test/hook" })
                let last = try #require(received.last)
                let signature = try #require(last.headers.first(name: WebhookSignature.header))
                #expect(
                    WebhookSignature.verify(
                        header: signature,
                        body: last.body,
                        secret: subscription.secret,
                        now: now + 30
                    )
                )
                #expect(
                    !WebhookSignature.verify(
                        header: signature,
                        body: last.body + Data(" ".utf8),
                        secret: subscription.secret,
                        now: now + 30
                    )
                )
                #expect(
                    !WebhookSignature.verify(header: signature, body: last.body, secret: "whsec_other", now: now + 30)
                )
                #expect(
                    !WebhookSignature.verify(
                        header: signature,
                        body: last.body,
                        secret: subscription.secret,
                        now: now + 1000
                    )
                )
                let event = try JSONDecoder().decode(SharingEvents.Event.self, from: last.body, iso: true)
                #expect(
                    event.type == "dossier.status_changed" && event.data["code"] == dossier.code
                        && event.data["toStatus"] == "2"
                )
                #expect(!String(decoding: last.body, as: UTF8.self).contains(DossierApiTests.applicant.name))
                let log = try await app.testing().sendRequest(
                    .GET,
                    "/lgsp/v1/subscriptions/\(subscription.subscription.id)/deliveries",
                    headers: ["X-API-Key": key]
                ).content.decode([Webhooks.Delivery].self)
                #expect(
                    log.count == 1 && log[0].state == "delivered" && log[0].attempts == 2 && log[0].lastStatus == 200
                )

                // A receiver that keeps failing: tries after 30 s, 1 min, 2 min … and gives up after ten.
                let failing = Receiver(statuses: [503])
                let act = DossierActionDTO(action: "startProcessing")
                #expect(
                    try await dossiers.send(
                        app,
                        .POST,
                        "/api/v1/dossiers/\(dossier.code)/actions",
                        act,
                        token: tokens.handler
                    ).status == .ok
                )
                var at = now + 60
                var waits: [Double] = []
                for _ in 0..<12 {
                    _ = try await Webhooks.run(on: app.db, services: app.services, transport: failing, now: at)
                    let next = try await Webhooks.deliveries(on: app.db, subscription: subscription.subscription.id)
                        .first { $0.eventID != log[0].eventID }
                    guard let due = next?.nextAttempt else { break }
                    waits.append(due.timeIntervalSince(at))
                    at = due
                }
                #expect(waits == [30, 60, 120, 240, 480, 960, 1920, 3840, 7680])
                let gaveUp = try await Webhooks.deliveries(on: app.db, subscription: subscription.subscription.id)
                #expect(
                    gaveUp.first { $0.eventID != log[0].eventID }.map { $0.state == "failed" && $0.attempts == 10 }
                        == true
                )

                // The unit falls out of compliance: new deliveries wait, and the refusal is logged.
                #expect(
                    try await dossiers.send(
                        app,
                        .POST,
                        "/api/v1/security/systems",
                        system(approved: false),
                        token: tokens.health
                    ).status == .created
                )
                _ = try await dossiers.file(app, token: tokens.desk)
                let held = try await Webhooks.run(on: app.db, services: app.services, transport: receiver, now: at + 10)
                #expect(held.held == 1 && held.delivered == 0)
            }
        }

        @Test("The event feed pages by id and keeps to the key's event types")
        func feed() async throws {
            try await withTestApp { app in
                let tokens = try await setUp(app)
                let key = try await newClient(
                    app,
                    token: tokens.health,
                    scopes: [ApiScope(resource: "events/dossier.status_changed", access: .read)]
                )
                .content.decode(SharingController.CreatedClient.self).key
                _ = try await dossiers.file(app, token: tokens.desk)
                _ = try await dossiers.file(app, token: tokens.desk)
                let page = try await get(app, "/lgsp/v1/events?after=0&limit=1", key: key).content.decode(
                    LGSPController.Feed.self
                )
                #expect(page.events.count == 1 && page.last == page.events[0].id)
                let rest = try await get(app, "/lgsp/v1/events?after=\(page.last)", key: key).content.decode(
                    LGSPController.Feed.self
                )
                #expect(rest.events.count == 1 && rest.events[0].id > page.last)
                #expect(try await get(app, "/lgsp/v1/events?type=feedback.published", key: key).status == .forbidden)
                #expect(try await get(app, "/lgsp/v1/events?type=nope", key: key).status == .unprocessableEntity)
            }
        }

        @Test("HMAC-SHA256 signature matches Python's hmac for a known message")
        func signature() {
            let body = Data(#"{"a":1}"#.utf8)
            #expect(
                WebhookSignature.sign(body: body, secret: "whsec_test", timestamp: 1_790_000_000)
                    == "t=1790000000,v1=f08690bbaaecbd1607eb9af71f092a9f7054e2b83f8b9d6a0690744d24fc6059"
            )
        }
    }
}

extension JSONDecoder {
    fileprivate func decode<T: Decodable>(_ type: T.Type, from data: Data, iso: Bool) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: data)
    }
}
