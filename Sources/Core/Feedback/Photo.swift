public import Foundation

/// The image formats accepted for report photos, recognised by their content (magic bytes), never by file name.
public enum ImageKind: String, Sendable, Codable, CaseIterable {
    case jpeg, png, webp, heic

    public static let maxBytes = 10 * 1024 * 1024

    public var fileExtension: String { rawValue == "jpeg" ? "jpg" : rawValue }

    public var mimeType: String { "image/\(rawValue)" }

    /// The kind of image `data` holds, or nil for anything else (a renamed PDF, a script, an empty file).
    public static func sniff(_ data: Data) -> ImageKind? {
        let bytes = [UInt8](data.prefix(16))
        guard bytes.count >= 12 else { return nil }
        if bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[2] == 0xFF { return .jpeg }
        if bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] { return .png }
        if bytes[0..<4] == [0x52, 0x49, 0x46, 0x46], bytes[8..<12] == [0x57, 0x45, 0x42, 0x50] { return .webp }
        if bytes[4..<8] == [0x66, 0x74, 0x79, 0x70] {  // ISO BMFF 'ftyp' box with a HEIF brand
            let brand = String(decoding: bytes[8..<12], as: UTF8.self)
            if ["heic", "heix", "hevc", "hevx", "mif1", "msf1"].contains(brand) { return .heic }
        }
        return nil
    }
}

/// Reads the GPS position a phone camera writes into a JPEG's EXIF block (APP1), used when a report comes with a
/// photo but no location.
public enum ExifGPS {
    public static func location(in data: Data) -> GeoPoint? {
        let bytes = [UInt8](data)
        guard bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var offset = 2
        while offset + 4 <= bytes.count, bytes[offset] == 0xFF {
            let marker = bytes[offset + 1]
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            if marker == 0xE1, offset + 10 <= bytes.count,
                Array(bytes[(offset + 4)..<(offset + 10)]) == Array("Exif\0\0".utf8)
            {
                return tiffGPS(Array(bytes[(offset + 10)..<min(bytes.count, offset + 2 + length)]))
            }
            if marker == 0xDA || length < 2 { return nil }  // image data starts: no EXIF before it
            offset += 2 + length
        }
        return nil
    }

    static func tiffGPS(_ tiff: [UInt8]) -> GeoPoint? {
        guard tiff.count >= 8 else { return nil }
        let little = tiff[0] == 0x49
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= tiff.count else { return nil }
            return little ? Int(tiff[at]) | Int(tiff[at + 1]) << 8 : Int(tiff[at]) << 8 | Int(tiff[at + 1])
        }
        func u32(_ at: Int) -> Int? {
            guard let a = u16(at), let b = u16(at + 2) else { return nil }
            return little ? a | b << 16 : a << 16 | b
        }
        func entries(_ ifd: Int) -> [Int: (type: Int, count: Int, value: Int, at: Int)] {
            guard let n = u16(ifd), n < 1000 else { return [:] }
            var result: [Int: (Int, Int, Int, Int)] = [:]
            for i in 0..<n {
                let at = ifd + 2 + i * 12
                guard let tag = u16(at), let type = u16(at + 2), let count = u32(at + 4), let value = u32(at + 8) else {
                    break
                }
                result[tag] = (type, count, value, at + 8)
            }
            return result
        }
        func degrees(_ entry: (type: Int, count: Int, value: Int, at: Int)?) -> Double? {
            guard let entry, entry.type == 5, entry.count == 3 else { return nil }  // three RATIONALs
            var parts: [Double] = []
            for k in 0..<3 {
                guard let num = u32(entry.value + 8 * k), let den = u32(entry.value + 8 * k + 4), den != 0 else {
                    return nil
                }
                parts.append(Double(num) / Double(den))
            }
            return parts[0] + parts[1] / 60 + parts[2] / 3600
        }
        guard let ifd0 = u32(4), let gpsPointer = entries(ifd0)[0x8825]?.value else { return nil }
        let gps = entries(gpsPointer)
        guard var latitude = degrees(gps[2]), var longitude = degrees(gps[4]) else { return nil }
        if let ref = gps[1], tiff.indices.contains(ref.at), tiff[ref.at] == UInt8(ascii: "S") { latitude = -latitude }
        if let ref = gps[3], tiff.indices.contains(ref.at), tiff[ref.at] == UInt8(ascii: "W") { longitude = -longitude }
        guard abs(latitude) <= 90, abs(longitude) <= 180 else { return nil }
        return GeoPoint(latitude: latitude, longitude: longitude)
    }
}

extension FieldIssue {
    public static let locationOrPhoto = FieldIssue(
        english: "give lat and lon, or a photo with GPS in its EXIF data",
        vietnamese: "cần vĩ độ, kinh độ hoặc ảnh có thông tin GPS"
    )
}
