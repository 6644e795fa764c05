import Core
import Fluent
import Vapor

struct TeamDTO: Content {
    struct Member: Content {
        let name: String
        let role: String
        let roleLabel: String
        let phone: String
        let active: Bool
    }

    let id: UUID
    let unitCode: String
    let name: String
    let village: String
    let foundedOn: String
    let members: [Member]
    let lastActivity: String?
    let activitiesInWindow: Int
    let peopleHelpedInWindow: Int

    init(_ entry: TeamStore.Entry) {
        let team = entry.record.team
        id = team.id.rawValue
        unitCode = team.unitCode
        name = team.name
        village = team.village
        foundedOn = team.foundedOn.iso
        members = entry.members.map {
            let member = $0.member
            return Member(
                name: member.name,
                role: member.role.rawValue,
                roleLabel: member.role.label,
                phone: member.phone,
                active: member.active
            )
        }
        lastActivity = entry.lastActivity?.iso
        activitiesInWindow = entry.recent.count
        peopleHelpedInWindow = entry.recent.map(\.peopleHelped).reduce(0, +)
    }
}

struct CoverageDTO: Content {
    let unitCode: String
    let day: String
    let communes: Int
    let communesWithTeam: Int
    let coveragePercent: Double
    let communesWithoutTeam: [String]
    let teams: Int
    let activeTeams: Int
    let members: Int
    let inactiveTeams: [String]
    /// This month, per activity kind.
    let activities: [String: Int]
    let peopleHelped: [String: Int]

    init(unit: String, day: CivilDate, _ c: TeamCoverage) {
        unitCode = unit
        self.day = day.iso
        communes = c.communes
        communesWithTeam = c.communesWithTeam
        coveragePercent = (c.coverageRatio * 1000).rounded() / 10
        communesWithoutTeam = c.communesWithoutTeam
        teams = c.teams
        activeTeams = c.activeTeams
        members = c.members
        inactiveTeams = c.inactiveTeams.map(\.id.description)
        activities = Dictionary(uniqueKeysWithValues: c.activities.map { ($0.key.rawValue, $0.value) })
        peopleHelped = Dictionary(uniqueKeysWithValues: c.peopleHelped.map { ($0.key.rawValue, $0.value) })
    }
}

/// `/api/v1/teams…`: community digital-technology teams. Reading needs view rights on the unit (members' phone
/// numbers are personal data); every write needs process rights on the team's commune, is audited, and updates the
/// commune's indicator values in the same transaction.
struct TeamController: RouteCollection {
    struct NewTeam: Content {
        let unitCode: String
        let name: String
        let village: String?
        let foundedOn: String
    }

    struct NewMember: Content {
        let name: String
        let role: String
        let phone: String?
    }

    struct NewActivity: Content {
        let day: String
        let kind: String
        let peopleHelped: Int
        let note: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        let teams = routes.grouped("teams")
        teams.get(use: Self.list)
        teams.get("coverage", use: Self.coverage)
        teams.get("export.csv", use: Self.export)
        teams.post(use: Self.create)
        teams.post(":id", "members", use: Self.addMember)
        teams.post(":id", "activities", use: Self.addActivity)
    }

    /// The communes under `?unit=` the user may view.
    static func scope(_ req: Request) async throws -> (AdminUnit, [String]) {
        guard let code = req.query[String.self, at: "unit"] else {
            throw WebError.invalidParameter(name: "unit", issue: .required)
        }
        let (unit, _) = try await SharingController.unit(req, code, .view)
        return (unit, try await TeamFeed.communes(of: unit.code, on: req.db, services: req.services))
    }

    @Sendable static func list(req: Request) async throws -> [TeamDTO] {
        let (_, communes) = try await scope(req)
        let today = CivilDate(req.services.clock.now())
        let (_, entries) = try await TeamStore(db: req.db).coverage(communes: communes, on: today)
        return entries.map(TeamDTO.init)
    }

    @Sendable static func coverage(req: Request) async throws -> CoverageDTO {
        let (unit, communes) = try await scope(req)
        let today = CivilDate(req.services.clock.now())
        let (coverage, _) = try await TeamStore(db: req.db).coverage(communes: communes, on: today)
        return CoverageDTO(unit: unit.code, day: today, coverage)
    }

    @Sendable static func export(req: Request) async throws -> Response {
        let (unit, communes) = try await scope(req)
        let today = CivilDate(req.services.clock.now())
        let (_, entries) = try await TeamStore(db: req.db).coverage(communes: communes, on: today)
        let rows = entries.map { entry -> [String] in
            let team = entry.record.team
            return [
                team.unitCode, team.name, team.village, team.foundedOn.iso,
                String(entry.members.filter(\.active).count), entry.lastActivity?.iso ?? "",
                String(entry.recent.count), String(entry.recent.map(\.peopleHelped).reduce(0, +)),
            ]
        }
        return Response.csv(
            CSV.document(
                header: [
                    "commune_code", "name", "village", "founded_on", "active_members", "last_activity",
                    "activities_recent", "people_helped_recent",
                ],
                rows: rows
            ),
            filename: "to-cong-nghe-so-\(unit.code).csv"
        )
    }

    @Sendable static func create(req: Request) async throws -> TeamDTO {
        let input = try req.content.decode(NewTeam.self)
        return try await create(input, on: req)
    }

    static func create(_ input: NewTeam, on req: Request) async throws -> TeamDTO {
        let (unit, principal) = try await SharingController.unit(req, input.unitCode, .process)
        guard unit.type.tier == .commune else {
            throw TeamError.invalidField(field: "unitCode", issue: .oneOf(["mã xã, phường (5 chữ số)"]))
        }
        guard let founded = CivilDate(entered: input.foundedOn) else {
            throw TeamError.invalidField(field: "foundedOn", issue: .isoDate)
        }
        let now = req.services.clock.now()
        let team = try DigitalTeam.validated(
            unitCode: unit.code,
            name: input.name,
            village: input.village ?? "",
            foundedOn: founded,
            today: CivilDate(now)
        )
        try await write(
            req,
            unit: unit,
            principal: principal,
            action: "team.create",
            id: team.id.rawValue,
            after: [
                "name": team.name, "village": team.village,
            ]
        ) { db in
            try await TeamRecord(team, at: now).create(on: db)
        }
        return try await dto(team.id.rawValue, on: req)
    }

    @Sendable static func addMember(req: Request) async throws -> TeamDTO {
        let input = try req.content.decode(NewMember.self)
        return try await addMember(input, team: try teamID(req), on: req)
    }

    static func addMember(_ input: NewMember, team id: UUID, on req: Request) async throws -> TeamDTO {
        let record = try await TeamStore(db: req.db).team(id)
        let (unit, principal) = try await SharingController.unit(req, record.unitCode, .process)
        let member = try TeamMember.validated(name: input.name, role: input.role, phone: input.phone ?? "")
        try await write(
            req,
            unit: unit,
            principal: principal,
            action: "team.addMember",
            id: id,
            after: [
                "name": member.name, "role": member.role.rawValue,
            ]
        ) { db in
            try await TeamMemberRecord(team: id, member).create(on: db)
        }
        return try await dto(id, on: req)
    }

    @Sendable static func addActivity(req: Request) async throws -> TeamDTO {
        let input = try req.content.decode(NewActivity.self)
        return try await addActivity(input, team: try teamID(req), on: req)
    }

    static func addActivity(_ input: NewActivity, team id: UUID, on req: Request) async throws -> TeamDTO {
        let record = try await TeamStore(db: req.db).team(id)
        let (unit, principal) = try await SharingController.unit(req, record.unitCode, .process)
        guard let day = CivilDate(entered: input.day) else {
            throw TeamError.invalidField(field: "day", issue: .isoDate)
        }
        let now = req.services.clock.now()
        let activity = try TeamActivity.validated(
            day: day,
            kind: input.kind,
            peopleHelped: input.peopleHelped,
            note: input.note ?? "",
            team: record.team,
            today: CivilDate(now)
        )
        try await write(
            req,
            unit: unit,
            principal: principal,
            action: "team.logActivity",
            id: id,
            after: [
                "day": activity.day.iso, "kind": activity.kind.rawValue, "peopleHelped": String(activity.peopleHelped),
            ]
        ) { db in
            try await TeamActivityRecord(team: id, activity, by: principal.user.id.rawValue, at: now).create(on: db)
        }
        return try await dto(id, on: req)
    }

    static func teamID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("id", as: UUID.self) else { throw TeamError.notFound }
        return id
    }

    static func dto(_ id: UUID, on req: Request) async throws -> TeamDTO {
        let record = try await TeamStore(db: req.db).team(id)
        let (_, entries) = try await TeamStore(db: req.db).coverage(
            communes: [record.unitCode],
            on: CivilDate(req.services.clock.now())
        )
        guard let entry = entries.first(where: { $0.record.id == id }) else { throw TeamError.notFound }
        return TeamDTO(entry)
    }

    /// The change, its audit line and the commune's indicator values, in one transaction.
    static func write(
        _ req: Request,
        unit: AdminUnit,
        principal: Principal,
        action: String,
        id: UUID,
        after: [String: String],
        _ change: @escaping @Sendable (any Database) async throws -> Void
    ) async throws {
        let services = req.services
        let now = services.clock.now()
        try await req.transaction { db in
            try await change(db)
            try await services.audit(on: db).append(
                AuditEntry(
                    at: now,
                    actorID: principal.user.id,
                    actorName: principal.user.username,
                    action: action,
                    entityType: "digital_team",
                    entityID: id.uuidString.lowercased(),
                    unitID: unit.id,
                    before: nil,
                    after: after
                )
            )
            try await TeamFeed.refresh(on: db, services: services, communes: [unit.code])
        }
    }
}
