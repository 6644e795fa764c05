import Core
import Foundation
import SQLKit

/// The signed-in user with their role grants in one statement, for the check every API call makes. Through Fluent
/// it took three (the token, the user, the grants), each a trip to SQLite's thread and a model decoded by
/// reflection (issue 11). The rules are `AccountService.principal(for:)`'s and the token's: an unknown, revoked or
/// expired token, or a disabled user, gives no one. Tokens are stored as SHA-256 digests (`ApiTokenStore`).
struct PrincipalQuery {
    let sql: any SQLDatabase

    /// The token's user and the token's id.
    func principal(token: String, now: Date) async throws -> (principal: Principal, token: UUID)? {
        guard let statement = Self.statement(token: token) else { return nil }
        return try Self.principal(try await sql.raw(statement).all(), now: now)
    }

    /// The same, read now on the calling thread (see `DirectReads.rowsNow`).
    static func principal(token: String, now: Date, direct: DirectReads) throws -> (principal: Principal, token: UUID)?
    {
        guard let statement = statement(token: token) else { return nil }
        return try principal(try direct.rowsNow(statement), now: now)
    }

    private static func statement(token: String) -> SQLQueryString? {
        guard token.hasPrefix(ApiTokenStore.prefix) else { return nil }
        return """
            SELECT t.id AS token_id, t.revoked_at, t.expires_at, \(unsafeRaw: userColumns)
            FROM api_tokens t JOIN users u ON u.id = t.user_id LEFT JOIN role_grants g ON g.user_id = u.id
            WHERE t.token_hash = \(bind: ApiTokenStore.digest(token)) ORDER BY g.granted_at
            """
    }

    private static func principal(_ rows: [any SQLRow], now: Date) throws -> (principal: Principal, token: UUID)? {
        guard let first = rows.first, try first.decode(column: "revoked_at", as: Date?.self) == nil,
            (try first.decode(column: "expires_at", as: Date?.self) ?? .distantFuture) > now,
            let principal = try principal(rows)
        else { return nil }
        return (principal, try first.decode(column: "token_id", as: UUID.self))
    }

    private static let userColumns = """
        u.id AS user_id, u.created_at AS user_created_at, u.username, u.display_name, u.email, u.phone, \
        u.is_disabled, g.id AS grant_id, g.granted_at, g.role, g.includes_descendants, g.unit_id, g.granted_by
        """

    /// Rows of one user joined with each of their grants (or one row with no grant); nil for a disabled user.
    private static func principal(_ rows: [any SQLRow]) throws -> Principal? {
        guard let first = rows.first, try !first.decode(column: "is_disabled", as: Bool.self) else { return nil }
        let user = User(
            id: .init(rawValue: try first.decode(column: "user_id", as: UUID.self)),
            username: try first.decode(column: "username", as: String.self),
            displayName: try first.decode(column: "display_name", as: String.self),
            email: try first.decode(column: "email", as: String?.self),
            phone: try first.decode(column: "phone", as: String?.self),
            isDisabled: false,
            createdAt: try first.decode(column: "user_created_at", as: Date.self)
        )
        let grants = try rows.compactMap { row -> RoleGrant? in
            // A row naming a role this version does not know grants nothing.
            guard let id = try row.decode(column: "grant_id", as: UUID?.self),
                let role = Role(rawValue: try row.decode(column: "role", as: String.self))
            else { return nil }
            return RoleGrant(
                id: .init(rawValue: id),
                userID: user.id,
                role: role,
                unitID: try row.decode(column: "unit_id", as: UUID?.self).map(AdminUnit.ID.init(rawValue:)),
                includesDescendants: try row.decode(column: "includes_descendants", as: Bool.self),
                grantedBy: try row.decode(column: "granted_by", as: UUID?.self).map(User.ID.init(rawValue:)),
                grantedAt: try row.decode(column: "granted_at", as: Date.self)
            )
        }
        return Principal(user: user, grants: grants)
    }
}
