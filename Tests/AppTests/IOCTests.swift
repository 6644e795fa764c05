import Core
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("IOC alerts and monthly analysis")
    struct IOCTests {
        let indicators = IndicatorApiTests()

        func values(_ app: Application, _ rows: [String], token: String) async throws {
            let text = (["Mã chỉ tiêu,Kỳ,Mã đơn vị,Giá trị"] + rows).joined(separator: "\n")
            #expect(try await indicators.csv(app, text, token: token).status == .ok)
        }

        func actions(_ app: Application) async throws -> [String] {
            try await (app.db as! any SQLDatabase).raw("SELECT action FROM audit_log WHERE entity_type = 'alert'")
                .all().map { try $0.decode(column: "action", as: String.self) }
        }

        @Test("A rule raises an alert per commune, the commune's officer acknowledges it, it clears; all audited")
        func alerts() async throws {
            try await withTestApp { app in
                let (admin, officer) = try await indicators.setUp(app)
                try await makeUser(app, "nghe.an", role: .officer, on: "16681")
                let stranger = try await apiToken(app, "nghe.an")
                // Typed values are read for the previous month (the clock is 21/09/2026).
                try await values(app, ["phu_song,202608,14797,60", "phu_song,202608,14758,95"], token: admin)
                let rule = AlertRule(
                    name: "Phủ sóng 4G thấp",
                    subjectKind: .indicator,
                    subject: "phu_song",
                    comparison: .below,
                    threshold: 80,
                    unitCode: "38",
                    eachChild: true
                )
                #expect(
                    try await indicators.send(app, .PUT, "/api/v1/alerts/rules", rule, token: officer).status
                        == .forbidden
                )
                var unknown = rule
                unknown.subject = "khong_co"
                let refused = try await indicators.send(app, .PUT, "/api/v1/alerts/rules", unknown, token: admin)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("khong_co"))
                #expect(try await indicators.send(app, .PUT, "/api/v1/alerts/rules", rule, token: admin).status == .ok)
                // Rules are observed before the write transaction; one changed in between is not recorded from the
                // stale observation (under the old threshold it would raise an alert here).
                let observed = try await app.services.alerts(on: app.db).observeRules()
                var lenient = rule
                lenient.threshold = 50
                #expect(
                    try await indicators.send(app, .PUT, "/api/v1/alerts/rules", lenient, token: admin).status == .ok
                )
                #expect(try await app.services.alerts(on: app.db).record(observed).raised == 0)
                #expect(try await indicators.send(app, .PUT, "/api/v1/alerts/rules", rule, token: admin).status == .ok)

                let evaluate = try await app.testing().sendRequest(
                    .POST,
                    "/api/v1/alerts/evaluate",
                    headers: bearer(admin)
                )
                #expect(try evaluate.content.decode(IOCController.Evaluation.self).raised == 1)
                // Evaluating again raises nothing new: one open alert per rule and unit.
                let again = try await app.testing().sendRequest(
                    .POST,
                    "/api/v1/alerts/evaluate",
                    headers: bearer(admin)
                )
                #expect(try again.content.decode(IOCController.Evaluation.self).raised == 0)
                func list(_ token: String, open: Bool = false) async throws -> [Alert] {
                    try await app.testing().sendRequest(
                        .GET,
                        "/api/v1/alerts\(open ? "?open=true" : "")",
                        headers: bearer(token)
                    )
                    .content.decode([Alert].self)
                }
                let mine = try await list(officer)
                #expect(mine.map(\.unitCode) == ["14797"] && mine[0].value == 60 && mine[0].condition == "< 80")
                #expect(try await list(stranger).isEmpty)

                struct Note: Content { let note: String }
                let path = "/api/v1/alerts/\(mine[0].id)/acknowledge"
                #expect(
                    try await indicators.send(app, .POST, path, Note(note: "x"), token: stranger).status == .forbidden
                )
                let acknowledged = try await indicators.send(
                    app,
                    .POST,
                    path,
                    Note(note: "Đã báo nhà mạng"),
                    token: officer
                )
                #expect(try acknowledged.content.decode(Alert.self).acknowledgedBy == "can.bo")
                #expect(
                    try await indicators.send(app, .POST, path, Note(note: "lại"), token: officer).status
                        == .unprocessableEntity
                )

                // Back within the threshold: the alert clears and stays listed as closed.
                try await values(app, ["phu_song,202608,14797,85"], token: admin)
                let cleared = try await app.testing().sendRequest(
                    .POST,
                    "/api/v1/alerts/evaluate",
                    headers: bearer(admin)
                )
                #expect(try cleared.content.decode(IOCController.Evaluation.self).cleared == 1)
                let openNow = try await list(officer, open: true)
                let all = try await list(officer)
                #expect(openNow.isEmpty && all.first?.clearedAt != nil)
                #expect(
                    Set(try await actions(app)) == ["alert.rule", "alert.raise", "alert.acknowledge", "alert.clear"]
                )

                // The page: the officer sees the closed alert; the administrator adds a counter rule by form.
                let browser = Browser(app)
                try await browser.login("qt.tinh")
                let page = try await browser.get("/ioc/alerts").body.string
                #expect(page.contains("Phủ sóng 4G thấp") && page.contains("Đã báo nhà mạng"))
                let form = [
                    "name": "Hồ sơ quá hạn của xã", "subject": "counter:overdueDossiers", "comparison": "above",
                    "threshold": "5", "unitCode": "38", "eachChild": "1",
                ]
                #expect(try await browser.post("/ioc/alerts/rules", form).status == .seeOther)
                let rules = try await SQLIOCRepository(db: app.db).rules()
                #expect(rules.map(\.name).sorted() == ["Hồ sơ quá hạn của xã", "Phủ sóng 4G thấp"])
                try await browser.get("/ioc/alerts")
                var bad = form
                bad["threshold"] = "năm"
                #expect(try await browser.post("/ioc/alerts/rules", bad).status == .unprocessableEntity)
            }
        }

        @Test("The monthly analysis finds a falling on-time rate, recommends to the commune, and shows it by unit")
        func analysis() async throws {
            try await withTestApp { app in
                let (admin, officer) = try await indicators.setUp(app)
                // Thirteen months to August 2026: 95 % on time, then 90, 85 and 78 %.
                var month = Period("202508")!
                var rows: [String] = []
                for onTime in Array(repeating: 95, count: 10) + [90, 85, 78] {
                    rows += ["hs_tong,\(month),14797,100", "hs_dung_han,\(month),14797,\(onTime)"]
                    month = month.next
                }
                try await values(app, rows, token: admin)
                let target = [Target(indicator: "ty_le_dung_han", unitCode: "14797", period: "2026", value: 90)]
                #expect(
                    try await indicators.send(app, .PUT, "/api/v1/indicators/targets", target, token: admin).status
                        == .noContent
                )

                struct Run: Content {
                    let month: String
                }
                #expect(
                    try await indicators.send(app, .POST, "/api/v1/ioc/analysis", Run(month: "2026-08"), token: officer)
                        .status == .forbidden
                )
                let early = try await indicators.send(
                    app,
                    .POST,
                    "/api/v1/ioc/analysis",
                    Run(month: "2026-09"),
                    token: admin
                )
                #expect(early.status == .unprocessableEntity && early.body.string.contains("tháng chưa kết thúc"))
                let ran = try await indicators.send(
                    app,
                    .POST,
                    "/api/v1/ioc/analysis",
                    Run(month: "2026-08"),
                    token: admin
                )
                #expect(ran.status == .created)
                let report = try ran.content.decode(AnalysisReport.self)
                let commune = report.findings.filter { $0.unitCode == "14797" }
                // Three bad months do not bend the robust 12-month trend (nine months at 95 %): no forecast miss.
                #expect(Set(commune.map(\.kind)) == [.anomaly, .worsening, .offTarget])
                #expect(commune.first { $0.kind == .offTarget }?.figures["gap"] == 12)
                // The province sums its communes: the same fall, but it has no target.
                #expect(Set(report.findings.filter { $0.unitCode == "38" }.map(\.kind)) == [.anomaly, .worsening])
                let ids = Set(report.findings.map(\.id))
                #expect(
                    report.recommendations.allSatisfy { !$0.findings.isEmpty && $0.findings.allSatisfy(ids.contains) }
                )
                #expect(
                    report.recommendations.contains {
                        $0.text.hasSuffix(
                            "Đề nghị UBND Phường Hạc Thành rà soát nguyên nhân diễn biến xấu liên tục và báo cáo giải pháp khắc phục trong tháng tới."
                        )
                    }
                )

                // The commune's officer reads only the commune's part.
                let theirs = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/ioc/analysis/\(report.id)",
                    headers: bearer(officer)
                )
                .content.decode(AnalysisReport.self)
                #expect(Set(theirs.findings.map(\.unitCode)) == ["14797"] && !theirs.recommendations.isEmpty)

                let browser = Browser(app)
                try await browser.login("can.bo")
                #expect(try await browser.get("/ioc/analysis").body.string.contains("/ioc/analysis/\(report.id)"))
                let page = try await browser.get("/ioc/analysis/\(report.id)").body.string
                #expect(
                    page.contains("Phường Hạc Thành") && page.contains("href=\"#F")
                        && !page.contains("Tỉnh Thanh Hóa (38)")
                )
                // Each recommendation links to its findings and to the data behind them.
                #expect(page.contains("href=\"/ioc/series?dx=ty_le_dung_han&amp;ou=14797&amp;pe=202608\""))
                let pdf = try await browser.get("/ioc/analysis/\(report.id)/pdf")
                if PDFPrinter.executable != nil {
                    #expect(pdf.status == .ok && pdf.body.readableBytesView.starts(with: Array("%PDF".utf8)))
                    #expect(pdf.headers.contentType == HTTPMediaType(type: "application", subType: "pdf"))
                } else {
                    #expect(pdf.status == .notFound && pdf.body.string.contains("chromium"))
                }
                let series = try await browser.get("/ioc/series?dx=ty_le_dung_han&ou=14797&pe=202608").body.string
                #expect(series.contains("<svg") && series.contains("Mục tiêu 90,0") && series.contains("78,0"))
                #expect(try await browser.get("/ioc/series?dx=ty_le_dung_han&ou=38&pe=202608").status == .forbidden)
            }
        }

        @Test("Weak DTI indices: against the province at the rank target, else against the mean of the ranked")
        func dtiStandings() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                let repository = SQLDTIRepository(db: app.db)
                let framework = DTIFramework.qd922
                for (code, name, points) in [("38", "Tỉnh Thanh Hóa", 60.0), ("40", "Tỉnh Nghệ An", 80.0)] {
                    var assessment = DTIAssessment(
                        framework: framework.code,
                        year: 2026,
                        unitCode: code,
                        unitName: name
                    )
                    let inputs = Dictionary(
                        uniqueKeysWithValues: framework.indices.filter { $0.maxPoints > 0 }.map {
                            ($0.code, $0.maxPoints * points / 100)
                        }
                    )
                    assessment.selfInputs = inputs
                    assessment.appraisedInputs = inputs
                    assessment.stage = .final
                    try await repository.save(assessment)
                }
                let dti = try await app.services.dti(on: app.db)
                let targeted = try await dti.standings(unitCode: "38", through: 2026, rankTarget: 1)
                #expect(targeted.count == 8 && targeted.allSatisfy { $0.reference == "Tỉnh Nghệ An, hạng 1" })
                #expect(targeted.allSatisfy { abs($0.mean - 0.8) < 1e-9 && abs($0.value - 0.6) < 1e-9 })
                let mean = try await dti.standings(unitCode: "38", through: 2026)
                #expect(mean.allSatisfy { $0.reference == nil && abs($0.mean - 0.7) < 1e-9 })
                let analyser = MonthlyAnalyser(
                    month: Period("202608")!,
                    provinceCode: "38",
                    provinceName: "Tỉnh Thanh Hóa"
                )
                let finding = try #require(analyser.findings(series: [], reporting: [], indices: targeted).first)
                #expect(
                    finding.statement.contains("thấp hơn mục tiêu xếp hạng (Tỉnh Nghệ An, hạng 1) (0,8000) là 0,2000")
                )
            }
        }
    }
}
