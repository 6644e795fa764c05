import Foundation

/// Errors of the community digital-technology teams module.
public enum TeamError: Error, Equatable, Sendable {
    case invalidField(field: String, issue: FieldIssue)
    case notFound
}

/// A community digital-technology team (Tổ công nghệ số cộng đồng) of a commune, or of one of its villages where
/// the province organises them at that level: the people who help citizens install VNeID, file dossiers online,
/// pay without cash and learn digital skills.
public struct DigitalTeam: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<DigitalTeam>

    public let id: ID
    /// The 2025 commune.
    public var unitCode: String
    public var name: String
    /// Thôn, bản, ấp, tổ dân phố; empty for a commune-level team.
    public var village: String
    public var foundedOn: CivilDate

    public init(id: ID = ID(), unitCode: String, name: String, village: String = "", foundedOn: CivilDate) {
        self.id = id
        self.unitCode = unitCode
        self.name = name
        self.village = village
        self.foundedOn = foundedOn
    }

    /// A new team's fields, checked: a name of 3–200 characters, a village of at most 200, founded no later than
    /// `today`.
    public static func validated(
        unitCode: String,
        name: String,
        village: String,
        foundedOn: CivilDate,
        today: CivilDate
    )
        throws(TeamError) -> DigitalTeam
    {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        let village = village.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (3...200).contains(name.count) else { throw .invalidField(field: "name", issue: .length(3...200)) }
        guard village.count <= 200 else { throw .invalidField(field: "village", issue: .length(0...200)) }
        guard foundedOn <= today else { throw .invalidField(field: "foundedOn", issue: .notInFuture) }
        return DigitalTeam(unitCode: unitCode, name: name, village: village, foundedOn: foundedOn)
    }
}

public struct TeamMember: Hashable, Sendable, Codable {
    public enum Role: String, Hashable, Sendable, Codable, CaseIterable {
        case leader, deputy, member

        public var label: String {
            switch self {
            case .leader: "Tổ trưởng"
            case .deputy: "Tổ phó"
            case .member: "Thành viên"
            }
        }
    }

    public var name: String
    public var role: Role
    /// Contact; masked wherever the public can see it.
    public var phone: String
    public var active: Bool

    public init(name: String, role: Role, phone: String, active: Bool = true) {
        self.name = name
        self.role = role
        self.phone = phone
        self.active = active
    }

    public static func validated(name: String, role: String, phone: String) throws(TeamError) -> TeamMember {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        let digits = phone.filter { !$0.isWhitespace && $0 != "." && $0 != "-" }
        guard (2...120).contains(name.count) else { throw .invalidField(field: "name", issue: .length(2...120)) }
        guard let role = Role(rawValue: role) else {
            throw .invalidField(field: "role", issue: .oneOf(Role.allCases.map(\.rawValue)))
        }
        guard digits.isEmpty || (digits.count == 10 && digits.hasPrefix("0") && digits.allSatisfy(\.isNumber)) else {
            throw .invalidField(field: "phone", issue: .phoneNumber)
        }
        return TeamMember(name: name, role: role, phone: digits)
    }

    /// "090****567": enough to recognise, not to call.
    public var maskedPhone: String {
        phone.count < 7 ? String(repeating: "*", count: phone.count) : phone.prefix(3) + "****" + phone.suffix(3)
    }
}

public struct TeamActivity: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case vneid
        case onlineServices = "online-services"
        case cashless
        case digitalSkills = "digital-skills"
        case outreach, other

        public var label: String {
            switch self {
            case .vneid: "Hướng dẫn cài đặt, kích hoạt VNeID"
            case .onlineServices: "Hướng dẫn dịch vụ công trực tuyến"
            case .cashless: "Hướng dẫn thanh toán không dùng tiền mặt"
            case .digitalSkills: "Phổ cập kỹ năng số"
            case .outreach: "Tuyên truyền chuyển đổi số"
            case .other: "Hoạt động khác"
            }
        }
    }

    public var day: CivilDate
    public var kind: Kind
    public var peopleHelped: Int
    public var note: String

    public init(day: CivilDate, kind: Kind, peopleHelped: Int, note: String = "") {
        self.day = day
        self.kind = kind
        self.peopleHelped = peopleHelped
        self.note = note
    }

    /// An activity as logged: on a day no later than `today` and not before the team was founded, 0–10,000 people.
    public static func validated(
        day: CivilDate,
        kind: String,
        peopleHelped: Int,
        note: String,
        team: DigitalTeam,
        today: CivilDate
    ) throws(TeamError) -> TeamActivity {
        guard let kind = Kind(rawValue: kind) else {
            throw .invalidField(field: "kind", issue: .oneOf(Kind.allCases.map(\.rawValue)))
        }
        guard day <= today, day >= team.foundedOn else { throw .invalidField(field: "day", issue: .notInFuture) }
        guard (0...10_000).contains(peopleHelped) else {
            throw .invalidField(field: "peopleHelped", issue: .atMost(10_000))
        }
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.count <= 1_000 else { throw .invalidField(field: "note", issue: .length(0...1_000)) }
        return TeamActivity(day: day, kind: kind, peopleHelped: peopleHelped, note: note)
    }
}

extension FieldIssue {
    static let notInFuture = FieldIssue(
        english: "must be a date no later than today (and not before the team was founded)",
        vietnamese: "phải là ngày không muộn hơn hôm nay (và không trước ngày thành lập tổ)"
    )
    static let phoneNumber = FieldIssue(
        english: "must be a 10-digit Vietnamese phone number starting with 0",
        vietnamese: "phải là số điện thoại 10 chữ số, bắt đầu bằng 0"
    )
}
