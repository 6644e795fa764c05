import Foundation

/// The administrative hierarchy: reading the tree valid on a day, importing the official data, and agencies.
public struct UnitService: Sendable {
    let units: any UnitRepository
    let audit: any AuditLog
    let clock: Clock

    public init(units: any UnitRepository, audit: any AuditLog, clock: Clock) {
        self.units = units
        self.audit = audit
        self.clock = clock
    }

    /// The provinces of the tree valid on `date` (today in Vietnam when nil).
    public func provinces(on date: CivilDate? = nil) async throws -> [AdminUnit] {
        try await units.roots(of: AdminTree.valid(on: date ?? CivilDate(clock.now())))
    }

    public func unit(_ key: UnitKey) async throws -> AdminUnit {
        guard let unit = try await units.find(key) else { throw UnitError.notFound(tree: key.tree, code: key.code) }
        return unit
    }

    /// Imports the official data file. Idempotent: existing units keep their identity and are updated in place.
    /// - Returns: how many units were new.
    public func importUnits(_ seeds: [UnitSeed]) async throws -> ImportSummary {
        var existing: [UnitKey: AdminUnit.ID] = [:]
        for tree in Set(seeds.map(\.tree)) {
            existing.merge(try await units.identities(of: tree)) { current, _ in current }
        }
        let planned = try UnitImportPlan.units(from: seeds, existing: existing)
        try await units.save(planned)
        let added = planned.filter { existing[UnitKey(tree: $0.tree, code: $0.code)] == nil }.count
        try await audit.append(
            AuditEntry(
                at: clock.now(),
                actorID: nil,
                actorName: Actor.system.name,
                action: "unit.import",
                entityType: "unit",
                entityID: "*",
                unitID: nil,
                before: nil,
                after: ["units": String(planned.count), "added": String(added)]
            )
        )
        return ImportSummary(total: planned.count, added: added)
    }

    /// Creates an agency (sở, ban, ngành; phòng at commune level) under a unit of the current tree.
    public func createAgency(_ request: NewAgency, by actor: Principal) async throws -> AdminUnit {
        guard let parent = try await units.find(request.parentID) else {
            throw UnitError.invalidAgency(field: "parent", issue: .unknownUnit)
        }
        guard parent.tree == .current else {
            throw UnitError.invalidAgency(field: "parent", issue: .currentTreeOnly)
        }
        guard Authorizer.may(actor, .manageUnits, on: try await units.lineage(of: parent.id)) else {
            throw AccountError.forbidden
        }
        let valid = try request.validated()
        let code = parent.code + "." + valid.slug
        guard try await units.find(UnitKey(tree: .current, code: code)) == nil else {
            throw UnitError.duplicateCode(tree: .current, code: code)
        }
        let agency = AdminUnit(
            tree: .current,
            code: code,
            name: valid.name,
            shortName: valid.shortName,
            type: .agency,
            parentID: parent.id,
            level: parent.level + 1,
            centroid: parent.centroid,
            validFrom: CivilDate(clock.now()),
            validTo: nil
        )
        try await units.save([agency])
        try await audit.append(
            AuditEntry(
                at: clock.now(),
                actorID: actor.user.id,
                actorName: actor.user.username,
                action: "unit.createAgency",
                entityType: "unit",
                entityID: agency.id.description,
                unitID: parent.id,
                before: nil,
                after: ["code": code, "name": valid.name, "parent": parent.code]
            )
        )
        return agency
    }
}

/// What an import did.
public struct ImportSummary: Sendable, Equatable {
    public let total: Int
    public let added: Int

    public init(total: Int, added: Int) {
        self.total = total
        self.added = added
    }
}

/// A request to create an agency.
public struct NewAgency: Sendable {
    public var parentID: AdminUnit.ID
    public var name: String
    public var shortName: String
    /// Upper-case code suffix, e.g. `SYT` for Sở Y tế; the agency code becomes `38.SYT`.
    public var slug: String

    public init(parentID: AdminUnit.ID, name: String, shortName: String, slug: String) {
        self.parentID = parentID
        self.name = name
        self.shortName = shortName
        self.slug = slug
    }

    func validated() throws(UnitError) -> NewAgency {
        var copy = self
        copy.name = name.trimmingCharacters(in: .whitespaces)
        copy.shortName = shortName.trimmingCharacters(in: .whitespaces)
        copy.slug = slug.trimmingCharacters(in: .whitespaces).uppercased()
        if copy.shortName.isEmpty { copy.shortName = copy.name }
        guard (2...200).contains(copy.name.count) else {
            throw .invalidAgency(field: "name", issue: .length(2...200))
        }
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
        guard (2...20).contains(copy.slug.count), copy.slug.allSatisfy(allowed.contains) else {
            throw .invalidAgency(field: "slug", issue: .slug)
        }
        return copy
    }
}

extension FieldIssue {
    public static let unknownUnit = FieldIssue(english: "unknown unit", vietnamese: "đơn vị không tồn tại")
    public static let currentTreeOnly = FieldIssue(
        english: "agencies belong to the current (2025) tree",
        vietnamese: "cơ quan chỉ thuộc cơ cấu hiện hành (2025)"
    )
    public static let slug = FieldIssue(
        english: "2–20 characters: A–Z, 0–9, dash",
        vietnamese: "2–20 ký tự: A–Z, 0–9, gạch ngang"
    )
}
