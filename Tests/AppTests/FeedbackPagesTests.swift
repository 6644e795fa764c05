import Core
import CoreTestSupport
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("Feedback pages")
    struct FeedbackPagesTests {
        @Test("A citizen files on the form; the officer sees it in the inbox with a badge, answers and publishes it")
        func pagesFlow() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "cong.dan", role: .citizen, on: nil)
                try await makeUser(app, "can.bo", role: .officer, on: "14797")
                let citizen = Browser(app)
                #expect(try await citizen.get("/feedback/new").status == .seeOther)  // sign in first
                try await citizen.login("cong.dan")
                try await citizen.get("/feedback/new")
                let sea = try await citizen.post(
                    "/feedback/new",
                    ["category": "giao-thong", "description": "Cột điện đổ chắn đường", "lat": "15,0", "lon": "109,9"]
                )
                #expect(sea.status == .unprocessableEntity && sea.body.string.contains("không thuộc xã, phường nào"))
                let prefilled = try await citizen.get("/feedback/new?dossier=14797-260921-0001")
                #expect(prefilled.body.string.contains("value=\"14797-260921-0001\""))
                let noDossier = try await citizen.post(
                    "/feedback/new",
                    [
                        "category": "tthc", "description": "Hồ sơ chậm trả kết quả mà không báo lý do",
                        "lat": "19,8030", "lon": "105,7890", "dossierCode": "14797-260921-0001",
                    ]
                )
                #expect(noDossier.status == .unprocessableEntity && noDossier.body.string.contains("mã của một hồ sơ"))
                let sent = try await citizen.post(
                    "/feedback/new",
                    [
                        "category": "giao-thong", "description": "Cột điện đổ chắn đường, gọi 0912345678",
                        "lat": "19,8030", "lon": "105,7890",
                    ]
                )
                #expect(sent.status == .seeOther)
                let location = try #require(sent.headers.first(name: .location))
                #expect(location == "/feedback/PA-260921-0001")
                let mine = try await citizen.get(location)
                #expect(mine.body.string.contains("Phường Hạc Thành") && mine.body.string.contains("định vị gần đúng"))

                let officer = Browser(app)
                try await officer.login("can.bo")
                let inbox = try await officer.get("/inbox")
                #expect(inbox.body.string.contains("PA-260921-0001") && inbox.body.string.contains("badge green"))
                try await officer.get(location)
                #expect(officer.csrfToken != nil)
                #expect(try await officer.post(location + "/actions", ["action": "receive"]).status == .seeOther)
                try await officer.get(location)
                #expect(try await officer.post(location + "/actions", ["action": "startHandling"]).status == .seeOther)
                try await officer.get(location)
                #expect(
                    try await officer.post(
                        location + "/actions",
                        ["action": "answer", "note": "Đã dựng lại cột điện."]
                    ).status == .seeOther
                )
                try await officer.get(location)
                #expect(try await officer.post(location + "/actions", ["action": "publish"]).status == .seeOther)

                let list = try await Browser(app).get("/feedback")
                #expect(list.body.string.contains("Đã dựng lại cột điện."))
                let publicView = try await Browser(app).get(location)
                #expect(publicView.status == .ok && !publicView.body.string.contains("0912345678"))
                #expect(!publicView.body.string.contains("Thao tác"))
            }
        }

        @Test("The form takes a photo: its GPS places the report; the answer to the category's question is kept")
        func photoForm() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "cong.dan", role: .citizen, on: nil)
                let citizen = Browser(app)
                try await citizen.login("cong.dan")
                let form = try await citizen.get("/feedback/new")
                #expect(form.body.string.contains("<svg") && form.body.string.contains("data-code=\"14797\""))
                #expect(form.body.string.contains("name=\"attr_loai-duong\""))
                let photo = TestImages.jpeg(latitude: (19, 48, 11), latRef: "N", longitude: (105, 47, 20), lonRef: "E")
                let fields = [
                    "category": "giao-thong", "description": "Ổ gà lớn giữa quốc lộ", "lat": "", "lon": "",
                    "attr_loai-duong": "quoc-lo",
                ]
                let sent = try await citizen.postMultipart(
                    "/feedback/new",
                    fields,
                    file: (name: "photo", filename: "IMG_0001.jpg", type: "image/jpeg", data: photo)
                )
                #expect(sent.status == .seeOther)
                let stored = try #require(try await FluentFeedbackRepository(db: app.db).find(code: "PA-260921-0001"))
                #expect(stored.communeCode == "14797" && stored.attributes == ["loai-duong": ["quoc-lo"]])
                let page = try await citizen.get("/feedback/PA-260921-0001")
                #expect(page.body.string.contains("/feedback/PA-260921-0001/photos/0"))
                let image = try await citizen.get("/feedback/PA-260921-0001/photos/0")
                #expect(
                    image.status == .ok && image.headers.contentType == HTTPMediaType(type: "image", subType: "jpeg")
                )
                #expect(Data(image.body.readableBytesView) == photo)
                #expect(try await Browser(app).get("/feedback/PA-260921-0001/photos/0").status == .notFound)
                #expect(try await citizen.get("/feedback/PA-260921-0001/photos/1").status == .notFound)

                try await citizen.get("/feedback/new")
                var placed = fields
                placed["lat"] = "19,8030"
                placed["lon"] = "105,7890"
                let fake = try await citizen.postMultipart(
                    "/feedback/new",
                    placed,
                    file: (name: "photo", filename: "photo.jpg", type: "image/jpeg", data: Data("%PDF-1.7 fake".utf8))
                )
                #expect(fake.status == .unsupportedMediaType && fake.body.string.contains("Chỉ nhận ảnh"))
                try await citizen.get("/feedback/new")
                let nowhere = try await citizen.postMultipart("/feedback/new", fields, file: nil)
                #expect(nowhere.status == .unprocessableEntity && nowhere.body.string.contains("ảnh có thông tin GPS"))
            }
        }

        @Test("The map colours communes by open reports and links to their published answers")
        func map() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "cong.dan", role: .citizen, on: nil)
                let token = try await apiToken(app, "cong.dan")
                for lat in [19.8030, 19.8035] {
                    let response = try await postFeedback(
                        app,
                        token: token,
                        category: "moi-truong",
                        lat: lat,
                        description: "Rác thải chưa được thu gom"
                    )
                    #expect(response.status == .created)
                }
                let map = try await Browser(app).get("/feedback/map?province=38")
                let body = map.body.string
                #expect(map.status == .ok && body.contains("Tổng số: 2 phản ánh"))
                #expect(
                    body.contains("class=\"c2\" data-code=\"14797\"><title>Phường Hạc Thành: 2 phản ánh đang xử lý")
                )
                #expect(body.contains("class=\"c0\" data-code=\"14758\""))
                #expect(body.contains("<a href=\"/feedback?commune=14797\">"))
                #expect(try await Browser(app).get("/feedback/map?province=99").status == .badRequest)
                let other = try await Browser(app).get("/feedback/map?province=40")
                #expect(
                    other.body.string.contains("Tổng số: 0 phản ánh")
                        && other.body.string.contains("data-code=\"16681\"")
                )
            }
        }
    }
}
