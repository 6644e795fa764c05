import Core
import CoreTestSupport
import Foundation
import Testing

@Suite("Account service")
struct AccountServiceTests {
    let fixture = UnitFixture()
    let users = InMemoryUserRepository()
    let audit = InMemoryAuditLog()
    let clock = Clock.fixed(Date(timeIntervalSince1970: 1_780_000_000))
    let service: AccountService

    init() {
        service = AccountService(
            users: users,
            units: fixture.repository(),
            audit: audit,
            hasher: PlainTextHasher(),
            clock: clock
        )
    }

    func admin(_ role: Role, on unit: AdminUnit?, descendants: Bool = true) async throws -> Principal {
        let user = try await service.createUser(
            NewUser(
                username: "\(role.rawValue).\(unit?.code ?? "all")",
                displayName: "Admin",
                password: "mật-khẩu-dài-đủ"
            ),
            by: nil
        )
        _ = try await service.grant(role, on: unit?.id, includingDescendants: descendants, to: user.id, by: nil)
        return try #require(try await service.principal(for: user.id))
    }

    @Test("Signing in checks the password; unknown users and wrong passwords fail alike")
    func signIn() async throws {
        // Given
        let admin = try await admin(.provinceAdmin, on: fixture.thanhHoa)
        let loginGuard = LoginGuard(clock: clock)
        // When / Then
        let principal = try await service.signIn(
            username: " PROVINCEADMIN.38 ",
            password: "mật-khẩu-dài-đủ",
            address: "127.0.0.1",
            guard: loginGuard
        )
        #expect(principal.user.id == admin.user.id)
        #expect(principal.holds(.provinceAdmin))
        await #expect(throws: AccountError.invalidCredentials) {
            try await service.signIn(
                username: "provinceadmin.38",
                password: "wrong-password",
                address: "x",
                guard: loginGuard
            )
        }
        await #expect(throws: AccountError.invalidCredentials) {
            try await service.signIn(username: "nobody", password: "mật-khẩu-dài-đủ", address: "x", guard: loginGuard)
        }
    }

    @Test("After five failures the account is locked even with the right password")
    func lockout() async throws {
        _ = try await admin(.officer, on: fixture.hacThanh)
        let loginGuard = LoginGuard(clock: clock)
        for _ in 0..<5 {
            _ = try? await service.signIn(
                username: "officer.14797",
                password: "nope-nope-nope",
                address: "a",
                guard: loginGuard
            )
        }
        await #expect(throws: AccountError.tooManyAttempts(retryAfter: clock.now() + 900)) {
            try await service.signIn(
                username: "officer.14797",
                password: "mật-khẩu-dài-đủ",
                address: "b",
                guard: loginGuard
            )
        }
    }

    @Test("A grant change is audited with who, what and the before/after summary")
    func auditedGrant() async throws {
        // Given
        let provinceAdmin = try await admin(.provinceAdmin, on: fixture.thanhHoa)
        let officer = try await service.createUser(
            NewUser(username: "can.bo", displayName: "Cán bộ", password: "mật-khẩu-dài-đủ"),
            by: provinceAdmin
        )
        // When
        let grant = try await service.grant(
            .officer,
            on: fixture.hacThanh.id,
            includingDescendants: false,
            to: officer.id,
            by: provinceAdmin
        )
        try await service.revoke(grant.id, by: provinceAdmin)
        // Then
        let entries = await audit.entries
        let created = try #require(entries.first { $0.action == "grant.create" && $0.entityID == grant.id.description })
        #expect(created.actorID == provinceAdmin.user.id)
        #expect(created.unitID == fixture.hacThanh.id)
        #expect(created.after?["role"] == "officer")
        let revoked = try #require(entries.last)
        #expect(revoked.action == "grant.revoke")
        #expect(revoked.before?["role"] == "officer" && revoked.after == nil)
        #expect(await users.grants(of: officer.id).isEmpty)
    }

    @Test("An administrator cannot grant outside their province or above their role")
    func escalation() async throws {
        let unitAdmin = try await admin(.unitAdmin, on: fixture.hacThanh, descendants: false)
        let target = try await service.createUser(
            NewUser(username: "target", displayName: "T", password: "mật-khẩu-dài-đủ"),
            by: unitAdmin
        )
        await #expect(throws: AccountError.forbidden) {
            try await service.grant(
                .officer,
                on: fixture.vinh.id,
                includingDescendants: false,
                to: target.id,
                by: unitAdmin
            )
        }
        await #expect(throws: AccountError.forbidden) {
            try await service.grant(
                .provinceAdmin,
                on: fixture.thanhHoa.id,
                includingDescendants: true,
                to: target.id,
                by: unitAdmin
            )
        }
        await #expect(throws: AccountError.roleNotAllowedOnUnit(.provinceAdmin, .commune)) {
            try await service.grant(
                .provinceAdmin,
                on: fixture.hacThanh.id,
                includingDescendants: true,
                to: target.id,
                by: nil
            )
        }
        await #expect(throws: AccountError.unitRequired(.officer)) {
            try await service.grant(.officer, on: nil, includingDescendants: false, to: target.id, by: nil)
        }
    }

    @Test("Bad input is refused field by field, and a taken name is reported")
    func validation() async throws {
        await #expect(throws: AccountError.invalidField(field: "username", issue: .username)) {
            try await service.createUser(
                NewUser(username: "Tên Có Dấu", displayName: "x", password: "mật-khẩu-dài-đủ"),
                by: nil
            )
        }
        await #expect(throws: AccountError.invalidField(field: "password", issue: .password)) {
            try await service.createUser(NewUser(username: "short", displayName: "x", password: "123"), by: nil)
        }
        _ = try await service.registerCitizen(
            NewUser(username: "nguyen.van.a", displayName: "A", password: "mật-khẩu-dài-đủ")
        )
        await #expect(throws: AccountError.usernameTaken("nguyen.van.a")) {
            try await service.registerCitizen(
                NewUser(username: "Nguyen.Van.A", displayName: "B", password: "mật-khẩu-dài-đủ")
            )
        }
    }

    @Test("Admins see only the users granted within their scope")
    func visibility() async throws {
        let thanhHoaAdmin = try await admin(.provinceAdmin, on: fixture.thanhHoa)
        let ngheAnAdmin = try await admin(.provinceAdmin, on: fixture.ngheAn)
        let officer = try await service.createUser(
            NewUser(username: "officer.vinh", displayName: "O", password: "mật-khẩu-dài-đủ"),
            by: ngheAnAdmin
        )
        _ = try await service.grant(
            .officer,
            on: fixture.vinh.id,
            includingDescendants: false,
            to: officer.id,
            by: ngheAnAdmin
        )
        let seenByThanhHoa = try await service.users(visibleTo: thanhHoaAdmin, page: Paging()).items.map(\.username)
        let seenByNgheAn = try await service.users(visibleTo: ngheAnAdmin, page: Paging()).items.map(\.username)
        #expect(!seenByThanhHoa.contains("officer.vinh"))
        #expect(seenByNgheAn.contains("officer.vinh"))
    }
}
