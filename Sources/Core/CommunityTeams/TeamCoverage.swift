import Foundation

/// How well a province (or any set of communes) is covered by community digital-technology teams on a day:
/// communes without a team, teams with no activity in the last 30 days, members, and the work of the period.
public struct TeamCoverage: Hashable, Sendable {
    /// A team with what the coverage needs of it.
    public struct Team: Hashable, Sendable {
        public let team: DigitalTeam
        public let activeMembers: Int
        /// Its most recent activity, if any.
        public let lastActivity: CivilDate?

        public init(team: DigitalTeam, activeMembers: Int, lastActivity: CivilDate?) {
            self.team = team
            self.activeMembers = activeMembers
            self.lastActivity = lastActivity
        }
    }

    public static let inactivityDays = 30

    public let communes: Int
    public let communesWithTeam: Int
    public let communesWithoutTeam: [String]
    public let teams: Int
    public let members: Int
    /// Teams with no activity on the 30 days up to and including the day (founded earlier than that).
    public let inactiveTeams: [DigitalTeam]
    public let activeTeams: Int
    /// Activities and people helped in the window, per kind.
    public let activities: [TeamActivity.Kind: Int]
    public let peopleHelped: [TeamActivity.Kind: Int]

    public var coverageRatio: Double { communes == 0 ? 0 : Double(communesWithTeam) / Double(communes) }
    public var totalPeopleHelped: Int { peopleHelped.values.reduce(0, +) }

    /// - Parameters:
    ///   - communes: the 2025 communes in scope;
    ///   - teams: the teams of those communes (others are ignored);
    ///   - activities: the activities logged in `window` (by team);
    ///   - day: the day the coverage is for.
    public init(
        communes: [String],
        teams: [Team],
        activities logged: [(team: DigitalTeam.ID, activity: TeamActivity)],
        window: ClosedRange<CivilDate>,
        on day: CivilDate
    ) {
        let scope = Set(communes)
        let inScope = teams.filter { scope.contains($0.team.unitCode) }
        let covered = Set(inScope.map(\.team.unitCode))
        self.communes = scope.count
        communesWithTeam = covered.count
        communesWithoutTeam = scope.subtracting(covered).sorted()
        self.teams = inScope.count
        members = inScope.map(\.activeMembers).reduce(0, +)
        let since = day.adding(days: -(Self.inactivityDays - 1))
        let inactive = inScope.filter { entry in
            entry.team.foundedOn < since && (entry.lastActivity.map { $0 < since } ?? true)
        }
        inactiveTeams = inactive.map(\.team).sorted { ($0.unitCode, $0.name) < ($1.unitCode, $1.name) }
        activeTeams = inScope.count - inactive.count
        let ids = Set(inScope.map(\.team.id))
        var activities: [TeamActivity.Kind: Int] = [:]
        var people: [TeamActivity.Kind: Int] = [:]
        for (team, activity) in logged where ids.contains(team) && window.contains(activity.day) {
            activities[activity.kind, default: 0] += 1
            people[activity.kind, default: 0] += activity.peopleHelped
        }
        self.activities = activities
        peopleHelped = people
    }
}
