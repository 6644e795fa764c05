import Core
import CoreTestSupport
import Foundation
import Testing

/// `JSONOutput` must write the values `JSONEncoder` writes with Vapor's settings (ISO 8601 dates) byte for byte.
/// Objects are compared with their keys sorted (`canonicalJSON`).
@Suite("JSON output")
struct JSONOutputTests {
    private static func written(_ body: (inout JSONOutput) throws -> Void) rethrows -> String {
        var json = JSONOutput()
        try body(&json)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    @Test("Strings: quotes, backslashes, slashes, every control character, and text beyond ASCII")
    func strings() throws {
        var controls = ""
        for byte in 0..<0x20 { controls.unicodeScalars.append(Unicode.Scalar(UInt8(byte))) }
        let samples = [
            "", controls, "Đèn đường hỏng \"số 5\" \\ a/b", "\u{7F}\u{2028}\u{2029}😀", "tab\there", "Lê Văn An",
        ]
        #expect(Self.written { json in json.array { for s in samples { $0.value(s) } } } == (try encoderJSON(samples)))
    }

    @Test("Doubles as JSONEncoder prints them, over edge cases and 2,000 random values")
    func doubles() throws {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [
            0, -0.0, 1, 2.5, 100, 1e16, 1e21, 1e-7, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0.1 + 0.2,
        ]
        values += (0..<1_000).map { _ in Double.random(in: -180...180, using: &generator) }
        values += (0..<1_000).map { _ in Double(bitPattern: generator.next()) }.filter(\.isFinite)
        #expect(
            try Self.written { json in try json.array { for v in values { try $0.value(v) } } } == encoderJSON(values)
        )
    }

    @Test("NaN and infinities are refused, as JSONEncoder refuses them")
    func notFinite() {
        var json = JSONOutput()
        #expect(throws: JSONOutput.Failure.notFinite(.infinity)) { try json.value(Double.infinity) }
        #expect(throws: JSONOutput.Failure.self) { try json.field("lat", Double.nan) }
        #expect(json.bytes.isEmpty)
    }

    @Test("Dates in whole UTC seconds, fractions dropped; before 1970 as JSONEncoder writes them")
    func dates() throws {
        var generator = SystemRandomNumberGenerator()
        var dates: [Date] = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 59.9999),
            Date(timeIntervalSince1970: 951_782_400),
            Date(timeIntervalSince1970: 4_107_542_399.5), Date(timeIntervalSince1970: 253_402_300_799),
            Date(timeIntervalSince1970: -0.5), .distantPast, Date(timeIntervalSince1970: -2_208_988_800),
        ]
        dates += (0..<2_000).map { _ in
            Date(timeIntervalSince1970: Double.random(in: 0..<253_402_300_800, using: &generator))
        }
        #expect(Self.written { json in json.array { for d in dates { $0.value(d) } } } == (try encoderJSON(dates)))
    }

    private struct Sample: Encodable {
        struct Inner: Encodable {
            let at: Date
            let label: String
        }
        let id: UUID
        let count: Int
        let negative: Int
        let flag: Bool
        let note: String?
        let missing: String?
        let when: Date?
        let inner: [Inner]
        let empty: [Inner]
        let lists: [String: [String]]
    }

    @Test("Objects: keys in order, absent optionals left out, nested arrays and objects, string-list dictionaries")
    func objects() throws {
        let sample = Sample(
            id: UUID(),
            count: 42,
            negative: -7,
            flag: false,
            note: "có",
            missing: nil,
            when: Date(timeIntervalSince1970: 1_780_000_000),
            inner: [.init(at: Date(timeIntervalSince1970: 1), label: "a")],
            empty: [],
            lists: ["loai-duong": ["quoc-lo", "tinh-lo"], "muc-do": []]
        )
        let written = Self.written { json in
            json.object { json in
                json.field("id", sample.id)
                json.field("count", sample.count)
                json.field("negative", sample.negative)
                json.field("flag", sample.flag)
                json.field("note", sample.note)
                json.field("missing", sample.missing)
                json.field("when", sample.when)
                json.key("inner")
                json.array { json in
                    for i in sample.inner {
                        json.object { json in
                            json.field("at", i.at)
                            json.field("label", i.label)
                        }
                    }
                }
                json.key("empty")
                json.array { _ in }
                json.field("lists", sample.lists)
            }
        }
        #expect(try canonicalJSON(written) == canonicalJSON(encoderJSON(sample)))
        // In the order written.
        #expect(
            written.hasPrefix(
                "{\"id\":\"\(sample.id.uuidString)\",\"count\":42,\"negative\":-7,\"flag\":false,\"note\""
            )
        )
    }
}
