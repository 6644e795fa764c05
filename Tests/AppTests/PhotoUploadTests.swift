import Core
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("Report photos")
    struct PhotoUploadTests {
        /// A multipart/form-data body with text fields and one file.
        static func multipart(_ fields: [String: String], file: (name: String, filename: String, data: Data)?) -> (
            HTTPHeaders, ByteBuffer
        ) {
            let boundary = "tinhso-test-boundary"
            var body = Data()
            for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
                body += Data(
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(key)\"\r\n\r\n\(value)\r\n".utf8
                )
            }
            if let file {
                body += Data(
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\nContent-Type: image/jpeg\r\n\r\n"
                        .utf8
                )
                body += file.data + Data("\r\n".utf8)
            }
            body += Data("--\(boundary)--\r\n".utf8)
            return (["Content-Type": "multipart/form-data; boundary=\(boundary)"], ByteBuffer(bytes: Array(body)))
        }

        /// A JPEG whose EXIF says 19°48'10.8" N, 105°47'20.4" E: Phường Hạc Thành.
        static let gpsPhoto: Data = {
            var tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00]
            func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
            func u32(_ v: Int) -> [UInt8] { u16(v & 0xFFFF) + u16(v >> 16) }
            tiff += u16(1) + u16(0x8825) + u16(4) + u32(1) + u32(26) + u32(0)
            tiff += u16(4) + u16(1) + u16(2) + u32(2) + [78, 0, 0, 0] + u16(2) + u16(5) + u32(3) + u32(80)
            tiff += u16(3) + u16(2) + u32(2) + [69, 0, 0, 0] + u16(4) + u16(5) + u32(3) + u32(104) + u32(0)
            tiff += u32(19) + u32(1) + u32(48) + u32(1) + u32(108) + u32(10)
            tiff += u32(105) + u32(1) + u32(47) + u32(1) + u32(204) + u32(10)
            let app1 = Array("Exif\0\0".utf8) + tiff
            return Data(
                [0xFF, 0xD8, 0xFF, 0xE1, UInt8((app1.count + 2) >> 8), UInt8((app1.count + 2) & 0xFF)] + app1 + [
                    0xFF, 0xD9,
                ]
            )
        }()

        func send(
            _ app: Application,
            _ path: String,
            token: String,
            _ fields: [String: String],
            file: (String, String, Data)?
        ) async throws -> TestingHTTPResponse {
            let (headers, body) = Self.multipart(fields, file: file.map { (name: $0.0, filename: $0.1, data: $0.2) })
            var all = headers
            all.add(name: .authorization, value: "Bearer \(token)")
            return try await app.testing().sendRequest(.POST, path, headers: all, body: body)
        }

        @Test("A photo with GPS and no coordinates: the EXIF position routes the report, the photo is stored by hash")
        func exifLocation() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "cong.dan", role: .citizen, on: nil)
                let token = try await apiToken(app, "cong.dan")
                let fields = ["category": "moi-truong", "description": "Rác thải đổ trộm bên đường"]
                let response = try await send(
                    app,
                    "/api/v1/feedback",
                    token: token,
                    fields,
                    file: ("photo", "IMG_0001.HEIC.jpg", Self.gpsPhoto)
                )
                #expect(response.status == .created)
                #expect(try response.content.get(String.self, at: "feedback", "communeCode") == "14797")
                let photos = try await FeedbackPhotoRecord.query(on: app.db).all()
                #expect(photos.count == 1 && photos[0].kind == "jpeg" && photos[0].size == Self.gpsPhoto.count)
                let path =
                    app.services.config.uploadDirectory + "/" + photos[0].sha256.prefix(2) + "/" + photos[0].sha256
                    + ".jpg"
                #expect(FileManager.default.contents(atPath: path) == Self.gpsPhoto)
            }
        }

        @Test("A fake image is 415, an oversized one 413, and no location without a GPS photo 422")
        func refusals() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "cong.dan", role: .citizen, on: nil)
                let token = try await apiToken(app, "cong.dan")
                let fields = [
                    "category": "moi-truong", "description": "Rác thải đổ trộm bên đường", "lat": "19.803",
                    "lon": "105.789",
                ]
                let pdf = Data("%PDF-1.7 not really a photo".utf8)
                #expect(
                    try await send(app, "/api/v1/feedback", token: token, fields, file: ("photo", "photo.jpg", pdf))
                        .status == .unsupportedMediaType
                )
                let huge = Data([0xFF, 0xD8, 0xFF, 0xE0]) + Data(count: ImageKind.maxBytes + 10)
                let tooBig = try await send(
                    app,
                    "/api/v1/feedback",
                    token: token,
                    fields,
                    file: ("photo", "big.jpg", huge)
                )
                #expect(tooBig.status == .payloadTooLarge)
                var noPlace = fields
                noPlace["lat"] = nil
                noPlace["lon"] = nil
                let plain = Data([0xFF, 0xD8, 0xFF, 0xDB, 0, 4, 0, 0, 0xFF, 0xD9, 0, 0])
                let missing = try await send(
                    app,
                    "/api/v1/feedback",
                    token: token,
                    noPlace,
                    file: ("photo", "a.jpg", plain)
                )
                #expect(missing.status == .unprocessableEntity)
                #expect(try await FeedbackRecord.query(on: app.db).count() == 0)
            }
        }
    }
}
