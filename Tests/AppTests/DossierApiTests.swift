import Core
import CoreTestSupport
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("One-stop dossiers API")
    struct DossierApiTests {
        static let birth = ProcedureFixtures.birth

        static let applicant = Applicant(
            name: "Lê Văn An",
            idNumber: "038090001234",
            phone: "0912345678",
            address: "Số 1 Lê Lợi",
            communeCode: "14797"
        )

        func send<T: Content>(_ app: Application, _ method: HTTPMethod, _ path: String, _ body: T, token: String)
            async throws -> TestingHTTPResponse
        {
            try await app.testing().sendRequest(method, path, headers: bearer(token)) { req in
                try req.content.encode(body, as: .json)
            }
        }

        func file(_ app: Application, token: String, desk: String? = "14758", components: [String]? = nil)
            async throws -> TestingHTTPResponse
        {
            try await send(
                app,
                .POST,
                "/api/v1/dossiers",
                NewDossierDTO(
                    procedureCode: "1.001193",
                    channel: desk == nil ? 2 : 1,
                    applicant: Self.applicant,
                    components: components ?? ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"],
                    deskCode: desk
                ),
                token: token
            )
        }

        /// Units, a province admin who loads the catalogue, and desk / handling officers.
        func setUp(_ app: Application) async throws -> (admin: String, desk: String, handler: String) {
            try await UnitsFixture.load(app)
            try await makeUser(app, "qt.tinh", role: .provinceAdmin, on: "38", descendants: true)
            try await makeUser(app, "mot.cua", role: .officer, on: "14758")
            try await makeUser(app, "can.bo", role: .officer, on: "14797")
            let admin = try await apiToken(app, "qt.tinh")
            #expect(try await send(app, .PUT, "/api/v1/procedures", [Self.birth], token: admin).status == .ok)
            return (admin, try await apiToken(app, "mot.cua"), try await apiToken(app, "can.bo"))
        }

        @Test("The catalogue: JSON in, CSV out and back in; only administrators edit it; bad entries refused")
        func catalogue() async throws {
            try await withTestApp { app in
                let (admin, desk, _) = try await setUp(app)
                #expect(try await send(app, .PUT, "/api/v1/procedures", [Self.birth], token: desk).status == .forbidden)
                var wrong = Self.birth
                wrong.steps[0].budget = .days(2)
                let refused = try await send(app, .PUT, "/api/v1/procedures", [wrong], token: admin)
                #expect(
                    refused.status == .unprocessableEntity && refused.body.string.contains("tổng thời gian các bước")
                )
                let csv = try await app.testing().sendRequest(.GET, "/api/v1/procedures?format=csv")
                #expect(csv.body.string.contains("1.001193,Đăng ký khai sinh,Hộ tịch,commune"))
                let back = try await app.testing().sendRequest(
                    .PUT,
                    "/api/v1/procedures",
                    headers: ["Authorization": "Bearer \(admin)", "Content-Type": "text/csv"],
                    body: ByteBuffer(string: csv.body.string)
                )
                #expect(back.status == .ok)
                #expect(try back.content.decode([Procedure].self) == [Self.birth])
            }
        }

        @Test("Filed at another commune's desk, handled by the applicant's commune, through to a posted result")
        func lifecycle() async throws {
            try await withTestApp { app in
                let (_, desk, handler) = try await setUp(app)
                let created = try await file(app, token: desk)
                #expect(created.status == .created)
                let dossier = try created.content.decode(DossierDTO.self)
                #expect(dossier.code == "14758-260921-0001" && dossier.status == 2)
                #expect(dossier.handlingUnitID == (try await UnitsFixture.unit(app, "14797")).id.rawValue)
                // Received Monday 21:13, after the 15:00 cut-off: three whole working days from Tuesday.
                #expect(dossier.appointmentAt == CivilDate(iso: "2026-09-24")!.instant(atSecond: 17 * 3600))
                let path = "/api/v1/dossiers/\(dossier.code)"
                func act(_ body: DossierActionDTO, _ token: String) async throws -> TestingHTTPResponse {
                    try await send(app, .POST, path + "/actions", body, token: token)
                }
                #expect(try await act(DossierActionDTO(action: "startProcessing"), handler).status == .ok)
                #expect(try await act(DossierActionDTO(action: "resolve"), desk).status == .forbidden)
                #expect(
                    try await act(DossierActionDTO(action: "requestSupplement"), handler).status == .unprocessableEntity
                )
                #expect(
                    try await act(DossierActionDTO(action: "requestSupplement", note: "Thiếu giấy chứng sinh"), handler)
                        .status == .ok
                )
                #expect(try await act(DossierActionDTO(action: "supplement"), desk).status == .ok)
                let extended = try await send(
                    app,
                    .POST,
                    path + "/extension",
                    ExtensionDTO(
                        newDueAt: CivilDate(iso: "2026-09-30")!.instant(atSecond: 17 * 3600),
                        reason: "Cần xác minh"
                    ),
                    token: handler
                )
                #expect(extended.status == .ok)
                #expect(try await act(DossierActionDTO(action: "resolve"), handler).status == .ok)
                let post = DossierActionDTO.Delivery(kind: "post", reference: "EL123456789VN")
                let returned = try await act(DossierActionDTO(action: "returnResult", delivery: post), desk)
                #expect(returned.status == .ok)
                let final = try returned.content.decode(DossierDTO.self)
                #expect(final.status == 10 && final.delivery == "post:EL123456789VN" && final.supplementRequests == 1)
                #expect(
                    final.events.map(\.action) == [
                        "file", "receive", "startProcessing", "requestSupplement", "supplement", "extend", "resolve",
                        "returnResult",
                    ]
                )
                #expect(try await act(DossierActionDTO(action: "withdraw"), desk).status == .conflict)

                let lookup = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/public/dossiers/\(dossier.code)?phone=0912.345.678"
                )
                let view = try lookup.content.decode(PublicDossierDTO.self)
                #expect(view.applicantName == "L* V** A*" && view.statusLabel == "Đã trả kết quả")
                // One step per change of status, in order (the extension changes none).
                let steps: [DossierStatus] = [
                    .registered, .received, .processing, .awaitingSupplement, .processing, .resolved, .returned,
                ]
                #expect(view.history.map(\.statusLabel) == steps.map(\.label))
                #expect(view.history.map(\.at) == view.history.map(\.at).sorted())
                #expect(!lookup.body.string.contains("038090001234"))
                let wrong = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/public/dossiers/\(dossier.code)?phone=0999999999"
                )
                #expect(wrong.status == .notFound)
                #expect(try await app.testing().sendRequest(.GET, path).status == .unauthorized)
            }
        }

        @Test("Bad filings: missing documents, unknown procedure, a desk outside the province, a bad channel")
        func badInput() async throws {
            try await withTestApp { app in
                let (_, desk, _) = try await setUp(app)
                let missing = try await file(app, token: desk, components: ["Tờ khai đăng ký khai sinh"])
                #expect(missing.status == .unprocessableEntity && missing.body.string.contains("Giấy chứng sinh"))
                let outside = try await file(app, token: desk, desk: "16681")
                #expect(outside.status == .unprocessableEntity)
                var unknown = NewDossierDTO(procedureCode: "9.9", channel: 1, applicant: Self.applicant, components: [])
                unknown.deskCode = "14758"
                let noProcedure = try await send(app, .POST, "/api/v1/dossiers", unknown, token: desk)
                #expect(
                    noProcedure.status == .unprocessableEntity && noProcedure.body.string.contains("unknown_procedure")
                )
                var channel = unknown
                channel.procedureCode = "1.001193"
                channel.channel = 9
                #expect(
                    try await send(app, .POST, "/api/v1/dossiers", channel, token: desk).status == .unprocessableEntity
                )
            }
        }

        @Test("Parallel receipts at one desk get consecutive codes with no gap and no repeat")
        func concurrentCodes() async throws {
            try await withTestApp { app in
                let (_, desk, _) = try await setUp(app)
                let codes = try await withThrowingTaskGroup(of: String.self) { group in
                    for _ in 0..<16 {
                        group.addTask {
                            let response = try await file(app, token: desk)
                            #expect(response.status == .created, "\(response.body.string)")
                            return try response.content.decode(DossierDTO.self).code
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(codes.sorted() == (1...16).map { String(format: "14758-260921-%04d", $0) })
            }
        }

        @Test("The 766 endpoint scores a unit and period and lists the late dossiers; bad periods are refused")
        func index() async throws {
            try await withTestApp { app in
                let (_, desk, handler) = try await setUp(app)
                let open = try await file(app, token: desk).content.decode(DossierDTO.self)
                let done = try await file(app, token: desk).content.decode(DossierDTO.self)
                for action in ["startProcessing", "resolve"] {
                    let response = try await send(
                        app,
                        .POST,
                        "/api/v1/dossiers/\(done.code)/actions",
                        DossierActionDTO(action: action),
                        token: handler
                    )
                    #expect(response.status == .ok)
                }
                // Q3 ends 30/09: the open dossier is past its appointment (24/09) by then, the other ended in time.
                let response = try await app.testing().sendRequest(.GET, "/api/v1/indicators/766?unit=38&period=2026Q3")
                #expect(response.status == .ok)
                let report = try response.content.decode(Index766DTO.self)
                #expect(
                    report.inputs.dossiersCounted == 2 && report.inputs.dossiersOnTime == 1
                        && report.late == [open.code]
                )
                #expect(report.report.indicators.first { $0.id == "2.1" }?.points == 10)
                #expect(report.report.indicators.first { $0.id == "1.3" }?.points == 2)
                let commune = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/indicators/766?unit=14758&period=2026Q3"
                )
                #expect(try commune.content.decode(Index766DTO.self).inputs.dossiersCounted == 0)
                let bad = try await app.testing().sendRequest(.GET, "/api/v1/indicators/766?unit=38&period=2026Q9")
                #expect(bad.status == .badRequest)
            }
        }

        @Test("The desk returns the result as a PDF (checked by content), the applicant's officers download it")
        func electronicResult() async throws {
            try await withTestApp { app in
                let (_, desk, handler) = try await setUp(app)
                let code = try await file(app, token: desk).content.decode(DossierDTO.self).code
                for action in ["startProcessing", "resolve"] {
                    let response = try await send(
                        app,
                        .POST,
                        "/api/v1/dossiers/\(code)/actions",
                        DossierActionDTO(action: action),
                        token: handler
                    )
                    #expect(response.status == .ok)
                }
                func upload(_ data: Data, _ name: String) async throws -> TestingHTTPResponse {
                    let (headers, body) = Multipart.encode(
                        [:],
                        file: (name: "file", filename: name, type: "application/pdf", data: data)
                    )
                    var all = headers
                    all.add(name: .authorization, value: "Bearer \(desk)")
                    return try await app.testing().sendRequest(
                        .POST,
                        "/api/v1/dossiers/\(code)/result",
                        headers: all,
                        body: body
                    )
                }
                #expect(try await upload(Data("not a pdf".utf8), "ket-qua.pdf").status == .unsupportedMediaType)
                let pdf = Data("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".utf8)
                let returned = try await upload(pdf, "ket-qua.pdf")
                #expect(returned.status == .ok)
                let dto = try returned.content.decode(DossierDTO.self)
                #expect(dto.status == 10 && dto.delivery?.hasPrefix("electronic:") == true)
                let download = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/dossiers/\(code)/result",
                    headers: bearer(handler)
                )
                #expect(download.status == .ok && download.headers.contentType == .pdf)
                #expect(Data(download.body.readableBytesView) == pdf)
                #expect(
                    try await app.testing().sendRequest(.GET, "/api/v1/dossiers/\(code)/result").status == .unauthorized
                )
                let index = try await app.testing().sendRequest(.GET, "/api/v1/indicators/766?unit=38&period=2026Q3")
                #expect(try index.content.decode(Index766DTO.self).inputs.dossiersElectronicResult == 1)
            }
        }

        @Test("Online: the citizen files and rates the result once; the desk records the postal delivery")
        func ratingAndDelivery() async throws {
            try await withTestApp { app in
                let (_, _, handler) = try await setUp(app)
                try await makeUser(app, "cong.dan", role: .citizen, on: nil)
                let citizen = try await apiToken(app, "cong.dan")
                let created = try await file(app, token: citizen, desk: nil)
                #expect(created.status == .created)
                let code = try created.content.decode(DossierDTO.self).code
                #expect(code.hasPrefix("14797-260921-"))
                func act(_ body: DossierActionDTO, _ token: String) async throws -> HTTPStatus {
                    let response = try await send(app, .POST, "/api/v1/dossiers/\(code)/actions", body, token: token)
                    return response.status
                }
                #expect(try await act(DossierActionDTO(action: "receive"), handler) == .ok)
                #expect(try await act(DossierActionDTO(action: "startProcessing"), handler) == .ok)
                #expect(try await act(DossierActionDTO(action: "resolve"), handler) == .ok)
                struct Rating: Content { let satisfied: Bool }
                struct Delivery: Content { let deliveredAt: Date }
                let early = try await send(
                    app,
                    .POST,
                    "/api/v1/dossiers/\(code)/rating",
                    Rating(satisfied: false),
                    token: citizen
                )
                #expect(early.status == .conflict)  // nothing returned yet
                let post = DossierActionDTO.Delivery(kind: "post", reference: "EL123456789VN")
                #expect(try await act(DossierActionDTO(action: "returnResult", delivery: post), handler) == .ok)
                let future = Delivery(deliveredAt: TestEnvironment.now.addingTimeInterval(86_400))
                #expect(
                    try await send(app, .POST, "/api/v1/dossiers/\(code)/delivery", future, token: handler).status
                        == .unprocessableEntity
                )
                let delivered = try await send(
                    app,
                    .POST,
                    "/api/v1/dossiers/\(code)/delivery",
                    Delivery(deliveredAt: TestEnvironment.now),
                    token: handler
                )
                #expect(delivered.status == .ok)
                #expect(try delivered.content.decode(DossierDTO.self).deliveredAt == TestEnvironment.now)
                #expect(
                    try await send(
                        app,
                        .POST,
                        "/api/v1/dossiers/\(code)/rating",
                        Rating(satisfied: false),
                        token: handler
                    ).status == .forbidden
                )
                let rated = try await send(
                    app,
                    .POST,
                    "/api/v1/dossiers/\(code)/rating",
                    Rating(satisfied: false),
                    token: citizen
                )
                #expect(rated.status == .ok)
                #expect(try rated.content.decode(DossierDTO.self).satisfied == false)
                #expect(
                    try await send(
                        app,
                        .POST,
                        "/api/v1/dossiers/\(code)/rating",
                        Rating(satisfied: true),
                        token: citizen
                    ).status == .conflict
                )
                let index = try await app.testing().sendRequest(.GET, "/api/v1/indicators/766?unit=38&period=2026Q3")
                #expect(try index.content.decode(Index766DTO.self).inputs.dossiersUnsatisfied == 1)

                // A citizen report may name a dossier: 5.4 counts each dossier with a complaint or a dislike once.
                let second = try await file(app, token: citizen, desk: nil).content.decode(DossierDTO.self).code
                let received = try await send(
                    app,
                    .POST,
                    "/api/v1/dossiers/\(second)/actions",
                    DossierActionDTO(action: "receive"),
                    token: handler
                )
                #expect(received.status == .ok)
                func complain(about dossier: String) async throws -> TestingHTTPResponse {
                    var report = NewFeedbackDTO(
                        category: "tthc",
                        description: "Cán bộ yêu cầu nộp thêm giấy tờ không có trong quy định",
                        lat: 19.8030,
                        lon: 105.7890,
                        urgent: nil
                    )
                    report.dossierCode = dossier
                    return try await send(app, .POST, "/api/v1/feedback", report, token: citizen)
                }
                let unknown = try await complain(about: "14797-260921-9999")
                #expect(unknown.status == .unprocessableEntity && unknown.body.string.contains("dossierCode"))
                #expect(try await complain(about: "not a code").status == .unprocessableEntity)
                let filed = try await complain(about: second.lowercased())
                #expect(filed.status == .created)
                #expect(try filed.content.decode(FeedbackController.Submitted.self).feedback.dossierCode == second)
                #expect(try await complain(about: code).status == .created)  // already disliked: still one
                let after = try await app.testing().sendRequest(.GET, "/api/v1/indicators/766?unit=38&period=2026Q3")
                #expect(try after.content.decode(Index766DTO.self).inputs.dossiersUnsatisfied == 2)
            }
        }
    }
}
