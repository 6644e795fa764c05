import Core
import Foundation
import Testing

@Suite("Time-ordered ids (UUID version 7)")
struct TimeOrderedUUIDTests {
    @Test("The version, the variant and the millisecond are where RFC 9562 puts them")
    func layout() {
        let at = Date(timeIntervalSince1970: 1_796_601_600.123_9)  // 07/12/2026 00:00:00.123 UTC
        let uuid = UUID.timeOrdered(at: at)
        let hex = uuid.uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        #expect(UInt64(hex.prefix(12), radix: 16) == 1_796_601_600_123)
        #expect(Array(hex)[12] == "7")
        #expect("89ab".contains(Array(hex)[16]))
    }

    @Test("Ids made in later milliseconds sort later, as text and as bytes; none repeats")
    func ordered() {
        // The middle of each millisecond, so that no step is lost to rounding.
        func millisecond(_ step: Int) -> Date {
            Date(timeIntervalSince1970: (1_796_601_600_000 + Double(step) + 0.5) / 1000)
        }
        let start = millisecond(0)
        var previous = UUID.timeOrdered(at: start)
        var seen: Set<UUID> = [previous]
        for step in 1...5_000 {
            let next = UUID.timeOrdered(at: millisecond(step))
            #expect(next.uuidString.lowercased() > previous.uuidString.lowercased())
            #expect(next.uuidString > previous.uuidString)
            #expect(seen.insert(next).inserted)
            previous = next
        }
        // Within one millisecond the 74 random bits still tell ids apart.
        let sameMillisecond = (0..<5_000).map { _ in UUID.timeOrdered(at: start) }
        #expect(Set(sameMillisecond).count == 5_000)
        #expect(Set(sameMillisecond.map { $0.uuidString.prefix(13) }).count == 1)
    }

    @Test("A new typed identifier is time-ordered")
    func identifiers() {
        let before = UInt64(Date().timeIntervalSince1970 * 1000)
        let id = Identifier<TimeOrderedUUIDTests>()
        let after = UInt64(Date().timeIntervalSince1970 * 1000)
        let milliseconds = UInt64(id.description.replacingOccurrences(of: "-", with: "").prefix(12), radix: 16) ?? 0
        #expect((before...after).contains(milliseconds))
        #expect(Array(id.description)[14] == "7")
    }
}
