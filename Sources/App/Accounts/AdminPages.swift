import Core
import Foundation

/// `/admin/users`.
struct UsersPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let username: String
        let displayName: String
        let createdAt: String
        let disabled: Bool
        let href: String
    }

    let layout: PageLayout
    let rows: [Row]
    let total: String
    let createAction: String
    let error: String?

    static func make(layout: PageLayout, page: Paged<User>, error: String? = nil) -> UsersPage {
        UsersPage(
            layout: layout,
            rows: page.items.map {
                Row(
                    username: $0.username,
                    displayName: $0.displayName,
                    createdAt: VietnameseFormat.dateTime($0.createdAt),
                    disabled: $0.isDisabled,
                    href: SiteURL.adminUser($0.id).path
                )
            },
            total: VietnameseFormat.number(page.total),
            createAction: SiteURL.adminUsers.path,
            error: error
        )
    }
}

/// `/admin/users/:id`.
struct UserPage: Encodable, Sendable {
    struct GrantRow: Encodable, Sendable {
        let role: String
        let unitName: String
        let unitHref: String?
        let descendants: Bool
        let grantedAt: String
        let revokeAction: String
    }

    let layout: PageLayout
    let username: String
    let displayName: String
    let email: String
    let phone: String
    let grants: [GrantRow]
    let roles: [SelectOption]
    let grantAction: String
    let error: String?

    static func make(
        layout: PageLayout,
        user: User,
        grants: [RoleGrant],
        units: [AdminUnit.ID: AdminUnit],
        error: String? = nil
    ) -> UserPage {
        UserPage(
            layout: layout,
            username: user.username,
            displayName: user.displayName,
            email: user.email ?? "—",
            phone: user.phone ?? "—",
            grants: grants.map { grant in
                let unit = grant.unitID.flatMap { units[$0] }
                return GrantRow(
                    role: grant.role.label,
                    unitName: unit?.name ?? "Toàn hệ thống",
                    unitHref: unit.map { SiteURL.unit($0.tree, code: $0.code).path },
                    descendants: grant.includesDescendants,
                    grantedAt: VietnameseFormat.dateTime(grant.grantedAt),
                    revokeAction: SiteURL.adminRevokeGrant(user.id, grant.id).path
                )
            },
            roles: Role.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) },
            grantAction: SiteURL.adminUserGrants(user.id).path,
            error: error
        )
    }
}
