import Core
import Foundation
import Vapor

/// An error as the client sees it: status, stable code, message in English and Vietnamese, field details.
struct Failure: Error {
    struct Detail: Content, Equatable {
        let field: String
        let message: String
    }

    let status: HTTPResponseStatus
    let code: String
    let message: String
    let messageVI: String
    var details: [Detail] = []
    var headers: HTTPHeaders = [:]

    /// Maps any error to what the client is told. Unknown errors become a 500 with no internals revealed.
    static func from(_ error: any Error) -> Failure {
        switch error {
        case let failure as Failure: return failure
        case let error as AccountError: return from(error)
        case let error as UnitError: return from(error)
        case let error as CalendarError: return from(error)
        case let error as GeoError: return from(error)
        case let error as FeedbackError: return from(error)
        case let error as DossierError: return from(error)
        case let error as IndicatorError: return from(error)
        case let error as WebError: return from(error)
        case let error as SharingError: return from(error)
        case let error as OpenDataError: return from(error)
        case let error as DocumentError: return from(error)
        case let error as KeyCustodyError: return from(error)
        case let error as AddressError: return from(error)
        case let error as TeamError: return from(error)
        case let error as DecodingError: return from(error)
        case let error as any AbortError where error.status.code < 500:
            return Failure(
                status: error.status,
                code: "http_\(error.status.code)",
                message: error.reason,
                messageVI: error.reason
            )
        case let error as any AbortError:
            // A server-side failure's reason names internals (a corrupt row, a missing file): logged, not shown.
            return serverSide(error.status, code: "http_\(error.status.code)")
        case _ where String(reflecting: type(of: error)).hasPrefix("MultipartKit."):
            // A malformed or empty multipart body (MultipartKit is not a direct dependency, so it is matched by name).
            return Failure(
                status: .badRequest,
                code: "invalid_multipart",
                message: "The multipart/form-data body could not be read.",
                messageVI: "Không đọc được nội dung multipart/form-data của yêu cầu."
            )
        default:
            return serverSide(.internalServerError, code: "internal_error")
        }
    }

    /// A failure on our side: the same words whatever the cause, which goes to the log.
    static func serverSide(_ status: HTTPResponseStatus, code: String) -> Failure {
        Failure(
            status: status,
            code: code,
            message: "An internal error occurred.",
            messageVI: "Đã xảy ra lỗi hệ thống."
        )
    }

    static func from(_ error: AccountError) -> Failure {
        switch error {
        case .invalidCredentials:
            Failure(
                status: .unauthorized,
                code: "invalid_credentials",
                message: "Wrong username or password.",
                messageVI: "Sai tên đăng nhập hoặc mật khẩu."
            )
        case .tooManyAttempts(let until):
            Failure(
                status: .tooManyRequests,
                code: "too_many_attempts",
                message: "Too many failed sign-ins. Try again later.",
                messageVI: "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau.",
                headers: ["Retry-After": String(max(1, Int(until.timeIntervalSinceNow.rounded(.up))))]
            )
        case .accountDisabled:
            Failure(
                status: .forbidden,
                code: "account_disabled",
                message: "This account is disabled.",
                messageVI: "Tài khoản đã bị khóa."
            )
        case .usernameTaken(let name):
            Failure(
                status: .conflict,
                code: "username_taken",
                message: "The username \(name) is taken.",
                messageVI: "Tên đăng nhập \(name) đã được sử dụng."
            )
        case .invalidField(let field, let issue):
            invalid(field: field, issue: issue)
        case .userNotFound:
            Failure(
                status: .notFound,
                code: "user_not_found",
                message: "No such user.",
                messageVI: "Không tìm thấy người dùng."
            )
        case .grantNotFound:
            Failure(
                status: .notFound,
                code: "grant_not_found",
                message: "No such role grant.",
                messageVI: "Không tìm thấy phân quyền."
            )
        case .forbidden:
            Failure(
                status: .forbidden,
                code: "forbidden",
                message: "You may not do this for this unit.",
                messageVI: "Bạn không có quyền thực hiện thao tác này với đơn vị này."
            )
        case .unitRequired(let role):
            Failure(
                status: .unprocessableEntity,
                code: "unit_required",
                message: "The role \(role.rawValue) needs a unit.",
                messageVI: "Vai trò \(role.label) phải gắn với một đơn vị.",
                details: [Detail(field: "unit", message: "required")]
            )
        case .roleNotAllowedOnUnit(let role, let tier):
            Failure(
                status: .unprocessableEntity,
                code: "role_not_allowed_on_unit",
                message: "The role \(role.rawValue) cannot be granted on a \(tier.rawValue).",
                messageVI: "Không thể gán vai trò \(role.label) cho đơn vị cấp này.",
                details: [Detail(field: "unit", message: "wrong tier")]
            )
        }
    }

    static func from(_ error: UnitError) -> Failure {
        switch error {
        case .notFound(let tree, let code):
            Failure(
                status: .notFound,
                code: "unit_not_found",
                message: "No unit \(code) in the \(tree.rawValue) tree.",
                messageVI: "Không tìm thấy đơn vị mã \(code)."
            )
        case .malformedDataFile(let line, let reason):
            Failure(
                status: .unprocessableEntity,
                code: "malformed_data_file",
                message: "Line \(line): \(reason).",
                messageVI: "Dòng \(line): \(reason)."
            )
        case .unknownParent(let code, let parent):
            Failure(
                status: .unprocessableEntity,
                code: "unknown_parent",
                message: "Unit \(code) names unknown parent \(parent).",
                messageVI: "Đơn vị \(code) có đơn vị cha \(parent) không tồn tại."
            )
        case .duplicateCode(_, let code):
            Failure(
                status: .conflict,
                code: "duplicate_code",
                message: "The code \(code) is already used.",
                messageVI: "Mã \(code) đã tồn tại."
            )
        case .invalidAgency(let field, let issue):
            invalid(field: field, issue: issue)
        }
    }

    static func from(_ error: CalendarError) -> Failure {
        switch error {
        case .outOfRange(let date):
            Failure(
                status: .badRequest,
                code: "out_of_range",
                message: "\(date.iso) is outside 1900–2100.",
                messageVI: "Ngày \(date.vietnamese) nằm ngoài phạm vi 1900–2100."
            )
        case .malformedDecreeFile(let line, let reason):
            Failure(
                status: .unprocessableEntity,
                code: "malformed_decree_file",
                message: "Line \(line): \(reason).",
                messageVI: "Dòng \(line): \(reason)."
            )
        case .invalidSwap(_, _, let issue):
            invalid(field: "swap", issue: issue)
        case .invalidOfficeHours(let issue):
            invalid(field: "officeHours", issue: issue)
        }
    }

    static func from(_ error: FeedbackError) -> Failure {
        switch error {
        case .invalidTransition(let from, let action):
            Failure(
                status: .conflict,
                code: "invalid_transition",
                message: "A report that is \(from.rawValue) cannot take the action \(action).",
                messageVI: "Không thể thực hiện thao tác này khi phản ánh đang ở trạng thái \"\(from.label)\"."
            )
        case .notAllowed(let action, _):
            Failure(
                status: .forbidden,
                code: "forbidden",
                message: "You may not \(action) this report.",
                messageVI: "Bạn không có quyền thực hiện thao tác này với phản ánh."
            )
        case .notFound:
            Failure(
                status: .notFound,
                code: "feedback_not_found",
                message: "No such report.",
                messageVI: "Không tìm thấy phản ánh."
            )
        case .invalidField(let field, let issue):
            invalid(field: field, issue: issue)
        case .location(let error):
            from(error)
        case .unknownCategory(let code):
            invalid(
                field: "category",
                issue: FieldIssue(
                    english: "\(code) is not a category in use (see /api/v1/feedback/categories)",
                    vietnamese: "\(code) không phải lĩnh vực đang dùng (xem /api/v1/feedback/categories)"
                )
            )
        case .categoryNotUsed(let code, let province):
            invalid(
                field: "category",
                issue: FieldIssue(
                    english: "\(code) is not used in \(province); choose another category",
                    vietnamese: "lĩnh vực \(code) không áp dụng tại \(province); hãy chọn lĩnh vực khác"
                )
            )
        }
    }

    static func from(_ error: GeoError) -> Failure {
        switch error {
        case .invalidCoordinate(let latitude, let longitude):
            Failure(
                status: .badRequest,
                code: "invalid_coordinate",
                message: "(\(latitude), \(longitude)) is not a latitude/longitude.",
                messageVI: "(\(latitude), \(longitude)) không phải tọa độ hợp lệ (vĩ độ, kinh độ)."
            )
        case .outsideVietnam:
            Failure(
                status: .unprocessableEntity,
                code: "outside_vietnam",
                message: "The location is outside Vietnam.",
                messageVI: "Vị trí nằm ngoài lãnh thổ Việt Nam."
            )
        case .outsideAllCommunes:
            Failure(
                status: .unprocessableEntity,
                code: "outside_communes",
                message: "The location is in no commune (at sea or across a border). Move the pin onto land.",
                messageVI:
                    "Vị trí không thuộc xã, phường nào (trên biển hoặc ngoài biên giới). Hãy đặt lại vị trí trên đất liền."
            )
        case .malformedGeoJSON(let reason):
            Failure(
                status: .unprocessableEntity,
                code: "malformed_geojson",
                message: reason,
                messageVI: "Tệp GeoJSON không hợp lệ: \(reason)"
            )
        }
    }

    static func from(_ error: WebError) -> Failure {
        switch error {
        case .unauthenticated:
            Failure(
                status: .unauthorized,
                code: "unauthenticated",
                message: "Sign in first.",
                messageVI: "Vui lòng đăng nhập.",
                headers: ["WWW-Authenticate": "Bearer"]
            )
        case .invalidToken:
            Failure(
                status: .unauthorized,
                code: "invalid_token",
                message: "The API token is invalid, expired or revoked.",
                messageVI: "Mã truy cập API không hợp lệ, đã hết hạn hoặc đã bị thu hồi.",
                headers: ["WWW-Authenticate": "Bearer error=\"invalid_token\""]
            )
        case .csrfMismatch:
            Failure(
                status: .forbidden,
                code: "csrf_mismatch",
                message: "The form has expired. Reload the page and try again.",
                messageVI: "Biểu mẫu đã hết hạn. Vui lòng tải lại trang và thử lại."
            )
        case .invalidParameter(let name, let issue):
            Failure(
                status: .badRequest,
                code: "invalid_parameter",
                message: "Invalid parameter \(name): \(issue.english).",
                messageVI: "Tham số \(name) không hợp lệ: \(issue.vietnamese).",
                details: [Detail(field: name, message: issue.english)]
            )
        case .notFound:
            Failure(status: .notFound, code: "not_found", message: "Not found.", messageVI: "Không tìm thấy trang.")
        }
    }

    static func from(_ error: DecodingError) -> Failure {
        let (path, issue): ([any CodingKey], FieldIssue) =
            switch error {
            case .keyNotFound(let key, let context): (context.codingPath + [key], .required)
            case .typeMismatch(_, let context), .valueNotFound(_, let context): (context.codingPath, .wrongType)
            case .dataCorrupted(let context): (context.codingPath, .invalidJSON)
            @unknown default: ([], .invalidJSON)
            }
        let field = path.isEmpty ? "body" : path.map(\.stringValue).joined(separator: ".")
        return Failure(
            status: .badRequest,
            code: "bad_request",
            message: "The request is invalid: \(field) \(issue.english).",
            messageVI: "Dữ liệu gửi lên không hợp lệ: \(field) \(issue.vietnamese).",
            details: [Detail(field: field, message: issue.english)]
        )
    }

    /// A 422 for one field, in both languages.
    static func invalid(field: String, issue: FieldIssue) -> Failure {
        Failure(
            status: .unprocessableEntity,
            code: "validation_failed",
            message: "Invalid \(field): \(issue.english).",
            messageVI: "Trường \(field) không hợp lệ: \(issue.vietnamese).",
            details: [Detail(field: field, message: issue.english)]
        )
    }
}

extension FieldIssue {
    /// The same issue, naming the value that was refused.
    func with(prefix value: String) -> FieldIssue {
        FieldIssue(english: "'\(value)' \(english)", vietnamese: "'\(value)' \(vietnamese)")
    }
}
