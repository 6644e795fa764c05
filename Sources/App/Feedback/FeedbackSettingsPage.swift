import Core

/// `/admin/feedback`: categories with their deadlines, and routing exceptions.
struct FeedbackSettingsPage: Encodable, Sendable {
    struct CategoryRow: Encodable, Sendable {
        let code: String
        let name: String
        let provinceCode: String
        let province: String
        let active: Bool
        let decideDays: Int
        let supplementDays: Int
        let handleDays: Int
        let publishDays: Int
        let urgentAcknowledgeHours: String
        let urgentHandleHours: String
        let attributes: String

        init(_ category: FeedbackCategory, province: String?) {
            code = category.code
            name = category.name
            provinceCode = category.provinceCode ?? ""
            self.province = province ?? "Toàn quốc"
            active = category.active
            decideDays = category.sla.decideDays
            supplementDays = category.sla.supplementDays
            handleDays = category.sla.handleDays
            publishDays = category.sla.publishDays
            urgentAcknowledgeHours = Self.hours(category.sla.urgentAcknowledgeHours)
            urgentHandleHours = Self.hours(category.sla.urgentHandleHours)
            attributes = category.attributes.map(\.description).joined(separator: "; ")
        }

        /// Hours as a form value ("8", "0.5").
        static func hours(_ value: Double) -> String {
            value == value.rounded() ? String(Int(value)) : String(value)
        }
    }

    struct RuleRow: Encodable, Sendable {
        let category: String
        let categoryCode: String
        let scope: String
        let scopeName: String
        let handler: String
        let handlerName: String
        let note: String
    }

    let layout: PageLayout
    let error: String?
    let categories: [CategoryRow]
    let rules: [RuleRow]
    let categoryOptions: [SelectOption]
    let provinceOptions: [SelectOption]
    let categoryAction: String
    let ruleAction: String
    let deleteAction: String
    let csvURL: String
}
