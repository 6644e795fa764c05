import Core
import Foundation

/// `/feedback`: published answers, newest first.
struct FeedbackListPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let code: String
        let href: String
        let category: String
        let description: String
        let answer: String
        let date: String
        let satisfied: Bool
    }

    let layout: PageLayout
    let rows: [Row]
    let newURL: String
    let mapURL: String

    static func make(layout: PageLayout, items: [Feedback], catalog: FeedbackCatalog) -> FeedbackListPage {
        FeedbackListPage(
            layout: layout,
            rows: items.map { (PublicFeedback($0), $0.provinceCode) }.map { view, province in
                Row(
                    code: view.code,
                    href: SiteURL.feedback(code: view.code).path,
                    category: catalog.name(of: view.category, province: province),
                    description: view.description,
                    answer: view.answer ?? "",
                    date: VietnameseFormat.dateTime(view.publishedAt ?? view.submittedAt),
                    satisfied: view.satisfactory
                )
            },
            newURL: SiteURL.feedbackNew.path,
            mapURL: SiteURL.feedbackMap.path
        )
    }
}

/// `/feedback/new`: the report form.
struct FeedbackFormPage: Encodable, Sendable {
    /// One extra question of a category, shown while that category is chosen.
    struct Question: Encodable, Sendable {
        let category: String
        let field: String
        let label: String
        let required: Bool
        let multiple: Bool
        let options: [SelectOption]
        let inputType: String

        init(category: String, _ attribute: ServiceAttribute) {
            self.category = category
            multiple = attribute.datatype == .multiValueList
            field = "attr_" + attribute.code + (multiple ? "[]" : "")
            label = attribute.description
            required = attribute.required
            options = attribute.values.map { SelectOption(value: $0.key, label: $0.name) }
            inputType =
                switch attribute.datatype {
                case .number: "number"
                case .datetime: "date"
                default: "text"
                }
        }
    }

    let layout: PageLayout
    let action: String
    let categories: [SelectOption]
    let questions: [Question]
    let error: String?
    let scriptURL: String
    let description: String
    /// The dossier the report is about, when it comes from a dossier's page (`?dossier=`).
    let dossierCode: String
    let lat: String
    let lon: String
    /// The address typed for "use my address" (geocoded on submit when no coordinates are given).
    let address: String
    let map: CommuneMap
    let mapAction: String
}

/// `/feedback/map`: open reports per commune of a province.
struct FeedbackMapPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let name: String
        let count: String
        let href: String
    }

    let layout: PageLayout
    let map: CommuneMap
    let action: String
    let rows: [Row]
    let total: String
    var scriptURL = SiteURL.feedbackScript.path
}

/// `/feedback/:code`: one report, with the actions the viewer may take.
struct FeedbackDetailPage: Encodable, Sendable {
    struct Event: Encodable, Sendable {
        let at: String
        let action: String
        let status: String
        let note: String
    }

    let layout: PageLayout
    let code: String
    let category: String
    let description: String
    let status: String
    let commune: String
    let approximate: Bool
    let submittedAt: String
    let due: String?
    let sla: String
    let answer: String?
    let isPublicView: Bool
    let events: [Event]
    let actionURL: String
    let officerActions: [SelectOption]
    let reporterActions: [SelectOption]
    let duplicates: [String]
    /// Photo links, for the reporter and the handling officers only.
    let photos: [String]
    /// For the handling officers: the categories the classifier suggests, to look at (never applied by itself).
    var suggestions: [String] = []
}

/// `/inbox`: an officer's reports with SLA badges.
struct InboxPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let code: String
        let href: String
        let category: String
        let commune: String
        let status: String
        let due: String
        let sla: String
        let slaLabel: String
        let urgent: Bool
        let escalated: Bool
    }

    let layout: PageLayout
    let rows: [Row]
    let total: String

    static let slaLabels = ["green": "Trong hạn", "amber": "Sắp đến hạn", "red": "Quá hạn", "none": "—"]
}
