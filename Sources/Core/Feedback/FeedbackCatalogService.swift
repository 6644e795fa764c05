import Foundation

/// Editing a province's report categories and routing exceptions. Nationwide categories are a system
/// administrator's; a province's own categories and its rules need the `configure` right over that province.
/// Every change is audited with its before and after.
public struct FeedbackCatalogService: Sendable {
    let catalogs: any FeedbackCatalogRepository
    let units: any UnitRepository
    let audit: any AuditLog
    let clock: Clock

    public init(catalogs: any FeedbackCatalogRepository, units: any UnitRepository, audit: any AuditLog, clock: Clock) {
        self.catalogs = catalogs
        self.units = units
        self.audit = audit
        self.clock = clock
    }

    @discardableResult
    public func save(_ category: FeedbackCategory, by actor: Principal) async throws -> FeedbackCategory {
        let valid = try category.validated()
        let province = try await valid.provinceCode.asyncMap {
            try await self.province(code: $0, field: "provinceCode")
        }
        try await authorize(actor, province: province)
        let before = try await catalogs.catalog().categories.first {
            $0.code == valid.code && $0.provinceCode == valid.provinceCode
        }
        try await catalogs.save(valid)
        try await log(
            actor,
            action: before == nil ? "feedback.addCategory" : "feedback.editCategory",
            entity: "category",
            id: "\(valid.provinceCode ?? "*"):\(valid.code)",
            unit: province,
            before: before.map(Self.summary),
            after: Self.summary(valid)
        )
        return valid
    }

    /// Adds or replaces the exception for a category in a commune or a whole province. The handler must be a
    /// current unit of the same province (the province itself, one of its communes, or an agency).
    @discardableResult
    public func save(_ rule: FeedbackRouting.Rule, by actor: Principal) async throws -> FeedbackRouting.Rule {
        let catalog = try await catalogs.catalog()
        guard catalog.categories.contains(where: { $0.code == rule.category }) else {
            throw FeedbackError.unknownCategory(rule.category)
        }
        let scope = try await currentUnit(code: rule.scope, field: "scope")
        guard scope.type.tier == .province || scope.type.tier == .commune else {
            throw FeedbackError.invalidField(field: "scope", issue: .provinceOrCommune)
        }
        let handler = try await currentUnit(code: rule.handlerCode, field: "handlerCode")
        let province = try await units.province(of: scope)
        guard try await units.province(of: handler).id == province.id else {
            throw FeedbackError.invalidField(field: "handlerCode", issue: .sameProvince)
        }
        try await authorize(actor, province: province)
        let note = String(rule.note.trimmingCharacters(in: .whitespacesAndNewlines).prefix(300))
        let clean = FeedbackRouting.Rule(
            category: rule.category,
            scope: rule.scope,
            handlerCode: rule.handlerCode,
            note: note
        )
        let before = catalog.routing.rules.first { $0.category == rule.category && $0.scope == rule.scope }
        try await catalogs.save(clean)
        try await log(
            actor,
            action: "feedback.saveRoutingRule",
            entity: "routingRule",
            id: "\(rule.category)@\(rule.scope)",
            unit: province,
            before: before.map { ["handlerCode": $0.handlerCode, "note": $0.note] },
            after: ["handlerCode": clean.handlerCode, "note": clean.note]
        )
        return clean
    }

    public func deleteRule(category: String, scope: String, by actor: Principal) async throws {
        let catalog = try await catalogs.catalog()
        guard let before = catalog.routing.rules.first(where: { $0.category == category && $0.scope == scope }) else {
            throw FeedbackError.notFound
        }
        let province = try await units.province(of: try await currentUnit(code: scope, field: "scope"))
        try await authorize(actor, province: province)
        _ = try await catalogs.deleteRule(category: category, scope: scope)
        try await log(
            actor,
            action: "feedback.deleteRoutingRule",
            entity: "routingRule",
            id: "\(category)@\(scope)",
            unit: province,
            before: ["handlerCode": before.handlerCode, "note": before.note],
            after: nil
        )
    }

    func authorize(_ actor: Principal, province: AdminUnit?) async throws {
        let allowed: Bool
        if let province {
            allowed = Authorizer.may(actor, .configure, on: try await units.lineage(of: province.id))
        } else {
            allowed = !actor.user.isDisabled && actor.holds(.systemAdmin)
        }
        guard allowed else { throw AccountError.forbidden }
    }

    func currentUnit(code: String, field: String) async throws -> AdminUnit {
        guard let unit = try await units.find(UnitKey(tree: .current, code: code)) else {
            throw FeedbackError.invalidField(field: field, issue: .unknownUnit)
        }
        return unit
    }

    func province(code: String, field: String) async throws -> AdminUnit {
        let unit = try await currentUnit(code: code, field: field)
        guard unit.type.tier == .province else { throw FeedbackError.invalidField(field: field, issue: .province) }
        return unit
    }

    static func summary(_ category: FeedbackCategory) -> [String: String] {
        let sla = category.sla
        return [
            "name": category.name, "active": String(category.active),
            "sla": "\(sla.decideDays)/\(sla.supplementDays)/\(sla.handleDays)/\(sla.publishDays) wd, "
                + "urgent \(sla.urgentAcknowledgeHours)/\(sla.urgentHandleHours) wh",
            "attributes": category.attributes.map(\.code).joined(separator: ","),
        ]
    }

    private func log(
        _ actor: Principal,
        action: String,
        entity: String,
        id: String,
        unit: AdminUnit?,
        before: [String: String]?,
        after: [String: String]?
    ) async throws {
        try await audit.append(
            AuditEntry(
                at: clock.now(),
                actorID: actor.user.id,
                actorName: actor.user.username,
                action: action,
                entityType: entity,
                entityID: id,
                unitID: unit?.id,
                before: before,
                after: after
            )
        )
    }
}

extension FieldIssue {
    public static let provinceOrCommune = FieldIssue(
        english: "must be a province or a commune",
        vietnamese: "phải là tỉnh hoặc xã"
    )
    public static let province = FieldIssue(english: "must be a province", vietnamese: "phải là tỉnh, thành phố")
    public static let sameProvince = FieldIssue(
        english: "must be a unit of the same province",
        vietnamese: "phải là đơn vị cùng tỉnh"
    )
}
