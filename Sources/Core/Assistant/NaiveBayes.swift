import Foundation

/// Multinomial naive Bayes over folded syllables and their bigrams (`SearchTerms`), with Laplace smoothing (α = 1):
/// the feedback category suggested for a new report, trained on the province's own answered reports (issue 10).
/// Deterministic: the same samples give the same model, and ties go to the label that sorts first.
public struct NaiveBayes<Label: Hashable & Comparable & Sendable>: Sendable {
    public struct Sample: Sendable {
        public let text: String
        public let label: Label

        public init(_ text: String, _ label: Label) {
            self.text = text
            self.label = label
        }
    }

    private var documents: [Label: Int] = [:]
    private var counts: [Label: [String: Int]] = [:]
    private var totals: [Label: Int] = [:]
    private var vocabulary: Set<String> = []
    private var samples = 0

    public init(_ training: [Sample] = []) {
        for sample in training { learn(sample) }
    }

    public var labels: [Label] { documents.keys.sorted() }

    static func features(_ text: String) -> [String] {
        let terms = SearchTerms.terms(text)
        return terms.folded + terms.bigrams
    }

    public mutating func learn(_ sample: Sample) {
        samples += 1
        documents[sample.label, default: 0] += 1
        for feature in Self.features(sample.text) {
            counts[sample.label, default: [:]][feature, default: 0] += 1
            totals[sample.label, default: 0] += 1
            vocabulary.insert(feature)
        }
    }

    /// Labels by posterior, best first, with the probability of each (they sum to 1).
    public func rank(_ text: String) -> [(label: Label, probability: Double)] {
        guard samples > 0 else { return [] }
        let features = Self.features(text).filter(vocabulary.contains)
        let v = Double(vocabulary.count)
        let logs = labels.map { label -> (Label, Double) in
            var score = log(Double(documents[label] ?? 0) / Double(samples))
            let denominator = Double(totals[label] ?? 0) + v
            let seen = counts[label] ?? [:]
            for feature in features { score += log((Double(seen[feature] ?? 0) + 1) / denominator) }
            return (label, score)
        }
        let top = logs.map(\.1).max() ?? 0
        let sum = logs.reduce(0) { $0 + exp($1.1 - top) }
        return logs.map { ($0.0, exp($0.1 - top) / sum) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
    }

    public func predict(_ text: String) -> Label? { rank(text).first?.label }

    /// The share of `samples` whose label is the prediction.
    public func accuracy(on samples: [Sample]) -> Double {
        guard !samples.isEmpty else { return 0 }
        return Double(samples.filter { predict($0.text) == $0.label }.count) / Double(samples.count)
    }

    /// A held-out split that does not depend on order of arrival alone: every `k`-th sample of each label is held out.
    public static func split(_ samples: [Sample], every k: Int = 5) -> (training: [Sample], heldOut: [Sample]) {
        var seen: [Label: Int] = [:]
        var training: [Sample] = []
        var heldOut: [Sample] = []
        for sample in samples {
            seen[sample.label, default: 0] += 1
            if seen[sample.label]! % k == 0 { heldOut.append(sample) } else { training.append(sample) }
        }
        return (training, heldOut)
    }
}

/// A trained model is stored as JSON (`tinhso assistant train`) and read back by the server. The vocabulary is
/// written sorted, so the same samples always give the same text.
extension NaiveBayes: Codable where Label: Codable {
    enum CodingKeys: String, CodingKey { case documents, counts, totals, vocabulary, samples }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        documents = try container.decode([Label: Int].self, forKey: .documents)
        counts = try container.decode([Label: [String: Int]].self, forKey: .counts)
        totals = try container.decode([Label: Int].self, forKey: .totals)
        vocabulary = Set(try container.decode([String].self, forKey: .vocabulary))
        samples = try container.decode(Int.self, forKey: .samples)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(documents, forKey: .documents)
        try container.encode(counts, forKey: .counts)
        try container.encode(totals, forKey: .totals)
        try container.encode(vocabulary.sorted(), forKey: .vocabulary)
        try container.encode(samples, forKey: .samples)
    }
}
