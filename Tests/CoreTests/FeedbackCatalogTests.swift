import Core
import CoreTestSupport
import Foundation
import Testing

@Suite("Feedback categories, attributes and routing rules")
struct FeedbackCatalogTests {
    let fixture = UnitFixture()
    let clock = Clock.fixed(Date(timeIntervalSince1970: 1_780_000_000))

    func principal(_ role: Role, on unit: AdminUnit?) -> Principal {
        let user = User(username: "u", displayName: "U", createdAt: clock.now())
        let grant = RoleGrant(
            userID: user.id,
            role: role,
            unitID: unit?.id,
            includesDescendants: true,
            grantedBy: nil,
            grantedAt: clock.now()
        )
        return Principal(user: user, grants: [grant])
    }

    var sla10: FeedbackSLA {
        var sla = FeedbackSLA.national
        sla.handleDays = 10
        return sla
    }

    @Test("A province's own category replaces the nationwide one there only; inactive ones are hidden")
    func provinceOverride() {
        let catalog = FeedbackCatalog(
            categories: FeedbackCategory.defaults + [
                FeedbackCategory(code: "moi-truong", name: "Môi trường, rác thải", provinceCode: "38", sla: sla10),
                FeedbackCategory(code: "bien-dao", name: "Biển đảo", provinceCode: "38"),
                FeedbackCategory(code: "cu", name: "Cũ", active: false),
            ],
            routing: FeedbackRouting(rules: [])
        )
        let thanhHoa = catalog.categories(inProvince: "38")
        #expect(thanhHoa.filter { $0.code == "moi-truong" }.map(\.name) == ["Môi trường, rác thải"])
        #expect(thanhHoa.contains { $0.code == "bien-dao" } && !thanhHoa.contains { $0.code == "cu" })
        #expect(!catalog.categories(inProvince: "40").contains { $0.code == "bien-dao" })
        #expect(catalog.sla(for: "moi-truong", province: "38").handleDays == 10)
        #expect(catalog.sla(for: "moi-truong", province: "40").handleDays == 15)
        #expect(catalog.sla(for: "khong-co", province: "38") == .national)
        #expect(catalog.category("bien-dao", province: "40") == nil)
        #expect(catalog.categories(inProvince: "38", includeInactive: true).contains { $0.code == "cu" })
    }

    @Test("Category validation: code slug, name length, deadlines within 1–60 days and 0–80 hours")
    func categoryValidation() {
        #expect(throws: FeedbackError.invalidField(field: "code", issue: .categoryCode)) {
            try FeedbackCategory(code: "Giao Thông", name: "Giao thông").validated()
        }
        #expect(throws: FeedbackError.invalidField(field: "name", issue: .length(2...120))) {
            try FeedbackCategory(code: "gt", name: " ").validated()
        }
        var sla = FeedbackSLA.national
        sla.decideDays = 0
        #expect(throws: FeedbackError.invalidField(field: "decideDays", issue: .between(1, 60))) {
            try FeedbackCategory(code: "gt", name: "Giao thông", sla: sla).validated()
        }
        sla = .national
        sla.urgentHandleHours = 0
        #expect(throws: FeedbackError.invalidField(field: "urgentHandleHours", issue: .between(1, 80))) {
            try FeedbackCategory(code: "gt", name: "Giao thông", sla: sla).validated()
        }
        let list = ServiceAttribute(code: "x", description: "X", datatype: .singleValueList, required: false)
        #expect(throws: FeedbackError.invalidField(field: "attribute[x]", issue: .listValues)) {
            try FeedbackCategory(code: "gt", name: "Giao thông", attributes: [list]).validated()
        }
        #expect((try? FeedbackCategory(code: "gt", name: "  Giao thông ").validated().name) == "Giao thông")
    }

    @Test("Attribute answers: unknown codes, missing required, values outside the list, several for one, numbers")
    func attributes() throws {
        let definitions = [
            ServiceAttribute(
                code: "loai-duong",
                description: "Loại đường",
                datatype: .singleValueList,
                required: true,
                values: [.init(key: "quoc-lo", name: "Quốc lộ"), .init(key: "duong-xa", name: "Đường xã")]
            ),
            ServiceAttribute(
                code: "tang",
                description: "Tầng",
                datatype: .multiValueList,
                required: false,
                values: [.init(key: "1", name: "1"), .init(key: "2", name: "2")]
            ),
            ServiceAttribute(code: "so-ho", description: "Số hộ", datatype: .number, required: false),
        ]
        #expect(
            try ServiceAttribute.validate(["loai-duong": ["quoc-lo"], "tang": ["1", "2"]], against: definitions)
                == ["loai-duong": ["quoc-lo"], "tang": ["1", "2"]]
        )
        #expect(throws: FeedbackError.invalidField(field: "attribute[mau]", issue: .unknownAttribute)) {
            try ServiceAttribute.validate(["loai-duong": ["quoc-lo"], "mau": ["do"]], against: definitions)
        }
        #expect(throws: FeedbackError.invalidField(field: "attribute[loai-duong]", issue: .required)) {
            try ServiceAttribute.validate(["loai-duong": ["  "]], against: definitions)
        }
        #expect(
            throws: FeedbackError.invalidField(field: "attribute[loai-duong]", issue: .oneOf(["quoc-lo", "duong-xa"]))
        ) {
            try ServiceAttribute.validate(["loai-duong": ["cao-toc"]], against: definitions)
        }
        #expect(throws: FeedbackError.invalidField(field: "attribute[loai-duong]", issue: .singleValue)) {
            try ServiceAttribute.validate(["loai-duong": ["quoc-lo", "duong-xa"]], against: definitions)
        }
        #expect(throws: FeedbackError.invalidField(field: "attribute[so-ho]", issue: .number)) {
            try ServiceAttribute.validate(["loai-duong": ["quoc-lo"], "so-ho": ["nhiều"]], against: definitions)
        }
    }

    @Test("Routing rules round-trip through CSV; a short row is refused with its line")
    func rulesCSV() throws {
        let routing = FeedbackRouting(rules: [
            .init(category: "giao-thong", scope: "14797", handlerCode: "38.SXD", note: "Quốc lộ 1A, đoạn qua phường"),
            .init(category: "moi-truong", scope: "38", handlerCode: "38.STNMT"),
        ])
        #expect(try FeedbackRouting.rules(fromCSV: routing.csv) == routing.rules)
        let bad = CSV.document(header: FeedbackRouting.csvHeader, rows: [["giao-thong", "14797"]])
        #expect(throws: FeedbackError.invalidField(field: "line 2", issue: .csvHeader(FeedbackRouting.csvHeader))) {
            try FeedbackRouting.rules(fromCSV: bad)
        }
    }

    @Test("A province admin edits its own categories and rules (audited); others are refused")
    func editing() async throws {
        let catalogs = InMemoryFeedbackCatalog()
        let audit = InMemoryAuditLog()
        let service = FeedbackCatalogService(
            catalogs: catalogs,
            units: fixture.repository(),
            audit: audit,
            clock: clock
        )
        let admin = principal(.provinceAdmin, on: fixture.thanhHoa)
        let own = FeedbackCategory(code: "moi-truong", name: "Môi trường", provinceCode: "38", sla: sla10)
        try await service.save(own, by: admin)
        await #expect(throws: AccountError.forbidden) {
            try await service.save(
                FeedbackCategory(code: "moi-truong", name: "Môi trường", provinceCode: "40"),
                by: admin
            )
        }
        await #expect(throws: AccountError.forbidden) {
            try await service.save(FeedbackCategory(code: "moi", name: "Mới (toàn quốc)"), by: admin)
        }
        await #expect(throws: AccountError.forbidden) {
            try await service.save(own, by: principal(.officer, on: fixture.thanhHoa))
        }
        try await service.save(FeedbackCategory(code: "moi", name: "Mới"), by: principal(.systemAdmin, on: nil))

        let rule = FeedbackRouting.Rule(category: "giao-thong", scope: "14797", handlerCode: "38.SYT", note: " QL1A ")
        #expect(try await service.save(rule, by: admin).note == "QL1A")
        await #expect(throws: FeedbackError.invalidField(field: "handlerCode", issue: .sameProvince)) {
            try await service.save(.init(category: "giao-thong", scope: "14797", handlerCode: "16681"), by: admin)
        }
        await #expect(throws: FeedbackError.invalidField(field: "scope", issue: .provinceOrCommune)) {
            try await service.save(.init(category: "giao-thong", scope: "38.SYT", handlerCode: "38"), by: admin)
        }
        await #expect(throws: FeedbackError.unknownCategory("khong-co")) {
            try await service.save(.init(category: "khong-co", scope: "38", handlerCode: "38"), by: admin)
        }
        await #expect(throws: AccountError.forbidden) {
            try await service.save(
                .init(category: "giao-thong", scope: "16681", handlerCode: "40"),
                by: admin
            )
        }
        let catalog = await catalogs.catalog()
        #expect(
            catalog.routing.handlerCode(category: "giao-thong", communeCode: "14797", provinceCode: "38") == "38.SYT"
        )
        try await service.deleteRule(category: "giao-thong", scope: "14797", by: admin)
        await #expect(throws: FeedbackError.notFound) {
            try await service.deleteRule(category: "giao-thong", scope: "14797", by: admin)
        }
        #expect(
            await audit.entries.map(\.action) == [
                "feedback.addCategory", "feedback.addCategory", "feedback.saveRoutingRule",
                "feedback.deleteRoutingRule",
            ]
        )
    }
}
