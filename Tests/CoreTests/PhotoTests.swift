import Core
import Foundation
import Testing

@Suite("Report photos")
struct PhotoTests {
    /// A minimal JPEG whose EXIF block carries a GPS position, built byte by byte (little-endian TIFF).
    static func jpeg(latitude: (Int, Int, Int), latRef: Character, longitude: (Int, Int, Int), lonRef: Character)
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

    @Test(
        "Images are recognised by their bytes, not their names",
        arguments: [
            ([0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0, 0, 0, 0, 0, 0], ImageKind?.some(.jpeg)),
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0], .some(.png)),
            ([0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50], .some(.webp)),
            ([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63], .some(.heic)),
            ([0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37, 0, 0, 0, 0], nil),  // a PDF named photo.jpg
            ([0xFF, 0xD8], nil),
        ] as [([UInt8], ImageKind?)]
    )
    func sniffing(bytes: [UInt8], kind: ImageKind?) {
        #expect(ImageKind.sniff(Data(bytes)) == kind)
    }

    @Test("EXIF GPS of a phone photo gives the location; south and west are negative; no EXIF gives nil")
    func exif() throws {
        let hacThanh = Self.jpeg(latitude: (19, 48, 10), latRef: "N", longitude: (105, 47, 20), lonRef: "E")
        let point = try #require(ExifGPS.location(in: hacThanh))
        #expect(abs(point.latitude - (19 + 48.0 / 60 + 10.0 / 3600)) < 1e-9)
        #expect(abs(point.longitude - (105 + 47.0 / 60 + 20.0 / 3600)) < 1e-9)
        let southWest = try #require(
            ExifGPS.location(in: Self.jpeg(latitude: (33, 52, 4), latRef: "S", longitude: (151, 12, 26), lonRef: "W"))
        )
        #expect(southWest.latitude < 0 && southWest.longitude < 0)
        #expect(ExifGPS.location(in: Data([0xFF, 0xD8, 0xFF, 0xDA, 0, 2, 0xFF, 0xD9])) == nil)
        #expect(ExifGPS.location(in: Data([0x89, 0x50])) == nil)
        #expect(ImageKind.sniff(hacThanh) == .jpeg)
    }
}
