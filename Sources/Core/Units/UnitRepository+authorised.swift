extension UnitRepository {
    /// The current unit with `code`, which `actor` (not disabled) may act on with `action`: an unknown code is an
    /// invalid `unitCode`, a unit out of the actor's reach is forbidden.
    func authorised(_ code: String, _ action: Action, by actor: Principal) async throws -> AdminUnit {
        guard let unit = try await find(UnitKey(tree: .current, code: code)) else {
            throw IndicatorError.invalidField(field: "unitCode", issue: .unknownCode(code))
        }
        guard !actor.user.isDisabled, Authorizer.may(actor, action, on: try await lineage(of: unit.id)) else {
            throw AccountError.forbidden
        }
        return unit
    }
}
