import Core
import Fluent
import Foundation

final class TeamRecord: Model, @unchecked Sendable {
    static let schema = "digital_teams"

    @ID(key: .id) var id: UUID?
    @Field(key: "unit_code") var unitCode: String
    @Field(key: "name") var name: String
    @Field(key: "village") var village: String
    @Field(key: "founded_on") var foundedOn: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(_ team: DigitalTeam, at now: Date) {
        id = team.id.rawValue
        unitCode = team.unitCode
        name = team.name
        village = team.village
        foundedOn = team.foundedOn.iso
        createdAt = now
    }

    var team: DigitalTeam {
        DigitalTeam(
            id: DigitalTeam.ID(rawValue: id ?? UUID()),
            unitCode: unitCode,
            name: name,
            village: village,
            foundedOn: CivilDate(iso: foundedOn) ?? CivilDate(createdAt)
        )
    }
}

final class TeamMemberRecord: Model, @unchecked Sendable {
    static let schema = "digital_team_members"

    @ID(key: .id) var id: UUID?
    @Field(key: "team_id") var teamID: UUID
    @Field(key: "name") var name: String
    @Field(key: "role") var role: String
    @Field(key: "phone") var phone: String
    @Field(key: "active") var active: Bool

    init() {}

    init(team: UUID, _ member: TeamMember) {
        id = UUID()
        teamID = team
        name = member.name
        role = member.role.rawValue
        phone = member.phone
        active = member.active
    }

    var member: TeamMember {
        TeamMember(name: name, role: TeamMember.Role(rawValue: role) ?? .member, phone: phone, active: active)
    }
}

final class TeamActivityRecord: Model, @unchecked Sendable {
    static let schema = "digital_team_activities"

    @ID(key: .id) var id: UUID?
    @Field(key: "team_id") var teamID: UUID
    @Field(key: "day") var day: String
    @Field(key: "kind") var kind: String
    @Field(key: "people_helped") var peopleHelped: Int
    @Field(key: "note") var note: String
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}

    init(team: UUID, _ activity: TeamActivity, by user: UUID, at now: Date) {
        id = UUID()
        teamID = team
        day = activity.day.iso
        kind = activity.kind.rawValue
        peopleHelped = activity.peopleHelped
        note = activity.note
        recordedBy = user
        recordedAt = now
    }

    var activity: TeamActivity {
        TeamActivity(
            day: CivilDate(iso: day) ?? CivilDate(recordedAt),
            kind: TeamActivity.Kind(rawValue: kind) ?? .other,
            peopleHelped: peopleHelped,
            note: note
        )
    }
}
