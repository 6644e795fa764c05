public import Core

/// Categories and routing rules held in memory, starting from the defaults.
public actor InMemoryFeedbackCatalog: FeedbackCatalogRepository {
    var categories: [FeedbackCategory]
    var rules: [FeedbackRouting.Rule] = []

    public init(_ categories: [FeedbackCategory] = FeedbackCategory.defaults) { self.categories = categories }

    public func catalog() -> FeedbackCatalog {
        FeedbackCatalog(categories: categories, routing: FeedbackRouting(rules: rules))
    }

    public func save(_ category: FeedbackCategory) {
        if let index = categories.firstIndex(where: {
            $0.code == category.code && $0.provinceCode == category.provinceCode
        }) {
            categories[index] = category
        } else {
            categories.append(category)
        }
    }

    public func save(_ rule: FeedbackRouting.Rule) {
        rules.removeAll { $0.category == rule.category && $0.scope == rule.scope }
        rules.append(rule)
    }

    public func deleteRule(category: String, scope: String) -> Bool {
        let before = rules.count
        rules.removeAll { $0.category == category && $0.scope == scope }
        return rules.count < before
    }
}
