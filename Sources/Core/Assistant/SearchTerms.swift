import Foundation

/// Vietnamese text as search terms (issue 10). A text becomes:
/// - exact syllables: NFC, lower case, with their marks ("khai", "sinh", "hộ", "tịch");
/// - folded syllables: the same without marks, `đ` → `d` ("ho", "tich"), so a question typed without diacritics
///   still matches;
/// - folded syllable bigrams ("khai_sinh"), because Vietnamese compound words are written as separate syllables
///   and "giấy khai sinh" should outrank a text that has "khai" and "sinh" far apart.
///
/// Exact and folded terms are both indexed, so a question with the right marks matches twice and ranks higher than
/// one that only matches after folding. Common abbreviations are expanded first ("tp." → "thành phố").
public enum SearchTerms {
    public struct Terms: Hashable, Sendable {
        public var exact: [String]
        public var folded: [String]
        public var bigrams: [String]

        public var all: [String] { exact.map { "=" + $0 } + folded + bigrams }
    }

    /// Abbreviations written in addresses and questions, expanded before splitting (keys are folded, with the dot).
    public static let abbreviations: [String: String] = [
        "tp.": "thành phố", "tp": "thành phố", "tx.": "thị xã", "tx": "thị xã", "p.": "phường", "q.": "quận",
        "h.": "huyện", "x.": "xã", "tt.": "thị trấn", "ubnd": "ủy ban nhân dân", "gks": "giấy khai sinh",
        "cccd": "căn cước công dân", "cmnd": "chứng minh nhân dân", "gplx": "giấy phép lái xe",
        "dkkd": "đăng ký kinh doanh", "qsdd": "quyền sử dụng đất", "tthc": "thủ tục hành chính",
        "dvc": "dịch vụ công",
    ]

    public static func terms(_ text: String) -> Terms {
        let exact = syllables(text)
        let folded = exact.map(VietnameseText.fold)
        let bigrams = zip(folded, folded.dropFirst()).map { "\($0)_\($1)" }
        return Terms(exact: exact, folded: folded, bigrams: bigrams)
    }

    /// NFC, lower case, abbreviations expanded, split on anything that is not a letter or digit.
    public static func syllables(_ text: String) -> [String] {
        let lowered = text.precomposedStringWithCanonicalMapping.lowercased()
        var words: [String] = []
        for raw in lowered.split(whereSeparator: { $0.isWhitespace }) {
            let word = String(raw)
            let key = VietnameseText.fold(word)
            let bare = key.trimmingCharacters(in: .punctuationCharacters)
            if let expansion = abbreviations[key] ?? (key.hasSuffix(".") ? nil : abbreviations[bare]) {
                words += expansion.split(separator: " ").map(String.init)
                continue
            }
            var current = ""
            for character in word {
                if character.isLetter || character.isNumber {
                    current.append(character)
                } else if !current.isEmpty {
                    words.append(current)
                    current = ""
                }
            }
            if !current.isEmpty { words.append(current) }
        }
        return words.map { $0.precomposedStringWithCanonicalMapping }
    }
}
