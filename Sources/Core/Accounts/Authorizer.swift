/// The one place that decides who may do what. Every module asks it before a read of internal records or a write.
public enum Authorizer {
    /// May `principal` do `action` on a thing owned by the unit whose lineage (unit first, then its ancestors)
    /// is `owner`?
    public static func may(_ principal: Principal, _ action: Action, on owner: UnitLineage) -> Bool {
        guard !principal.user.isDisabled else { return false }
        return principal.grants.contains { grant in
            grant.role.actions.contains(action) && covers(grant, owner)
        }
    }

    /// May `principal` place (or remove) `grant` for someone? The grantor needs `manageUsers` through a grant
    /// that covers the new grant's whole scope, held with a role at least as senior as the one granted. A
    /// system administrator alone grants system administration.
    public static func mayGrant(_ principal: Principal, _ grant: RoleGrant, unit: UnitLineage?) -> Bool {
        guard !principal.user.isDisabled else { return false }
        return principal.grants.contains { held in
            guard held.role.actions.contains(.manageUsers), held.role >= grant.role else { return false }
            if held.role == .systemAdmin { return true }
            guard let unit, let heldUnit = held.unitID, let target = unit.unit, grant.role != .systemAdmin else {
                return false
            }
            if heldUnit == target { return held.includesDescendants || !grant.includesDescendants }
            return held.includesDescendants && unit.isStrictDescendant(of: heldUnit)
        }
    }

    /// Whether a grant's scope reaches the owning unit.
    static func covers(_ grant: RoleGrant, _ owner: UnitLineage) -> Bool {
        if grant.role == .systemAdmin { return true }
        guard let unit = grant.unitID, let target = owner.unit else { return false }
        if unit == target { return true }
        return grant.includesDescendants && owner.isStrictDescendant(of: unit)
    }
}
