/// A kind of report, with the deadlines that apply to it (the national ones unless overridden).
public struct FeedbackCategory: Hashable, Sendable, Codable {
    public let code: String
    public let name: String
    public let sla: FeedbackSLA

    public init(code: String, name: String, sla: FeedbackSLA = .national) {
        self.code = code
        self.name = name
        self.sla = sla
    }

    /// The category with `code` among the defaults.
    public static func named(_ code: String) -> FeedbackCategory? { defaults.first { $0.code == code } }

    /// The deadlines of a category; the national ones for an unknown code.
    public static func sla(for code: String) -> FeedbackSLA { named(code)?.sla ?? .national }

    /// The categories a new province starts with; each province edits its own list.
    public static let defaults: [FeedbackCategory] = [
        FeedbackCategory(code: "giao-thong", name: "Giao thông"),
        FeedbackCategory(code: "moi-truong", name: "Môi trường"),
        FeedbackCategory(code: "do-thi", name: "Trật tự đô thị, xây dựng"),
        FeedbackCategory(code: "an-ninh", name: "An ninh trật tự"),
        FeedbackCategory(code: "tthc", name: "Thủ tục hành chính, quy định"),
        FeedbackCategory(code: "can-bo", name: "Hành vi của cán bộ, công chức"),
        FeedbackCategory(code: "khac", name: "Khác"),
    ]
}

/// Which unit handles a report: the commune where it happened, unless a rule sends that category elsewhere.
/// A rule names a category and a scope (a commune code, or a province code for the whole province) and the
/// handling unit's code; a commune rule beats a province rule (e.g. potholes on a national road in one commune go
/// to the province's Department of Construction).
public struct FeedbackRouting: Sendable {
    public struct Rule: Hashable, Sendable, Codable {
        public let category: String
        public let scope: String
        public let handlerCode: String

        public init(category: String, scope: String, handlerCode: String) {
            self.category = category
            self.scope = scope
            self.handlerCode = handlerCode
        }
    }

    public let rules: [Rule]

    public init(rules: [Rule]) { self.rules = rules }

    public func handlerCode(category: String, communeCode: String, provinceCode: String) -> String {
        let matching = rules.filter { $0.category == category }
        return matching.first { $0.scope == communeCode }?.handlerCode
            ?? matching.first { $0.scope == provinceCode }?.handlerCode ?? communeCode
    }
}
