import Foundation

/// A Vietnamese address as typed, split into its parts (folded: lower case, no diacritics, `đ` → `d`), tolerant of
/// missing marks, missing commas and the usual abbreviations (P., Q., TP., TX., TT., H., X., KP, TDP; "hẻm", "ngõ",
/// "kiệt" and "ngách" for alleys). Administrative names keep no kind word ("phuong 5" → commune "5", kind "phuong").
public struct ParsedAddress: Hashable, Sendable {
    public enum Part: String, Hashable, Sendable, CaseIterable {
        case house, alley, street, hamlet, commune, district, city, province
    }

    public var houseNumber: String?
    public var alley: String?
    public var street: String?
    public var hamlet: String?
    public var commune: String?
    /// "xa", "phuong", "thi tran" or "dac khu", when written.
    public var communeKind: String?
    /// A pre-2025 district (quận, huyện, thị xã); districts were abolished on 1 July 2025.
    public var district: String?
    /// "Thành phố X": a province-level city, or a pre-2025 provincial city (district level).
    public var city: String?
    public var province: String?
    /// Segments with no kind word, in the order written ("Hạc Thành, Thanh Hóa").
    public var loose: [String] = []

    public init() {}

    public subscript(part: Part) -> String? {
        get {
            switch part {
            case .house: houseNumber
            case .alley: alley
            case .street: street
            case .hamlet: hamlet
            case .commune: commune
            case .district: district
            case .city: city
            case .province: province
            }
        }
        set {
            switch part {
            case .house: houseNumber = newValue
            case .alley: alley = newValue
            case .street: street = newValue
            case .hamlet: hamlet = newValue
            case .commune: commune = newValue
            case .district: district = newValue
            case .city: city = newValue
            case .province: province = newValue
            }
        }
    }
}

public enum AddressText {
    /// Kind words (folded) and the part they start. `strong` words start a part anywhere in a segment; weak ones
    /// ("tổ", "bản", "khu", "phố") only at its start, so "Ủy ban" or "Khu công nghiệp" inside a name stays a name.
    static let keywords: [(words: [String], part: ParsedAddress.Part, strong: Bool)] = [
        (["so", "nha"], .house, true), (["so"], .house, true), (["tinh", "lo"], .street, true),
        (["quoc", "lo"], .street, true),
        (["duong"], .street, true), (["dai", "lo"], .street, true), (["pho"], .street, false),
        (["ngo"], .alley, true), (["ngach"], .alley, true), (["hem"], .alley, true), (["kiet"], .alley, true),
        (["khu", "pho"], .hamlet, true), (["to", "dan", "pho"], .hamlet, true), (["tdp"], .hamlet, true),
        (["kp"], .hamlet, true), (["thon"], .hamlet, true), (["ap"], .hamlet, true), (["xom"], .hamlet, true),
        (["khom"], .hamlet, true), (["buon"], .hamlet, true), (["to"], .hamlet, false), (["ban"], .hamlet, false),
        (["khu"], .hamlet, false), (["thi", "tran"], .commune, true), (["dac", "khu"], .commune, true),
        (["phuong"], .commune, true), (["xa"], .commune, true), (["thi", "xa"], .district, true),
        (["quan"], .district, true), (["huyen"], .district, true), (["thanh", "pho"], .city, true),
        (["tinh"], .province, true),
    ].sorted { $0.words.count > $1.words.count }

    /// Dotted abbreviations (folded, with the dot), also when the name follows without a space ("P.5", "Q.1").
    static let dotted: [String: String] = [
        "tp.": "thanh pho", "tx.": "thi xa", "tt.": "thi tran", "p.": "phuong", "q.": "quan", "h.": "huyen",
        "x.": "xa", "d.": "duong", "kp.": "khu pho", "tdp.": "to dan pho",
    ]

    public static func parse(_ text: String) -> ParsedAddress {
        var parsed = ParsedAddress()
        let folded = VietnameseText.fold(text.precomposedStringWithCanonicalMapping).lowercased()
        for segment in folded.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\n" }) {
            let words = tokens(String(segment))
            guard !words.isEmpty else { continue }
            parseSegment(words, into: &parsed)
        }
        return parsed
    }

    /// Words of a segment: abbreviations expanded, punctuation dropped except inside numbers ("12/5", "3-5").
    static func tokens(_ segment: String) -> [String] {
        var out: [String] = []
        for raw in segment.split(whereSeparator: { $0.isWhitespace }) {
            var word = String(raw)
            // "q.1", "p.ben nghe" → kind word, then the rest as its own word.
            if let dot = word.firstIndex(of: "."), let expansion = dotted[String(word[...dot])] {
                out += expansion.split(separator: " ").map(String.init)
                word = String(word[word.index(after: dot)...])
            }
            word = word.trimmingCharacters(in: CharacterSet.alphanumerics.inverted)
            guard !word.isEmpty else { continue }
            // "q1", "p12": a district or ward number glued to its letter.
            if word.count >= 2, let first = word.first, first == "q" || first == "p",
                word.dropFirst().allSatisfy(\.isNumber)
            {
                out += [first == "q" ? "quan" : "phuong", String(word.dropFirst())]
                continue
            }
            if word == "tp" { out += ["thanh", "pho"] } else { out.append(word) }
        }
        return out
    }

    static func parseSegment(_ words: [String], into parsed: inout ParsedAddress) {
        var part: ParsedAddress.Part?
        var kind: [String] = []
        var value: [String] = []
        var leading: [String] = []

        func flush() {
            guard let current = part else { return }
            var words = value
            // "hẻm 45 Nguyễn Trãi", "số 12 Trần Phú": the number, then the street it is on.
            if current == .alley || current == .house, words.count > 1, words[0].first?.isNumber == true {
                if parsed.street == nil { parsed.street = normalisedName(Array(words.dropFirst())) }
                words = [words[0]]
            }
            let text = normalisedName(words)
            if !text.isEmpty, parsed[current] == nil {
                parsed[current] = text
                if current == .commune { parsed.communeKind = kind.joined(separator: " ") }
            }
        }

        var i = 0
        while i < words.count {
            let atStart = part == nil && leading.isEmpty
            let match = keywords.first { keyword in
                (keyword.strong || atStart) && i + keyword.words.count < words.count + 1
                    && Array(words[i..<min(i + keyword.words.count, words.count)]) == keyword.words
                    // A kind word needs a name after it, and "số" only starts a house number before a digit.
                    && i + keyword.words.count < words.count
                    && (keyword.part != .house || words[i + keyword.words.count].first?.isNumber == true)
            }
            if let match {
                flush()
                part = match.part
                kind = match.words
                value = []
                i += match.words.count
                continue
            }
            if part == nil { leading.append(words[i]) } else { value.append(words[i]) }
            i += 1
        }
        flush()
        guard !leading.isEmpty else { return }
        // Words before any kind word: "12/5 Trần Phú" is a house number and a street; otherwise a bare name.
        if let first = leading.first, first.first?.isNumber == true {
            if parsed.houseNumber == nil { parsed.houseNumber = first }
            let rest = normalisedName(Array(leading.dropFirst()))
            if !rest.isEmpty {
                if parsed.street == nil { parsed.street = rest } else { parsed.loose.append(rest) }
            }
        } else {
            parsed.loose.append(normalisedName(leading))
        }
    }

    /// Words joined by single spaces; a number loses its leading zeros ("05" → "5").
    static func normalisedName(_ words: [String]) -> String {
        words.map { word in
            guard word.allSatisfy(\.isNumber), word.count > 1 else { return word }
            let trimmed = word.drop { $0 == "0" }
            return trimmed.isEmpty ? "0" : String(trimmed)
        }.joined(separator: " ")
    }

    /// A unit's or a street's name as the parser writes it: folded, lower case, numbers without leading zeros.
    public static func key(_ name: String) -> String {
        normalisedName(tokens(VietnameseText.fold(name.precomposedStringWithCanonicalMapping).lowercased()))
    }
}

extension AddressText {
    static let unitKindWords: Set<[String]> = [
        ["tinh"], ["thanh", "pho"], ["quan"], ["huyen"], ["thi", "xa"], ["phuong"], ["xa"], ["thi", "tran"],
        ["dac", "khu"],
    ]

    /// An administrative unit's name as a lookup key, without its kind word: "Phường Hạc Thành" → "hac thanh",
    /// "Quận 1" → "1", "Phường 05" → "5".
    public static func unitKey(_ name: String) -> String {
        var words = tokens(VietnameseText.fold(name.precomposedStringWithCanonicalMapping).lowercased())
        for kind in unitKindWords.sorted(by: { $0.count > $1.count })
        where words.count > kind.count && Array(words.prefix(kind.count)) == kind {
            words.removeFirst(kind.count)
            break
        }
        return normalisedName(words)
    }
}
