import Foundation

/// Text helpers for Vietnamese search.
public enum VietnameseText {
    /// Folds text for accent-insensitive search: lower case, tone and vowel marks removed, `đ` → `d`,
    /// runs of white space collapsed. "Thành phố Hồ Chí Minh" → "thanh pho ho chi minh".
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x0300...0x036F:  // combining marks: the tones and the breve/circumflex/horn
                continue
            case 0x0111:  // đ (Đ is lowered above)
                out.append("d")
                lastWasSpace = false
            case _ where scalar.properties.isWhitespace:
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            default:
                out.append(scalar)
                lastWasSpace = false
            }
        }
        if out.last == " " { out.removeLast() }
        return String(out)
    }
}
