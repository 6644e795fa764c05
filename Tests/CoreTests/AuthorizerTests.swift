import Core
import CoreTestSupport
import Foundation
import Testing

/// The authorisation matrix: every role, granted on Hạc Thành ward (or on the province for roles held there),
/// asked about things owned by its own unit, a child unit, a sibling commune and another province.
@Suite("Authorisation matrix")
struct AuthorizerTests {
    enum Relation: String, CaseIterable, Sendable { case own, child, sibling, otherProvince }

    static let fixture = UnitFixture()
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    /// A child agency (phòng) under Hạc Thành, so that commune-level grants have a "child unit".
    static let wardOffice = AdminUnit(
        tree: .current,
        code: "14797.PKT",
        name: "Phòng Kinh tế",
        shortName: "PKT",
        type: .agency,
        parentID: fixture.hacThanh.id,
        level: 3
    )

    static func lineage(_ relation: Relation, grantedOnProvince: Bool) -> UnitLineage {
        let f = fixture
        switch (relation, grantedOnProvince) {
        case (.own, false): return UnitLineage([f.hacThanh.id, f.thanhHoa.id])
        case (.child, false): return UnitLineage([wardOffice.id, f.hacThanh.id, f.thanhHoa.id])
        case (.sibling, false): return UnitLineage([f.hamRong.id, f.thanhHoa.id])
        case (.own, true): return UnitLineage([f.thanhHoa.id])
        case (.child, true): return UnitLineage([f.hacThanh.id, f.thanhHoa.id])
        case (.sibling, true): return UnitLineage([f.healthDepartment.id, f.thanhHoa.id])
        case (.otherProvince, _): return UnitLineage([f.vinh.id, f.ngheAn.id])
        }
    }

    static func principal(_ role: Role, descendants: Bool) -> (Principal, onProvince: Bool) {
        let onProvince = role == .provinceAdmin
        let unit: AdminUnit.ID? = role.needsUnit ? (onProvince ? fixture.thanhHoa.id : fixture.hacThanh.id) : nil
        let user = User(username: role.rawValue, displayName: role.label, createdAt: now)
        let grant = RoleGrant(
            userID: user.id,
            role: role,
            unitID: unit,
            includesDescendants: descendants,
            grantedBy: nil,
            grantedAt: now
        )
        return (Principal(user: user, grants: [grant]), onProvince)
    }

    /// The expected answer, written out by hand as the rule reads.
    static func expected(_ role: Role, descendants: Bool, _ action: Action, _ relation: Relation) -> Bool {
        switch role {
        case .systemAdmin: return true
        case .citizen: return false
        case .provinceAdmin: return relation != .otherProvince
        case .iocViewer: return action == .view && (relation == .own || (relation == .child && descendants))
        case .officer:
            return [.view, .process].contains(action) && (relation == .own || (relation == .child && descendants))
        case .unitAdmin: return relation == .own || (relation == .child && descendants)
        }
    }

    static let cases: [(Role, Bool)] = Role.allCases.flatMap { [($0, false), ($0, true)] }

    @Test("Every role × action × relation gives the expected answer", arguments: cases)
    func matrix(role: Role, descendants: Bool) {
        let (principal, onProvince) = Self.principal(role, descendants: descendants)
        for action in Action.allCases {
            for relation in Relation.allCases {
                let allowed = Authorizer.may(
                    principal,
                    action,
                    on: Self.lineage(relation, grantedOnProvince: onProvince)
                )
                #expect(
                    allowed == Self.expected(role, descendants: descendants, action, relation),
                    "\(role) descendants=\(descendants) \(action) on \(relation)"
                )
            }
        }
    }

    @Test("A disabled user may do nothing, whatever the grants")
    func disabled() {
        var (principal, _) = Self.principal(.systemAdmin, descendants: true)
        var user = principal.user
        user.isDisabled = true
        principal = Principal(user: user, grants: principal.grants)
        #expect(!Authorizer.may(principal, .view, on: Self.lineage(.own, grantedOnProvince: false)))
    }

    @Test("Granting: within scope and at most one's own seniority")
    func granting() {
        let f = Self.fixture
        let (unitAdmin, _) = Self.principal(.unitAdmin, descendants: false)
        let (provinceAdmin, _) = Self.principal(.provinceAdmin, descendants: true)
        func grant(_ role: Role, _ unit: AdminUnit.ID?, descendants: Bool = false) -> RoleGrant {
            RoleGrant(
                userID: User.ID(),
                role: role,
                unitID: unit,
                includesDescendants: descendants,
                grantedBy: nil,
                grantedAt: Self.now
            )
        }
        let own = UnitLineage([f.hacThanh.id, f.thanhHoa.id])
        let sibling = UnitLineage([f.hamRong.id, f.thanhHoa.id])
        let province = UnitLineage([f.thanhHoa.id])
        #expect(Authorizer.mayGrant(unitAdmin, grant(.officer, f.hacThanh.id), unit: own))
        #expect(Authorizer.mayGrant(unitAdmin, grant(.unitAdmin, f.hacThanh.id), unit: own))
        // Without descendants of its own, a unit admin cannot hand out a grant that reaches further.
        #expect(!Authorizer.mayGrant(unitAdmin, grant(.officer, f.hacThanh.id, descendants: true), unit: own))
        #expect(!Authorizer.mayGrant(unitAdmin, grant(.officer, f.hamRong.id), unit: sibling))
        #expect(!Authorizer.mayGrant(unitAdmin, grant(.provinceAdmin, f.thanhHoa.id), unit: province))
        #expect(Authorizer.mayGrant(provinceAdmin, grant(.unitAdmin, f.hamRong.id, descendants: true), unit: sibling))
        #expect(Authorizer.mayGrant(provinceAdmin, grant(.provinceAdmin, f.thanhHoa.id), unit: province))
        #expect(
            !Authorizer.mayGrant(
                provinceAdmin,
                grant(.officer, f.vinh.id),
                unit: UnitLineage([f.vinh.id, f.ngheAn.id])
            )
        )
        #expect(!Authorizer.mayGrant(provinceAdmin, grant(.systemAdmin, nil), unit: nil))
        let (officer, _) = Self.principal(.officer, descendants: true)
        #expect(!Authorizer.mayGrant(officer, grant(.citizen, nil), unit: nil))
        let (system, _) = Self.principal(.systemAdmin, descendants: true)
        #expect(Authorizer.mayGrant(system, grant(.systemAdmin, nil), unit: nil))
    }
}
