import Core
import Foundation

/// `/dossiers/{code}`: the officer's view, with the actions they may take and the forms to print.
struct DossierPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let label: String
        let value: String
    }

    struct Event: Encodable, Sendable {
        let at: String
        let action: String
        let status: String
        let note: String
    }

    /// A step of the procedure's workflow and when it must be finished (form 06).
    struct Step: Encodable, Sendable {
        let name: String
        let actor: String
        let due: String
    }

    let layout: PageLayout
    let code: String
    let procedure: String
    let status: String
    let facts: [Row]
    let events: [Event]
    let steps: [Step]
    let forms: [SelectOption]
    let actions: [SelectOption]
    let actionURL: String
    let extensionURL: String
    let mayExtend: Bool
    /// The dossier's document thread (issue 9), and the unit where a new document of the thread is drafted.
    var documents: [LinkedDocument] = []
    var documentUnit: String? = nil
}

struct LinkedDocument: Encodable, Sendable {
    let reference: String
    let subject: String
    let state: String
    let href: String
}

/// A printable form (print CSS): header, the facts, the legal reference, the dossier code as a QR code.
struct DossierFormPage: Encodable, Sendable {
    let title: String
    let number: String
    let legalReference: String
    let unit: String
    let code: String
    let qrSVG: String
    let place: String
    let date: String
    let rows: [DossierPage.Row]
    let paragraphs: [String]
    let table: [DossierPage.Event]
    let steps: [DossierPage.Step]
    let stylesheetURL: String
    var printScriptURL = SiteURL.printScript.path
}

/// `/dossiers`: the officer's open dossiers.
struct DossierInboxPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let code: String
        let href: String
        let procedure: String
        let applicant: String
        let status: String
        let due: String
        let badge: String
        let badgeLabel: String
    }

    let layout: PageLayout
    let rows: [Row]
    let total: String
    let newURL: String
}

/// `/tra-cuu`: a citizen follows a dossier by code and phone number.
struct LookupPage: Encodable, Sendable {
    let layout: PageLayout
    let action: String
    let code: String
    let error: String?
    let result: PublicDossierDTO.View?
    let feedbackURL: String
}

extension PublicDossierDTO {
    /// The lookup result as the page prints it.
    struct View: Encodable, Sendable {
        let code: String
        let procedure: String
        let status: String
        let applicant: String
        let due: String
        let history: [DossierPage.Event]
    }
}

/// `/dossiers/new`: the desk files a dossier handed in at the counter or received by post.
struct DossierFilingPage: Encodable, Sendable {
    let layout: PageLayout
    let action: String
    let error: String?
    let procedures: [SelectOption]
    /// The procedure chosen above the form (its components are listed), preselected in the form.
    let chosen: String
    let desks: [SelectOption]
    let components: [String]
}

/// `/indicators/766`: the groups, the indicators, the ranking, and the late dossiers behind 2.1.
struct Index766Page: Encodable, Sendable {
    struct Indicator: Encodable, Sendable {
        let id: String
        let name: String
        let points: String
        let max: String
        let ratio: String
        let rule: String
        let lacking: Bool
    }

    struct Group: Encodable, Sendable {
        let name: String
        let points: String
        let max: String
        let indicators: [Indicator]
    }

    struct Rank: Encodable, Sendable {
        let position: Int
        let name: String
        let href: String
        let total: String
        let dossiers: String
        let onTime: String
    }

    let layout: PageLayout
    let action: String
    let unit: String
    let unitName: String
    let period: String
    let total: String
    let maxWithData: String
    let groups: [Group]
    let ranking: [Rank]
    let late: [SelectOption]
}

/// Form 07, the tracking book (sổ theo dõi hồ sơ) of a unit over a span of receipt days.
struct TrackingBookPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let number: Int
        let code: String
        let procedure: String
        let applicant: String
        let received: String
        let appointment: String
        let ended: String
        let status: String
        let onTime: String
    }

    let title: String
    let legalReference: String
    let unit: String
    let from: String
    let to: String
    let rows: [Row]
    let csvURL: String
    let stylesheetURL: String
    var printScriptURL = SiteURL.printScript.path
}
