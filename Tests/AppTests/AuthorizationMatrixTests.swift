import Core
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// Issue 11: who may do what, as a table. Every API operation refuses a caller without credentials, and every
/// write refuses a citizen; the scoped operations are called by administrators of the owning unit, its parent, a
/// child, a sibling commune and another province, and each answer is checked against the table.
extension AppTests {
    struct AuthorizationMatrixTests {
        /// How the caller's unit stands to the unit that owns the thing.
        enum Relation: String, CaseIterable {
            case own, parent, child, sibling, otherProvince
        }

        /// The callers: a unit administrator of each of two sibling communes of Thanh Hóa, and the province
        /// administrators of Thanh Hóa and Nghệ An (with their units' descendants).
        static let callers: [(username: String, unit: String)] = [
            ("qt.hacthanh", "14797"), ("qt.hamrong", "14758"), ("qt.thanhhoa", "38"), ("qt.nghean", "40"),
        ]
        static let parents = ["14797": "38", "14758": "38", "14845": "38", "16681": "40", "38": "", "40": ""]

        static func relation(of caller: String, to owner: String) -> Relation {
            if caller == owner { return .own }
            if parents[owner] == caller { return .parent }
            if parents[caller] == owner { return .child }
            if parents[caller] == parents[owner], parents[caller] != "" { return .sibling }
            return .otherProvince
        }

        /// One scoped operation: the request a caller makes on a thing owned by `owner` (fresh each call, so an
        /// allowed write does not spoil the next caller's), and the relations that may do it.
        struct Row {
            let name: String
            let owner: String
            var allowed: Set<Relation> = [.own, .parent]
            let request: (Application, _ token: String) async throws -> TestingHTTPResponse
        }

        static func rows(_ fixtures: Fixtures) -> [Row] {
            let api = DossierApiTests()
            func dossier(_ app: Application) async throws -> String {
                try await api.file(app, token: fixtures.desk, desk: "14797").content.get(String.self, at: "code")
            }
            func report(_ app: Application) async throws -> String {
                try await postFeedback(app, token: fixtures.citizen).content.get(String.self, at: "feedback", "code")
            }
            var rows: [Row] = []
            for owner in ["14797", "38"] {
                rows += [
                    Row(name: "add an agency", owner: owner) { app, token in
                        let slug = "phong-\(UUID().uuidString.prefix(6).lowercased())"
                        return try await api.send(
                            app,
                            .POST,
                            "/api/v1/units/2025/\(owner)/agencies",
                            NewAgencyDTO(name: "Phòng thử \(slug)", shortName: nil, slug: slug),
                            token: token
                        )
                    },
                    Row(name: "register an information system", owner: owner) { app, token in
                        var input = SharingController.SystemInput(
                            unitCode: owner,
                            name: "Hệ thống \(UUID().uuidString.prefix(6))",
                            endpoints: 10,
                            protectedEndpoints: 10,
                            socConnected: true
                        )
                        input.proposedLevel = 2
                        return try await api.send(app, .POST, "/api/v1/security/systems", input, token: token)
                    },
                    Row(name: "issue a data-sharing key", owner: owner) { app, token in
                        try await api.send(
                            app,
                            .POST,
                            "/api/v1/sharing/clients",
                            SharingController.NewClient(
                                name: "Hệ thống đối tác",
                                unitCode: owner,
                                scopes: [ApiScope(resource: "dossiers", access: .read)],
                                ratePerMinute: 60,
                                expiresAt: nil
                            ),
                            token: token
                        )
                    },
                ]
            }
            rows += [
                Row(name: "found a digital-technology team", owner: "14797") { app, token in
                    try await api.send(
                        app,
                        .POST,
                        "/api/v1/teams",
                        TeamController.NewTeam(
                            unitCode: "14797",
                            name: "Tổ thử",
                            village: nil,
                            foundedOn: "2026-01-05"
                        ),
                        token: token
                    )
                },
                Row(name: "file a dossier at the commune's desk", owner: "14797") { app, token in
                    try await api.file(app, token: token, desk: "14797")
                },
                Row(name: "read a dossier", owner: "14797") { app, token in
                    let code = try await dossier(app)
                    return try await app.testing().sendRequest(.GET, "/api/v1/dossiers/\(code)", headers: bearer(token))
                },
                Row(name: "start processing a dossier", owner: "14797") { app, token in
                    let code = try await dossier(app)
                    return try await api.send(
                        app,
                        .POST,
                        "/api/v1/dossiers/\(code)/actions",
                        DossierActionDTO(action: "startProcessing"),
                        token: token
                    )
                },
                Row(name: "receive a citizen's report", owner: "14797") { app, token in
                    let code = try await report(app)
                    return try await api.send(
                        app,
                        .POST,
                        "/api/v1/feedback/\(code)/actions",
                        FeedbackActionDTO(action: "receive", note: nil, unitCode: nil),
                        token: token
                    )
                },
                Row(name: "set the province's compliance rule", owner: "38") { app, token in
                    try await api.send(app, .PUT, "/api/v1/security/rule", ComplianceRule.dienBien, token: token)
                },
            ]
            return rows
        }

        struct Fixtures {
            let desk: String
            let citizen: String
            let tokens: [String: String]
        }

        static func setUp(_ app: Application) async throws -> Fixtures {
            _ = try await DossierApiTests().setUp(app)
            try await makeUser(app, "qt.hacthanh", role: .unitAdmin, on: "14797", descendants: true)
            try await makeUser(app, "qt.hamrong", role: .unitAdmin, on: "14758", descendants: true)
            try await makeUser(app, "qt.thanhhoa", role: .provinceAdmin, on: "38", descendants: true)
            try await makeUser(app, "qt.nghean", role: .provinceAdmin, on: "40", descendants: true)
            try await makeUser(app, "dan", role: .citizen, on: nil)
            var tokens: [String: String] = [:]
            for caller in callers { tokens[caller.unit] = try await apiToken(app, caller.username) }
            return Fixtures(
                desk: try await apiToken(app, "can.bo"),
                citizen: try await apiToken(app, "dan"),
                tokens: tokens
            )
        }

        @Test("Scoped operations × callers from the own unit, the parent, a child, a sibling commune, another province")
        func matrix() async throws {
            try await withTestApp { app in
                let fixtures = try await Self.setUp(app)
                var seen = Set<Relation>()
                for row in Self.rows(fixtures) {
                    for caller in Self.callers {
                        let relation = Self.relation(of: caller.unit, to: row.owner)
                        seen.insert(relation)
                        let response = try await row.request(app, fixtures.tokens[caller.unit]!)
                        let label = "\(row.name) (\(row.owner)) by \(caller.username), \(relation.rawValue)"
                        if row.allowed.contains(relation) {
                            #expect((200..<300).contains(response.status.code), "\(label): \(response.body.string)")
                        } else {
                            #expect(
                                [403, 404].contains(response.status.code),
                                "\(label) should be refused: \(response.status.code) \(response.body.string)"
                            )
                        }
                    }
                }
                #expect(seen == Set(Relation.allCases))
                // The audit log shows each caller the entries of the units it covers, and no other's.
                var ids: [String: UUID] = [:]
                for code in ["14797", "14758", "38"] { ids[code] = try await UnitsFixture.unit(app, code).id.rawValue }
                let hidden: [String: [String]] = [
                    "14797": ["14758", "38"], "14758": ["14797", "38"], "40": ["14797", "14758", "38"],
                ]
                for caller in Self.callers {
                    let log = try await app.testing().sendRequest(
                        .GET,
                        "/api/v1/audit?limit=1000",
                        headers: bearer(fixtures.tokens[caller.unit]!)
                    )
                    let units = Set(try log.content.get([AuditEntryDTO].self, at: "items").compactMap(\.unitID))
                    #expect(
                        units.isDisjoint(with: (hidden[caller.unit] ?? []).compactMap { ids[$0] }),
                        "\(caller.username)"
                    )
                    if caller.unit == "38" { #expect(units.contains(ids["14797"]!) && units.contains(ids["38"]!)) }
                }
            }
        }

        @Test(
            "Every described operation: without credentials 401 (API) or 401/403 (gateway key); a citizen writes only his own"
        )
        func everyOperation() async throws {
            try await withTestApp { app in
                let fixtures = try await Self.setUp(app)
                let code = try await postFeedback(app, token: fixtures.citizen).content.get(
                    String.self,
                    at: "feedback",
                    "code"
                )
                // What a citizen may write: sign in and out, report, add a photo to and rate his own report.
                let citizenWrites: Set<String> = [
                    "POST /api/v1/auth/tokens", "DELETE /api/v1/auth/tokens/{id}", "POST /api/v1/feedback",
                    "POST /api/v1/feedback/{code}/photos", "POST /api/v1/feedback/{code}/rating",
                ]
                var checked = 0
                for operation in ApiCatalogue.operations where operation.access == .token || operation.access == .apiKey
                {
                    let path = operation.path.replacingOccurrences(of: "{code}", with: code)
                        .replacingOccurrences(of: "{id}", with: UUID().uuidString)
                        .replacing(/\{[a-zA-Z_]+\}/, with: "x")
                    let anonymous = try await app.testing().sendRequest(operation.method, path) { req in
                        try req.content.encode(["x": 1])
                    }
                    let expected: Set<UInt> = operation.access == .apiKey ? [401, 403] : [401]
                    #expect(
                        expected.contains(anonymous.status.code),
                        "\(operation.method) \(path) anonymous: \(anonymous.status)"
                    )
                    checked += 1
                    guard operation.method != .GET, !citizenWrites.contains("\(operation.method) \(operation.path)")
                    else {
                        continue
                    }
                    let citizen = try await app.testing().sendRequest(
                        operation.method,
                        path,
                        headers: bearer(fixtures.citizen)
                    ) {
                        req in try req.content.encode(["x": 1])
                    }
                    #expect(
                        !(200..<300).contains(citizen.status.code),
                        "\(operation.method) \(path) as a citizen: \(citizen.status)"
                    )
                }
                #expect(checked > 100)
            }
        }
    }
}
