import Foundation

/// `package_search` over the catalogue (ckan/logic/action/get.py): free text `q`, `fq` clauses on organization,
/// tags, res_format, license_id and name, `rows` (at most 1,000, as CKAN's `ckan.search.rows_max`), `start`, `sort`
/// and facets. The catalogue is small (tens to hundreds of datasets), so it is searched in memory.
public struct PackageSearch: Sendable {
    public struct Clause: Hashable, Sendable {
        public let field: String
        public let value: String
        public let negated: Bool
    }

    public struct SortKey: Hashable, Sendable {
        public let field: String
        public let ascending: Bool
    }

    public struct FacetItem: Hashable, Sendable {
        public let name: String
        public let displayName: String
        public let count: Int
    }

    public struct Result: Sendable {
        public let count: Int
        public let results: [Dataset]
        public let facets: [String: [FacetItem]]
        public let sort: String
    }

    public static let filterFields = ["organization", "tags", "res_format", "license_id", "name"]
    public static let sortFields = ["score", "metadata_modified", "metadata_created", "name", "title_string"]
    public static let defaultSort = "score desc, metadata_modified desc"
    public static let rowsMax = 1000

    public let terms: [String]
    public let clauses: [Clause]
    public let rows: Int
    public let start: Int
    public let sortText: String
    public let sort: [SortKey]
    public let facetFields: [String]
    public let facetLimit: Int
    public let includePrivate: Bool

    public init(_ params: ActionParams) throws(OpenDataError) {
        rows = try params.int("rows", default: 10, range: 0...Self.rowsMax)
        start = try params.int("start", default: 0, range: 0...Int(Int32.max))
        facetLimit = try params.int("facet.limit", default: 50, range: -1...10_000)
        includePrivate = params.bool("include_private", default: false)
        var clauses: [Clause] = []
        var terms: [String] = []
        // `q` may hold field:value clauses as well as words.
        for token in try Self.tokens(params.string("q") ?? "") where token != "*:*" {
            if let clause = try Self.clause(token, strict: false) {
                clauses.append(clause)
            } else {
                terms += VietnameseText.fold(token).split(separator: " ").map(String.init)
            }
        }
        var filters = params.string("fq").map { [$0] } ?? []
        filters += try params.list("fq_list") ?? []
        for filter in filters {
            for token in try Self.tokens(filter) {
                if let clause = try Self.clause(token, strict: true) { clauses.append(clause) }
            }
        }
        self.terms = terms
        self.clauses = clauses
        sortText = params.string("sort").flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultSort
        sort = try Self.sortKeys(sortText)
        let fields = try params.list("facet.field") ?? ["organization", "tags", "res_format", "license_id"]
        for field in fields where !Self.filterFields.contains(field) {
            throw .searchQuery("cannot facet on \(field)")
        }
        facetFields = fields
    }

    /// Splits on white space outside quotes, dropping `AND`; keeps `field:"two words"` together.
    static func tokens(_ text: String) throws(OpenDataError) -> [String] {
        var tokens: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "\"" {
                quoted.toggle()
                current.append(character)
            } else if character.isWhitespace && !quoted {
                if !current.isEmpty { tokens.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        guard !quoted else { throw .searchQuery("unbalanced quotes in \(text)") }
        if !current.isEmpty { tokens.append(current) }
        return tokens.filter { $0 != "AND" && $0 != "&&" }
    }

    /// `field:value`, `+field:value`, `-field:value`; nil for a plain word unless `strict`.
    static func clause(_ token: String, strict: Bool) throws(OpenDataError) -> Clause? {
        var body = Substring(token)
        var negated = false
        if body.first == "+" { body = body.dropFirst() }
        if body.first == "-" {
            negated = true
            body = body.dropFirst()
        }
        guard let colon = body.firstIndex(of: ":") else {
            if strict { throw .searchQuery("expected field:value, got \(token)") }
            return nil
        }
        let field = String(body[..<colon])
        var value = String(body[body.index(after: colon)...])
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
            value = String(value.dropFirst().dropLast())
        }
        guard Self.filterFields.contains(field) else {
            if !strict && field.contains("/") { return nil }
            throw .searchQuery("unknown field \(field); use one of \(Self.filterFields.joined(separator: ", "))")
        }
        guard !value.isEmpty else { throw .searchQuery("empty value for \(field)") }
        return Clause(field: field, value: value, negated: negated)
    }

    static func sortKeys(_ text: String) throws(OpenDataError) -> [SortKey] {
        try text.split(separator: ",").map { part throws(OpenDataError) in
            let words = part.split(separator: " ").map(String.init)
            guard (1...2).contains(words.count), Self.sortFields.contains(words[0]) else {
                throw .searchQuery("cannot sort by \(part.trimmingCharacters(in: .whitespaces))")
            }
            let direction = words.count == 2 ? words[1].lowercased() : "asc"
            guard direction == "asc" || direction == "desc" else { throw .searchQuery("sort direction \(words[1])") }
            return SortKey(field: words[0], ascending: direction == "asc")
        }
    }

    /// The values a dataset holds for a filter field.
    static func values(of dataset: Dataset, _ field: String) -> [String] {
        switch field {
        case "organization": [dataset.organization]
        case "tags": dataset.tags
        case "res_format": Dataset.formats
        case "license_id": [Dataset.licenseID]
        default: [dataset.name]
        }
    }

    /// How well the words match: title hits count three, other text one; nil when a word is missing.
    func score(_ dataset: Dataset, organizationTitle: String) -> Int? {
        guard !terms.isEmpty else { return 0 }
        let title = VietnameseText.fold(dataset.title + " " + dataset.titleEN)
        let rest = VietnameseText.fold(
            [dataset.name, dataset.notes, dataset.notesEN, organizationTitle, dataset.tags.joined(separator: " ")]
                .joined(separator: " ")
        )
        var score = 0
        for term in terms {
            let inTitle = title.contains(term)
            guard inTitle || rest.contains(term) else { return nil }
            score += inTitle ? 3 : 1
        }
        return score
    }

    /// Runs the search. `visible` says whether the caller may see a private (shared-only) dataset.
    public func run(
        _ catalogue: [Dataset],
        organizations: [String: DataOrganization],
        visible: (Dataset) -> Bool = { !$0.isPrivate }
    ) -> Result {
        var scored: [(Dataset, Int)] = []
        for dataset in catalogue where visible(dataset) && (includePrivate || !dataset.isPrivate) {
            let matches = clauses.allSatisfy { clause in
                let found = Self.values(of: dataset, clause.field).contains {
                    $0.caseInsensitiveCompare(clause.value) == .orderedSame
                }
                return found != clause.negated
            }
            guard matches,
                let score = score(dataset, organizationTitle: organizations[dataset.organization]?.title ?? "")
            else { continue }
            scored.append((dataset, score))
        }
        scored.sort { lhs, rhs in
            for key in sort {
                let order = Self.compare(lhs, rhs, key.field)
                if order != .orderedSame {
                    return key.ascending ? order == .orderedAscending : order == .orderedDescending
                }
            }
            return lhs.0.name < rhs.0.name
        }
        var facets: [String: [FacetItem]] = [:]
        for field in facetFields {
            var counts: [String: Int] = [:]
            for (dataset, _) in scored {
                for value in Self.values(of: dataset, field) { counts[value, default: 0] += 1 }
            }
            let items = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            let limited = facetLimit < 0 ? items : Array(items.prefix(facetLimit))
            facets[field] = limited.map {
                FacetItem(
                    name: $0.key,
                    displayName: field == "organization" ? organizations[$0.key]?.title ?? $0.key : $0.key,
                    count: $0.value
                )
            }
        }
        let page = scored.dropFirst(start).prefix(rows).map(\.0)
        return Result(count: scored.count, results: Array(page), facets: facets, sort: sortText)
    }

    static func compare(_ lhs: (Dataset, Int), _ rhs: (Dataset, Int), _ field: String) -> ComparisonResult {
        func order<T: Comparable>(_ a: T, _ b: T) -> ComparisonResult {
            a < b ? .orderedAscending : a > b ? .orderedDescending : .orderedSame
        }
        switch field {
        case "score": return order(lhs.1, rhs.1)
        case "metadata_modified": return order(lhs.0.modified, rhs.0.modified)
        case "metadata_created": return order(lhs.0.created, rhs.0.created)
        case "name": return order(lhs.0.name, rhs.0.name)
        default: return order(VietnameseText.fold(lhs.0.title), VietnameseText.fold(rhs.0.title))
        }
    }
}
