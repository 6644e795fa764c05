import Core
import Crypto
import Fluent
import Foundation
import Vapor

final class ApiTokenRecord: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    @OptionalField(key: "expires_at") var expiresAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @Field(key: "user_id") var userID: UUID

    init() {}
}

/// Bearer tokens for the API. Only a SHA-256 of each token is stored, so a copy of the database does not hand
/// out working tokens; the clear token is shown once, when it is issued.
struct ApiTokenStore {
    let db: any Database
    let clock: Core.Clock

    static let prefix = "tsk_"
    static let lifetime: TimeInterval = 90 * 24 * 3600

    struct Issued: Content {
        let id: UUID
        let token: String
        let name: String
        let expiresAt: Date
    }

    func issue(for user: User.ID, name: String) async throws -> Issued {
        let token = Self.prefix + Data([UInt8].random(count: 32)).base64URLEncoded
        let record = ApiTokenRecord()
        record.id = UUID()
        record.createdAt = clock.now()
        record.name = String(name.prefix(100))
        record.tokenHash = Self.digest(token)
        record.expiresAt = clock.now() + Self.lifetime
        record.userID = user.rawValue
        try await record.create(on: db)
        return Issued(id: record.id!, token: token, name: record.name, expiresAt: record.expiresAt!)
    }

    /// Revokes one of the user's own tokens; false when there is no such token.
    func revoke(_ id: UUID, of user: User.ID) async throws -> Bool {
        guard let record = try await ApiTokenRecord.find(id, on: db), record.userID == user.rawValue,
            record.revokedAt == nil
        else { return false }
        record.revokedAt = clock.now()
        try await record.update(on: db)
        return true
    }

    static func digest(_ token: String) -> String {
        SHA256.hex(Data(token.utf8))
    }
}

extension Data {
    var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
