import Core
import Fluent
import Foundation
import SQLKit

/// The teams of a set of communes, with their members and activities, and their coverage on a day.
struct TeamStore {
    let db: any Database

    struct Entry {
        let record: TeamRecord
        let members: [TeamMemberRecord]
        let lastActivity: CivilDate?
        let recent: [TeamActivityRecord]
    }

    func team(_ id: UUID) async throws -> TeamRecord {
        guard let record = try await TeamRecord.find(id, on: db) else { throw TeamError.notFound }
        return record
    }

    /// Teams of `communes`, by commune then name, with members and the activities from `since` on.
    func entries(communes: [String], since: CivilDate) async throws -> [Entry] {
        var teams: [TeamRecord] = []
        for chunk in stride(from: 0, to: communes.count, by: 500) {
            teams += try await TeamRecord.query(on: db)
                .filter(\.$unitCode ~~ Array(communes[chunk..<min(chunk + 500, communes.count)])).all()
        }
        teams.sort { ($0.unitCode, $0.name) < ($1.unitCode, $1.name) }
        let ids = teams.compactMap(\.id)
        var members: [UUID: [TeamMemberRecord]] = [:]
        var recent: [UUID: [TeamActivityRecord]] = [:]
        var last: [UUID: String] = [:]
        for chunk in stride(from: 0, to: ids.count, by: 500) {
            let part = Array(ids[chunk..<min(chunk + 500, ids.count)])
            for member in try await TeamMemberRecord.query(on: db).filter(\.$teamID ~~ part).sort(\.$name).all() {
                members[member.teamID, default: []].append(member)
            }
            for activity in try await TeamActivityRecord.query(on: db).filter(\.$teamID ~~ part)
                .filter(\.$day >= since.iso).sort(\.$day, .descending).all()
            {
                recent[activity.teamID, default: []].append(activity)
            }
            // The last activity ever, for teams quiet in the window.
            if let sql = db as? any SQLDatabase {
                struct Row: Decodable {
                    let team: UUID
                    let last: String
                }
                let rows = try await sql.select().column(SQLColumn("team_id"), as: "team").column(
                    SQLFunction("MAX", args: SQLColumn("day")),
                    as: "last"
                )
                .from(TeamActivityRecord.schema).where("team_id", .in, part).groupBy("team_id").all(decoding: Row.self)
                for row in rows { last[row.team] = row.last }
            }
        }
        return teams.map { team in
            let id = team.id ?? UUID()
            return Entry(
                record: team,
                members: members[id] ?? [],
                lastActivity: last[id].flatMap { CivilDate(iso: $0) },
                recent: recent[id] ?? []
            )
        }
    }

    /// Coverage of `communes` on `day`: inactivity over the last 30 days, activities of `day`'s month.
    func coverage(communes: [String], on day: CivilDate) async throws -> (TeamCoverage, [Entry]) {
        let monthStart = CivilDate(year: day.year, month: day.month, day: 1)!
        let since = min(monthStart, day.adding(days: -(TeamCoverage.inactivityDays - 1)))
        let entries = try await entries(communes: communes, since: since)
        let coverage = Self.coverage(entries, communes: communes, on: day)
        return (coverage, entries)
    }
}

extension TeamStore {
    /// Coverage of `communes` from loaded entries: inactivity over the last 30 days, activities of `day`'s month.
    static func coverage(_ entries: [Entry], communes: [String], on day: CivilDate) -> TeamCoverage {
        let monthStart = CivilDate(year: day.year, month: day.month, day: 1)!
        return TeamCoverage(
            communes: communes,
            teams: entries.map {
                TeamCoverage.Team(
                    team: $0.record.team,
                    activeMembers: $0.members.filter(\.active).count,
                    lastActivity: $0.lastActivity
                )
            },
            activities: entries.flatMap { entry in entry.recent.map { (entry.record.team.id, $0.activity) } },
            window: monthStart...day,
            on: day
        )
    }
}

/// Puts the teams' figures into the indicator engine: each commune's values for the current month
/// (`TeamIndicators`), so the IOC, analytics and the DTI framework's team sub-indicators read them like any other
/// indicator. Runs with every team change (in its transaction, for that commune) and hourly in `serve` for every
/// commune of the province (communes without a team count too).
enum TeamFeed {
    static let storedBy = "community-teams"

    static func refresh(on db: any Database, services: AppServices, communes codes: [String]) async throws {
        let repository = SQLIndicatorRepository(db: db)
        try await repository.ensure(
            domain: TeamIndicators.domain,
            elements: TeamIndicators.elements,
            indicators: TeamIndicators.indicators
        )
        let now = services.clock.now()
        let today = CivilDate(now)
        let month = Period(.monthly, containing: today)
        let units = services.units(on: db)
        let (_, entries) = try await TeamStore(db: db).coverage(communes: codes, on: today)
        let byCommune = Dictionary(grouping: entries, by: \.record.unitCode)
        var values: [StoredValue] = []
        for code in codes {
            guard let unit = try await units.find(UnitKey(tree: .current, code: code)) else { continue }
            let coverage = TeamStore.coverage(byCommune[code] ?? [], communes: [code], on: today)
            values += StoredValue.figures(
                TeamIndicators.values(coverage),
                unit: unit.id,
                period: month,
                storedBy: storedBy,
                at: now
            )
        }
        try await repository.upsert(values)
    }

    /// Every 2025 commune of a province.
    static func refresh(on db: any Database, services: AppServices, province: String) async throws {
        try await refresh(
            on: db,
            services: services,
            communes: try await communes(of: province, on: db, services: services)
        )
    }

    static func communes(of code: String, on db: any Database, services: AppServices) async throws -> [String] {
        let units = services.units(on: db)
        guard let unit = try await units.find(UnitKey(tree: .current, code: code)) else { return [] }
        if unit.type.tier == .commune { return [unit.code] }
        return try await units.children(of: unit.id).filter { $0.type.tier == .commune }.map(\.code).sorted()
    }
}
