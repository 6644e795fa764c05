import Core
import CoreTestSupport
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("DTI evidence and rank history")
    struct DTIEvidenceTests {
        static let pdf = Data("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".utf8)

        func upload(_ app: Application, _ data: Data, type: String, token: String) async throws
            -> TestingHTTPResponse
        {
            let (headers, body) = Multipart.encode(
                [:],
                file: (name: "file", filename: "mc.pdf", type: type, data: data)
            )
            var all = headers
            all.add(contentsOf: bearer(token))
            return try await app.testing().sendRequest(.POST, "/api/v1/dti/evidence", headers: all, body: body)
        }

        @Test("Evidence files: officers upload by API or page, list them in the self-assessment and read them back")
        func evidence() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "qt.tinh", role: .provinceAdmin, on: "38", descendants: true)
                try await makeUser(app, "can.bo", role: .officer, on: "14797")
                try await makeUser(app, "ioc", role: .iocViewer, on: "38", descendants: true)
                try await makeUser(app, "nghe.an", role: .officer, on: "16681")
                let admin = try await apiToken(app, "qt.tinh")
                let officer = try await apiToken(app, "can.bo")
                let saved = try await app.testing().sendRequest(.PUT, "/api/v1/dti/frameworks", headers: bearer(admin))
                {
                    try $0.content.encode(DTIApiTests.communes)
                }
                #expect(saved.status == .ok)

                // API: a PDF is stored by content; a text file and a viewer's upload are refused.
                let stored = try await upload(app, Self.pdf, type: "application/pdf", token: officer)
                let reference = try stored.content.decode(DTIController.EvidenceDTO.self).reference
                #expect(reference.hasPrefix("tep:") && reference.hasSuffix(".pdf") && reference.count == 72)
                let text = try await upload(app, Data("bien ban".utf8), type: "application/pdf", token: officer)
                #expect(text.status == .unsupportedMediaType)
                #expect(
                    try await upload(app, Self.pdf, type: "application/pdf", token: try await apiToken(app, "ioc"))
                        .status == .forbidden
                )

                // A self-assessment may list the uploaded file, not a file never uploaded or a malformed reference.
                let start = try await app.testing().sendRequest(
                    .POST,
                    "/api/v1/dti/assessments",
                    headers: bearer(officer)
                ) {
                    try $0.content.encode(DTIController.StartInput(framework: "xa-2026", year: 2026, unit: "14797"))
                }
                let id = try start.content.decode(DTIController.AssessmentDTO.self).assessment.id
                func assess(_ evidence: [String]) async throws -> HTTPStatus {
                    try await app.testing().sendRequest(
                        .POST,
                        "/api/v1/dti/assessments/\(id)/actions",
                        headers: bearer(officer)
                    ) {
                        try $0.content.encode(
                            DTIController.ActionInput(
                                action: "selfAssess",
                                inputs: ["CQS.2": 1],
                                evidence: ["CQS.2": evidence]
                            )
                        )
                    }.status
                }
                #expect(try await assess(["tep:" + String(repeating: "0", count: 64) + ".pdf"]) == .unprocessableEntity)
                #expect(try await assess(["tep:abc.pdf"]) == .unprocessableEntity)
                #expect(try await assess([reference, "KH 12/KH-UBND"]) == .ok)
                let name = String(reference.dropFirst(4))
                let file = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/dti/evidence/\(name)",
                    headers: bearer(officer)
                )
                #expect(file.status == .ok && Data(file.body.readableBytesView) == Self.pdf)
                #expect(file.headers.contentType == HTTPMediaType(type: "application", subType: "pdf"))

                // The page: the officer adds a PNG to another input, then saves scores typed the Vietnamese way.
                let browser = Browser(app)
                try await browser.login("can.bo")
                let page = try await browser.get("/dti?framework=xa-2026&year=2026&ou=14797")
                #expect(
                    page.body.string.contains("/dti/evidence/\(name)") && page.body.string.contains("KH 12/KH-UBND")
                )
                let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 7, count: 64)
                let fields = ["framework": "xa-2026", "year": "2026", "ou": "14797", "key": "CQS.1"]
                let sent = try await browser.postMultipart(
                    "/dti/evidence",
                    fields,
                    file: (name: "file", filename: "anh.png", type: "image/png", data: png)
                )
                #expect(sent.status == .seeOther)
                let after = try await browser.get("/dti?framework=xa-2026&year=2026&ou=14797").body.string
                let pngLink = try #require(
                    after.range(of: "/dti/evidence/[0-9a-f]{64}\\.png", options: .regularExpression)
                )
                #expect(try await browser.get(String(after[pngLink])).status == .ok)
                let form = [
                    "framework": "xa-2026", "year": "2026", "ou": "14797", "v_CQS.1": "0,6", "v_CQS.2": "1",
                    "v_XHS.1": "25",
                    "e_CQS.1": String(after[pngLink]).replacingOccurrences(of: "/dti/evidence/", with: "tep:"),
                    "e_CQS.2": "\(reference)\nhttps://thanhhoa.gov.vn/kh-12",
                ]
                #expect(try await browser.post("/dti/self-assessment", form).status == .seeOther)
                let assessment = try #require(try await SQLDTIRepository(db: app.db).assessment(id))
                #expect(assessment.selfInputs == ["CQS.1": 0.6, "CQS.2": 1, "XHS.1": 25])
                #expect(assessment.evidence["CQS.2"] == [reference, "https://thanhhoa.gov.vn/kh-12"])
                #expect(assessment.evidence["CQS.1"]?.first?.hasSuffix(".png") == true)
                try await browser.get("/dti?framework=xa-2026&year=2026&ou=14797")  // a fresh form token
                var bad = form
                bad["v_XHS.1"] = "hai mươi"
                let refused = try await browser.post("/dti/self-assessment", bad)
                #expect(
                    refused.status == .unprocessableEntity && refused.body.string.contains("role=\"alert\"")
                        && refused.body.string.contains("name=\"v_CQS.1\" value=\"0,6\"")
                )

                // An officer of another province may not touch it, nor may a visitor read the files.
                let stranger = Browser(app)
                try await stranger.login("nghe.an")
                try await stranger.get("/dti?framework=xa-2026&year=2026&ou=14797")
                #expect(try await stranger.post("/dti/self-assessment", form).status == .forbidden)
                #expect(try await Browser(app).get("/dti/evidence/\(name)").status != .ok)
            }
        }

        @Test("Rank history follows merge links back to the legacy province; a year ranked on the platform wins")
        func history() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "qt.tinh", role: .provinceAdmin, on: "38", descendants: true)
                try await makeUser(app, "qt.ht", role: .systemAdmin, on: nil)
                try await makeUser(app, "can.bo", role: .officer, on: "14797")
                let admin = try await apiToken(app, "qt.tinh")
                let system = try await apiToken(app, "qt.ht")
                func rank(_ year: Int, _ rank: Int, _ total: Double?) -> DTIPublishedRank {
                    DTIPublishedRank(
                        framework: "922-2022",
                        year: year,
                        unitCode: "38",
                        unitName: "Tỉnh Thanh Hóa",
                        rank: rank,
                        total: total,
                        source: "báo chí \(year)"
                    )
                }
                func publish(_ rows: [DTIPublishedRank], _ token: String) async throws -> TestingHTTPResponse {
                    try await app.testing().sendRequest(.PUT, "/api/v1/dti/published-ranks", headers: bearer(token)) {
                        try $0.content.encode(rows)
                    }
                }
                let rows = [rank(2021, 12, 0.4880), rank(2022, 15, nil), rank(2023, 11, nil)]
                #expect(try await publish(rows, try await apiToken(app, "can.bo")).status == .forbidden)
                let wrong = try await publish([rows[0], rank(2022, 0, nil)], admin)
                #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("Dòng 2"))
                #expect(try await publish(rows, admin).status == .ok)

                // 2023 is assessed on the platform: the legacy province, index points, through to final.
                let start = try await app.testing().sendRequest(
                    .POST,
                    "/api/v1/dti/assessments",
                    headers: bearer(system)
                ) {
                    try $0.content.encode(DTIController.StartInput(framework: "922-2022", year: 2023, unit: "38"))
                }
                let id = try start.content.decode(DTIController.AssessmentDTO.self).assessment.id
                let points = [
                    "NTS": 90.0, "TCS": 80, "HTS": 70, "NLS": 60, "ATTT": 50, "HDCQS": 150, "HDKTS": 90, "HDXHS": 80,
                ]
                for action in [
                    DTIController.ActionInput(action: "selfAssess", inputs: points), .init(action: "submit"),
                    .init(action: "appraise", inputs: points), .init(action: "finalize"),
                ] {
                    let done = try await app.testing().sendRequest(
                        .POST,
                        "/api/v1/dti/assessments/\(id)/actions",
                        headers: bearer(system)
                    ) { try $0.content.encode(action) }
                    #expect(done.status == .ok)
                }
                let history = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/dti/history?ou=38",
                    headers: bearer(admin)
                )
                .content.decode([DTIHistoryEntry].self)
                #expect(history.map(\.year) == [2021, 2022, 2023] && history.map(\.rank) == [12, 15, 1])
                #expect(history[0].total == 0.4880 && history[0].source == "báo chí 2021")
                #expect(history[2].source.isEmpty && history[2].of == 1 && history[2].total == 0.67)
                let csv = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/dti/history?ou=38&format=csv",
                    headers: bearer(admin)
                )
                #expect(csv.body.string.hasPrefix("\u{FEFF}Năm,") && csv.body.string.contains("0,4880"))

                let browser = Browser(app)
                try await browser.login("qt.tinh")
                let page = try await browser.get("/dti?framework=922-2022&year=2023&ou=38").body.string
                #expect(page.contains("Biểu đồ radar") && page.contains("báo chí 2022") && page.contains("1/1"))
                #expect(try await browser.get("/dti/history?ou=38&format=csv").body.string.contains("Tỉnh Thanh Hóa"))
            }
        }
    }
}
