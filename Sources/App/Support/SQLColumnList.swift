import SQLKit

extension SQLRaw {
    /// `"a", "b", …` quoted once, for a hot query's select list: SQLKit otherwise quotes every identifier again on
    /// every query, which cost more CPU than SQLite's work for the report look-ups (issue 11). The names are the
    /// code's own constants, never input.
    static func columnList(_ names: [String]) -> SQLRaw {
        SQLRaw(names.map { "\"\($0)\"" }.joined(separator: ", "))
    }
}
