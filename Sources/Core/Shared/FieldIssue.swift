/// What is wrong with one input field, said in English and Vietnamese, so every layer can report it in both.
public struct FieldIssue: Hashable, Sendable {
    public let english: String
    public let vietnamese: String

    public init(english: String, vietnamese: String) {
        self.english = english
        self.vietnamese = vietnamese
    }

    public static let required = FieldIssue(english: "is required", vietnamese: "là bắt buộc")
    public static let wholeNumber = FieldIssue(english: "must be a whole number", vietnamese: "phải là số nguyên")
    public static let isoDate = FieldIssue(
        english: "must be a date yyyy-MM-dd",
        vietnamese: "phải là ngày dạng yyyy-MM-dd"
    )
    public static let wrongType = FieldIssue(english: "has the wrong type", vietnamese: "sai kiểu dữ liệu")
    public static let invalidJSON = FieldIssue(english: "is not valid JSON", vietnamese: "không phải JSON hợp lệ")

    public static func length(_ range: ClosedRange<Int>) -> FieldIssue {
        FieldIssue(
            english: "must be \(range.lowerBound)–\(range.upperBound) characters",
            vietnamese: "phải dài \(range.lowerBound)–\(range.upperBound) ký tự"
        )
    }

    public static func oneOf(_ values: [String]) -> FieldIssue {
        let list = values.joined(separator: ", ")
        return FieldIssue(english: "must be one of: \(list)", vietnamese: "phải là một trong: \(list)")
    }
}
