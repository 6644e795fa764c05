import Core
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("Indicator pages")
    struct IndicatorPagesTests {
        @Test(
            "Numbers typed the Vietnamese way",
            arguments: [
                ("12.345", "12345"), ("1.234.567,5", "1234567.5"), ("98,5", "98.5"), ("0.850", "0.850"),
                ("0.85", "0.85"), (" 7 ", "7"), ("12.34", "12.34"), ("1,2,3", "1,2,3"),
            ]
        )
        func vietnameseNumbers(typed: String, read: String) {
            #expect(IndicatorPagesController.vietnameseNumber(typed) == read)
        }

        @Test("Demo catalogue: search without diacritics, enter a month on the form, see the scorecard light")
        func pages() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "qt.tinh", role: .provinceAdmin, on: "38", descendants: true)
                try await makeUser(app, "can.bo", role: .officer, on: "14797")
                #expect(try await DemoIndicators.seed(on: app.db, services: app.services))
                #expect(try await !DemoIndicators.seed(on: app.db, services: app.services))  // once
                let browser = Browser(app)
                let search = try await browser.get("/indicators?q=cap+quang").body.string
                #expect(
                    search.contains("Tỷ lệ hộ gia đình có cáp quang") && !search.contains("Tỷ lệ học sinh có học bạ số")
                )
                let officer = Browser(app)
                try await officer.login("can.bo")
                let form = try await officer.get("/indicators/entry?ou=14797&pe=202609")
                #expect(
                    form.status == .ok && form.body.string.contains("Dân số") && form.body.string.contains("hạn nộp")
                )
                var values = ["dataSet": "bc-cds-thang", "ou": "14797", "pe": "202609", "values[dan_so]": "12.345"]
                let saved = try await officer.post("/indicators/entry", values)
                #expect(saved.status == .seeOther)
                let back = try await officer.get(try #require(saved.headers.first(name: .location)))
                #expect(back.body.string.contains("Đã lưu 1 giá trị") && back.body.string.contains("value=\"12345\""))
                values["values[hs_tong]"] = "1,5"
                let refused = try await officer.post("/indicators/entry", values)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("Dòng 2"))
                values["ou"] = "14758"
                values["values[hs_tong]"] = "10"
                #expect(try await officer.post("/indicators/entry", values).status == .forbidden)

                let admin = Browser(app)
                try await admin.login("qt.tinh")
                let card = try await admin.get("/indicators/scorecard?ou=38&pe=2026").body.string
                #expect(card.contains("Tỷ lệ dân số có định danh điện tử mức 2") && card.contains("badge"))
                let province = try await admin.get("/indicators/entry?ou=38&pe=202608").body.string
                #expect(province.contains("Tình hình nộp báo cáo kỳ 202608"))
                #expect(try await Browser(app).get("/indicators/scorecard?ou=38&pe=2026").status == .seeOther)
            }
        }
    }
}
