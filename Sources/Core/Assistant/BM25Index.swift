import Foundation

/// Okapi BM25 over `SearchTerms` (k1 = 1.2, b = 0.75, idf = ln(1 + (N − n + 0.5) / (n + 0.5)), as Lucene computes
/// it). Documents are added once; `search` ranks them for a question, after expanding the question with the
/// synonyms table. Deterministic: ties are broken by the order documents were added.
public struct BM25Index<ID: Hashable & Sendable>: Sendable {
    public struct Hit: Hashable, Sendable {
        public let id: ID
        public let score: Double
    }

    public var k1 = 1.2
    public var b = 0.75
    private var ids: [ID] = []
    private var lengths: [Int] = []
    private var postings: [String: [(document: Int, count: Int)]] = [:]
    private var totalLength = 0
    /// Folded syllables in the index, in order of first appearance (for typo matching).
    private var folded: [String] = []
    public var synonyms: Synonyms

    public init(synonyms: Synonyms = Synonyms()) { self.synonyms = synonyms }

    public var count: Int { ids.count }

    /// Adds a document; `weighted` text (a title) counts `weight` times.
    public mutating func add(_ id: ID, text: String, weighted: String = "", weight: Int = 2) {
        let index = ids.count
        ids.append(id)
        var counts: [String: Int] = [:]
        for term in SearchTerms.terms(text).all { counts[term, default: 0] += 1 }
        for term in SearchTerms.terms(weighted).all { counts[term, default: 0] += weight }
        let length = counts.values.reduce(0, +)
        lengths.append(length)
        totalLength += length
        for (term, count) in counts {
            if postings[term] == nil, !term.hasPrefix("="), !term.contains("_") { folded.append(term) }
            postings[term, default: []].append((index, count))
        }
    }

    /// True when `a` becomes `b` by one insertion, deletion, substitution or swap of neighbours.
    static func withinOneEdit(_ a: String, _ b: String) -> Bool {
        let x = Array(a.unicodeScalars)
        let y = Array(b.unicodeScalars)
        guard abs(x.count - y.count) <= 1, x != y else { return false }
        var i = 0
        while i < min(x.count, y.count), x[i] == y[i] { i += 1 }
        if x.count == y.count {
            if x[(i + 1)...] == y[(i + 1)...] { return true }
            return i + 1 < x.count && x[i] == y[i + 1] && x[i + 1] == y[i] && x[(i + 2)...] == y[(i + 2)...]
        }
        return x.count > y.count ? x[(i + 1)...] == y[i...] : x[i...] == y[(i + 1)...]
    }

    public func search(_ question: String, limit: Int = 10) -> [Hit] {
        guard !ids.isEmpty else { return [] }
        let average = Double(totalLength) / Double(ids.count)
        var scores: [Int: Double] = [:]
        var queryTerms: [String: Int] = [:]
        for text in [question] + synonyms.expansions(of: question) {
            for term in SearchTerms.terms(text).all { queryTerms[term, default: 0] += 1 }
        }
        // A folded syllable nobody wrote is probably a typo: it counts as the known syllables one edit away
        // ("khia" → "khai"), at half weight.
        var weights: [String: Double] = [:]
        for (term, count) in queryTerms {
            if postings[term] != nil || term.hasPrefix("=") || term.contains("_") || term.count < 3 {
                weights[term, default: 0] += Double(count)
                continue
            }
            for known in folded where Self.withinOneEdit(term, known) {
                weights[known, default: 0] += 0.5 * Double(count)
            }
        }
        for (term, queryCount) in weights {
            guard let list = postings[term] else { continue }
            let n = Double(list.count)
            let idf = log(1 + (Double(ids.count) - n + 0.5) / (n + 0.5))
            for (document, count) in list {
                let tf = Double(count)
                let norm = k1 * (1 - b + b * Double(lengths[document]) / average)
                scores[document, default: 0] += queryCount * idf * tf * (k1 + 1) / (tf + norm)
            }
        }
        return scores.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(limit).map { Hit(id: ids[$0.key], score: $0.value) }
    }
}

/// Phrases that mean the same to a citizen ("giấy khai sinh" ~ "đăng ký khai sinh"). Matched on folded text, so
/// a question without diacritics finds its synonyms too. An administrator edits the table (as CSV: phrase,synonym).
public struct Synonyms: Hashable, Sendable {
    public private(set) var pairs: [(String, String)] = []

    public init() {}

    public init(_ pairs: [(String, String)]) {
        for (a, b) in pairs { add(a, b) }
    }

    public mutating func add(_ a: String, _ b: String) {
        let (x, y) = (a.trimmingCharacters(in: .whitespaces), b.trimmingCharacters(in: .whitespaces))
        guard !x.isEmpty, !y.isEmpty, VietnameseText.fold(x) != VietnameseText.fold(y) else { return }
        pairs.append((x, y))
    }

    /// The phrases the question's phrases stand for.
    public func expansions(of question: String) -> [String] {
        let folded = " " + SearchTerms.terms(question).folded.joined(separator: " ") + " "
        var out: [String] = []
        for (a, b) in pairs {
            if folded.contains(" " + SearchTerms.terms(a).folded.joined(separator: " ") + " ") { out.append(b) }
            if folded.contains(" " + SearchTerms.terms(b).folded.joined(separator: " ") + " ") { out.append(a) }
        }
        return out
    }

    public static func == (lhs: Synonyms, rhs: Synonyms) -> Bool {
        lhs.pairs.map { [$0.0, $0.1] } == rhs.pairs.map { [$0.0, $0.1] }
    }

    public func hash(into hasher: inout Hasher) {
        for (a, b) in pairs {
            hasher.combine(a)
            hasher.combine(b)
        }
    }
}
