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
            newURL: SiteURL.feedbackNew.path
        )
    }
}

/// `/feedback/new`: the report form.
struct FeedbackFormPage: Encodable, Sendable {
    let layout: PageLayout
    let action: String
    let categories: [SelectOption]
    let error: String?
    let scriptURL: String
    let description: String
    let lat: String
    let lon: String
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
