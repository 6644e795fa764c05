import Core
import CoreTestSupport
import Foundation
import Testing

@Suite("Unit service")
struct UnitServiceTests {
    let fixture = UnitFixture()
    let clock = Clock.fixed(Date(timeIntervalSince1970: 1_780_000_000))

    func principal(_ role: Role, on unit: AdminUnit) -> Principal {
        let user = User(username: "u", displayName: "U", createdAt: clock.now())
        return Principal(
            user: user,
            grants: [
                RoleGrant(
                    userID: user.id,
                    role: role,
                    unitID: unit.id,
                    includesDescendants: true,
                    grantedBy: nil,
                    grantedAt: clock.now()
                )
            ]
        )
    }

    @Test("A province admin creates an agency under the province; it is coded, audited and searchable")
    func createAgency() async throws {
        let repository = fixture.repository()
        let audit = InMemoryAuditLog()
        let service = UnitService(units: repository, audit: audit, clock: clock)
        let agency = try await service.createAgency(
            NewAgency(
                parentID: fixture.thanhHoa.id,
                name: "Sở Khoa học và Công nghệ",
                shortName: "Sở KH&CN",
                slug: "skhcn"
            ),
            by: principal(.provinceAdmin, on: fixture.thanhHoa)
        )
        #expect(agency.code == "38.SKHCN")
        #expect(agency.type == .agency && agency.level == 2 && agency.parentID == fixture.thanhHoa.id)
        #expect(await audit.entries.map(\.action) == ["unit.createAgency"])
        let found = await repository.search(UnitSearch(text: "so khoa hoc", tier: .agency))
        #expect(found.items.map(\.id) == [agency.id])
        await #expect(throws: UnitError.duplicateCode(tree: .current, code: "38.SKHCN")) {
            try await service.createAgency(
                NewAgency(parentID: fixture.thanhHoa.id, name: "Trùng mã", shortName: "", slug: "SKHCN"),
                by: principal(.provinceAdmin, on: fixture.thanhHoa)
            )
        }
    }

    @Test("An officer, or an admin of another province, may not create agencies")
    func forbidden() async throws {
        let service = UnitService(units: fixture.repository(), audit: InMemoryAuditLog(), clock: clock)
        let request = NewAgency(parentID: fixture.thanhHoa.id, name: "Sở Y tế", shortName: "SYT", slug: "SYT2")
        await #expect(throws: AccountError.forbidden) {
            try await service.createAgency(request, by: principal(.officer, on: fixture.thanhHoa))
        }
        await #expect(throws: AccountError.forbidden) {
            try await service.createAgency(request, by: principal(.provinceAdmin, on: fixture.ngheAn))
        }
    }

    @Test("Importing the same seeds twice adds nothing the second time")
    func importTwice() async throws {
        let repository = InMemoryUnitRepository()
        let service = UnitService(units: repository, audit: InMemoryAuditLog(), clock: clock)
        let seeds = try UnitDataFile.parse(UnitImportPlanTests.text)
        #expect(try await service.importUnits(seeds) == ImportSummary(total: 5, added: 5))
        let ids = await repository.identities(of: .legacy)
        #expect(try await service.importUnits(seeds) == ImportSummary(total: 5, added: 0))
        #expect(await repository.identities(of: .legacy) == ids)
    }

    @Test("Search ignores diacritics: 'thanh hoa' and 'đ'/'d' both match")
    func search() async throws {
        let repository = fixture.repository()
        let byPlain = await repository.search(UnitSearch(text: "thanh hoa", tier: .province))
        #expect(byPlain.items.map(\.code) == ["38"])
        let byMarks = await repository.search(UnitSearch(text: "HẠC thành"))
        #expect(byMarks.items.map(\.code) == ["14797"])
    }
}
