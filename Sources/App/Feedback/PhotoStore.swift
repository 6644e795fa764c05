import Core
import Crypto
import Fluent
import Foundation
import Vapor

final class FeedbackPhotoRecord: Model, @unchecked Sendable {
    static let schema = "feedback_photos"

    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "sha256") var sha256: String
    @Field(key: "kind") var kind: String
    @Field(key: "size") var size: Int
    @Field(key: "feedback_id") var feedbackID: UUID

    init() {}
}

/// Report photos on disk, named by their SHA-256 (the same photo is stored once), checked by content.
struct PhotoStore {
    let directory: String

    struct Stored: Content {
        let sha256: String
        let kind: String
        let size: Int
    }

    /// Validates and writes a photo; 413 over 10 MB, 415 when the bytes are not JPEG, PNG, WebP or HEIC.
    func save(_ data: Data) throws -> Stored {
        try write(
            data,
            limit: ImageKind.maxBytes,
            kind: ImageKind.sniff(data)?.rawValue,
            tooLarge: "A photo may be at most 10 MB / Ảnh tối đa 10 MB.",
            wrongType: "Only JPEG, PNG, WebP or HEIC photos / Chỉ nhận ảnh JPEG, PNG, WebP hoặc HEIC."
        )
    }

    /// Validates and writes a dossier's electronic result: 413 over 10 MB, 415 unless PDF, JPEG or PNG.
    func saveResult(_ data: Data) throws -> Stored {
        try write(
            data,
            limit: ResultFileKind.maxBytes,
            kind: ResultFileKind.sniff(data).map { "result-" + $0.rawValue },
            tooLarge: "A result file may be at most 10 MB / Tệp kết quả tối đa 10 MB.",
            wrongType: "Only PDF, JPEG or PNG results / Chỉ nhận kết quả PDF, JPEG hoặc PNG."
        )
    }

    /// Checks the size and the sniffed kind, then writes the bytes once under their SHA-256.
    private func write(_ data: Data, limit: Int, kind: String?, tooLarge: String, wrongType: String) throws -> Stored {
        guard data.count <= limit else { throw Abort(.payloadTooLarge, reason: tooLarge) }
        guard let kind else { throw Abort(.unsupportedMediaType, reason: wrongType) }
        let sha = SHA256.hex(data)
        let stored = Stored(sha256: sha, kind: kind, size: data.count)
        try FileManager.default.createDirectory(
            atPath: directory + "/" + sha.prefix(2),
            withIntermediateDirectories: true
        )
        let path = self.path(of: stored)
        if !FileManager.default.fileExists(atPath: path) {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        }
        return stored
    }

    /// Where a stored file lives: `<dir>/<first two hex digits>/<sha256>.<ext>`.
    func path(of stored: Stored) -> String {
        let ext =
            ImageKind(rawValue: stored.kind)?.fileExtension
            ?? ResultFileKind(rawValue: String(stored.kind.dropFirst("result-".count)))?.fileExtension ?? "bin"
        return directory + "/" + stored.sha256.prefix(2) + "/" + stored.sha256 + "." + ext
    }

    /// A report's photos, oldest first.
    static func photos(of feedback: Feedback.ID, on db: any Database) async throws -> [Stored] {
        try await FeedbackPhotoRecord.query(on: db).filter(\.$feedbackID == feedback.rawValue).sort(\.$createdAt)
            .sort(\.$sha256).all().map { Stored(sha256: $0.sha256, kind: $0.kind, size: $0.size) }
    }

    static func attach(_ stored: Stored, to feedback: Feedback.ID, on db: any Database, at now: Date) async throws {
        let existing = try await FeedbackPhotoRecord.query(on: db).filter(\.$feedbackID == feedback.rawValue)
            .filter(\.$sha256 == stored.sha256).count()
        guard existing == 0 else { return }
        let record = FeedbackPhotoRecord()
        record.id = .timeOrdered()
        record.createdAt = now
        record.sha256 = stored.sha256
        record.kind = stored.kind
        record.size = stored.size
        record.feedbackID = feedback.rawValue
        try await record.create(on: db)
    }
}
