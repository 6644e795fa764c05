import Foundation

/// Address text → addressed objects, and a point → the nearest objects (issue 10). The text is parsed
/// (`AddressText`), its administrative part resolved to 2025 communes (`AddressGazetteer`, old names through the
/// merge links), then the objects of those communes are ranked by BM25 over their street, alley, hamlet and name,
/// with the house number as the strongest evidence: the same house number on the same street comes first.
public struct Geocoder: Sendable {
    public struct Hit: Hashable, Sendable {
        public let object: AddressObject
        public let score: Double
        /// Metres from the point asked about (reverse geocoding only).
        public let metres: Double?
    }

    public struct Answer: Hashable, Sendable {
        public let resolution: AddressGazetteer.Resolution?
        public let hits: [Hit]
    }

    public let objects: [AddressObject]
    let gazetteer: AddressGazetteer
    let spatial: NearestIndex
    /// Per commune: a BM25 index over the commune's objects (ids are positions in `objects`).
    let byCommune: [String: BM25Index<Int>]
    /// Per commune and folded house number: the objects with it.
    let houses: [String: [String: [Int]]]

    public init(objects: [AddressObject], gazetteer: AddressGazetteer) {
        self.objects = objects
        self.gazetteer = gazetteer
        spatial = NearestIndex(objects.map(\.point))
        var byCommune: [String: BM25Index<Int>] = [:]
        var houses: [String: [String: [Int]]] = [:]
        for (i, object) in objects.enumerated() {
            let a = object.address
            byCommune[object.communeCode, default: BM25Index()].add(
                i,
                text: [a.alley, a.hamlet, object.name].joined(separator: " "),
                weighted: a.street,
                weight: 2
            )
            if !a.houseNumber.isEmpty {
                houses[object.communeCode, default: [:]][AddressText.key(a.houseNumber), default: []].append(i)
            }
        }
        self.byCommune = byCommune
        self.houses = houses
    }

    /// Objects matching an address, best first. An empty `hits` with a resolution means the commune is known but no
    /// object matched (the caller can fall back to the commune).
    public func geocode(_ text: String, limit: Int = 5) -> Answer {
        let parsed = AddressText.parse(text)
        guard let resolution = gazetteer.resolve(parsed) else { return Answer(resolution: nil, hits: []) }
        // Unlabelled segments may be a street ("Trần Hưng Đạo, Hạc Thành"); administrative names in them do no
        // harm, since objects are indexed by street, alley, hamlet and name only.
        let words = ([parsed.street, parsed.alley.map { "ngõ " + $0 }, parsed.hamlet].compactMap { $0 } + parsed.loose)
            .joined(separator: " ")
        let house = parsed.houseNumber.map(AddressText.key)
        var scores: [Int: Double] = [:]
        for commune in resolution.communes {
            if !words.isEmpty, let index = byCommune[commune] {
                for hit in index.search(words, limit: 50) { scores[hit.id, default: 0] += hit.score }
            }
            if let house, let same = houses[commune]?[house] {
                // A house number alone is weak (every street has a number 12); with a street match it decides.
                for i in same { scores[i, default: 0] += words.isEmpty ? 1 : (scores[i] ?? 0) > 0 ? 100 : 0.5 }
            }
        }
        let hits = scores.sorted {
            $0.value != $1.value ? $0.value > $1.value : objects[$0.key].code < objects[$1.key].code
        }
        .prefix(limit).map { Hit(object: objects[$0.key], score: $0.value, metres: nil) }
        return Answer(resolution: resolution, hits: hits)
    }

    /// The name of a 2025 unit, by code.
    public func unitName(_ code: String) -> String? { gazetteer.name(of: code) }

    /// Up to `k` objects within `radius` metres of a point, nearest first.
    public func reverse(_ point: GeoPoint, k: Int = 5, within radius: Double = 200) -> [Hit] {
        spatial.nearest(to: point, k: k, within: radius).map {
            Hit(object: objects[$0.index], score: 0, metres: $0.metres)
        }
    }
}
