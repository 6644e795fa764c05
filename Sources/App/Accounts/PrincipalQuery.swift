import Core
import Foundation
import SQLKit

/// The signed-in user with their role grants in one statement, for the check every API call makes. Through Fluent
/// it took three (the token, the user, the grants), each a trip to SQLite's thread and a model decoded by
/// reflection (issue 11). The rules are `AccountService.principal(for:)`'s and the token's: an unknown, revoked or
/// expired token, or a disabled user, gives no one. Tokens are stored as SHA-256 digests (`ApiTokenStore`).
struct PrincipalQuery {
    let sql: any SQLDatabase

    /// What a token's row says: its user with their grants (nil when the user is disabled), whether it was revoked,
    /// when it expires. Kept per token digest while the accounts' tables are unchanged (`TableVersions`), so that an
    /// API call reads one row of counters instead of the token, the user and the grants.
    struct Holder: Sendable {
        let token: UUID
        let revokedAt: Date?
        let expiresAt: Date?
        let principal: Principal?

        /// The signed-in user, unless the token was revoked or has expired, or the user is disabled.
        func signedIn(at now: Date) -> (principal: Principal, token: UUID)? {
            guard revokedAt == nil, (expiresAt ?? .distantFuture) > now, let principal else { return nil }
            return (principal, token)
        }
    }

    /// Tokens seen, by digest, under the accounts' version (`TableVersions.accounts`).
    typealias Cache = VersionedCache<String, Holder>

    /// The token's user and the token's id.
    func principal(token: String, now: Date) async throws -> (principal: Principal, token: UUID)? {
        guard let statement = Self.statement(token: token) else { return nil }
        return try Self.holder(try await sql.raw(statement).all())?.signedIn(at: now)
    }

    /// The same through `cache`, read after `versions`: the statement runs only for a token not seen under them.
    func principal(token: String, now: Date, versions: TableVersions, cache: Cache) async throws -> (
        principal: Principal, token: UUID
    )? {
        switch Self.lookUp(token, versions: versions, cache: cache) {
        case nil: return nil
        case .kept(let holder): return holder.signedIn(at: now)
        case .read(let digest):
            let rows = try await sql.raw(Self.statement(digest: digest)).all()
            return try Self.keep(rows, digest: digest, versions: versions, cache: cache)?.signedIn(at: now)
        }
    }

    /// The same, read now on the calling thread (see `DirectReads.rowsNow`).
    static func principal(
        token: String,
        now: Date,
        direct: DirectReads,
        versions: TableVersions,
        cache: Cache
    ) throws -> (principal: Principal, token: UUID)? {
        switch lookUp(token, versions: versions, cache: cache) {
        case nil: return nil
        case .kept(let holder): return holder.signedIn(at: now)
        case .read(let digest):
            let rows = try direct.rowsNow(statement(digest: digest))
            return try keep(rows, digest: digest, versions: versions, cache: cache)?.signedIn(at: now)
        }
    }

    private enum LookUp {
        case kept(Holder)
        case read(digest: String)
    }

    /// Nil for what is not one of our tokens.
    private static func lookUp(_ token: String, versions: TableVersions, cache: Cache) -> LookUp? {
        guard token.hasPrefix(ApiTokenStore.prefix) else { return nil }
        let digest = ApiTokenStore.digest(token)
        return cache.value(digest, at: versions.accounts).map(LookUp.kept) ?? .read(digest: digest)
    }

    /// The holder the rows give, kept; an unknown token is not kept (a client could send any number of them).
    private static func keep(_ rows: [any SQLRow], digest: String, versions: TableVersions, cache: Cache) throws
        -> Holder?
    {
        guard let holder = try holder(rows) else { return nil }
        cache.store(holder, for: digest, at: versions.accounts)
        return holder
    }

    private static func statement(token: String) -> SQLQueryString? {
        guard token.hasPrefix(ApiTokenStore.prefix) else { return nil }
        return statement(digest: ApiTokenStore.digest(token))
    }

    private static func statement(digest: String) -> SQLQueryString {
        """
        SELECT t.id AS token_id, t.revoked_at, t.expires_at, \(unsafeRaw: userColumns)
        FROM api_tokens t JOIN users u ON u.id = t.user_id LEFT JOIN role_grants g ON g.user_id = u.id
        WHERE t.token_hash = \(bind: digest) ORDER BY g.granted_at
        """
    }

    private static func holder(_ rows: [any SQLRow]) throws -> Holder? {
        guard let first = rows.first else { return nil }
        return Holder(
            token: try first.decode(column: "token_id", as: UUID.self),
            revokedAt: try first.decode(column: "revoked_at", as: Date?.self),
            expiresAt: try first.decode(column: "expires_at", as: Date?.self),
            principal: try principal(rows)
        )
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
