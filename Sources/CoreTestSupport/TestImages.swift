public import Foundation

/// Images built byte by byte for upload tests.
public enum TestImages {
    /// A minimal JPEG whose EXIF block carries a GPS position, built byte by byte (little-endian TIFF).
    public static func jpeg(latitude: (Int, Int, Int), latRef: Character, longitude: (Int, Int, Int), lonRef: Character)
        -> Data
    {
        var tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00]
        func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: Int) -> [UInt8] { u16(v & 0xFFFF) + u16(v >> 16) }
        // IFD0 at 8: one entry, the GPS IFD pointer (tag 0x8825, LONG) → 26.
        tiff += u16(1) + u16(0x8825) + u16(4) + u32(1) + u32(26) + u32(0)
        // GPS IFD at 26: four entries, then the rationals at 26 + 2 + 48 + 4 = 80 and 104.
        let latAt = 80
        let lonAt = 104
        tiff += u16(4)
        tiff += u16(1) + u16(2) + u32(2) + [UInt8(latRef.asciiValue!), 0, 0, 0]
        tiff += u16(2) + u16(5) + u32(3) + u32(latAt)
        tiff += u16(3) + u16(2) + u32(2) + [UInt8(lonRef.asciiValue!), 0, 0, 0]
        tiff += u16(4) + u16(5) + u32(3) + u32(lonAt)
        tiff += u32(0)
        for (d, m, s) in [latitude, longitude] { tiff += u32(d) + u32(1) + u32(m) + u32(1) + u32(s * 100) + u32(100) }
        let app1 = Array("Exif\0\0".utf8) + tiff
        let length = app1.count + 2
        return Data([0xFF, 0xD8, 0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + app1 + [0xFF, 0xD9])
    }
}
