import Core
import Vapor

extension Failure {
    static func from(_ error: SharingError) -> Failure {
        let (status, code): (HTTPResponseStatus, String) =
            switch error {
            case .missingKey: (.unauthorized, "api_key_required")
            case .unknownKey: (.unauthorized, "api_key_unknown")
            case .revoked: (.forbidden, "api_key_revoked")
            case .expired: (.forbidden, "api_key_expired")
            case .outOfScope: (.forbidden, "api_key_out_of_scope")
            case .rateLimited: (.tooManyRequests, "rate_limited")
            case .nonCompliant: (.forbidden, "unit_not_compliant")
            case .invalidField: (.unprocessableEntity, "invalid_field")
            }
        var failure = Failure(status: status, code: code, message: error.message, messageVI: error.messageVI)
        switch error {
        case .rateLimited(let after): failure.headers = ["Retry-After": String(max(1, Int(after.rounded(.up))))]
        case .nonCompliant(_, let gaps):
            failure.details = gaps.map { Detail(field: "compliance", message: $0.messageVI) }
        case .invalidField(let field, let message): failure.details = [Detail(field: field, message: message)]
        default: break
        }
        return failure
    }
}

extension Failure {
    static func from(_ error: OpenDataError) -> Failure {
        Failure(
            status: HTTPResponseStatus(statusCode: error.status),
            code: error.ckanType.lowercased().replacingOccurrences(of: " ", with: "_"),
            message: error.message,
            messageVI: error.messageVI
        )
    }
}
