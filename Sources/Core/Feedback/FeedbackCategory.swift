import Foundation

/// A kind of report, with the deadlines that apply to it (the national ones unless overridden) and the extra
/// questions it asks (Open311 attributes). A category with no province applies everywhere; a province's own
/// category with the same code replaces it there.
public struct FeedbackCategory: Hashable, Sendable, Codable {
    public let code: String
    public var name: String
    /// The province (2025 code) this category belongs to; nil for every province.
    public var provinceCode: String?
    public var sla: FeedbackSLA
    public var attributes: [ServiceAttribute]
    /// Inactive categories take no new reports; old reports keep them.
    public var active: Bool

    public init(
        code: String,
        name: String,
        provinceCode: String? = nil,
        sla: FeedbackSLA = .national,
        attributes: [ServiceAttribute] = [],
        active: Bool = true
    ) {
        self.code = code
        self.name = name
        self.provinceCode = provinceCode
        self.sla = sla
        self.attributes = attributes
        self.active = active
    }

    /// Codes are short slugs: a–z, 0–9 and hyphens, 2–40 characters.
    public func validated() throws(FeedbackError) -> FeedbackCategory {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        guard (2...40).contains(code.count), code.allSatisfy(allowed.contains) else {
            throw .invalidField(field: "code", issue: .categoryCode)
        }
        var copy = self
        copy.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...120).contains(copy.name.count) else { throw .invalidField(field: "name", issue: .length(2...120)) }
        try sla.validated()
        var seen = Set<String>()
        for attribute in attributes {
            try attribute.validatedDefinition()
            guard seen.insert(attribute.code).inserted else {
                throw .invalidField(field: "attributes", issue: .duplicate(attribute.code))
            }
        }
        return copy
    }

    /// The categories a new installation starts with; each province edits its own list.
    public static let defaults: [FeedbackCategory] = [
        FeedbackCategory(
            code: "giao-thong",
            name: "Giao thông",
            attributes: [
                ServiceAttribute(
                    code: "loai-duong",
                    description: "Loại đường",
                    datatype: .singleValueList,
                    required: false,
                    values: [
                        .init(key: "quoc-lo", name: "Quốc lộ"), .init(key: "tinh-lo", name: "Đường tỉnh"),
                        .init(key: "duong-xa", name: "Đường xã, thôn"), .init(key: "do-thi", name: "Đường đô thị"),
                    ]
                )
            ]
        ),
        FeedbackCategory(code: "moi-truong", name: "Môi trường"),
        FeedbackCategory(code: "do-thi", name: "Trật tự đô thị, xây dựng"),
        FeedbackCategory(code: "an-ninh", name: "An ninh trật tự"),
        FeedbackCategory(code: "tthc", name: "Thủ tục hành chính, quy định"),
        FeedbackCategory(code: "can-bo", name: "Hành vi của cán bộ, công chức"),
        FeedbackCategory(code: "khac", name: "Khác"),
    ]
}

extension FeedbackSLA {
    /// Every deadline is positive and none exceeds the 15-working-day handling limit's order of magnitude
    /// (a province may shorten deadlines, and lengthen them only within reason: at most 60 working days).
    public func validated() throws(FeedbackError) {
        let days: [(String, Int)] = [
            ("decideDays", decideDays), ("supplementDays", supplementDays), ("handleDays", handleDays),
            ("publishDays", publishDays),
        ]
        for (field, value) in days where !(1...60).contains(value) {
            throw .invalidField(field: field, issue: .between(1, 60))
        }
        let hours: [(String, Double)] = [
            ("urgentAcknowledgeHours", urgentAcknowledgeHours), ("urgentHandleHours", urgentHandleHours),
        ]
        for (field, value) in hours where !(value > 0 && value <= 80) {
            throw .invalidField(field: field, issue: .between(1, 80))
        }
    }
}

extension FieldIssue {
    public static let categoryCode = FieldIssue(
        english: "must be 2–40 characters of a–z, 0–9 and -",
        vietnamese: "phải dài 2–40 ký tự gồm a–z, 0–9 và -"
    )

    public static func duplicate(_ value: String) -> FieldIssue {
        FieldIssue(english: "repeats \(value)", vietnamese: "bị lặp: \(value)")
    }

    public static func between(_ low: Int, _ high: Int) -> FieldIssue {
        FieldIssue(english: "must be between \(low) and \(high)", vietnamese: "phải từ \(low) đến \(high)")
    }
}
