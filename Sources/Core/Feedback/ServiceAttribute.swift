import Foundation

/// An extra question a category asks (Open311 GeoReport v2 service definition attribute), e.g. the kind of road.
public struct ServiceAttribute: Hashable, Sendable, Codable {
    public enum DataType: String, Sendable, Codable, CaseIterable {
        case string, number, datetime, text
        case singleValueList = "singlevaluelist"
        case multiValueList = "multivaluelist"
    }

    public struct Value: Hashable, Sendable, Codable {
        public let key: String
        public let name: String

        public init(key: String, name: String) {
            self.key = key
            self.name = name
        }
    }

    public let code: String
    public let description: String
    public let datatype: DataType
    public let required: Bool
    public let values: [Value]

    public init(code: String, description: String, datatype: DataType, required: Bool, values: [Value] = []) {
        self.code = code
        self.description = description
        self.datatype = datatype
        self.required = required
        self.values = values
    }

    /// A definition is usable when its code is a slug and lists have values.
    func validatedDefinition() throws(FeedbackError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-_")
        guard (1...40).contains(code.count), code.allSatisfy(allowed.contains) else {
            throw .invalidField(field: "attributes", issue: .categoryCode)
        }
        let isList = datatype == .singleValueList || datatype == .multiValueList
        guard isList == !values.isEmpty else { throw .invalidField(field: "attribute[\(code)]", issue: .listValues) }
    }

    /// Checks the answers a citizen gave (`attribute[code]` → one value, or several for a multi-value list)
    /// against the definitions: unknown codes, missing required answers, values outside a list, non-numbers and
    /// bad dates are refused with the attribute named.
    public static func validate(_ answers: [String: [String]], against definitions: [ServiceAttribute])
        throws(FeedbackError) -> [String: [String]]
    {
        let byCode = Dictionary(definitions.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        if let unknown = answers.keys.sorted().first(where: { byCode[$0] == nil }) {
            throw .invalidField(field: "attribute[\(unknown)]", issue: .unknownAttribute)
        }
        var clean: [String: [String]] = [:]
        for definition in definitions {
            let given = (answers[definition.code] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .filter { !$0.isEmpty }
            let field = "attribute[\(definition.code)]"
            guard !given.isEmpty else {
                if definition.required { throw .invalidField(field: field, issue: .required) }
                continue
            }
            if definition.datatype != .multiValueList, given.count > 1 {
                throw .invalidField(field: field, issue: .singleValue)
            }
            for value in given {
                switch definition.datatype {
                case .singleValueList, .multiValueList:
                    guard definition.values.contains(where: { $0.key == value }) else {
                        throw .invalidField(field: field, issue: .oneOf(definition.values.map(\.key)))
                    }
                case .number:
                    guard Double(value) != nil else { throw .invalidField(field: field, issue: .number) }
                case .datetime:
                    guard CivilDate(iso: String(value.prefix(10))) != nil else {
                        throw .invalidField(field: field, issue: .isoDate)
                    }
                case .string, .text:
                    let limit = definition.datatype == .string ? 200 : 2000
                    guard value.count <= limit else { throw .invalidField(field: field, issue: .length(1...limit)) }
                }
            }
            clean[definition.code] = given
        }
        return clean
    }
}

extension FieldIssue {
    public static let unknownAttribute = FieldIssue(
        english: "is not an attribute of this service",
        vietnamese: "không phải thuộc tính của lĩnh vực này"
    )
    public static let singleValue = FieldIssue(english: "takes one value", vietnamese: "chỉ nhận một giá trị")
    public static let number = FieldIssue(english: "must be a number", vietnamese: "phải là số")
    public static let listValues = FieldIssue(
        english: "lists need values, other types none",
        vietnamese: "danh sách cần các giá trị, kiểu khác thì không"
    )
}
