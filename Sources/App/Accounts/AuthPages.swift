import Core

/// `/login`.
struct LoginPage: Encodable, Sendable {
    let layout: PageLayout
    let action: String
    let next: String
    let username: String
    let error: String?
    let registerURL: String

    static func make(layout: PageLayout, next: String?, username: String = "", error: String? = nil) -> LoginPage {
        LoginPage(
            layout: layout,
            action: SiteURL.login(next: nil).path,
            next: LoginPage.safeNext(next),
            username: username,
            error: error,
            registerURL: SiteURL.register.path
        )
    }

    /// Only same-site paths are followed after sign-in, never another host (open-redirect guard).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "" }
        return next
    }
}

/// `/register` (citizens).
struct RegisterPage: Encodable, Sendable {
    let layout: PageLayout
    let action: String
    let username: String
    let displayName: String
    let email: String
    let phone: String
    let error: String?
}
