import Core
import Foundation
import Testing

@Suite("Hex text and masking without Foundation's formatting")
struct HexTextTests {
    @Test("Bytes as lowercase hex, as String(format: \"%02x\") writes them")
    func lowercase() {
        var random = SeededRandom(seed: 7)
        for length in [0, 1, 2, 31, 32, 33, 100] {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            #expect(HexText.lowercase(bytes) == bytes.map { String(format: "%02x", $0) }.joined())
        }
        #expect(HexText.lowercase([0x00, 0x0F, 0xA0, 0xFF]) == "000fa0ff")
    }

    @Test("UUIDs read as UUID(uuidString:) reads them, in either case; malformed ones are refused by both")
    func uuids() {
        for _ in 0..<2_000 {
            let uuid = UUID()
            #expect(HexText.uuid(uuid.uuidString) == uuid)
            #expect(HexText.uuid(uuid.uuidString.lowercased()) == uuid)
            #expect(HexText.uuid(uuid.uuidString) == UUID(uuidString: uuid.uuidString))
        }
        let good = "5C0B2C1E-8D2A-4C49-9E5A-2F6A3F0E7B11"
        for bad in [
            "", "5C0B2C1E", String(good.dropLast()), good + "0", good.replacingOccurrences(of: "-", with: ""),
            "5C0B2C1E-8D2A-4C49-9E5A_2F6A3F0E7B11", "5C0B2C1G-8D2A-4C49-9E5A-2F6A3F0E7B11",
            "5C0B2C1E-8D2A-4C49-9E5A-2F6A3F0E7B1Đ",
        ] {
            #expect(HexText.uuid(bad) == nil)
            #expect(UUID(uuidString: bad) == nil)
        }
        // Stricter than sscanf, which reads a sign as part of a hex group (Foundation gives FBC0B2C1-…).
        #expect(HexText.uuid("-5C0B2C1-8D2A-4C49-9E5A-2F6A3F0E7B11") == nil)
    }

    @Test("Masking's shortcut (fewer than nine numeric characters) never changes the answer, over random texts")
    func masking() {
        let pieces = ["0", "9", "5", " ", ".", "-", "a", "Đ", "ố", "²", "½", "٣", "7\u{20E3}", "e\u{301}", "\n"]
        var random = SeededRandom(seed: 11)
        for _ in 0..<3_000 {
            let count = Int(random.next() % 40)
            let text = (0..<count).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            #expect(PublicFeedback.mask(text) == PublicFeedback.maskReadingEveryCharacter(text), "\(text)")
        }
        #expect(PublicFeedback.mask("Gọi 0912 345 678 nhé") == "Gọi •••••••••••• nhé")
    }
}
