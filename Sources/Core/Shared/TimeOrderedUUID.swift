public import Foundation

extension UUID {
    /// A version 7 UUID (RFC 9562, section 5.7): the Unix time in milliseconds in the first 48 bits, the version,
    /// then 74 random bits. Ids made later sort later, so a new row's id lands at the end of its table's id index
    /// instead of on a random page of it: a random id dirtied one more page per inserted row in every group commit,
    /// written to the write-ahead log and again at the checkpoint (issue 11). The time is the wall clock's, not an
    /// injected one: it only orders the ids and means nothing else. Within one millisecond the order is random.
    public static func timeOrdered(at date: Date = Date()) -> UUID {
        var random = SystemRandomNumberGenerator()
        let milliseconds = UInt64(max(0, (date.timeIntervalSince1970 * 1000).rounded(.down)))
        var high = random.next() as UInt64
        var low = random.next() as UInt64
        // 48 bits of time, 4 of version (0111), 12 random.
        high = (milliseconds << 16) | 0x7000 | (high & 0x0FFF)
        // 2 bits of variant (10), 62 random.
        low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<8 {
            bytes[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * index))
            bytes[8 + index] = UInt8(truncatingIfNeeded: low >> (56 - 8 * index))
        }
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            )
        )
    }
}
