import Core
import Vapor

extension Failure {
    static func from(_ error: DossierError) -> Failure {
        switch error {
        case .invalidTransition(let from, let action):
            Failure(
                status: .conflict,
                code: "invalid_transition",
                message: "A dossier in state \(from.rawValue) cannot take the action \(action).",
                messageVI: "Không thể thực hiện thao tác này khi hồ sơ đang ở trạng thái \"\(from.label)\"."
            )
        case .notAllowed(let action, _):
            Failure(
                status: .forbidden,
                code: "forbidden",
                message: "You may not \(action) this dossier.",
                messageVI: "Bạn không có quyền thực hiện thao tác này với hồ sơ."
            )
        case .notFound:
            Failure(
                status: .notFound,
                code: "dossier_not_found",
                message: "No such dossier.",
                messageVI: "Không tìm thấy hồ sơ."
            )
        case .unknownProcedure(let code):
            Failure(
                status: .unprocessableEntity,
                code: "unknown_procedure",
                message: "No procedure has the code \(code).",
                messageVI: "Không có thủ tục hành chính mã \(code).",
                details: [Detail(field: "procedureCode", message: "unknown procedure")]
            )
        case .missingComponents(let names):
            Failure(
                status: .unprocessableEntity,
                code: "missing_components",
                message: "Required documents are missing: \(names.joined(separator: "; ")).",
                messageVI: "Hồ sơ còn thiếu thành phần bắt buộc: \(names.joined(separator: "; ")).",
                details: names.map { Detail(field: "components", message: $0) }
            )
        case .invalidField(let field, let issue):
            invalid(field: field, issue: issue)
        case .extensionTooLate:
            Failure(
                status: .unprocessableEntity,
                code: "extension_too_late",
                message: "An extension (form 04) must be issued before the due date.",
                messageVI: "Văn bản xin lỗi và gia hạn (mẫu 04) phải được ban hành trước ngày hẹn trả."
            )
        }
    }
}
