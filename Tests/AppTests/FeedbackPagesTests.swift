import Core
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
    }
}
