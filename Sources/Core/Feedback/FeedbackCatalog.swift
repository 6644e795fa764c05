/// What a province has configured for reports: its categories and its routing exceptions.
public struct FeedbackCatalog: Sendable {
    public let categories: [FeedbackCategory]
    public let routing: FeedbackRouting

    public init(categories: [FeedbackCategory], routing: FeedbackRouting) {
        self.categories = categories
        self.routing = routing
    }

    /// The defaults of a new installation, with no exceptions.
    public static let defaults = FeedbackCatalog(
        categories: FeedbackCategory.defaults,
        routing: FeedbackRouting(rules: [])
    )

    /// The categories in force in a province: its own, plus the nationwide ones it does not replace, by code.
    /// With no province, every category (nationwide first) — the list a form shows before the place is known.
    public func categories(inProvince province: String?, includeInactive: Bool = false) -> [FeedbackCategory] {
        let chosen: [FeedbackCategory]
        if let province {
            let own = categories.filter { $0.provinceCode == province }
            let replaced = Set(own.map(\.code))
            chosen = categories.filter { $0.provinceCode == nil && !replaced.contains($0.code) } + own
        } else {
            chosen = categories.filter { $0.provinceCode == nil } + categories.filter { $0.provinceCode != nil }
        }
        return includeInactive ? chosen : chosen.filter(\.active)
    }

    /// The category `code` as it applies in `province` (the province's own version first), active or not.
    public func category(_ code: String, province: String?) -> FeedbackCategory? {
        categories.first { $0.code == code && $0.provinceCode == province && province != nil }
            ?? categories.first { $0.code == code && $0.provinceCode == nil }
            ?? (province == nil ? categories.first { $0.code == code } : nil)
    }

    /// The deadlines of a report of category `code` in `province`; the national ones for an unknown code.
    public func sla(for code: String, province: String?) -> FeedbackSLA {
        category(code, province: province)?.sla ?? .national
    }

    /// A category's display name, or the code when it is no longer configured.
    public func name(of code: String, province: String?) -> String {
        category(code, province: province)?.name ?? code
    }
}

/// Storage of the categories and routing rules.
public protocol FeedbackCatalogRepository: Sendable {
    func catalog() async throws -> FeedbackCatalog
    /// Inserts or replaces the category with the same code and province.
    func save(_ category: FeedbackCategory) async throws
    /// Inserts or replaces the rule with the same category and scope.
    func save(_ rule: FeedbackRouting.Rule) async throws
    /// Removes the rule for a category and scope; false when there was none.
    func deleteRule(category: String, scope: String) async throws -> Bool
}
