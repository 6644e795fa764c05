import Core
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("Indicators API")
    struct IndicatorApiTests {
        typealias Catalog = IndicatorController.CatalogDTO

        static let catalog = Catalog(
            domains: [IndicatorDomain(code: "cds", name: "Chuyển đổi số")],
            elements: [
                DataElement(code: "hs_dung_han", name: "Hồ sơ giải quyết đúng hạn", domain: "cds", valueType: .count),
                DataElement(code: "hs_tong", name: "Hồ sơ đã giải quyết", domain: "cds", valueType: .count),
                DataElement(
                    code: "phu_song",
                    name: "Tỷ lệ phủ sóng 4G",
                    domain: "cds",
                    valueType: .percentage,
                    aggregation: .average
                ),
            ],
            indicators: [
                Indicator(
                    code: "ty_le_dung_han",
                    name: "Tỷ lệ hồ sơ đúng hạn",
                    domain: "cds",
                    numerator: "#{hs_dung_han}",
                    denominator: "#{hs_tong}",
                    factor: 100
                )
            ]
        )

        func send<T: Content>(_ app: Application, _ method: HTTPMethod, _ path: String, _ body: T, token: String)
            async throws -> TestingHTTPResponse
        {
            try await app.testing().sendRequest(method, path, headers: bearer(token)) { req in
                try req.content.encode(body, as: .json)
            }
        }

        func csv(_ app: Application, _ text: String, token: String) async throws -> TestingHTTPResponse {
            var headers = bearer(token)
            headers.contentType = HTTPMediaType(type: "text", subType: "csv")
            return try await app.testing().sendRequest(.POST, "/api/v1/dataValues.csv", headers: headers) { req in
                req.body = ByteBuffer(string: text)
            }
        }

        func setUp(_ app: Application) async throws -> (admin: String, officer: String) {
            try await UnitsFixture.load(app)
            try await makeUser(app, "qt.tinh", role: .provinceAdmin, on: "38", descendants: true)
            try await makeUser(app, "can.bo", role: .officer, on: "14797")
            let admin = try await apiToken(app, "qt.tinh")
            #expect(try await send(app, .PUT, "/api/v1/indicators/catalog", Self.catalog, token: admin).status == .ok)
            return (admin, try await apiToken(app, "can.bo"))
        }

        @Test("The catalogue: administrators only; formulas checked for syntax, unknown codes and loops")
        func catalogue() async throws {
            try await withTestApp { app in
                let (admin, officer) = try await setUp(app)
                #expect(
                    try await send(app, .PUT, "/api/v1/indicators/catalog", Self.catalog, token: officer).status
                        == .forbidden
                )
                let stored = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/indicators/catalog",
                    headers: bearer(officer)
                )
                #expect(try stored.content.decode(Catalog.self).elements.count == 3 + AutomaticElement.allCases.count)
                func put(_ indicators: [Indicator]) async throws -> TestingHTTPResponse {
                    try await send(
                        app,
                        .PUT,
                        "/api/v1/indicators/catalog",
                        Catalog(indicators: indicators),
                        token: admin
                    )
                }
                let syntax = try await put([Indicator(code: "x", name: "x", domain: "cds", numerator: "#{hs_tong} +")])
                #expect(syntax.status == .unprocessableEntity && syntax.body.string.contains("ký tự thứ 13"))
                let unknown = try await put([Indicator(code: "x", name: "x", domain: "cds", numerator: "#{khong_co}")])
                #expect(unknown.status == .unprocessableEntity && unknown.body.string.contains("#{khong_co}"))
                let loop = try await put([
                    Indicator(code: "a", name: "a", domain: "cds", numerator: "N{b}"),
                    Indicator(code: "b", name: "b", domain: "cds", numerator: "N{a} + 1"),
                ])
                #expect(loop.status == .unprocessableEntity && loop.body.string.contains("a → b → a"))
                let domain = try await put([Indicator(code: "y", name: "y", domain: "khong-co", numerator: "1")])
                #expect(domain.status == .unprocessableEntity)
                // Nothing of the refused requests was kept.
                let after = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/indicators/catalog",
                    headers: bearer(admin)
                )
                #expect(
                    try after.content.decode(Catalog.self).indicators.map(\.code).filter { !$0.hasPrefix("auto.") } == [
                        "ty_le_dung_han"
                    ]
                )
                let reserved = try await put([Indicator(code: "auto.x", name: "x", domain: "cds", numerator: "1")])
                #expect(reserved.status == .unprocessableEntity && reserved.body.string.contains("auto."))
            }
        }

        @Test(
            "Values in: DHIS2 dataValueSets and CSV, checked row by row with the line number; only for one's own unit"
        )
        func dataEntry() async throws {
            try await withTestApp { app in
                let (admin, officer) = try await setUp(app)
                struct Set: Content {
                    struct Value: Content {
                        let dataElement: String
                        var period: String? = nil
                        var orgUnit: String? = nil
                        let value: String
                    }
                    var period: String? = nil
                    var orgUnit: String? = nil
                    let dataValues: [Value]
                }
                let ok = Set(
                    period: "202609",
                    orgUnit: "14797",
                    dataValues: [
                        .init(dataElement: "hs_dung_han", value: "99"), .init(dataElement: "hs_tong", value: "100"),
                    ]
                )
                let imported = try await send(app, .POST, "/api/v1/dataValueSets", ok, token: officer)
                #expect(imported.status == .ok && imported.body.string.contains("\"imported\":2"))
                var other = ok
                other.orgUnit = "14758"
                #expect(try await send(app, .POST, "/api/v1/dataValueSets", other, token: officer).status == .forbidden)
                let quarter = Set(dataValues: [
                    .init(dataElement: "hs_tong", period: "202609", orgUnit: "14797", value: "5"),
                    .init(dataElement: "hs_tong", period: "2026Q3", orgUnit: "14797", value: "5"),
                ])
                let wrongType = try await send(app, .POST, "/api/v1/dataValueSets", quarter, token: officer)
                #expect(wrongType.status == .unprocessableEntity && wrongType.body.string.contains("Dòng 2"))
                #expect(wrongType.body.string.contains("theo kỳ: tháng"))
                let half = Set(
                    period: "202609",
                    orgUnit: "14797",
                    dataValues: [.init(dataElement: "hs_tong", value: "1,5")]
                )
                #expect(
                    try await send(app, .POST, "/api/v1/dataValueSets", half, token: officer).status
                        == .unprocessableEntity
                )
                let tooMuch = Set(
                    period: "202609",
                    orgUnit: "14797",
                    dataValues: [.init(dataElement: "phu_song", value: "120")]
                )
                let percent = try await send(app, .POST, "/api/v1/dataValueSets", tooMuch, token: officer)
                #expect(percent.status == .unprocessableEntity && percent.body.string.contains("từ 0 đến 100"))

                // CSV with the Vietnamese header and a BOM; the bad row's line is named and nothing is kept.
                let bad =
                    "\u{FEFF}Mã chỉ tiêu,Kỳ,Mã đơn vị,Giá trị\r\nhs_tong,202608,14758,40\r\nhs_tong,202608,14758,abc\r\n"
                let refused = try await csv(app, bad, token: admin)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("Dòng 3"))
                let good =
                    "dataelement,period,orgunit,value,comment\nhs_dung_han,202608,14758,1\nhs_tong,202608,14758,2,tạm tính\n"
                #expect(try await csv(app, good, token: admin).status == .ok)
                #expect(try await csv(app, good, token: officer).status == .forbidden)

                // Out as CSV (Excel-friendly), back in unchanged; and as dataValueSets JSON.
                let exported = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/dataValues.csv?orgUnit=38&period=2026Q3&children=true",
                    headers: bearer(admin)
                )
                let text = exported.body.string
                #expect(text.hasPrefix("\u{FEFF}Mã chỉ tiêu,Kỳ,Mã đơn vị,Giá trị,Ghi chú"))
                #expect(
                    text.contains("hs_tong,202608,14758,2,tạm tính,qt.tinh")
                        && text.contains("hs_tong,202609,14797,100")
                )
                #expect(try await csv(app, text, token: admin).body.string.contains("\"imported\":4"))
                let json = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/dataValueSets?orgUnit=38&period=2026Q3&children=true&dataElement=hs_tong",
                    headers: bearer(admin)
                )
                let set = try json.content.decode(IndicatorController.ValueSetDTO.self)
                #expect(
                    set.dataValues.map(\.value) == ["2", "100"] && set.dataValues.map(\.orgUnit) == ["14758", "14797"]
                )
                #expect(try await send(app, .POST, "/api/v1/dataValueSets", set, token: admin).status == .ok)
                #expect(
                    try await app.testing().sendRequest(
                        .GET,
                        "/api/v1/dataValueSets?orgUnit=38&period=2026Q3",
                        headers: bearer(officer)
                    ).status == .forbidden
                )
            }
        }

        @Test("Analytics: a province's rate is the ratio of its communes' sums; LEVEL-2 lists the communes; CSV too")
        func analytics() async throws {
            try await withTestApp { app in
                let (admin, _) = try await setUp(app)
                let rows = """
                    dataelement,period,orgunit,value
                    hs_dung_han,202607,14758,1
                    hs_tong,202607,14758,2
                    hs_dung_han,202608,14797,60
                    hs_tong,202608,14797,60
                    hs_dung_han,202609,14797,39
                    hs_tong,202609,14797,40
                    hs_tong,202610,14797,1000
                    phu_song,202609,14758,80
                    phu_song,202609,14797,100
                    """
                #expect(try await csv(app, rows, token: admin).status == .ok)
                let answer = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/analytics?dx=ty_le_dung_han;hs_tong;phu_song&pe=2026Q3&ou=38",
                    headers: bearer(admin)
                )
                let body = try answer.content.decode(AnalyticsController.Answer.self)
                #expect(body.headers.map(\.name) == ["dx", "pe", "ou", "value"])
                #expect(body.rows.contains(["ty_le_dung_han", "2026Q3", "38", "98.0392"]))  // 100 / 102, not 74.5
                #expect(body.rows.contains(["hs_tong", "2026Q3", "38", "102"]))
                #expect(body.rows.contains(["phu_song", "2026Q3", "38", "90"]))
                // One month: the average over the communes is taken by the database.
                let month = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/analytics?dx=phu_song;hs_dung_han;ty_le_dung_han&pe=202609&ou=38",
                    headers: bearer(admin)
                ).content.decode(AnalyticsController.Answer.self).rows
                #expect(
                    month.sorted { $0[0] < $1[0] } == [
                        ["hs_dung_han", "202609", "38", "39"], ["phu_song", "202609", "38", "90"],
                        ["ty_le_dung_han", "202609", "38", "97.5"],
                    ]
                )
                #expect(body.metaData.items["ty_le_dung_han"]?.name == "Tỷ lệ hồ sơ đúng hạn")
                let communes = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/analytics?dimension=dx:ty_le_dung_han&dimension=pe:202607;202609&dimension=ou:38;LEVEL-2",
                    headers: bearer(admin)
                )
                let byCommune = try communes.content.decode(AnalyticsController.Answer.self)
                #expect(
                    byCommune.rows == [
                        ["ty_le_dung_han", "202607", "14758", "50"], ["ty_le_dung_han", "202609", "14797", "97.5"],
                    ]
                )
                #expect(byCommune.metaData.dimensions["ou"]?.contains("14845") == true)
                // Targets: set by those who configure the unit; the scorecard lights them, worst first.
                let targets = [
                    Target(indicator: "ty_le_dung_han", unitCode: "38", period: "2026Q3", value: 99),
                    Target(indicator: "ty_le_dung_han", unitCode: "14797", period: "2026Q3", value: 97),
                ]
                #expect(
                    try await send(app, .PUT, "/api/v1/indicators/targets", targets, token: admin).status == .noContent
                )
                let officer = try await apiToken(app, "can.bo")
                #expect(
                    try await send(app, .PUT, "/api/v1/indicators/targets", targets, token: officer).status
                        == .forbidden
                )
                let wrong = [Target(indicator: "khong_co", unitCode: "38", period: "2026Q3", value: 1)]
                let refused = try await send(app, .PUT, "/api/v1/indicators/targets", wrong, token: admin)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("Dòng 1"))
                func card(_ ou: String) async throws -> [ScoreLine] {
                    try await app.testing().sendRequest(
                        .GET,
                        "/api/v1/indicators/scorecard?ou=\(ou)&pe=2026Q3",
                        headers: bearer(admin)
                    ).content.decode(IndicatorController.ScorecardDTO.self).lines
                }
                #expect(try await card("38").map(\.light) == [.amber])  // 98.04 % against 99 %
                #expect(try await card("14797").map(\.light) == [.green])  // 97.5 % against 97 %
                #expect(try await card("14758").isEmpty)
                // A new indicator is usable at once: the kept catalogue follows the stored version.
                let added = Catalog(indicators: [
                    Indicator(
                        code: "tre_han",
                        name: "Tỷ lệ trễ hạn",
                        domain: "cds",
                        numerator: "100 - N{ty_le_dung_han}"
                    )
                ])
                #expect(try await send(app, .PUT, "/api/v1/indicators/catalog", added, token: admin).status == .ok)
                let late = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/analytics?dx=tre_han&pe=2026Q3&ou=38",
                    headers: bearer(admin)
                )
                #expect(
                    try late.content.decode(AnalyticsController.Answer.self).rows == [
                        ["tre_han", "2026Q3", "38", "1.9608"]
                    ]
                )
                let table = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/analytics.csv?dx=hs_tong&pe=2026Q3&ou=14797",
                    headers: bearer(admin)
                )
                #expect(table.body.string.contains("hs_tong,Hồ sơ đã giải quyết,2026Q3,14797,Phường Hạc Thành,100"))
                for bad in [
                    "dx=khong_co&pe=2026Q3&ou=38", "dx=hs_tong&pe=2026-09&ou=38", "dx=hs_tong&pe=2026Q3&ou=99999",
                ] {
                    let refused = try await app.testing().sendRequest(
                        .GET,
                        "/api/v1/analytics?" + bad,
                        headers: bearer(admin)
                    )
                    #expect(refused.status.code >= 400 && refused.status.code < 500, "\(bad)")
                }
                #expect(
                    try await app.testing().sendRequest(.GET, "/api/v1/analytics?dx=hs_tong&pe=2026Q3&ou=38").status
                        == .unauthorized
                )
            }
        }
        @Test("Automatic indicators: the 766 on-time rate per unit and period from the dossiers, never typed in")
        func automatic() async throws {
            try await withTestApp { app in
                let (admin, officer) = try await setUp(app)
                #expect(try await DemoData.seedProcedures(on: app.db))
                let dossiers = try await insertGeneratedDossiers(app, count: 600, days: 150).dossiers
                let period = try #require(Period("2026Q2"))
                let reference = Index766.collect(
                    procedures: DemoProcedures.procedures,
                    dossiers: dossiers,
                    feedback: [],
                    period: period.reporting
                )
                let answer = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/analytics?dx=auto.ty_le_dung_han;auto.hs_giai_quyet&pe=2026Q2&ou=38;LEVEL-1;LEVEL-2;38",
                    headers: bearer(admin)
                )
                let rows = try answer.content.decode(AnalyticsController.Answer.self).rows
                let rate = 100 * Double(reference.dossiersOnTime) / Double(reference.dossiersCounted)
                #expect(rows.contains(["auto.hs_giai_quyet", "2026Q2", "38", String(reference.dossiersCounted)]))
                #expect(rows.contains(["auto.ty_le_dung_han", "2026Q2", "38", AnalyticsController.text(rate)]))
                #expect(reference.dossiersCounted > 50 && reference.dossiersOnTime < reference.dossiersCounted)
                let perCommune = rows.filter { $0[0] == "auto.hs_giai_quyet" && $0[2] != "38" }.compactMap {
                    Int($0[3])
                }
                #expect(perCommune.reduce(0, +) <= reference.dossiersCounted && perCommune.count >= 2)
                let typed = try await csv(
                    app,
                    "dataelement,period,orgunit,value\nauto.pakn,202609,14797,3\n",
                    token: officer
                )
                #expect(typed.status == .unprocessableEntity && typed.body.string.contains("tự tính"))
            }
        }
        @Test("Completeness: who reported a data set for a period, on time by its working-day deadline, late, or not")
        func completeness() async throws {
            try await withTestApp { app in
                let (admin, officer) = try await setUp(app)
                let monthly = DataSet(
                    code: "bc-thang",
                    name: "Báo cáo tháng về TTHC",
                    periodType: .monthly,
                    elements: ["hs_dung_han", "hs_tong"],
                    level: 2,
                    deadlineDays: 5
                )
                #expect(try await send(app, .PUT, "/api/v1/dataSets", [monthly], token: officer).status == .forbidden)
                var yearly = monthly
                yearly.periodType = .yearly
                #expect(
                    try await send(app, .PUT, "/api/v1/dataSets", [yearly], token: admin).status == .unprocessableEntity
                )
                #expect(try await send(app, .PUT, "/api/v1/dataSets", [monthly], token: admin).status == .ok)
                // Now is 21/09/2026: September is reported on time, August (deadline early September) late.
                #expect(
                    try await csv(app, "dataelement,period,orgunit,value\nhs_tong,202609,14797,4\n", token: officer)
                        .status == .ok
                )
                #expect(
                    try await csv(app, "dataelement,period,orgunit,value\nhs_tong,202608,14758,4\n", token: admin)
                        .status == .ok
                )
                func check(_ period: String) async throws -> Completeness {
                    try await app.testing().sendRequest(
                        .GET,
                        "/api/v1/completeness?dataSet=bc-thang&period=\(period)&ou=38",
                        headers: bearer(admin)
                    ).content.decode(Completeness.self)
                }
                let september = try await check("202609")
                #expect(september.onTime == ["14797"] && september.late.isEmpty && september.missing.contains("14758"))
                #expect(september.expected == september.missing.count + 1 && september.expected >= 3)
                #expect(CivilDate(september.deadline.addingTimeInterval(-1)) > CivilDate(iso: "2026-10-06")!)
                let august = try await check("202608")
                #expect(august.late == ["14758"] && august.onTime.isEmpty)
                #expect(abs(august.reportingRate - 100 / Double(august.expected)) < 1e-9 && august.onTimeRate == 0)
                let wrongType = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/completeness?dataSet=bc-thang&period=2026Q3&ou=38",
                    headers: bearer(admin)
                )
                #expect(wrongType.status == .unprocessableEntity)
            }
        }
    }
}
