import Core
import Vapor

/// What the base layout needs: title, navigation, the signed-in user, the CSRF token and the demo banner.
struct PageLayout: Encodable, Sendable {
    struct Link: Encodable, Sendable {
        let label: String
        let href: String
        let active: Bool
    }

    let title: String
    let csrf: String
    let userName: String?
    let roleLabel: String?
    let demo: Bool
    let nav: [Link]
    let loginURL: String
    let logoutURL: String
    let registerURL: String
    let stylesheetURL: String
    /// Seconds after which the page reloads itself (IOC wall screens), none by default.
    var refresh: Int? = nil

    enum Section {
        case home, units, calendar, feedback, dossiers, dossierInbox, indicators, ioc, openData, sharing, inbox,
            documents, assistant, addresses, teams,
            users,
            audit, settings,
            none
    }

    static func make(_ req: Request, title: String, section: Section) -> PageLayout {
        let principal = req.optionalPrincipal
        var nav = [
            Link(label: "Trang chủ", href: SiteURL.home.path, active: section == .home),
            Link(
                label: "Đơn vị hành chính",
                href: SiteURL.units(tree: nil, query: nil).path,
                active: section == .units
            ),
            Link(
                label: "Lịch làm việc",
                href: SiteURL.calendar(year: CivilDate(req.services.clock.now()).year).path,
                active: section == .calendar
            ),
        ]
        nav.append(Link(label: "Phản ánh", href: SiteURL.feedbackList.path, active: section == .feedback))
        nav.append(Link(label: "Hồ sơ TTHC", href: SiteURL.dossierLookup.path, active: section == .dossiers))
        nav.append(Link(label: "Chỉ tiêu", href: "/indicators", active: section == .indicators))
        nav.append(Link(label: "Dữ liệu mở", href: "/du-lieu-mo", active: section == .openData))
        nav.append(Link(label: "Hỏi đáp", href: "/hoi-dap", active: section == .assistant))
        nav.append(Link(label: "Địa chỉ số", href: "/dia-chi-so", active: section == .addresses))
        if let principal, (principal.highestRole ?? .citizen) != .citizen {
            nav.append(Link(label: "Điều hành (IOC)", href: "/ioc/analysis", active: section == .ioc))
        }
        if let principal, (principal.highestRole ?? .citizen) != .citizen {
            nav.append(Link(label: "Chia sẻ dữ liệu", href: "/chia-se-du-lieu", active: section == .sharing))
            nav.append(Link(label: "Tổ công nghệ số", href: "/to-cong-nghe-so", active: section == .teams))
        }
        if let principal, principal.grants.contains(where: { $0.role.actions.contains(.process) }) {
            nav.append(Link(label: "Hộp việc", href: SiteURL.inbox.path, active: section == .inbox))
            nav.append(
                Link(label: "Hồ sơ đang giải quyết", href: SiteURL.dossierInbox.path, active: section == .dossierInbox)
            )
            nav.append(Link(label: "Văn bản", href: "/van-ban", active: section == .documents))
        }
        if let principal, principal.grants.contains(where: { $0.role.actions.contains(.manageUsers) }) {
            nav.append(Link(label: "Người dùng", href: SiteURL.adminUsers.path, active: section == .users))
        }
        if let principal, FeedbackSettingsController.mayConfigure(principal) {
            nav.append(Link(label: "Cấu hình", href: SiteURL.adminFeedback.path, active: section == .settings))
        }
        if let principal, principal.grants.contains(where: { $0.role.actions.contains(.viewAudit) }) {
            nav.append(Link(label: "Nhật ký", href: SiteURL.audit.path, active: section == .audit))
        }
        return PageLayout(
            title: title,
            csrf: req.csrfToken,
            userName: principal?.user.displayName,
            roleLabel: principal?.highestRole?.label,
            demo: req.application.hasDemoData,
            nav: nav,
            loginURL: SiteURL.login(next: nil).path,
            logoutURL: SiteURL.logout.path,
            registerURL: SiteURL.register.path,
            stylesheetURL: SiteURL.stylesheet.path
        )
    }
}

/// The HTML error page.
struct ErrorPage: Encodable, Sendable {
    let layout: PageLayout
    let status: Int
    let message: String
    let messageEN: String
    let homeURL: String

    static func render(_ failure: Failure, for req: Request) async throws -> Response {
        let page = ErrorPage(
            layout: .make(req, title: "Lỗi \(failure.status.code)", section: .none),
            status: Int(failure.status.code),
            message: failure.messageVI,
            messageEN: failure.message,
            homeURL: SiteURL.home.path
        )
        let view = try await req.view.render("Shared/error", page)
        let response = try await view.encodeResponse(for: req)
        response.status = failure.status
        return response
    }
}

/// One choice of a `<select>` on a page.
struct SelectOption: Encodable, Sendable {
    let value: String
    let label: String
}
