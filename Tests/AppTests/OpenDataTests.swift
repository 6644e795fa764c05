import Core
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("Open data: CKAN Action API, DataStore, downloads, pages")
    struct OpenDataTests {
        struct Envelope: Decodable {
            struct Failure: Decodable {
                let type: String
                let message: String

                enum CodingKeys: String, CodingKey {
                    case type = "__type"
                    case message
                }
            }

            let success: Bool
            let result: ActionValue?
            let error: Failure?
        }

        /// Units with two agencies, users, and the catalogue published for Thanh Hóa.
        /// Renames a ward, so the published units table changes.
        static func renameWard(_ sql: any SQLDatabase) async throws {
            try await sql.raw(
                "UPDATE admin_units SET name = 'Phường Hạc Thành (mới)' WHERE code = '14797' AND tree = '2025'"
            ).run()
        }

        static func setUp(_ app: Application) async throws {
            try await UnitsFixture.load(app)
            let root = try await makeUser(app, "root", role: .systemAdmin, on: nil)
            let province = try await UnitsFixture.unit(app, "38")
            for (slug, name) in [("SYT", "Sở Y tế"), ("SXD", "Sở Xây dựng")] {
                _ = try await app.services.unitService(on: app.db).createAgency(
                    NewAgency(parentID: province.id, name: name, shortName: name, slug: slug),
                    by: root
                )
            }
            _ = try await OpenDataPublisher.publish(on: app.db, services: app.services, provinceCode: "38")
        }

        func call(
            _ app: Application,
            _ action: String,
            _ body: [String: ActionValue]? = nil,
            query: String = "",
            headers: HTTPHeaders = [:],
            path: String = "/api/3/action/"
        ) async throws -> (HTTPStatus, Envelope) {
            let response: TestingHTTPResponse
            if let body {
                response = try await app.testing().sendRequest(.POST, path + action, headers: headers) { req in
                    try req.content.encode(body, as: .json)
                }
            } else {
                response = try await app.testing().sendRequest(.GET, path + action + query, headers: headers)
            }
            return (
                response.status, try JSONDecoder().decode(Envelope.self, from: Data(response.body.readableBytesView))
            )
        }

        @Test("GET and POST, /api/3/action and /api/action; unknown actions and bad input get CKAN's error shape")
        func envelope() async throws {
            try await withTestApp { app in
                try await Self.setUp(app)
                let (status, list) = try await call(app, "package_list")
                #expect(status == .ok && list.success)
                guard case .array(let names)? = list.result else {
                    Issue.record("no list")
                    return
                }
                #expect(names.contains(.string("don-vi-hanh-chinh")) && names.contains(.string("thu-tuc-hanh-chinh")))
                #expect(!names.contains(.string("trang-thai-ho-so-tthc")))
                let (posted, same) = try await call(
                    app,
                    "package_list",
                    ["include_private": .bool(true), "x": .number(1)],
                    path: "/api/action/"
                )
                #expect(posted == .ok && same.result == list.result)

                let (unknown, refusal) = try await call(app, "package_delete")
                #expect(
                    unknown == .badRequest && !refusal.success && refusal.error?.type == "Bad request - Action Error"
                )
                let (missing, notFound) = try await call(app, "package_show", ["id": .string("khong-co")])
                #expect(missing == .notFound && notFound.error?.type == "Not Found Error")
                let (bad, validation) = try await call(
                    app,
                    "datastore_search",
                    ["resource_id": .string("don-vi-hanh-chinh"), "filters": .object(["mau": .string("do")])]
                )
                #expect(bad == .conflict && validation.error?.message.contains("mau") == true)
                let (badInt, _) = try await call(
                    app,
                    "datastore_search",
                    query: "?resource_id=don-vi-hanh-chinh&filters=%7B%22cap%22%3A%22hai%22%7D"
                )
                #expect(badInt == .conflict)
                let (badQuery, search) = try await call(app, "package_search", ["fq": .string("mau:do")])
                #expect(badQuery == .conflict && search.error?.type == "Search Query Error")
                let (privateStatus, _) = try await call(app, "package_show", ["id": .string("trang-thai-ho-so-tthc")])
                #expect(privateStatus == .forbidden)
                let raw = try await app.testing().sendRequest(.POST, "/api/3/action/package_list") { req in
                    req.headers.contentType = .json
                    req.body = ByteBuffer(string: "{not json")
                }
                #expect(raw.status == .conflict && raw.body.string.contains("\"success\":false"))
            }
        }

        @Test("package_search pages with start until empty; datastore_search filters, pages and counts")
        func searchAndDatastore() async throws {
            try await withTestApp { app in
                try await Self.setUp(app)
                var seen: [String] = []
                var start = 0
                while true {
                    let (_, page) = try await call(
                        app,
                        "package_search",
                        ["rows": .number(2), "start": .number(Double(start))]
                    )
                    guard case .object(let result)? = page.result, case .array(let results)? = result["results"] else {
                        Issue.record("no results")
                        return
                    }
                    if results.isEmpty { break }
                    for case .object(let dataset) in results {
                        if case .string(let name)? = dataset["name"] { seen.append(name) }
                    }
                    start += results.count
                    #expect(start < 50)
                }
                #expect(seen.count == Set(seen).count && seen.contains("thu-tuc-hanh-chinh"))

                func rows(_ params: [String: ActionValue]) async throws -> (
                    total: Int, records: [[String: ActionValue]]
                ) {
                    var body = params
                    body["resource_id"] = .string("don-vi-hanh-chinh")
                    let (_, envelope) = try await call(app, "datastore_search", body)
                    guard case .object(let result)? = envelope.result, case .number(let total)? = result["total"],
                        case .array(let records)? = result["records"]
                    else { throw Abort(.internalServerError) }
                    return (Int(total), records.compactMap { if case .object(let o) = $0 { o } else { nil } })
                }
                let all = try await rows([:])
                // The fixture's units and the two agencies.
                #expect(all.total == UnitsFixture.csv.split(separator: "\n").count - 1 + 2)
                let current = try await rows([
                    "filters": .object(["cay": .string("2025")]), "limit": .number(2), "offset": .number(1),
                    "sort": .string("ma desc"),
                ])
                #expect(current.total == 8 && current.records.count == 2)
                #expect(current.records.map { $0["ma"] } == [.string("38.SYT"), .string("38.SXD")])
                let both = try await rows([
                    "filters": .object(["ma": .array([.string("14797"), .string("16681")])]),
                    "fields": .array([.string("ma"), .string("ten")]),
                ])
                #expect(both.total == 3 && Set(both.records.flatMap(\.keys)) == ["ma", "ten"])
                let folded = try await rows(["q": .string("hac thanh")])
                #expect(folded.records.map { $0["ten"] } == [.string("Phường Hạc Thành")])
                // Without filters the page is read by row number: offsets past the end are empty, totals stay right.
                let past = try await rows(["offset": .number(1000)])
                #expect(past.records.isEmpty && past.total == all.total)
            }
        }

        @Test("Downloads: CSV with the table's rows at a stable address; the shared table needs a key")
        func downloads() async throws {
            try await withTestApp { app in
                try await Self.setUp(app)
                let csv = try await app.testing().sendRequest(.GET, "/du-lieu-mo/tai-ve/don-vi-hanh-chinh.csv")
                #expect(csv.status == .ok && csv.headers.first(name: .lastModified) != nil)
                let lines = csv.body.string.split(separator: "\r\n")
                #expect(lines.count == UnitsFixture.csv.split(separator: "\n").count + 2)
                #expect(lines[0].hasPrefix("\u{FEFF}cay,ma,ten"))
                let json = try await app.testing().sendRequest(.GET, "/du-lieu-mo/tai-ve/don-vi-hanh-chinh.json")
                let decoded = try JSONDecoder().decode(
                    [[String: ActionValue]].self,
                    from: Data(json.body.readableBytesView)
                )
                #expect(decoded.count == lines.count - 1)
                #expect(
                    try await app.testing().sendRequest(.GET, "/du-lieu-mo/tai-ve/khong-co.csv").status == .notFound
                )
                #expect(
                    try await app.testing().sendRequest(.GET, "/du-lieu-mo/tai-ve/don-vi-hanh-chinh.xml").status
                        == .notFound
                )
                let shared = try await app.testing().sendRequest(.GET, "/du-lieu-mo/tai-ve/trang-thai-ho-so-tthc.csv")
                #expect(shared.status == .unauthorized)
            }
        }

        @Test("Publishing again keeps unchanged tables and dates; a change makes a new table and drops the old one")
        func regeneration() async throws {
            try await withTestApp { app in
                try await Self.setUp(app)
                let before = try #require(try await OpenDataCatalog(db: app.db).entry("don-vi-hanh-chinh"))
                let again = try await OpenDataPublisher.publish(on: app.db, services: app.services, provinceCode: "38")
                #expect(again.changed.isEmpty && again.datasets >= 5)
                let sql = app.db as! any SQLDatabase
                try await Self.renameWard(sql)
                let changed = try await OpenDataPublisher.publish(
                    on: app.db,
                    services: app.services,
                    provinceCode: "38"
                )
                #expect(changed.changed == ["don-vi-hanh-chinh"])
                let after = try #require(try await OpenDataCatalog(db: app.db).entry("don-vi-hanh-chinh"))
                #expect(after.table != before.table && after.dataset.resource.hash != before.dataset.resource.hash)
                await #expect(throws: (any Error).self) {
                    try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: before.table)").first()
                }
            }
        }

        @Test("A table fills in steps (the table, each batch of rows, the indexes); a failed step stops the filling")
        func steppedFilling() async throws {
            try await withTestApp { app in
                let fields = [
                    DataField(id: "ma", type: .text, label: "Mã", indexed: true),
                    DataField(id: "so", type: .int, label: "Số"),
                ]
                // Four names a row (_id, ma, its folded copy, so): batches of 7,500 rows.
                let rows = (0..<16_000).map { [DatastoreValue.text("M\($0)"), .int($0)] as [DatastoreValue?] }
                let steps = NIOLockedValueBox(0)
                let counting: DatastoreStore.Step = { work in
                    steps.withLockedValue { $0 += 1 }
                    try await app.db.transaction { db in try await work(DatastoreStore(db: db)) }
                }
                try await DatastoreStore(db: app.db).create("ds_steps", fields: fields, rows: rows, step: counting)
                #expect(steps.withLockedValue { $0 } == 5)
                let sql = app.db as! any SQLDatabase
                let count = try await sql.raw("SELECT COUNT(*) AS n, MAX(so) AS top FROM ds_steps").first()
                #expect(try count?.decode(column: "n", as: Int.self) == 16_000)
                #expect(try count?.decode(column: "top", as: Int.self) == 15_999)

                let failing = NIOLockedValueBox(0)
                let failingThird: DatastoreStore.Step = { work in
                    let step = failing.withLockedValue {
                        $0 += 1
                        return $0
                    }
                    if step == 3 { throw Abort(.internalServerError) }
                    try await work(DatastoreStore(db: app.db))
                }
                await #expect(throws: Abort.self) {
                    try await DatastoreStore(db: app.db).create(
                        "ds_failed",
                        fields: fields,
                        rows: rows,
                        step: failingThird
                    )
                }
                #expect(failing.withLockedValue { $0 } == 3)
                let partial = try await sql.raw("SELECT COUNT(*) AS n FROM ds_failed").first()
                #expect(try partial?.decode(column: "n", as: Int.self) == 7_500)
            }
        }

        @Test("A stopping server ends a publication before it fills a new table; the old one stays in use")
        func publicationStopsWithTheServer() async throws {
            try await withTestApp { app in
                try await Self.setUp(app)
                let before = try #require(try await OpenDataCatalog(db: app.db).entry("don-vi-hanh-chinh"))
                let sql = app.db as! any SQLDatabase
                try await Self.renameWard(sql)
                let tables = "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name LIKE 'ds_%'"
                let count = TestEnvironment.isSQLite ? try await sql.raw(SQLQueryString(tables)).first() : nil
                app.services.inFlight.stop()
                await #expect(throws: CancellationError.self) {
                    try await OpenDataPublisher.publish(on: app.db, services: app.services, provinceCode: "38")
                }
                let after = try #require(try await OpenDataCatalog(db: app.db).entry("don-vi-hanh-chinh"))
                #expect(after.table == before.table)
                #expect(try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: after.table)").first() != nil)
                if let count {
                    let now = try await sql.raw(SQLQueryString(tables)).first()
                    #expect(try now?.decode(column: "n", as: Int.self) == count.decode(column: "n", as: Int.self))
                }
            }
        }

        @Test("One publication at a time: a second caller is told the publisher is busy")
        func publishLock() async throws {
            try await withTestApp { app in
                try await Self.setUp(app)
                #expect(app.services.publishLock.acquire())
                let busy = try await OpenDataPublisher.publish(on: app.db, services: app.services, provinceCode: "38")
                #expect(busy.busy && busy.datasets == 0)
                app.services.publishLock.release()
                let again = try await OpenDataPublisher.publish(on: app.db, services: app.services, provinceCode: "38")
                #expect(!again.busy && again.datasets >= 5)
            }
        }

        @Test("Pages: search with facets and a dataset page with preview and downloads, no login needed")
        func pages() async throws {
            try await withTestApp { app in
                try await Self.setUp(app)
                let search = try await app.testing().sendRequest(.GET, "/du-lieu-mo?q=thu+tuc")
                #expect(search.status == .ok && search.body.string.contains("/du-lieu-mo/thu-tuc-hanh-chinh"))
                #expect(
                    search.body.string.contains("Tổ chức công bố") && !search.body.string.contains("trang-thai-ho-so")
                )
                let faceted = try await app.testing().sendRequest(.GET, "/du-lieu-mo?tags=TTHC")
                #expect(
                    faceted.body.string.contains("thu-tuc-hanh-chinh")
                        && !faceted.body.string.contains("/du-lieu-mo/don-vi-hanh-chinh\"")
                )
                let page = try await app.testing().sendRequest(.GET, "/du-lieu-mo/don-vi-hanh-chinh")
                #expect(page.status == .ok && page.body.string.contains("Phường Hạc Thành"))
                #expect(page.body.string.contains("/du-lieu-mo/tai-ve/don-vi-hanh-chinh.csv"))
                #expect(page.body.string.contains("hạn rà soát tiếp theo 21/03/2027"))
                #expect(
                    try await app.testing().sendRequest(.GET, "/du-lieu-mo/trang-thai-ho-so-tthc").status == .notFound
                )
            }
        }

        @Test("The province chooses which indicators it publishes; publishing on request; officers cannot choose")
        func chosenIndicators() async throws {
            try await withTestApp { app in
                let indicators = IndicatorApiTests()
                let (admin, officer) = try await indicators.setUp(app)
                let values = "Mã chỉ tiêu,Kỳ,Mã đơn vị,Giá trị\nhs_tong,202608,14797,50\nhs_dung_han,202608,14797,45"
                #expect(try await indicators.csv(app, values, token: admin).status == .ok)
                let choice = OpenDataController.SettingsDTO(indicators: ["ty_le_dung_han"])
                let path = "/api/v1/opendata/settings"
                #expect(try await indicators.send(app, .PUT, path, choice, token: officer).status == .forbidden)
                let unknown = OpenDataController.SettingsDTO(indicators: ["khong_co"])
                #expect(
                    try await indicators.send(app, .PUT, path, unknown, token: admin).status == .unprocessableEntity
                )
                #expect(try await indicators.send(app, .PUT, path, choice, token: admin).status == .ok)
                let published = try await app.testing().sendRequest(
                    .POST,
                    "/api/v1/opendata/publish",
                    headers: bearer(admin)
                )
                let summary = try published.content.decode(OpenDataPublisher.Summary.self)
                #expect(summary.changed.contains("chi-so-ty-le-dung-han"))
                let (_, rows) = try await call(
                    app,
                    "datastore_search",
                    ["resource_id": .string("chi-so-ty-le-dung-han"), "filters": .object(["ky": .string("202608")])]
                )
                guard case .object(let result)? = rows.result, case .array(let records)? = result["records"] else {
                    Issue.record("no records")
                    return
                }
                // Phường Hạc Thành 45 of 50 on time, and the province above it the same.
                let byUnit = Dictionary(
                    uniqueKeysWithValues: records.compactMap { record -> (String, ActionValue)? in
                        guard case .object(let o) = record, case .string(let unit)? = o["ma_don_vi"],
                            let value = o["gia_tri"]
                        else { return nil }
                        return (unit, value)
                    }
                )
                #expect(byUnit["14797"] == .number(90) && byUnit["38"] == .number(90))
                let actions = try await app.services.audit(on: app.db).list(units: nil, page: Paging()).items.map(
                    \.action
                )
                #expect(actions.contains("opendata.chooseIndicators"))
                #expect(
                    try await app.testing().sendRequest(.POST, "/api/v1/opendata/publish", headers: bearer(officer))
                        .status
                        == .forbidden
                )
            }
        }
    }
}
