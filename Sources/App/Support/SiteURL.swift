import Core
import Foundation

/// Every link the pages print comes from here; templates never hold hand-written paths.
enum SiteURL {
    case home
    case login(next: String?)
    case logout
    case register
    case units(tree: AdminTree?, query: String?)
    case unit(AdminTree, code: String)
    case unitExport(AdminTree, code: String)
    case unitAgencies(AdminTree, code: String)
    case adminUsers
    case adminUser(User.ID)
    case adminUserGrants(User.ID)
    case adminRevokeGrant(User.ID, RoleGrant.ID)
    case audit
    case calendar(year: Int)
    case feedbackList
    case feedbackNew
    case feedback(code: String)
    case feedbackActions(code: String)
    case inbox
    case feedbackScript
    case printScript
    case adminCalendar
    case adminFeedback
    case adminFeedbackCategories
    case adminFeedbackRules
    case adminFeedbackRuleDelete
    case adminFeedbackRulesCSV
    case feedbackMap
    case feedbackPhoto(code: String, index: Int)
    case dossierLookup
    case dossierInbox
    case dossierNew
    case dossier(code: String)
    case dossierActions(code: String)
    case dossierExtension(code: String)
    case dossierForm(code: String, number: String)
    case index766(unit: String?, period: String?)
    case trackingBook(unit: String, from: String, to: String, csv: Bool)
    case stylesheet

    var path: String {
        switch self {
        case .home: return "/"
        case .login(let next): return "/login" + Self.query(["next": next])
        case .logout: return "/logout"
        case .register: return "/register"
        case .units(let tree, let q): return "/units" + Self.query(["tree": tree?.rawValue, "q": q])
        case .unit(let tree, let code): return "/units/\(tree.rawValue)/\(Self.escape(code))"
        case .unitExport(let tree, let code): return "/units/\(tree.rawValue)/\(Self.escape(code))/children.csv"
        case .unitAgencies(let tree, let code): return "/units/\(tree.rawValue)/\(Self.escape(code))/agencies"
        case .adminUsers: return "/admin/users"
        case .adminUser(let id): return "/admin/users/\(id)"
        case .adminUserGrants(let id): return "/admin/users/\(id)/grants"
        case .adminRevokeGrant(let user, let grant): return "/admin/users/\(user)/grants/\(grant)/revoke"
        case .audit: return "/admin/audit"
        case .calendar(let year): return "/calendar/\(year)"
        case .feedbackList: return "/feedback"
        case .feedbackNew: return "/feedback/new"
        case .feedback(let code): return "/feedback/\(Self.escape(code))"
        case .feedbackActions(let code): return "/feedback/\(Self.escape(code))/actions"
        case .inbox: return "/inbox"
        case .feedbackScript: return "/js/feedback.js"
        case .printScript: return "/js/print.js"
        case .adminCalendar: return "/admin/calendar"
        case .adminFeedback: return "/admin/feedback"
        case .adminFeedbackCategories: return "/admin/feedback/categories"
        case .adminFeedbackRules: return "/admin/feedback/rules"
        case .adminFeedbackRuleDelete: return "/admin/feedback/rules/delete"
        case .adminFeedbackRulesCSV: return "/admin/feedback/rules.csv"
        case .feedbackMap: return "/feedback/map"
        case .feedbackPhoto(let code, let index): return "/feedback/\(Self.escape(code))/photos/\(index)"
        case .dossierLookup: return "/tra-cuu"
        case .dossierInbox: return "/dossiers"
        case .dossierNew: return "/dossiers/new"
        case .dossier(let code): return "/dossiers/\(Self.escape(code))"
        case .dossierActions(let code): return "/dossiers/\(Self.escape(code))/actions"
        case .dossierExtension(let code): return "/dossiers/\(Self.escape(code))/extension"
        case .dossierForm(let code, let number): return "/dossiers/\(Self.escape(code))/forms/\(number)"
        case .index766(let unit, let period): return "/indicators/766" + Self.query(["unit": unit, "period": period])
        case .trackingBook(let unit, let from, let to, let csv):
            return "/dossiers/book" + Self.query(["unit": unit, "from": from, "to": to, "format": csv ? "csv" : nil])
        case .stylesheet: return "/css/site.css"
        }
    }

    static func escape(_ component: String) -> String {
        component.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? component
    }

    static func query(_ items: KeyValuePairs<String, String?>) -> String {
        var components = URLComponents()
        components.queryItems = items.compactMap { key, value in
            value.flatMap { $0.isEmpty ? nil : URLQueryItem(name: key, value: $0) }
        }
        return components.queryItems?.isEmpty == false ? "?" + (components.percentEncodedQuery ?? "") : ""
    }
}
