import Core
import Vapor

extension Request {
    /// An optional integer query parameter; a value that is not a whole number is a 400, not a silent default.
    func queryInt(_ name: String) throws -> Int? {
        guard let raw = queryString(name) else { return nil }
        guard let value = Int(raw) else { throw WebError.invalidParameter(name: name, issue: .wholeNumber) }
        return value
    }

    /// A query parameter, when given and not empty.
    func queryString(_ name: String) -> String? {
        url.query.flatMap { QueryString.value(name, in: $0) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `?date=yyyy-MM-dd`, when given.
    func queryDate(_ name: String) throws -> CivilDate? {
        guard let raw = queryString(name) else { return nil }
        guard let date = CivilDate(iso: raw) else { throw WebError.invalidParameter(name: name, issue: .isoDate) }
        return date
    }

    /// `?tree=2025|legacy`, or the tree valid on `?date=`, or today's.
    func queryTree(clock: Core.Clock) throws -> AdminTree {
        if let raw = queryString("tree") {
            guard let tree = AdminTree(rawValue: raw) else {
                throw WebError.invalidParameter(name: "tree", issue: .oneOf(AdminTree.allCases.map(\.rawValue)))
            }
            return tree
        }
        return AdminTree.valid(on: try queryDate("date") ?? CivilDate(clock.now()))
    }

    func pageRequest(defaultLimit: Int = 50) throws -> Paging {
        Paging(limit: try queryInt("limit"), offset: try queryInt("offset"), defaultLimit: defaultLimit)
    }

    /// The unit named by `:tree/:code` in the path.
    func unitKey() throws -> UnitKey {
        guard let tree = parameters.get("tree").flatMap(AdminTree.init(rawValue:)), let code = parameters.get("code")
        else { throw WebError.notFound }
        return UnitKey(tree: tree, code: code)
    }

    func uuidParameter(_ name: String) throws -> UUID {
        guard let raw = parameters.get(name), let id = UUID(uuidString: raw) else { throw WebError.notFound }
        return id
    }
}

/// One parameter of a URL's query, read the way Vapor's `req.query[String.self, at:]` reads it (`+` is a space,
/// percent escapes are decoded, the last of repeated values wins, `name[…]` keys are not `name`) without building
/// and decoding the whole form: that had been a fifth of the public look-up's handler (issue 11).
enum QueryString {
    /// `name`'s value in `query` (percent-encoded, without the `?`); nil when absent or badly escaped.
    static func value(_ name: String, in query: String) -> String? {
        var found: Substring?
        for pair in query.split(separator: "&") {
            guard let equals = pair.firstIndex(of: "="), decoded(pair[..<equals]) == name else { continue }
            found = pair[pair.index(after: equals)...]
        }
        return found.flatMap(decoded)
    }

    private static func decoded(_ text: Substring) -> String? {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else {
            return String(text)
        }
        return text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
