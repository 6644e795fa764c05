import Core
import Foundation

/// The printable forms of Phụ lục I, Thông tư 03/2025/TT-VPCP (guiding Nghị định 118/2025/NĐ-CP): what each is
/// called, and which dossier event it prints.
enum DossierForm: String, CaseIterable, Sendable {
    case receipt = "01"
    case supplementRequest = "02"
    case refusal = "03"
    case apology = "04"
    case stopNotice = "05"
    case controlSheet = "06"

    var title: String {
        switch self {
        case .receipt: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
        case .supplementRequest: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
        case .refusal: "Phiếu từ chối tiếp nhận giải quyết hồ sơ"
        case .apology: "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"
        case .stopNotice: "Thông báo dừng giải quyết hồ sơ"
        case .controlSheet: "Phiếu kiểm soát quá trình giải quyết hồ sơ"
        }
    }

    var legalReference: String { "Mẫu số \(rawValue), Phụ lục I ban hành kèm theo Thông tư 03/2025/TT-VPCP" }

    /// The event the form prints (nil: the whole dossier).
    var action: String? {
        switch self {
        case .receipt: "receive"
        case .supplementRequest: "requestSupplement"
        case .refusal: "refuse"
        case .apology: "extend"
        case .stopNotice: "stop"
        case .controlSheet: nil
        }
    }

    /// Which forms a dossier's history allows printing.
    static func available(for events: [DossierEvent]) -> [DossierForm] {
        allCases.filter { form in form.action.map { action in events.contains { $0.action == action } } ?? true }
    }
}

extension FieldIssue {
    static let bookSpan = FieldIssue(
        english: "must be on or after from, at most a year later",
        vietnamese: "phải từ ngày bắt đầu trở đi, không quá một năm"
    )
}
