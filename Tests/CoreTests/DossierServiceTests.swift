import Core
import CoreTestSupport
import Foundation
import Testing

@Suite("Dossier service: filing anywhere in the province, routing by competence, authorised actions")
struct DossierServiceTests {
    let fixture = UnitFixture()
    let clock = Clock.fixed(CalendarFixtures.at("2026-03-02 09:00"))

    func principal(_ role: Role, on unit: AdminUnit?) -> Principal {
        let user = User(username: "u\(role.rawValue)", displayName: "U", createdAt: clock.now())
        let grant = RoleGrant(
            userID: user.id,
            role: role,
            unitID: unit?.id,
            includesDescendants: false,
            grantedBy: nil,
            grantedAt: clock.now()
        )
        return Principal(user: user, grants: [grant])
    }

    func service(_ dossiers: InMemoryDossierRepository = InMemoryDossierRepository(), at now: Date? = nil)
        -> DossierService
    {
        var health = DossierTests.birth
        health.code = "1.002000"
        health.competence = .province
        health.agency = "SYT"
        return DossierService(
            procedures: InMemoryProcedureRepository([DossierTests.birth, health]),
            dossiers: dossiers,
            units: fixture.repository(),
            audit: InMemoryAuditLog(),
            calendar: CalendarFixtures.calendar,
            clock: now.map(Clock.fixed) ?? clock
        )
    }

    var applicant: Applicant {
        Applicant(
            name: "Lê Văn A",
            idNumber: "038 090 001 234",
            phone: "0912.345.678",
            address: "Số 1 Lê Lợi",
            communeCode: "14797"
        )
    }

    func request(_ code: String = "1.001193", channel: DossierChannel = .inPerson, components: [String]? = nil)
        -> NewDossier
    {
        NewDossier(
            procedureCode: code,
            channel: channel,
            applicant: applicant,
            components: components ?? ["tờ khai đăng ký khai sinh", "Giấy chứng sinh"]
        )
    }

    @Test("A desk in another commune of the province receives; the applicant's commune handles; codes count per day")
    func receiveAnywhere() async throws {
        let dossiers = InMemoryDossierRepository()
        let service = service(dossiers)
        let desk = principal(.officer, on: fixture.hamRong)
        let first = try await service.file(request(), at: fixture.hamRong.id, by: desk)
        #expect(first.code == "14758-260302-0001" && first.status == .received)
        #expect(first.receivingUnitID == fixture.hamRong.id && first.handlingUnitID == fixture.hacThanh.id)
        #expect(first.applicant.phone == "0912345678" && first.applicant.idNumber == "038090001234")
        #expect(first.appointmentAt == CalendarFixtures.at("2026-03-05 09:00"))
        let second = try await service.file(request(), at: fixture.hamRong.id, by: desk)
        #expect(second.code == "14758-260302-0002")
        let provincial = try await service.file(request("1.002000"), at: fixture.hamRong.id, by: desk)
        #expect(provincial.handlingUnitID == fixture.healthDepartment.id)
        #expect(await dossiers.history.map(\.action) == ["file", "receive", "file", "receive", "file", "receive"])
    }

    @Test("Refused: unknown procedure, missing components, a desk outside the province or not one's own, bad phone")
    func refusals() async throws {
        let service = service()
        let desk = principal(.officer, on: fixture.hamRong)
        await #expect(throws: DossierError.unknownProcedure("9.999999")) {
            try await service.file(request("9.999999"), at: fixture.hamRong.id, by: desk)
        }
        await #expect(throws: DossierError.missingComponents(["Giấy chứng sinh"])) {
            try await service.file(request(components: ["Tờ khai đăng ký khai sinh"]), at: fixture.hamRong.id, by: desk)
        }
        await #expect(throws: DossierError.invalidField(field: "desk", issue: .sameProvince)) {
            try await service.file(request(), at: fixture.vinh.id, by: principal(.officer, on: fixture.vinh))
        }
        await #expect(throws: AccountError.forbidden) {
            try await service.file(request(), at: fixture.hacThanh.id, by: desk)
        }
        var bad = request()
        bad.applicant.phone = "12345"
        await #expect(throws: DossierError.invalidField(field: "applicant.phone", issue: .phone)) {
            try await service.file(bad, at: fixture.hamRong.id, by: desk)
        }
    }

    @Test("Online: the citizen files, the competent desk receives, the handler resolves; others are refused")
    func online() async throws {
        let service = service()
        let citizen = principal(.citizen, on: nil)
        let filed = try await service.file(request(channel: .online), at: nil, by: citizen)
        #expect(filed.status == .registered && filed.code.hasPrefix("14797-260302-"))
        await #expect(throws: DossierError.notAllowed(action: "receive", actor: .applicant)) {
            try await service.act(.receive, on: filed.code, by: citizen)
        }
        await #expect(throws: AccountError.forbidden) {
            try await service.act(.receive, on: filed.code, by: principal(.officer, on: fixture.vinh))
        }
        let officer = principal(.officer, on: fixture.hacThanh)
        #expect(try await service.act(.receive, on: filed.code, by: officer).status == .received)
        #expect(try await service.act(.startProcessing, on: filed.code, by: officer).status == .processing)
        #expect(try await service.act(.resolve, on: filed.code, by: officer).status == .resolved)
        await #expect(throws: DossierError.invalidTransition(from: .resolved, action: "withdraw")) {
            try await service.act(.withdraw, on: filed.code, by: citizen)
        }
    }

    @Test("Officers are reminded once of a dossier due within a working day; not while the applicant supplements")
    func reminders() async throws {
        let dossiers = InMemoryDossierRepository()
        let desk = principal(.officer, on: fixture.hamRong)
        let first = try await service(dossiers).file(request(), at: fixture.hamRong.id, by: desk)  // due 05/03 09:00
        let second = try await service(dossiers).file(request(), at: fixture.hamRong.id, by: desk)
        _ = try await service(dossiers).act(
            .requestSupplement(note: "Bổ sung"),
            on: second.code,
            by: principal(.officer, on: fixture.hacThanh)
        )
        #expect(try await service(dossiers).remindDueSoon().isEmpty)  // three working days ahead
        let later = service(dossiers, at: CalendarFixtures.at("2026-03-04 10:00"))
        #expect(try await later.remindDueSoon().map(\.code) == [first.code])
        #expect(try await later.remindDueSoon().isEmpty)
        #expect(await dossiers.history.filter { $0.action == "remind" }.count == 1)
    }
}
