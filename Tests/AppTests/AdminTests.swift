import Core
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("User administration and the audit log")
    struct AdminTests {
        @Test("A province admin creates a user and grants a role over the API; the grant is audited")
        func createAndGrant() async throws {
            try await withTestApp { app in
                // Given
                try await UnitsFixture.load(app)
                let admin = try await makeUser(app, "admin.thanhhoa", role: .provinceAdmin, on: "38")
                let token = try await apiToken(app, "admin.thanhhoa")
                // When
                let created = try await app.testing().sendRequest(.POST, "/api/v1/users", headers: bearer(token)) {
                    req in
                    try req.content.encode(
                        ["username": "le.van.c", "displayName": "Lê Văn C", "password": "mat-khau-dai-du"],
                        as: .json
                    )
                }
                #expect(created.status == .created)
                let user = try created.content.decode(UserDTO.self)
                let granted = try await app.testing().sendRequest(
                    .POST,
                    "/api/v1/users/\(user.id)/grants",
                    headers: bearer(token)
                ) { req in
                    try req.content.encode(
                        NewGrantDTO(role: "officer", unitCode: "14797", tree: nil, includesDescendants: false),
                        as: .json
                    )
                }
                // Then
                #expect(granted.status == .created)
                let grantID = try granted.content.decode(GrantDTO.self).id
                let audit = try await app.testing().sendRequest(.GET, "/api/v1/audit", headers: bearer(token))
                let entries = try audit.content.decode(PageDTO<AuditEntryDTO>.self).items
                let grantEntry = try #require(
                    entries.first { $0.action == "grant.create" && $0.entityID == grantID.uuidString.lowercased() }
                )
                #expect(grantEntry.actorID == admin.user.id.rawValue)
                #expect(grantEntry.after?["role"] == "officer")
                #expect(grantEntry.unitID == (try await UnitsFixture.unit(app, "14797")).id.rawValue)
                let shown = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/users/\(user.id)",
                    headers: bearer(token)
                )
                #expect(try shown.content.decode(UserDTO.self).grants?.map(\.role) == ["officer"])
            }
        }

        @Test("Grants outside one's scope or above one's role are 403; bad grant input is 422 or 404")
        func forbiddenGrants() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "admin.hamrong", role: .unitAdmin, on: "14758", descendants: true)
                let target = try await makeUser(app, "target", role: .officer, on: "14758")
                let token = try await apiToken(app, "admin.hamrong")
                func grant(_ body: NewGrantDTO) async throws -> HTTPStatus {
                    try await app.testing().sendRequest(
                        .POST,
                        "/api/v1/users/\(target.user.id)/grants",
                        headers: bearer(token)
                    ) { req in
                        try req.content.encode(body, as: .json)
                    }.status
                }
                let cases: [(role: String, unit: String?, descendants: Bool?, expected: HTTPStatus)] = [
                    ("officer", "14797", false, .forbidden),  // a sibling commune
                    ("provinceAdmin", "38", true, .forbidden),  // above the grantor's role
                    ("systemAdmin", nil, nil, .forbidden),
                    ("mayor", "14758", nil, .unprocessableEntity),  // no such role
                    ("officer", "00000", nil, .notFound),  // no such unit
                    ("iocViewer", "14758", true, .created),
                ]
                for item in cases {
                    let body = NewGrantDTO(
                        role: item.role,
                        unitCode: item.unit,
                        tree: nil,
                        includesDescendants: item.descendants
                    )
                    #expect(try await grant(body) == item.expected, "\(item.role) on \(item.unit ?? "-")")
                }
                // An officer cannot list users, and an admin of another province cannot see this one.
                let officerToken = try await apiToken(app, "target")
                #expect(
                    try await app.testing().sendRequest(.GET, "/api/v1/users", headers: bearer(officerToken)).status
                        == .forbidden
                )
                try await makeUser(app, "admin.nghean", role: .provinceAdmin, on: "40")
                let other = try await apiToken(app, "admin.nghean")
                #expect(
                    try await app.testing().sendRequest(.GET, "/api/v1/users/\(target.user.id)", headers: bearer(other))
                        .status == .notFound
                )
                #expect(
                    try await app.testing().sendRequest(.GET, "/api/v1/audit", headers: bearer(officerToken)).status
                        == .forbidden
                )
            }
        }

        @Test("Through the pages: grant with the form, see it on the user page and in the audit log, revoke it")
        func pagesFlow() async throws {
            try await withTestApp { app in
                let (browser, target) = try await Self.provinceAdminWithOfficer(app)
                let list = try await browser.get("/admin/users")
                #expect(list.status == .ok && list.body.string.contains("le.thi.d"))
                try await browser.get("/admin/users/\(target.user.id)")
                let granted = try await browser.post(
                    "/admin/users/\(target.user.id)/grants",
                    ["role": "unitAdmin", "unitCode": "14797", "includesDescendants": "on"]
                )
                #expect(granted.status == .seeOther)
                let page = try await browser.get("/admin/users/\(target.user.id)")
                #expect(page.body.string.contains("Quản trị đơn vị"))
                #expect(page.body.string.contains("Phường Hạc Thành"))
                let audit = try await browser.get("/admin/audit")
                #expect(audit.body.string.contains("grant.create"))
                #expect(audit.body.string.contains("role=unitAdmin"))
                let grants = try await app.services.users(on: app.db).grants(of: target.user.id)
                let added = try #require(grants.first { $0.role == .unitAdmin })
                try await browser.get("/admin/users/\(target.user.id)")
                #expect(
                    try await browser.post("/admin/users/\(target.user.id)/grants/\(added.id)/revoke", [:]).status
                        == .seeOther
                )
                #expect(try await app.services.users(on: app.db).grants(of: target.user.id).map(\.role) == [.officer])
                #expect(try await browser.get("/admin/audit").body.string.contains("grant.revoke"))
            }
        }

        @Test("A page form with an invalid grant shows the reason in Vietnamese, not an error page")
        func formErrors() async throws {
            try await withTestApp { app in
                let (browser, target) = try await Self.provinceAdminWithOfficer(app)
                try await browser.get("/admin/users/\(target.user.id)")
                let response = try await browser.post(
                    "/admin/users/\(target.user.id)/grants",
                    ["role": "officer", "unitCode": "99999"]
                )
                #expect(response.status == .notFound)
                #expect(response.body.string.contains("Không tìm thấy đơn vị mã 99999"))
                #expect(response.body.string.contains("Phân quyền"))
            }
        }

        /// Thanh Hóa's province admin, signed in through the pages, and an officer of Xã Mường Lát.
        static func provinceAdminWithOfficer(_ app: Application) async throws -> (Browser, Principal) {
            try await UnitsFixture.load(app)
            try await makeUser(app, "admin.thanhhoa", role: .provinceAdmin, on: "38")
            let target = try await makeUser(app, "le.thi.d", role: .officer, on: "14845")
            let browser = Browser(app)
            try await browser.login("admin.thanhhoa")
            return (browser, target)
        }
    }
}
