import Core
import Fluent
import Vapor

extension Request {
    /// The current unit with `code`, which the signed-in user may view; `parameter` names it in the error.
    func viewableUnit(code: String, parameter: String) async throws -> AdminUnit {
        let principal = try principal
        let units = services.units(on: db)
        guard let unit = try await units.find(UnitKey(tree: .current, code: code)) else {
            throw WebError.invalidParameter(name: parameter, issue: .unknownUnit)
        }
        guard Authorizer.may(principal, .view, on: try await units.lineage(of: unit.id)) else {
            throw AccountError.forbidden
        }
        return unit
    }

    /// The DHIS2 period in query parameter `name`.
    func period(_ name: String) throws -> Period {
        guard let period = Period(queryString(name) ?? "") else {
            throw IndicatorError.invalidField(field: name, issue: .periodFormat)
        }
        return period
    }

    /// The `:id` path parameter as a typed identifier; "not found" when it is not one.
    func pathID<Tag>(_: Identifier<Tag>.Type = Identifier<Tag>.self) throws -> Identifier<Tag> {
        guard let id = parameters.get("id").flatMap(Identifier<Tag>.init(uuidString:)) else {
            throw IndicatorError.notFound
        }
        return id
    }
}
