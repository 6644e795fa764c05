import Core
import Foundation
import Testing

@Suite("Community digital-technology teams: coverage, inactivity, indicator values, DTI inputs, bad input")
struct TeamCoverageTests {
    let today = CivilDate(year: 2026, month: 9, day: 21)!

    func team(_ commune: String, _ name: String, founded: CivilDate) -> DigitalTeam {
        DigitalTeam(unitCode: commune, name: name, foundedOn: founded)
    }

    @Test("Communes without a team, teams without activity in 30 days, people helped by kind in the window")
    func coverage() {
        let old = CivilDate(year: 2025, month: 8, day: 1)!
        let a = team("14797", "Tổ CNS phường Hạc Thành", founded: old)
        let b = team("14797", "Tổ CNS tổ dân phố 3", founded: old)
        let c = team("16378", "Tổ CNS phường Đông Sơn", founded: old)
        let fresh = team("16381", "Tổ CNS mới", founded: today.adding(days: -3))
        let outside = team("01001", "Tổ ngoài tỉnh", founded: old)
        let month = CivilDate(year: 2026, month: 9, day: 1)!...today
        let coverage = TeamCoverage(
            communes: ["14797", "16378", "16381", "16384"],
            teams: [
                .init(team: a, activeMembers: 5, lastActivity: today.adding(days: -29)),  // day 30 of the window
                .init(team: b, activeMembers: 3, lastActivity: today.adding(days: -30)),  // just outside
                .init(team: c, activeMembers: 4, lastActivity: nil),
                .init(team: fresh, activeMembers: 2, lastActivity: nil),  // too new to be inactive
                .init(team: outside, activeMembers: 9, lastActivity: today),
            ],
            activities: [
                (a.id, TeamActivity(day: today, kind: .vneid, peopleHelped: 12)),
                (a.id, TeamActivity(day: today.adding(days: -1), kind: .vneid, peopleHelped: 8)),
                (b.id, TeamActivity(day: today.adding(days: -2), kind: .onlineServices, peopleHelped: 5)),
                (b.id, TeamActivity(day: CivilDate(year: 2026, month: 8, day: 31)!, kind: .vneid, peopleHelped: 99)),
                (outside.id, TeamActivity(day: today, kind: .vneid, peopleHelped: 1_000)),
            ],
            window: month,
            on: today
        )
        #expect(coverage.communes == 4)
        #expect(coverage.communesWithTeam == 3)
        #expect(coverage.communesWithoutTeam == ["16384"])
        #expect(coverage.teams == 4)
        #expect(coverage.members == 14)
        #expect(coverage.inactiveTeams.map(\.name) == ["Tổ CNS tổ dân phố 3", "Tổ CNS phường Đông Sơn"])
        #expect(coverage.activeTeams == 2)
        #expect(coverage.peopleHelped == [.vneid: 20, .onlineServices: 5])
        #expect(coverage.activities == [.vneid: 2, .onlineServices: 1])
        #expect(coverage.coverageRatio == 0.75)

        let values = TeamIndicators.values(coverage)
        #expect(values[TeamIndicators.communesWithTeam] == 3)
        #expect(values[TeamIndicators.peopleHelped] == 25)
        #expect(values[TeamIndicators.vneid] == 20)
        #expect(TeamCoverage(communes: [], teams: [], activities: [], window: month, on: today).coverageRatio == 0)
    }

    @Test("A framework with the teams' sub-indicators is filled in from the indicator values")
    func dtiInputs() throws {
        var framework = DTIFramework.qd922
        framework.subIndicators =
            TeamIndicators.dtiSubIndicators
            + [DTISubIndicator(code: "HDXHS.X", index: "HDXHS", name: "Tự chấm", maxPoints: 10)]
        let inputs = framework.automaticInputs([TeamIndicators.coverageRate: 75, TeamIndicators.activeRate: 120])
        #expect(inputs == ["NLS.TCNS": 0.75, "HDXHS.TCNS": 1])
        let sub = try #require(framework.subIndicators.first { $0.code == "HDXHS.TCNS" })
        #expect(try sub.points(for: 0.45) == 10)  // full at 0.9
        #expect(framework.automaticInputs([:]).isEmpty)
    }

    @Test("Bad team, member and activity input is refused with the field named")
    func badInput() throws {
        let team = try DigitalTeam.validated(
            unitCode: "14797",
            name: "  Tổ CNS thôn Đông  ",
            village: "Thôn Đông",
            foundedOn: CivilDate(year: 2025, month: 1, day: 1)!,
            today: today
        )
        #expect(team.name == "Tổ CNS thôn Đông")
        #expect(throws: TeamError.invalidField(field: "name", issue: .length(3...200))) {
            try DigitalTeam.validated(unitCode: "14797", name: "A", village: "", foundedOn: today, today: today)
        }
        #expect(throws: TeamError.self) {
            try DigitalTeam.validated(
                unitCode: "1",
                name: "Tổ mới",
                village: "",
                foundedOn: today.adding(days: 1),
                today: today
            )
        }
        let member = try TeamMember.validated(name: "Lê Thị Hoa", role: "leader", phone: "0912 345 678")
        #expect(member.phone == "0912345678")
        #expect(member.maskedPhone == "091****678")
        #expect(throws: TeamError.self) { try TeamMember.validated(name: "Lê Hoa", role: "boss", phone: "") }
        #expect(throws: TeamError.self) { try TeamMember.validated(name: "Lê Hoa", role: "member", phone: "12345") }
        #expect(throws: TeamError.self) {
            try TeamActivity.validated(
                day: today.adding(days: 1),
                kind: "vneid",
                peopleHelped: 1,
                note: "",
                team: team,
                today: today
            )
        }
        #expect(throws: TeamError.self) {
            try TeamActivity.validated(day: today, kind: "vneid", peopleHelped: -1, note: "", team: team, today: today)
        }
        #expect(throws: TeamError.self) {
            try TeamActivity.validated(day: today, kind: "dance", peopleHelped: 1, note: "", team: team, today: today)
        }
        let ok = try TeamActivity.validated(
            day: today,
            kind: "vneid",
            peopleHelped: 30,
            note: " Nhà văn hóa ",
            team: team,
            today: today
        )
        #expect(ok.note == "Nhà văn hóa")
    }
}
