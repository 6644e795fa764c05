public import Foundation

/// Everything that can go wrong with accounts, sign-in and grants.
public enum AccountError: Error, Equatable, Sendable {
    case invalidCredentials
    case tooManyAttempts(retryAfter: Date)
    case accountDisabled
    case usernameTaken(String)
    case invalidField(field: String, issue: FieldIssue)
    case userNotFound
    case grantNotFound
    case forbidden
    case unitRequired(Role)
    case roleNotAllowedOnUnit(Role, UnitTier)
}
