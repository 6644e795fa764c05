import Foundation

/// Which unit handles a report: the commune where it happened, unless a rule sends that category elsewhere.
/// A rule names a category and a scope (a commune code, or a province code for the whole province) and the
/// handling unit's code; a commune rule beats a province rule (e.g. potholes on a national road in one commune go
/// to the province's Department of Construction).
public struct FeedbackRouting: Sendable {
    public struct Rule: Hashable, Sendable, Codable {
        public let category: String
        public let scope: String
        public let handlerCode: String
        /// Why the exception exists (e.g. "Quốc lộ 1A do Sở Xây dựng quản lý").
        public let note: String

        public init(category: String, scope: String, handlerCode: String, note: String = "") {
            self.category = category
            self.scope = scope
            self.handlerCode = handlerCode
            self.note = note
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

extension FeedbackRouting {
    public static let csvHeader = ["Lĩnh vực", "Phạm vi (mã tỉnh hoặc xã)", "Đơn vị xử lý (mã)", "Ghi chú"]

    /// The rules as CSV, one per row, in the order of `csvHeader`.
    public var csv: String {
        CSV.document(header: Self.csvHeader, rows: rules.map { [$0.category, $0.scope, $0.handlerCode, $0.note] })
    }

    /// Rules from CSV in the export's layout (a header row first). A row with fewer than three fields, or an
    /// empty category, scope or handler, is refused with its line number.
    public static func rules(fromCSV text: String) throws(FeedbackError) -> [Rule] {
        let rows = CSV.parse(text)
        guard let header = rows.first, header.count >= 3 else {
            throw .invalidField(field: "file", issue: .csvHeader(csvHeader))
        }
        return try rows.dropFirst().enumerated().map { (index, row) throws(FeedbackError) -> Rule in
            let fields = row.map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count >= 3, !fields[0].isEmpty, !fields[1].isEmpty, !fields[2].isEmpty else {
                throw .invalidField(field: "line \(index + 2)", issue: .csvHeader(csvHeader))
            }
            return Rule(
                category: fields[0],
                scope: fields[1],
                handlerCode: fields[2],
                note: fields.count > 3 ? fields[3] : ""
            )
        }
    }
}

extension FieldIssue {
    public static func csvHeader(_ columns: [String]) -> FieldIssue {
        let list = columns.joined(separator: ", ")
        return FieldIssue(english: "needs the columns: \(list)", vietnamese: "cần các cột: \(list)")
    }
}
