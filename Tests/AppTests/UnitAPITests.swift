import Core
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("Units API")
    struct UnitAPITests {
        @Test("The plain-row unit look-ups give the same units as the Fluent models, every field")
        func plainRows() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                let units = FluentUnitRepository(db: app.db)
                let models = try await AdminUnitRecord.query(on: app.db).all().map { try $0.toDomain() }
                #expect(models.count == 10 && models.contains { !$0.aliases.isEmpty || !$0.mergedInto.isEmpty })
                for model in models {
                    #expect(try await units.find(model.id) == model)
                    #expect(try await units.find(UnitKey(tree: model.tree, code: model.code)) == model)
                }
                let some = Array(models.prefix(3))
                #expect(Set(try await units.find(ids: some.map(\.id))) == Set(some))
                #expect(try await units.find(UnitKey(tree: .current, code: "99999")) == nil)
            }
        }

        @Test("Search ignores diacritics and đ/d; results are paged with the total")
        func search() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                let plain = try await app.testing().sendRequest(.GET, "/api/v1/units?q=thanh%20hoa&tier=province")
                #expect(plain.status == .ok)
                let page = try plain.content.decode(PageDTO<UnitDTO>.self)
                #expect(page.items.map(\.code) == ["38"])
                let legacy = try await app.testing().sendRequest(.GET, "/api/v1/units?q=dien%20bien&tree=legacy")
                #expect(try legacy.content.decode(PageDTO<UnitDTO>.self).items.map(\.name) == ["Phường Điện Biên"])
                let paged = try await app.testing().sendRequest(.GET, "/api/v1/units?limit=2&offset=1")
                let window = try paged.content.decode(PageDTO<UnitDTO>.self)
                #expect(window.total == 6 && window.items.count == 2 && window.offset == 1)
                let huge = try await app.testing().sendRequest(.GET, "/api/v1/units?limit=100000")
                #expect(try huge.content.decode(PageDTO<UnitDTO>.self).limit == Paging.maxLimit)
            }
        }

        @Test("The tree valid on ?date= is used: before 1 July 2025 the legacy tree answers")
        func treeByDate() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                let before = try await app.testing().sendRequest(.GET, "/api/v1/units?date=2025-06-30&tier=province")
                #expect(try before.content.decode(PageDTO<UnitDTO>.self).items.map(\.tree) == ["legacy"])
                let after = try await app.testing().sendRequest(.GET, "/api/v1/units?date=2025-07-01&tier=province")
                #expect(try after.content.decode(PageDTO<UnitDTO>.self).items.map(\.code) == ["38", "40"])
            }
        }

        @Test(
            "Bad input is a 4xx with the error envelope in English and Vietnamese, never a 500",
            arguments: [
                ("/api/v1/units?tier=hamlet", 400, "invalid_parameter"),
                ("/api/v1/units?limit=mười", 400, "invalid_parameter"),
                ("/api/v1/units?date=2025-02-30", 400, "invalid_parameter"),
                ("/api/v1/units?tree=1990", 400, "invalid_parameter"),
                ("/api/v1/units/2025/99999", 404, "unit_not_found"),
                ("/api/v1/units/1975/38", 404, "not_found"),
                ("/api/v1/no-such-thing", 404, "not_found"),
                ("/api/v1/me", 401, "unauthenticated"),
            ]
        )
        func errors(path: String, status: Int, code: String) async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                let response = try await app.testing().sendRequest(.GET, path)
                #expect(Int(response.status.code) == status)
                let body = try response.content.decode(AppErrorMiddleware.Body.self)
                #expect(body.error.code == code)
                #expect(!body.error.message.isEmpty && !body.error.messageVI.isEmpty)
            }
        }

        @Test("A unit's children download as Excel-friendly CSV")
        func csvExport() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                let response = try await app.testing().sendRequest(.GET, "/units/2025/38/children.csv")
                #expect(response.status == .ok)
                #expect(response.headers.contentType?.subType == "csv")
                let rows = CSV.parse(response.body.string)
                #expect(response.body.string.hasPrefix("\u{FEFF}Mã,Tên"))
                #expect(rows.count == 4)
                #expect(Set(rows.dropFirst().map { $0[0] }) == ["14758", "14797", "14845"])
            }
        }

        @Test("Creating an agency over the API: allowed for the province admin, 403 for an officer or another province")
        func agencyAuthorisation() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "admin.thanhhoa", role: .provinceAdmin, on: "38")
                try await makeUser(app, "admin.nghean", role: .provinceAdmin, on: "40")
                try await makeUser(app, "officer", role: .officer, on: "38", descendants: true)
                let body = ["name": "Sở Y tế", "shortName": "SYT", "slug": "syt"]
                for (user, status) in [
                    ("officer", HTTPStatus.forbidden), ("admin.nghean", .forbidden), ("admin.thanhhoa", .created),
                ] {
                    let token = try await apiToken(app, user)
                    let response = try await app.testing().sendRequest(
                        .POST,
                        "/api/v1/units/2025/38/agencies",
                        headers: bearer(token)
                    ) { req in
                        try req.content.encode(body, as: .json)
                    }
                    #expect(response.status == status, "\(user)")
                }
                let duplicate = try await app.testing().sendRequest(
                    .POST,
                    "/api/v1/units/2025/38/agencies",
                    headers: bearer(try await apiToken(app, "admin.thanhhoa"))
                ) { req in try req.content.encode(body, as: .json) }
                #expect(duplicate.status == .conflict)
                let agency = try await UnitsFixture.unit(app, "38.SYT")
                #expect(agency.type == .agency)
                let audit = try await app.services.audit(on: app.db).list(units: nil, page: Paging())
                #expect(audit.items.filter { $0.action == "unit.createAgency" }.count == 1)
            }
        }
    }
}
