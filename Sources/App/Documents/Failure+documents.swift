import Core
import Vapor

extension Failure {
    static func from(_ error: DocumentError) -> Failure {
        switch error {
        case .invalidField(let field, let message):
            var failure = Failure(
                status: .unprocessableEntity,
                code: "invalid_field",
                message: "Invalid \(field): \(message)",
                messageVI: "Trường \(field) không hợp lệ: \(message)"
            )
            failure.details = [Detail(field: field, message: message)]
            return failure
        case .invalidTransition(let from, let action):
            return Failure(
                status: .conflict,
                code: "invalid_transition",
                message: "A document in state \(from.rawValue) cannot be \(action.rawValue).",
                messageVI: "Văn bản ở trạng thái \"\(from.label)\" không thể \"\(action.label.lowercased())\"."
            )
        case .confidential:
            return Failure(
                status: .forbidden,
                code: "confidential",
                message: "Confidential documents are not exchanged electronically.",
                messageVI: "Văn bản mật không được gửi, nhận qua mạng."
            )
        case .notFound:
            return Failure(
                status: .notFound,
                code: "not_found",
                message: "No such document.",
                messageVI: "Không có văn bản này."
            )
        }
    }

    static func from(_ error: KeyCustodyError) -> Failure {
        switch error {
        case .notConfigured:
            Failure(
                status: .serviceUnavailable,
                code: "signing_not_configured",
                message: "Signing is off: set TINHSO_KEY_ENCRYPTION_KEY.",
                messageVI: "Chưa bật ký số: máy chủ cần TINHSO_KEY_ENCRYPTION_KEY."
            )
        case .cannotOpen:
            Failure(
                status: .serviceUnavailable,
                code: "key_cannot_open",
                message: "The signing key does not open with this server's key encryption key.",
                messageVI: "Không mở được khóa ký bằng khóa bảo vệ của máy chủ."
            )
        }
    }
}
