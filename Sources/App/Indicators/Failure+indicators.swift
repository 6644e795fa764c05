import Core
import Vapor

extension Failure {
    static func from(_ error: IndicatorError) -> Failure {
        switch error {
        case .syntax(let position, let issue):
            Failure(
                status: .unprocessableEntity,
                code: "formula_syntax",
                message: "Formula error at character \(position): \(issue.english).",
                messageVI: "Công thức sai ở ký tự thứ \(position): \(issue.vietnamese).",
                details: [Detail(field: "formula", message: issue.english)]
            )
        case .unknownElement(let code):
            invalid(field: "formula", issue: .unknownCode("#{\(code)}"))
        case .unknownIndicator(let code):
            invalid(field: "formula", issue: .unknownCode("N{\(code)}"))
        case .cycle(let path):
            Failure(
                status: .unprocessableEntity,
                code: "formula_cycle",
                message: "Indicators refer to each other in a loop: \(path.joined(separator: " → ")).",
                messageVI: "Các chỉ tiêu tham chiếu vòng tròn: \(path.joined(separator: " → ")).",
                details: [Detail(field: "formula", message: path.joined(separator: " → "))]
            )
        case .invalidField(let field, let issue):
            invalid(field: field, issue: issue)
        case .row(let line, let field, let issue):
            Failure(
                status: .unprocessableEntity,
                code: "invalid_row",
                message: "Row \(line): invalid \(field): \(issue.english).",
                messageVI: "Dòng \(line): trường \(field) không hợp lệ: \(issue.vietnamese).",
                details: [Detail(field: "row \(line).\(field)", message: issue.english)]
            )
        case .notFound:
            Failure(
                status: .notFound,
                code: "not_found",
                message: "No such indicator or data element.",
                messageVI: "Không tìm thấy chỉ tiêu."
            )
        }
    }
}
