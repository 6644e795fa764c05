import Core
import CoreTestSupport
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("Report photos")
    struct PhotoUploadTests {
        /// A JPEG whose EXIF says 19°48'11" N, 105°47'20" E: Phường Hạc Thành.
        static let gpsPhoto = TestImages.jpeg(
            latitude: (19, 48, 11),
            latRef: "N",
            longitude: (105, 47, 20),
            lonRef: "E"
        )

        func send(
            _ app: Application,
            _ path: String,
            token: String,
            _ fields: [String: String],
            file: (String, String, Data)?
        ) async throws -> TestingHTTPResponse {
            let (headers, body) = Multipart.encode(
                fields,
                file: file.map { (name: $0.0, filename: $0.1, type: "image/jpeg", data: $0.2) }
            )
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
