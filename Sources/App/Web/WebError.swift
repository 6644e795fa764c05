import Core

/// Failures of the web layer itself (not of a domain module).
enum WebError: Error, Equatable {
    case unauthenticated
    case invalidToken
    case csrfMismatch
    case invalidParameter(name: String, issue: FieldIssue)
    case notFound
}
