import Core
import Vapor

extension Failure {
    static func from(_ error: AddressError) -> Failure {
        switch error {
        case .invalidField(let field, let issue):
            return invalid(field: field, issue: issue)
        case .invalidRows(let issues):
            var failure = Failure(
                status: .unprocessableEntity,
                code: "invalid_rows",
                message: "\(issues.count) rows are wrong; nothing was imported.",
                messageVI: "Có \(issues.count) lỗi trong tệp; chưa nhập dòng nào."
            )
            failure.details = issues.prefix(500).map {
                Detail(
                    field: "row \($0.row) \($0.code) \($0.field)",
                    message: "\($0.issue.vietnamese) (\($0.issue.english))"
                )
            }
            return failure
        case .notFound:
            return Failure(
                status: .notFound,
                code: "not_found",
                message: "No object with this digital address.",
                messageVI: "Không có đối tượng mang địa chỉ số này."
            )
        }
    }

    static func from(_ error: TeamError) -> Failure {
        switch error {
        case .invalidField(let field, let issue):
            invalid(field: field, issue: issue)
        case .notFound:
            Failure(
                status: .notFound,
                code: "not_found",
                message: "No such team.",
                messageVI: "Không có tổ công nghệ số này."
            )
        }
    }
}
