public import Core

/// A small tree for tests: two provinces, communes, and an agency, with the relations the authorisation matrix
/// needs (own unit, child unit, sibling commune (Hàm Rồng), another province).
public struct UnitFixture: Sendable {
    public let thanhHoa: AdminUnit
    public let hacThanh: AdminUnit
    public let hamRong: AdminUnit
    public let healthDepartment: AdminUnit
    public let ngheAn: AdminUnit
    public let vinh: AdminUnit

    public init() {
        func unit(_ code: String, _ name: String, _ type: UnitType, _ parent: AdminUnit?) -> AdminUnit {
            AdminUnit(
                tree: .current,
                code: code,
                name: name,
                shortName: name,
                type: type,
                parentID: parent?.id,
                level: (parent?.level ?? 0) + 1,
                validFrom: AdminTree.reformDate
            )
        }
        thanhHoa = unit("38", "Tỉnh Thanh Hóa", .province, nil)
        hacThanh = unit("14797", "Phường Hạc Thành", .ward, thanhHoa)
        hamRong = unit("14758", "Phường Hàm Rồng", .ward, thanhHoa)
        healthDepartment = unit("38.SYT", "Sở Y tế", .agency, thanhHoa)
        ngheAn = unit("40", "Tỉnh Nghệ An", .province, nil)
        vinh = unit("16681", "Phường Vinh Phú", .ward, ngheAn)
    }

    public var all: [AdminUnit] { [thanhHoa, hacThanh, hamRong, healthDepartment, ngheAn, vinh] }

    /// A repository preloaded with the fixture.
    public func repository() -> InMemoryUnitRepository { InMemoryUnitRepository(all) }
}
