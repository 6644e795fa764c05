import Core
import CoreTestSupport
import Foundation
import Testing

@Suite("Report photos")
struct PhotoTests {
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
        let hacThanh = TestImages.jpeg(latitude: (19, 48, 10), latRef: "N", longitude: (105, 47, 20), lonRef: "E")
        let point = try #require(ExifGPS.location(in: hacThanh))
        #expect(abs(point.latitude - (19 + 48.0 / 60 + 10.0 / 3600)) < 1e-9)
        #expect(abs(point.longitude - (105 + 47.0 / 60 + 20.0 / 3600)) < 1e-9)
        let southWest = try #require(
            ExifGPS.location(
                in: TestImages.jpeg(latitude: (33, 52, 4), latRef: "S", longitude: (151, 12, 26), lonRef: "W")
            )
        )
        #expect(southWest.latitude < 0 && southWest.longitude < 0)
        #expect(ExifGPS.location(in: Data([0xFF, 0xD8, 0xFF, 0xDA, 0, 2, 0xFF, 0xD9])) == nil)
        #expect(ExifGPS.location(in: Data([0x89, 0x50])) == nil)
        #expect(ImageKind.sniff(hacThanh) == .jpeg)
    }
}
