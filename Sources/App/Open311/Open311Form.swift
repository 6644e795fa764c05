import Foundation

/// Reading Open311's bracketed form fields, which the generic form decoder does not keep as lists.
enum Open311Form {
    /// `attribute[code]=v` and `attribute[code][]=v1&attribute[code][]=v2` from a form-encoded body (or query).
    static func attributes(in body: String) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(parts[0])
            guard key.hasPrefix("attribute["), let close = key.firstIndex(of: "]") else { continue }
            let code = String(key[key.index(key.startIndex, offsetBy: 10)..<close])
            let rest = key[key.index(after: close)...]
            guard !code.isEmpty, rest.isEmpty || rest == "[]" else { continue }
            result[code, default: []].append(parts.count > 1 ? decode(parts[1]) : "")
        }
        return result
    }

    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
