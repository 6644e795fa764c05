import Core
import Fluent
import Vapor

// MARK: - Community digital-technology teams

extension CommunityPagesController {
    struct TeamsPage: Encodable {
        struct Team: Encodable {
            let id: String
            let commune: String
            let name: String
            let village: String
            let founded: String
            let members: String
            let lastActivity: String
            let inactive: Bool
            let recent: String
        }

        struct Figure: Encodable {
            let label: String
            let value: String
        }

        let layout: PageLayout
        let unit: String
        let unitName: String
        let unitIsCommune: Bool
        let error: String?
        let notice: String?
        let figures: [Figure]
        let withoutTeam: [String]
        let teams: [Team]
        let roles: [SelectOption]
        let kinds: [SelectOption]
        let today: String
        let mayEdit: Bool
    }

    /// The unit shown: `?unit=`, else the user's first unit.
    static func teamsUnit(_ req: Request) async throws -> String {
        if let code = req.queryString("unit") ?? (try? req.content.get(String.self, at: "unit")) { return code }
        let principal = try req.principal
        let units = req.services.units(on: req.db)
        for grant in principal.grants {
            if let id = grant.unitID, let unit = try await units.find(id), unit.tree == .current,
                unit.type.tier != .agency
            {
                return unit.code
            }
        }
        if let province = req.services.config.homeProvince { return province }
        throw WebError.invalidParameter(name: "unit", issue: .required)
    }

    @Sendable static func teamsPage(req: Request) async throws -> View { try await renderTeams(req) }

    static func renderTeams(_ req: Request, error: String? = nil, notice: String? = nil) async throws -> View {
        let code = try await teamsUnit(req)
        let (unit, principal) = try await SharingController.unit(req, code, .view)
        let communes = try await TeamFeed.communes(of: unit.code, on: req.db, services: req.services)
        let today = CivilDate(req.services.clock.now())
        let (coverage, entries) = try await TeamStore(db: req.db).coverage(communes: communes, on: today)
        let geocoder = try await req.services.addresses.geocoder(on: req.db)
        let inactive = Set(coverage.inactiveTeams.map(\.id))
        let mayEdit = Authorizer.may(
            principal,
            .process,
            on: try await req.services.units(on: req.db).lineage(of: unit.id)
        )
        func number(_ n: Int) -> String { VietnameseFormat.number(n) }
        return try await req.view.render(
            "Community/teams",
            TeamsPage(
                layout: .make(req, title: "Tổ công nghệ số cộng đồng", section: .teams),
                unit: unit.code,
                unitName: unit.name,
                unitIsCommune: unit.type.tier == .commune,
                error: error,
                notice: notice,
                figures: [
                    .init(
                        label: "Xã, phường có tổ",
                        value:
                            "\(number(coverage.communesWithTeam))/\(number(coverage.communes)) (\(VietnameseFormat.decimal(coverage.coverageRatio * 100, digits: 1)) %)"
                    ),
                    .init(label: "Số tổ", value: number(coverage.teams)),
                    .init(label: "Tổ hoạt động trong 30 ngày", value: number(coverage.activeTeams)),
                    .init(label: "Thành viên", value: number(coverage.members)),
                    .init(label: "Người dân được hỗ trợ trong tháng", value: number(coverage.totalPeopleHelped)),
                    .init(label: "Trong đó hướng dẫn VNeID", value: number(coverage.peopleHelped[.vneid] ?? 0)),
                    .init(
                        label: "Trong đó hướng dẫn dịch vụ công trực tuyến",
                        value: number(coverage.peopleHelped[.onlineServices] ?? 0)
                    ),
                ],
                withoutTeam: coverage.communesWithoutTeam.map { geocoder.unitName($0) ?? $0 },
                teams: entries.map { entry in
                    let team = entry.record.team
                    return TeamsPage.Team(
                        id: team.id.description,
                        commune: geocoder.unitName(team.unitCode) ?? team.unitCode,
                        name: team.name,
                        village: team.village,
                        founded: team.foundedOn.vietnamese,
                        members: entry.members.filter(\.active).map {
                            "\($0.name) (\($0.member.role.label), \($0.member.maskedPhone))"
                        }
                        .joined(separator: "; "),
                        lastActivity: entry.lastActivity?.vietnamese ?? "chưa có",
                        inactive: inactive.contains(team.id),
                        recent:
                            "\(entry.recent.count) lượt, \(number(entry.recent.map(\.peopleHelped).reduce(0, +))) người"
                    )
                },
                roles: TeamMember.Role.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) },
                kinds: TeamActivity.Kind.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) },
                today: today.vietnamese,
                mayEdit: mayEdit
            )
        )
    }

    struct TeamForm: Content {
        let unitCode: String
        let name: String
        let village: String?
        let foundedOn: String
    }

    @Sendable static func postTeam(req: Request) async throws -> View {
        do {
            let form = try req.content.decode(TeamForm.self)
            let team = try await TeamController.create(
                .init(unitCode: form.unitCode, name: form.name, village: form.village, foundedOn: form.foundedOn),
                on: req
            )
            return try await renderTeams(req, notice: "Đã thêm tổ \(team.name).")
        } catch let error as AccountError { throw error } catch {
            return try await renderTeams(req, error: message(error))
        }
    }

    @Sendable static func postMember(req: Request) async throws -> View {
        do {
            let input = try req.content.decode(TeamController.NewMember.self)
            let team = try await TeamController.addMember(input, team: try TeamController.teamID(req), on: req)
            return try await renderTeams(req, notice: "Đã thêm thành viên vào \(team.name).")
        } catch let error as AccountError { throw error } catch {
            return try await renderTeams(req, error: message(error))
        }
    }

    struct ActivityForm: Content {
        let day: String
        let kind: String
        let peopleHelped: String
        let note: String?
    }

    @Sendable static func postActivity(req: Request) async throws -> View {
        do {
            let form = try req.content.decode(ActivityForm.self)
            guard let people = Int(form.peopleHelped.trimmingCharacters(in: .whitespaces)) else {
                throw TeamError.invalidField(field: "peopleHelped", issue: .wholeNumber)
            }
            let team = try await TeamController.addActivity(
                .init(day: form.day, kind: form.kind, peopleHelped: people, note: form.note),
                team: try TeamController.teamID(req),
                on: req
            )
            return try await renderTeams(req, notice: "Đã ghi hoạt động của \(team.name).")
        } catch let error as AccountError { throw error } catch {
            return try await renderTeams(req, error: message(error))
        }
    }
}
