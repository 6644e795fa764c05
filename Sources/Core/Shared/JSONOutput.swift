public import Foundation

/// JSON written straight into bytes, for the answers the platform sends most often. Values come out as Foundation's
/// `JSONEncoder` writes them with Vapor's settings: absent optionals left out, `/` escaped, control characters as
/// `\uXXXX` (lowercase hex) or their short forms, doubles as Swift prints them without a trailing `.0`, and dates
/// as ISO 8601 in whole UTC seconds (`2026-05-12T03:04:05Z`). Keys come in the order given (`JSONEncoder` on Linux
/// uses hash order). `JSONEncoder` builds a tree of boxed values before writing a byte; encoding the public
/// look-up's answer was a sixth of its CPU (issue 11). Tests compare the two on the same values.
public struct JSONOutput: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// Whether the next key or value needs a comma before it.
    private var afterValue = false

    public init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    /// A value JSON cannot carry.
    public enum Failure: Error, Equatable {
        /// NaN or an infinity: `JSONEncoder` refuses them too.
        case notFinite(Double)
    }

    // MARK: Structure

    public mutating func object(_ body: (inout JSONOutput) throws -> Void) rethrows {
        separate()
        bytes.append(UInt8(ascii: "{"))
        afterValue = false
        try body(&self)
        bytes.append(UInt8(ascii: "}"))
        afterValue = true
    }

    public mutating func array(_ body: (inout JSONOutput) throws -> Void) rethrows {
        separate()
        bytes.append(UInt8(ascii: "["))
        afterValue = false
        try body(&self)
        bytes.append(UInt8(ascii: "]"))
        afterValue = true
    }

    /// A key inside an object; its value follows.
    public mutating func key(_ name: String) {
        separate()
        writeString(name)
        bytes.append(UInt8(ascii: ":"))
        afterValue = false
    }

    // MARK: Values

    public mutating func value(_ string: String) {
        separate()
        writeString(string)
        afterValue = true
    }

    public mutating func value(_ int: Int) {
        separate()
        bytes.append(contentsOf: String(int).utf8)
        afterValue = true
    }

    public mutating func value(_ bool: Bool) {
        separate()
        bytes.append(contentsOf: (bool ? "true" : "false").utf8)
        afterValue = true
    }

    public mutating func value(_ double: Double) throws {
        guard double.isFinite else { throw Failure.notFinite(double) }
        separate()
        var text = double.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
        afterValue = true
    }

    public mutating func value(_ uuid: UUID) { value(uuid.uuidString) }

    public mutating func value(_ date: Date) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        Self.appendISO8601(date, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
        afterValue = true
    }

    // MARK: Fields (key and value; an absent optional writes nothing, as `encodeIfPresent` does)

    public mutating func field(_ name: String, _ string: String?) {
        guard let string else { return }
        key(name)
        value(string)
    }

    public mutating func field(_ name: String, _ int: Int?) {
        guard let int else { return }
        key(name)
        value(int)
    }

    public mutating func field(_ name: String, _ bool: Bool?) {
        guard let bool else { return }
        key(name)
        value(bool)
    }

    public mutating func field(_ name: String, _ double: Double?) throws {
        guard let double else { return }
        guard double.isFinite else { throw Failure.notFinite(double) }  // before the key is written
        key(name)
        try value(double)
    }

    public mutating func field(_ name: String, _ uuid: UUID?) {
        guard let uuid else { return }
        key(name)
        value(uuid)
    }

    public mutating func field(_ name: String, _ date: Date?) {
        guard let date else { return }
        key(name)
        value(date)
    }

    /// A dictionary of string lists, its keys in the dictionary's order (as `JSONEncoder` writes them).
    public mutating func field(_ name: String, _ lists: [String: [String]]) {
        key(name)
        object { out in
            for (key, list) in lists {
                out.key(key)
                out.array { out in for item in list { out.value(item) } }
            }
        }
    }

    // MARK: Writing

    private mutating func separate() {
        if afterValue { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func writeString(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() {
                let escape: StaticString
                switch byte {
                case UInt8(ascii: "\""): escape = "\\\""
                case UInt8(ascii: "\\"): escape = "\\\\"
                case UInt8(ascii: "/"): escape = "\\/"
                case 0x08: escape = "\\b"
                case 0x0C: escape = "\\f"
                case UInt8(ascii: "\n"): escape = "\\n"
                case UInt8(ascii: "\r"): escape = "\\r"
                case UInt8(ascii: "\t"): escape = "\\t"
                case 0..<0x20: escape = ""
                default: continue
                }
                bytes.append(contentsOf: utf8[start..<index])
                start = index + 1
                if escape.utf8CodeUnitCount > 0 {
                    escape.withUTF8Buffer { bytes.append(contentsOf: $0) }
                } else {
                    bytes.append(contentsOf: "\\u00".utf8)
                    bytes.append(Self.hex[Int(byte >> 4)])
                    bytes.append(Self.hex[Int(byte & 0xF)])
                }
            }
            bytes.append(contentsOf: utf8[start...])
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// Whole seconds from 1970 to 9999 are written here (the days to a civil date as in Howard Hinnant's
    /// `civil_from_days`); other instants, which `JSONEncoder` writes in the Julian calendar before 1582, are left
    /// to it.
    static func appendISO8601(_ date: Date, to bytes: inout [UInt8]) {
        let interval = date.timeIntervalSince1970
        guard interval >= 0, interval < 253_402_300_800 else {
            bytes.append(contentsOf: fallbackISO8601(date).utf8)
            return
        }
        let seconds = Int(interval.rounded(.down))
        let days = seconds / 86_400
        let time = seconds % 86_400
        let z = days + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        digits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(time / 3_600, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(time / 60 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(time % 60, 2)
        bytes.append(UInt8(ascii: "Z"))
    }

    private static func fallbackISO8601(_ date: Date) -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode([date]), let text = String(data: data, encoding: .utf8) else { return "" }
        // ["…"] → …
        return String(text.dropFirst(2).dropLast(2))
    }
}
