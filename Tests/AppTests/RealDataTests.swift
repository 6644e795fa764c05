import Core
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("Official data and the demo")
    struct RealDataTests {
        @Test("import-units loads 34/3,321 and 63/696/10,035 and a second run changes nothing")
        func importTwice() async throws {
            try await withTestApp { app in
                // Given / When
                let first = try await UnitDataImporter.importFile(at: UnitDataImporter.defaultPath(app), app: app)
                let repository = app.services.units(on: app.db)
                let idsBefore = try await repository.identities(of: .current)
                let second = try await UnitDataImporter.importFile(at: UnitDataImporter.defaultPath(app), app: app)
                // Then
                #expect(first == ImportSummary(total: 14_149, added: 14_149))
                #expect(second == ImportSummary(total: 14_149, added: 0))
                #expect(try await repository.identities(of: .current) == idsBefore)
                #expect(try await repository.count(tree: .current, tier: .province) == 34)
                #expect(try await repository.count(tree: .current, tier: .commune) == 3_321)
                #expect(try await repository.count(tree: .legacy, tier: .province) == 63)
                #expect(try await repository.count(tree: .legacy, tier: .district) == 696)
                #expect(try await repository.count(tree: .legacy, tier: .commune) == 10_035)
                #expect(try await UnitRecordCount.all(app) == 14_149)
            }
        }

        @Test("Signed in as the demo province admin, the landing page lists Thanh Hóa's 166 communes")
        func demoProvinceAdmin() async throws {
            try await withTestApp { app in
                // Given
                try await DemoData.prepare(app)
                #expect(try await DemoData.seed(app) == false)  // idempotent
                let browser = Browser(app)
                // When
                let login = try await browser.login("demo.thanhhoa", password: DemoData.password)
                #expect(login.status == .seeOther)
                #expect(login.headers.first(name: .location) == "/units/2025/38")
                let page = try await browser.get("/units/2025/38")
                // Then
                #expect(page.status == .ok)
                let html = page.body.string
                #expect(html.contains("Đơn vị hành chính trực thuộc (166)"))
                #expect(html.contains("Phường Hạc Thành"))
                #expect(html.contains("Sở Y tế"))
                #expect(html.contains("demo-banner"))
                #expect(html.contains("Thêm cơ quan"))  // a province admin may add agencies
                let communeRows = html.components(separatedBy: "<tr><td>").count - 1
                #expect(communeRows == 166)
            }
        }

        @Test("A legacy commune links to the 2025 commune it became part of, and back")
        func mergeLinks() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                let browser = Browser(app)
                let legacy = try await browser.get("/units/legacy/14800")
                #expect(legacy.body.string.contains("/units/2025/14797"))
                #expect(legacy.body.string.contains("/units/2025/14758"))
                let current = try await browser.get("/units/2025/14797")
                #expect(current.body.string.contains("Hình thành từ"))
                #expect(current.body.string.contains("/units/legacy/14797"))
                #expect(current.body.string.contains("/units/legacy/14800"))
            }
        }
    }
}

enum UnitRecordCount {
    static func all(_ app: Application) async throws -> Int { try await AdminUnitRecord.query(on: app.db).count() }
}
