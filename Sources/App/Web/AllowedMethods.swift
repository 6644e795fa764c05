import Vapor

/// The methods the routes accept at a request's path: when a path exists but not for the method asked, the answer
/// is 405 with an `Allow` header (RFC 9110 §15.5.6), not 404.
enum AllowedMethods {
    static func at(_ request: Request) -> [HTTPMethod] {
        let parts = request.url.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let methods = request.application.routes.all.filter { matches($0.path, parts) }.map(\.method)
        return Array(Set(methods.map(\.rawValue))).sorted().map { HTTPMethod(rawValue: $0) }
    }

    static func matches(_ pattern: [PathComponent], _ parts: [String]) -> Bool {
        var i = 0
        for component in pattern {
            switch component {
            case .catchall: return i < parts.count
            case .constant(let text):
                guard i < parts.count, parts[i] == text else { return false }
            case .parameter, .anything:
                guard i < parts.count else { return false }
            }
            i += 1
        }
        return i == parts.count
    }

    static func failure(_ methods: [HTTPMethod]) -> Failure {
        let list = methods.map(\.rawValue).joined(separator: ", ")
        var failure = Failure(
            status: .methodNotAllowed,
            code: "method_not_allowed",
            message: "This address accepts only \(list).",
            messageVI: "Địa chỉ này chỉ nhận \(list)."
        )
        failure.headers.replaceOrAdd(name: .allow, value: list)
        return failure
    }
}
