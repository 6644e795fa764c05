import Foundation

/// A value bound into a DataStore query, typed by its column.
public enum DatastoreValue: Hashable, Sendable {
    case text(String)
    case int(Int)
    case number(Double)
}

/// A checked `datastore_search` (ckanext/datastore/logic/action.py): `filters` (column → value or list of values),
/// `q` (words in any text column, or column → words), `fields`, `sort`, `limit` (default 100, at most 32,000),
/// `offset`, `include_total`, `records_format` (objects or lists). Anything naming a column the resource lacks, or a
/// value of the wrong type, is a 409 Validation Error naming the parameter.
public struct DatastoreQuery: Sendable {
    public enum RecordsFormat: String, Hashable, Sendable {
        case objects
        case lists
    }

    public static let limitMax = 32_000
    /// The row number column every table has, as in CKAN.
    public static let rowID = DataField(id: "_id", type: .int, label: "STT", indexed: true)

    public let fields: [DataField]
    /// The resource's text columns, which `q` searches.
    public let textColumns: [DataField]
    public let filters: [DataField: [DatastoreValue]]
    /// Folded words that must each appear in the row's text (any text column).
    public let words: [String]
    /// Column → folded words that must appear in it.
    public let columnWords: [DataField: [String]]
    public let sort: [(field: DataField, ascending: Bool)]
    public let limit: Int
    public let offset: Int
    public let includeTotal: Bool
    public let format: RecordsFormat

    public init(_ params: ActionParams, resource: DataResource) throws(OpenDataError) {
        let columns = [Self.rowID] + resource.fields
        textColumns = resource.fields.filter { $0.type == .text }
        let byID = Dictionary(uniqueKeysWithValues: columns.map { ($0.id, $0) })
        func column(_ name: String, _ parameter: String) throws(OpenDataError) -> DataField {
            guard let field = byID[name] else {
                throw .validation(field: parameter, message: "field \"\(name)\" not in table")
            }
            return field
        }
        limit = try params.int("limit", default: 100, range: 0...Self.limitMax)
        offset = try params.int("offset", default: 0, range: 0...Int(Int32.max))
        includeTotal = params.bool("include_total", default: true)
        guard let format = RecordsFormat(rawValue: params.string("records_format") ?? "objects") else {
            throw .validation(field: "records_format", message: "Use objects or lists")
        }
        self.format = format
        if let names = try params.list("fields") {
            var chosen: [DataField] = []
            for name in names { chosen.append(try column(name, "fields")) }
            fields = chosen
        } else {
            fields = columns
        }
        var filters: [DataField: [DatastoreValue]] = [:]
        for (name, value) in try params.object("filters") ?? [:] {
            let field = try column(name, "filters")
            let items: [ActionValue]
            if case .array(let list) = value { items = list } else { items = [value] }
            guard !items.isEmpty else { throw .validation(field: "filters", message: "no values for \"\(name)\"") }
            var values: [DatastoreValue] = []
            for item in items { values.append(try Self.value(item, for: field)) }
            filters[field] = values
        }
        self.filters = filters
        var words: [String] = []
        var columnWords: [DataField: [String]] = [:]
        if let object = try? params.object("q") {
            for (name, value) in object {
                let field = try column(name, "q")
                guard let text = value.text else { throw .validation(field: "q", message: "text expected for \(name)") }
                columnWords[field] = Self.words(text)
            }
        } else if let text = params.string("q") {
            words = Self.words(text)
        }
        self.words = words
        self.columnWords = columnWords
        var sort: [(field: DataField, ascending: Bool)] = []
        for part in try params.list("sort") ?? [] {
            let pieces = part.split(separator: " ").map(String.init)
            guard (1...2).contains(pieces.count) else {
                throw .validation(field: "sort", message: "cannot parse \(part)")
            }
            let field = try column(pieces[0].trimmingCharacters(in: CharacterSet(charactersIn: "\"")), "sort")
            let direction = pieces.count == 2 ? pieces[1].lowercased() : "asc"
            guard direction == "asc" || direction == "desc" else {
                throw .validation(field: "sort", message: "direction must be asc or desc, not \(pieces[1])")
            }
            sort.append((field, direction == "asc"))
        }
        self.sort = sort
    }

    static func words(_ text: String) -> [String] {
        VietnameseText.fold(text).split(separator: " ").map(String.init)
    }

    static func value(_ item: ActionValue, for field: DataField) throws(OpenDataError) -> DatastoreValue {
        guard let text = item.text else {
            throw .validation(field: "filters", message: "a value for \"\(field.id)\" must be text or a number")
        }
        switch field.type {
        case .text:
            return .text(text)
        case .int:
            guard let number = Int(text) else {
                throw .validation(field: "filters", message: "invalid input syntax for type integer: \"\(text)\"")
            }
            return .int(number)
        case .numeric:
            guard let number = Double(text), number.isFinite else {
                throw .validation(field: "filters", message: "invalid input syntax for type numeric: \"\(text)\"")
            }
            return .number(number)
        }
    }

    /// Without filters, words or sort, rows are read by their dense `_id` (1…N): the page starts at `_id > offset`
    /// instead of skipping `offset` rows.
    public var readsByRowID: Bool { filters.isEmpty && words.isEmpty && columnWords.isEmpty && sort.isEmpty }
}
