import Core
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("Documents: approval chain, exchange with receipts, signatures shown and checked, edXML, statistics")
    struct DocumentApiTests {
        let sharing = DataSharingTests()
        var dossiers: DossierApiTests { sharing.dossiers }

        struct People {
            let tokens: DataSharingTests.Tokens
            let drafter: String
            let head: String
            let leader: String
            let clerk: String
            let wardClerk: String
        }

        /// The Sở Y tế with a drafter, a head of department, a leader and a clerk; the ward's clerk-and-leader; a
        /// platform CA with the agency's seal and the leader's personal certificate.
        func setUp(_ app: Application) async throws -> People {
            let tokens = try await sharing.setUp(app)
            for name in ["truong.phong", "lanh.dao", "van.thu"] {
                try await makeUser(app, name, role: .officer, on: "38.SYT")
            }
            try await makeUser(app, "vt.hacthanh", role: .officer, on: "14797")
            for (name, role) in [("truong.phong", DocumentRole.head), ("lanh.dao", .leader), ("van.thu", .clerk)] {
                let granted = try await dossiers.send(
                    app,
                    .POST,
                    "/api/v1/documents/roles",
                    DocumentController.RoleInput(unitCode: "38.SYT", username: name, role: role),
                    token: tokens.health
                )
                #expect(granted.status == .created)
            }
            for role in [DocumentRole.clerk, .leader] {
                _ = try await dossiers.send(
                    app,
                    .POST,
                    "/api/v1/documents/roles",
                    DocumentController.RoleInput(unitCode: "14797", username: "vt.hacthanh", role: role),
                    token: tokens.admin
                )
            }
            // An officer may not hand out document roles.
            let refused = try await dossiers.send(
                app,
                .POST,
                "/api/v1/documents/roles",
                DocumentController.RoleInput(unitCode: "38.SYT", username: "cv.syt", role: .leader),
                token: tokens.officer
            )
            #expect(refused.status == .forbidden)
            #expect(
                try await dossiers.send(
                    app,
                    .POST,
                    "/api/v1/signatures/ca",
                    ["name": "CA thử nghiệm"],
                    token: tokens.admin
                ).status == .created
            )
            #expect(
                try await dossiers.send(
                    app,
                    .POST,
                    "/api/v1/signatures/ca",
                    ["name": "Không được"],
                    token: tokens.health
                ).status == .forbidden
            )
            let seal = SignatureController.IssueInput(role: "agency", unitCode: "38.SYT")
            #expect(
                try await dossiers.send(app, .POST, "/api/v1/signatures/certificates", seal, token: tokens.health)
                    .status == .created
            )
            let personal = SignatureController.IssueInput(role: "personal", unitCode: "38.SYT", username: "lanh.dao")
            #expect(
                try await dossiers.send(app, .POST, "/api/v1/signatures/certificates", personal, token: tokens.health)
                    .status == .created
            )
            return People(
                tokens: tokens,
                drafter: tokens.officer,
                head: try await apiToken(app, "truong.phong"),
                leader: try await apiToken(app, "lanh.dao"),
                clerk: try await apiToken(app, "van.thu"),
                wardClerk: try await apiToken(app, "vt.hacthanh")
            )
        }

        func draft(_ app: Application, _ people: People, confidentiality: Confidentiality = .normal) async throws
            -> Document
        {
            let response = try await dossiers.send(
                app,
                .POST,
                "/api/v1/documents",
                DocumentDesk.NewDocument(
                    direction: .outgoing,
                    unitCode: "38.SYT",
                    type: .congVan,
                    subject: "Về việc triển khai chữ ký số trong ngành y tế",
                    confidentiality: confidentiality,
                    recipients: ["14797"],
                    department: "vp"
                ),
                token: people.drafter
            )
            #expect(response.status == .created)
            return try response.content.decode(Document.self)
        }

        func act(_ app: Application, _ id: Document.ID, _ action: DocumentAction, _ token: String) async throws
            -> TestingHTTPResponse
        {
            try await dossiers.send(
                app,
                .POST,
                "/api/v1/documents/\(id)/actions/\(action.rawValue)",
                ["note": "ok"],
                token: token
            )
        }

        func upload(_ app: Application, _ id: Document.ID, _ bytes: Data, token: String) async throws
            -> TestingHTTPResponse
        {
            try await app.testing().sendRequest(
                .POST,
                "/api/v1/documents/\(id)/files?name=../cong-van.pdf",
                headers: bearer(token)
            ) {
                req in
                req.headers.contentType = HTTPMediaType(type: "application", subType: "pdf")
                req.body = ByteBuffer(bytes: Array(bytes))
            }
        }

        @Test("Drafter → head → leader → clerk: each step only by its role, signed, numbered, delivered and registered")
        func approvalChainAndExchange() async throws {
            try await withTestApp { app in
                let people = try await setUp(app)
                let document = try await draft(app, people)
                #expect(document.state == .draft)
                // Forbidden steps: the head before submission, the drafter approving, a stranger reading.
                #expect(try await act(app, document.id, .approve, people.head).status == .conflict)
                #expect(try await act(app, document.id, .submit, people.head).status == .forbidden)
                let pdf = DemoPDF.make(lines: ["Cong van thu nghiem"])
                #expect(
                    try await upload(app, document.id, Data("not a pdf".utf8), token: people.drafter).status
                        == .unprocessableEntity
                )
                let uploaded = try await upload(app, document.id, pdf, token: people.drafter)
                #expect(uploaded.status == .created)
                let file = try uploaded.content.decode(DocumentStore.File.self)
                #expect(file.name == "cong-van.pdf")
                #expect(try await act(app, document.id, .submit, people.drafter).status == .ok)
                #expect(try await act(app, document.id, .approve, people.drafter).status == .forbidden)
                #expect(try await act(app, document.id, .approve, people.leader).status == .forbidden)
                #expect(try await act(app, document.id, .approve, people.head).status == .ok)
                let sign = "/api/v1/documents/\(document.id)/files/\(file.id)/sign"
                // The seal waits for approval; the leader signs personally, then approves.
                #expect(
                    try await dossiers.send(app, .POST, sign, ["kind": "agency"], token: people.clerk).status
                        == .forbidden
                )
                #expect(
                    try await dossiers.send(app, .POST, sign, ["kind": "personal"], token: people.leader).status
                        == .created
                )
                #expect(try await act(app, document.id, .approve, people.leader).status == .ok)
                #expect(
                    try await dossiers.send(app, .POST, sign, ["kind": "agency"], token: people.clerk).status
                        == .created
                )
                #expect(try await act(app, document.id, .issue, people.leader).status == .forbidden)
                let issued = try await act(app, document.id, .issue, people.clerk)
                #expect(issued.status == .ok)
                let sent = try issued.content.decode(Document.self)
                #expect(sent.reference == "01/SYT-VP")
                #expect(sent.receipts["14797"]?.latest == .delivered)
                #expect(try await act(app, document.id, .returnForRevision, people.leader).status == .conflict)

                // The ward received a copy with the file and both signatures, and checks them.
                let inbox = try await dossiers.send(
                    app,
                    .GET,
                    "/api/v1/documents?unit=14797&direction=incoming",
                    [String: String](),
                    token: people.wardClerk
                )
                let copies = try inbox.content.decode([Document].self)
                #expect(copies.count == 1)
                let copy = try #require(copies.first)
                #expect(
                    copy.reference == "01/SYT-VP" && copy.state == .received && copy.source?.documentID == document.id
                )
                let shown = try await dossiers.send(
                    app,
                    .GET,
                    "/api/v1/documents/\(copy.id)",
                    [String: String](),
                    token: people.wardClerk
                )
                let view = try shown.content.decode(DocumentController.DocumentView.self)
                #expect(
                    view.files.first?.signatures.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [
                        .agency, .personal,
                    ]
                )
                #expect(view.files.first?.signatures.allSatisfy(\.valid) == true)
                #expect(view.actions == [.register])
                // The stranger from another province sees nothing.
                #expect(
                    try await dossiers.send(
                        app,
                        .GET,
                        "/api/v1/documents/\(copy.id)",
                        [String: String](),
                        token: people.tokens.stranger
                    ).status == .forbidden
                )

                let register = try await dossiers.send(
                    app,
                    .GET,
                    "/api/v1/documents?unit=14797&format=csv",
                    [String: String](),
                    token: people.wardClerk
                )
                #expect(register.headers.contentType?.subType == "csv")
                #expect(register.body.string.contains("01/SYT-VP") && register.body.string.contains("Mới đến"))
                let badFilter = try await dossiers.send(
                    app,
                    .GET,
                    "/api/v1/documents?unit=14797&direction=sideways",
                    [String: String](),
                    token: people.wardClerk
                )
                #expect(badFilter.status == .unprocessableEntity)

                let registered = try await act(app, copy.id, .register, people.wardClerk)
                #expect(try registered.content.decode(Document.self).bookNumber == 1)
                let source = try await dossiers.send(
                    app,
                    .GET,
                    "/api/v1/documents/\(document.id)",
                    [String: String](),
                    token: people.drafter
                )
                #expect(
                    try source.content.decode(DocumentController.DocumentView.self).document.receipts["14797"]?.latest
                        == .registered
                )

                // Assignment with a working-day deadline (21/09/2026 is a Monday; five working days → 28/09).
                let assign = "/api/v1/documents/\(copy.id)/assign"
                let badDays = DocumentDesk.Assign(handler: "can.bo", department: "VP", workingDays: 0)
                #expect(
                    try await dossiers.send(app, .POST, assign, badDays, token: people.wardClerk).status
                        == .unprocessableEntity
                )
                let outsider = DocumentDesk.Assign(handler: "cv.syt", department: "VP", workingDays: 5)
                #expect(
                    try await dossiers.send(app, .POST, assign, outsider, token: people.wardClerk).status
                        == .unprocessableEntity
                )
                let given = try await dossiers.send(
                    app,
                    .POST,
                    assign,
                    DocumentDesk.Assign(handler: "can.bo", workingDays: 5),
                    token: people.wardClerk
                )
                let assigned = try given.content.decode(Document.self)
                #expect(assigned.assignment.map { CivilDate($0.due) } == CivilDate(year: 2026, month: 9, day: 28))
                let handlerInbox = try await dossiers.send(
                    app,
                    .GET,
                    "/api/v1/inbox",
                    [String: String](),
                    token: people.tokens.handler
                )
                let items = try handlerInbox.content.decode([InboxItem].self)
                #expect(items.contains { $0.kind == "document" && $0.id == copy.id.description })
                #expect(try await act(app, copy.id, .complete, people.wardClerk).status == .forbidden)
                #expect(try await act(app, copy.id, .complete, people.tokens.handler).status == .ok)

                // Statistics: the agency issued one, signed both ways; the ward received and processed one on time.
                let agencyStats = try await dossiers.send(
                    app,
                    .GET,
                    "/api/v1/documents/statistics?unit=38.SYT",
                    [String: String](),
                    token: people.tokens.health
                )
                let agency = try agencyStats.content.decode(DocumentController.StatisticsView.self).statistics
                #expect(
                    (agency.issued, agency.signedByAgency, agency.signedPersonally, agency.exchangedElectronically) == (
                        1, 1, 1, 1
                    )
                )
                let wardStats = try await dossiers.send(
                    app,
                    .GET,
                    "/api/v1/documents/statistics?unit=14797",
                    [String: String](),
                    token: people.tokens.admin
                )
                let ward = try wardStats.content.decode(DocumentController.StatisticsView.self).statistics
                #expect((ward.received, ward.processed, ward.processedOnTime, ward.pending) == (1, 1, 1, 0))
                // …and the indicator engine has them.
                let stored = try await (app.db as! any SQLDatabase).raw(
                    """
                    SELECT SUM(v.value) AS v FROM data_values v JOIN indicator_elements e ON e.seq = v.element
                    WHERE e.code = \(bind: DocumentIndicators.signedByAgency)
                    """
                ).first()
                #expect(try stored?.decode(column: "v", as: Double.self) == 1)
                // Every step is audited.
                let audited = try await (app.db as! any SQLDatabase).raw(
                    "SELECT COUNT(*) AS n FROM audit_log WHERE entity_type = 'document'"
                ).first()
                #expect(try audited?.decode(column: "n", as: Int.self) ?? 0 >= 9)
            }
        }

        @Test(
            "One changed byte is reported on the page; a revoked certificate stops signing; confidential stays on paper"
        )
        func tamperRevokeAndConfidential() async throws {
            try await withTestApp { app in
                let people = try await setUp(app)
                let document = try await draft(app, people)
                let file = try await upload(app, document.id, DemoPDF.make(lines: ["Ban goc"]), token: people.drafter)
                    .content.decode(DocumentStore.File.self)
                #expect(try await act(app, document.id, .submit, people.drafter).status == .ok)
                #expect(try await act(app, document.id, .approve, people.head).status == .ok)
                let sign = "/api/v1/documents/\(document.id)/files/\(file.id)/sign"
                #expect(
                    try await dossiers.send(app, .POST, sign, ["kind": "personal"], token: people.leader).status
                        == .created
                )

                let browser = Browser(app)
                try await browser.login("lanh.dao")
                let index = try await browser.get("/van-ban").body.string
                #expect(index.contains("Sổ văn bản") && index.contains("Về việc triển khai chữ ký số"))
                let signedPage = try await browser.get("/van-ban/\(document.id)").body.string
                #expect(signedPage.contains("Hợp lệ"))
                // The page's downloads work with the session: the PDF and the detached signature.
                #expect(try await browser.get("/van-ban/\(document.id)/tep/\(file.id)").body.string.hasPrefix("%PDF-"))
                let signatureLink = try #require(
                    signedPage.range(
                        of: #"/van-ban/[0-9a-f-]+/signatures/[0-9a-f-]+\.p7s"#,
                        options: .regularExpression
                    )
                )
                let p7s = try await browser.get(String(signedPage[signatureLink]))
                #expect(p7s.status == .ok && p7s.headers.contentType?.subType == "pkcs7-signature")
                // Change one byte of the stored file.
                let sql = app.db as! any SQLDatabase
                var bytes = try #require(try await DocumentStore(db: app.db).file(file.id)).1
                bytes[bytes.count / 2] ^= 0x01
                try await sql.raw("UPDATE document_files SET bytes = \(bind: bytes) WHERE id = \(bind: file.id)").run()
                let page = try await browser.get("/van-ban/\(document.id)").body.string
                #expect(page.contains("Không hợp lệ"))
                #expect(page.contains("Tệp đã bị thay đổi sau khi ký"))

                // Revoking the leader's certificate: no further personal signature; the CRL is republished.
                let listed = try await dossiers.send(
                    app,
                    .GET,
                    "/api/v1/signatures/certificates",
                    [String: String](),
                    token: people.tokens.health
                )
                let certificates = try listed.content.decode([SignatureController.CertificateDTO].self)
                let personal = try #require(certificates.first { $0.role == "personal" })
                #expect(
                    try await dossiers.send(
                        app,
                        .POST,
                        "/api/v1/signatures/certificates/\(personal.id)/revoke",
                        [String: String](),
                        token: people.tokens.health
                    ).status == .ok
                )
                let refused = try await dossiers.send(app, .POST, sign, ["kind": "personal"], token: people.leader)
                #expect(refused.status == .unprocessableEntity)
                let lists = try await SigningCertificateStore(db: app.db).revocationLists()
                #expect(
                    lists.contains { $0.revoked[RevocationList.normalise(Self.bytes(hex: personal.serial))] != nil }
                )

                // A confidential document is issued on paper only: no copy, no receipt, not in the statistics.
                let secret = try await draft(app, people, confidentiality: .secret)
                #expect(try await act(app, secret.id, .submit, people.drafter).status == .ok)
                #expect(try await act(app, secret.id, .approve, people.head).status == .ok)
                #expect(try await act(app, secret.id, .approve, people.leader).status == .ok)
                let issued = try await act(app, secret.id, .issue, people.clerk).content.decode(Document.self)
                #expect(issued.receipts.isEmpty && issued.electronic == false)
                #expect(
                    try await dossiers.send(
                        app,
                        .GET,
                        "/api/v1/documents/\(secret.id)/edxml",
                        [String: String](),
                        token: people.clerk
                    ).status == .forbidden
                )
                let stats = try await dossiers.send(
                    app,
                    .GET,
                    "/api/v1/documents/statistics?unit=38.SYT",
                    [String: String](),
                    token: people.tokens.health
                )
                #expect(try stats.content.decode(DocumentController.StatisticsView.self).statistics.issued == 0)
                let wardInbox = try await dossiers.send(
                    app,
                    .GET,
                    "/api/v1/documents?unit=14797",
                    [String: String](),
                    token: people.wardClerk
                )
                #expect(try wardInbox.content.decode([Document].self).isEmpty)
            }
        }

        static func bytes(hex: String) -> [UInt8] {
            stride(from: 0, to: hex.count, by: 2).compactMap {
                let start = hex.index(hex.startIndex, offsetBy: $0)
                return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)
            }
        }

        @Test("edXML: an issued document leaves as an envelope and arrives as an incoming one with its file")
        func edXMLRoundTrip() async throws {
            try await withTestApp { app in
                let people = try await setUp(app)
                let document = try await draft(app, people)
                let pdf = DemoPDF.make(lines: ["Goi edXML"])
                _ = try await upload(app, document.id, pdf, token: people.drafter)
                for (action, token) in [
                    (DocumentAction.submit, people.drafter), (.approve, people.head), (.approve, people.leader),
                    (.issue, people.clerk),
                ] {
                    #expect(try await act(app, document.id, action, token).status == .ok)
                }
                let exported = try await dossiers.send(
                    app,
                    .GET,
                    "/api/v1/documents/\(document.id)/edxml",
                    [String: String](),
                    token: people.clerk
                )
                let xml = exported.body.string
                #expect(
                    xml.contains("<edXML:CodeNumber>01</edXML:CodeNumber>")
                        && xml.contains("<edXML:CodeNotation>SYT-VP</edXML:CodeNotation>")
                )
                func post(_ body: String, token: String) async throws -> TestingHTTPResponse {
                    try await app.testing().sendRequest(
                        .POST,
                        "/api/v1/documents/edxml?unit=14797",
                        headers: bearer(token)
                    ) { req in
                        req.headers.contentType = .xml
                        req.body = ByteBuffer(string: body)
                    }
                }
                #expect(try await post(xml, token: people.drafter).status == .forbidden)
                let imported = try await post(xml, token: people.wardClerk)
                #expect(imported.status == .created)
                let received = try imported.content.decode(Document.self)
                #expect(
                    received.reference == "01/SYT-VP" && received.source?.channel == "edxml"
                        && received.state == .received
                )
                let files = try await DocumentStore(db: app.db).files(of: received.id)
                #expect(files.map(\.sha256) == [SHA256.hex(pdf)])
                // Bad input is named.
                #expect(try await post("<a><b></a>", token: people.wardClerk).status == .unprocessableEntity)
                let entity = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"
                #expect(try await post(entity, token: people.wardClerk).status == .unprocessableEntity)
            }
        }

        @Test("A dossier opens its document thread; the officer's inbox lists the dossier and the draft together")
        func dossierThreadAndInbox() async throws {
            try await withTestApp { app in
                let people = try await setUp(app)
                let filed = try await dossiers.file(app, token: people.tokens.desk)
                let code = try filed.content.decode(DossierDTO.self).code
                let created = try await dossiers.send(
                    app,
                    .POST,
                    "/api/v1/documents",
                    DocumentDesk.NewDocument(
                        direction: .outgoing,
                        unitCode: "14758",
                        type: .congVan,
                        subject: "Về việc xác minh hồ sơ khai sinh",
                        dossierCode: code
                    ),
                    token: people.tokens.desk
                )
                #expect(created.status == .created)
                let unknown = DocumentDesk.NewDocument(
                    direction: .outgoing,
                    unitCode: "14758",
                    type: .congVan,
                    subject: "Hồ sơ không có",
                    dossierCode: "14758-000000-9999"
                )
                #expect(
                    try await dossiers.send(app, .POST, "/api/v1/documents", unknown, token: people.tokens.desk).status
                        == .unprocessableEntity
                )
                let thread = try await dossiers.send(
                    app,
                    .GET,
                    "/api/v1/documents?unit=14758&dossier=\(code)",
                    [String: String](),
                    token: people.tokens.desk
                )
                #expect(
                    try thread.content.decode([Document].self).map(\.subject) == ["Về việc xác minh hồ sơ khai sinh"]
                )
                let inbox = try await dossiers.send(
                    app,
                    .GET,
                    "/api/v1/inbox",
                    [String: String](),
                    token: people.tokens.desk
                )
                let items = try inbox.content.decode([InboxItem].self)
                #expect(Set(items.map(\.kind)) == ["document", "dossier"])
                let browser = Browser(app)
                try await browser.login("mot.cua")
                let page = try await browser.get("/dossiers/\(code)").body.string
                #expect(page.contains("Văn bản liên quan") && page.contains("Về việc xác minh hồ sơ khai sinh"))
                #expect(page.contains("Soạn văn bản cho hồ sơ"))
            }
        }
    }
}
