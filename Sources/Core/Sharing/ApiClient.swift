public import Foundation

/// Everything the data-sharing gateway refuses (issue 8; LGSP per TT 13/2017/TT-BTTTT Điều 17).
public enum SharingError: Error, Equatable, Sendable {
    case missingKey
    case unknownKey
    case revoked
    case expired(Date)
    case outOfScope(resource: String, access: ApiAccess)
    /// Too many calls: try again after this many seconds.
    case rateLimited(retryAfter: Double)
    /// The client's unit fails the province's security-compliance rule (Điện Biên's rule): refused until it complies.
    case nonCompliant(unitCode: String, gaps: [ComplianceGap])
    case invalidField(field: String, message: String)

    public var message: String {
        switch self {
        case .missingKey: "An API key is required (Authorization: Bearer <key> or X-API-Key)."
        case .unknownKey: "Unknown API key."
        case .revoked: "This API key has been revoked."
        case .expired(let at): "This API key expired at \(at.formatted(.iso8601))."
        case .outOfScope(let resource, let access): "This API key has no \(access.rawValue) access to \(resource)."
        case .rateLimited(let after): "Rate limit reached; retry after \(Int(after.rounded(.up))) s."
        case .nonCompliant(let unit, let gaps):
            "Unit \(unit) is disconnected from data sharing until it meets the security rule: "
                + gaps.map(\.message).joined(separator: " ")
        case .invalidField(let field, let message): "\(field): \(message)"
        }
    }

    public var messageVI: String {
        switch self {
        case .missingKey: "Cần khóa API (Authorization: Bearer <khóa> hoặc X-API-Key)."
        case .unknownKey: "Khóa API không đúng."
        case .revoked: "Khóa API đã bị thu hồi."
        case .expired: "Khóa API đã hết hạn."
        case .outOfScope(let resource, _): "Khóa API không được cấp quyền với \(resource)."
        case .rateLimited(let after): "Vượt giới hạn số lần gọi; thử lại sau \(Int(after.rounded(.up))) giây."
        case .nonCompliant(let unit, let gaps):
            "Đơn vị \(unit) bị tạm ngắt kết nối chia sẻ dữ liệu cho đến khi đáp ứng yêu cầu an toàn thông tin: "
                + gaps.map(\.messageVI).joined(separator: " ")
        case .invalidField(let field, let message): "Trường \(field) không hợp lệ: \(message)"
        }
    }
}

public enum ApiAccess: String, Hashable, Sendable, Codable, CaseIterable {
    case read, write

    /// Write access includes reading.
    func covers(_ other: ApiAccess) -> Bool { self == .write || other == .read }
}

/// What a client may call: a resource path (`datasets/ho-so-tthc`, `datasets/*`, `*`) with read or write access.
public struct ApiScope: Hashable, Sendable, Codable {
    public let resource: String
    public let access: ApiAccess

    public init(resource: String, access: ApiAccess) {
        self.resource = resource
        self.access = access
    }

    /// `*` matches everything; `x/*` matches `x/` and anything below it; otherwise the path itself.
    public func allows(_ path: String, _ wanted: ApiAccess) -> Bool {
        guard access.covers(wanted) else { return false }
        if resource == "*" { return true }
        if resource.hasSuffix("/*") { return path.hasPrefix(String(resource.dropLast())) }
        return path == resource
    }
}

/// An agency's or external system's API client. Only a hash of its key is kept; the key is shown once.
public struct ApiClient: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<ApiClient>

    public let id: ID
    public var name: String
    /// The unit (agency) the client belongs to: the gateway checks its compliance.
    public var unitCode: String
    /// The first characters of the key, to tell keys apart in lists.
    public let keyPrefix: String
    public let keyHash: String
    public var scopes: [ApiScope]
    /// Calls per minute.
    public var ratePerMinute: Int
    public var expiresAt: Date?
    public var revokedAt: Date?

    public init(
        id: ID = ID(),
        name: String,
        unitCode: String,
        keyPrefix: String,
        keyHash: String,
        scopes: [ApiScope],
        ratePerMinute: Int,
        expiresAt: Date?
    ) {
        self.id = id
        self.name = name
        self.unitCode = unitCode
        self.keyPrefix = keyPrefix
        self.keyHash = keyHash
        self.scopes = scopes
        self.ratePerMinute = ratePerMinute
        self.expiresAt = expiresAt
        self.revokedAt = nil
    }

    /// Checks the client may call `path` with `access` at `now`: not revoked, not expired, within a scope.
    public func authorize(_ path: String, _ access: ApiAccess, at now: Date) throws(SharingError) {
        guard revokedAt == nil else { throw .revoked }
        if let expiresAt, now >= expiresAt { throw .expired(expiresAt) }
        guard scopes.contains(where: { $0.allows(path, access) }) else {
            throw .outOfScope(resource: path, access: access)
        }
    }
}

/// A token bucket per client: `capacity` calls at once, refilled evenly over a minute.
public struct TokenBucket: Hashable, Sendable {
    public let capacity: Double
    public private(set) var tokens: Double
    public private(set) var updated: Date

    public init(perMinute: Int, now: Date) {
        capacity = Double(max(1, perMinute))
        tokens = capacity
        updated = now
    }

    /// Takes one call's token, or says how long until one is there.
    public mutating func take(at now: Date) throws(SharingError) {
        let elapsed = max(0, now.timeIntervalSince(updated))
        tokens = min(capacity, tokens + elapsed * capacity / 60)
        updated = now
        guard tokens >= 1 else { throw .rateLimited(retryAfter: (1 - tokens) * 60 / capacity) }
        tokens -= 1
    }
}

/// When to try a failed webhook delivery again: 30 s, then doubling, at most 6 hours apart, giving up after
/// `attempts` tries.
public struct RetrySchedule: Hashable, Sendable {
    public let first: Double
    public let cap: Double
    public let attempts: Int

    public init(first: Double = 30, cap: Double = 6 * 3600, attempts: Int = 10) {
        self.first = first
        self.cap = cap
        self.attempts = attempts
    }

    /// The wait before try `attempt + 1` after `attempt` tries failed; nil when it is time to give up.
    public func delay(afterFailedAttempts attempt: Int) -> Double? {
        guard attempt >= 1, attempt < attempts else { return nil }
        return min(cap, first * pow(2, Double(attempt - 1)))
    }
}
