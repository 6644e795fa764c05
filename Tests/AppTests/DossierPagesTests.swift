import Core
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("One-stop pages")
    struct DossierPagesTests {
        @Test("The desk files at the counter, prints form 01 with the QR code, the handler asks for a supplement")
        func deskFlow() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                #expect(try await DemoData.seedProcedures(on: app.db))
                try await makeUser(app, "mot.cua", role: .officer, on: "14758")
                try await makeUser(app, "can.bo", role: .officer, on: "14797")
                let desk = Browser(app)
                try await desk.login("mot.cua")
                let page = try await desk.get("/dossiers/new?procedure=DEMO.001")
                #expect(page.status == .ok && page.body.string.contains("Tờ khai theo mẫu"))
                var form = [
                    "procedureCode": "DEMO.001", "deskCode": "14758", "channel": "1", "name": "Lê Văn An",
                    "idNumber": "038090001234", "phone": "0912345678", "address": "Số 1 Lê Lợi", "communeCode": "14797",
                    "components[0]": "Tờ khai theo mẫu",
                ]
                let missing = try await desk.post("/dossiers/new", form)
                #expect(missing.status == .unprocessableEntity && missing.body.string.contains("Giấy tờ tùy thân"))
                form["components[1]"] = "Giấy tờ tùy thân"
                let filed = try await desk.post("/dossiers/new", form)
                #expect(filed.status == .seeOther)
                let location = try #require(filed.headers.first(name: .location))
                #expect(location == "/dossiers/14758-260921-0001")
                let inbox = try await desk.get("/dossiers").body.string
                #expect(inbox.contains("14758-260921-0001") && inbox.contains("badge green"))
                #expect(try await Browser(app).get("/dossiers").status == .seeOther)  // sign in first
                let show = try await desk.get(location)
                #expect(show.body.string.contains("Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả"))
                let receipt = try await desk.get(location + "/forms/01")
                #expect(
                    receipt.status == .ok && receipt.body.string.contains("<svg")
                        && receipt.body.string.contains("Mẫu số 01")
                )
                #expect(receipt.body.string.contains("Ngày hẹn trả kết quả"))
                #expect(try await desk.get(location + "/forms/02").status == .notFound)  // no supplement asked yet
                // Form 06 lists the steps with their due times: received after 15:00, one working day → 22/09 17:00.
                let control = try await desk.get(location + "/forms/06").body.string
                #expect(control.contains("Tiếp nhận và giải quyết") && control.contains("22/09/2026 17:00"))
                let book = try await desk.get("/dossiers/book?unit=14758&from=2026-09-01&to=2026-09-30")
                #expect(book.status == .ok && book.body.string.contains("14758-260921-0001"))
                #expect(book.body.string.contains("Mẫu số 07"))
                let csv = try await desk.get("/dossiers/book?unit=14758&from=2026-09-01&to=2026-09-30&format=csv")
                #expect(csv.body.string.contains("STT,Mã hồ sơ") && csv.body.string.contains("14758-260921-0001"))
                #expect(try await desk.get("/dossiers/book?unit=16681").status == .forbidden)
                #expect(
                    try await desk.get("/dossiers/book?unit=14758&from=2026-09-30&to=2026-09-01").status == .badRequest
                )

                let handler = Browser(app)
                try await handler.login("can.bo")
                try await handler.get(location)
                #expect(
                    try await handler.post(location + "/actions", ["action": "startProcessing"]).status == .seeOther
                )
                try await handler.get(location)
                let asked = try await handler.post(
                    location + "/actions",
                    // As a browser sends the whole form: the empty amount and reference fields come too.
                    [
                        "action": "requestSupplement", "note": "Thiếu bản sao giấy khai sinh của cha", "amount": "",
                        "delivery": "desk", "reference": "",
                    ]
                )
                #expect(asked.status == .seeOther)
                #expect(try await handler.get("/dossiers").body.string.contains("Tạm dừng, chờ bổ sung"))
                try await makeUser(app, "xa.khac", role: .officer, on: "16681")
                let other = Browser(app)
                try await other.login("xa.khac")
                #expect(try await !other.get("/dossiers").body.string.contains("14758-260921-0001"))
                let supplement = try await handler.get(location + "/forms/02")
                #expect(supplement.body.string.contains("Thiếu bản sao giấy khai sinh của cha"))
                try await handler.get(location)
                let extended = try await handler.post(
                    location + "/extension",
                    ["newDueDate": "2026-09-30", "reason": "Chờ xác minh hộ tịch"]
                )
                #expect(extended.status == .seeOther)
                let apology = try await handler.get(location + "/forms/04")
                #expect(apology.body.string.contains("30/09/2026 17:00") && apology.body.string.contains("xin lỗi"))
                #expect(try await Browser(app).get(location).status == .seeOther)  // sign in first

                let lookup = try await Browser(app).get("/tra-cuu?code=14758-260921-0001&phone=0912345678")
                #expect(
                    lookup.body.string.contains("Yêu cầu bổ sung giấy tờ") && lookup.body.string.contains("L* V** A*")
                )
                #expect(!lookup.body.string.contains("038090001234"))
                #expect(lookup.body.string.contains("/feedback/new?dossier=14758-260921-0001"))
                let wrong = try await Browser(app).get("/tra-cuu?code=14758-260921-0001&phone=0900000000")
                #expect(wrong.body.string.contains("Không tìm thấy hồ sơ"))

                let index = try await Browser(app).get("/indicators/766?unit=38&period=2026Q3")
                #expect(index.status == .ok && index.body.string.contains("Tiến độ, kết quả giải quyết"))
                #expect(index.body.string.contains("Phường Hạc Thành"))
            }
        }
    }
}
