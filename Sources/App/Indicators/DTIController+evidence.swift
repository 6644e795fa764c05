import Core
import Fluent
import Foundation
import Vapor

/// Evidence files for self-assessments and tasks, the published national ranking and a unit's rank history.
extension DTIController {
    func bootEvidence(_ dti: any RoutesBuilder) {
        dti.on(.POST, "evidence", body: .collect(maxSize: "11mb"), use: uploadEvidence)
        dti.get("evidence", ":name", use: downloadEvidence)
        dti.put("published-ranks", use: savePublishedRanks)
        dti.get("history", use: history)
    }

    struct EvidenceUpload: Content {
        let file: File
    }

    struct EvidenceDTO: Content {
        /// What to put in an evidence list: `tep:<sha256>.<ext>`.
        let reference: String
        let size: Int
    }

    /// `POST /api/v1/dti/evidence` (multipart `file`): an officer stores a PDF, JPEG or PNG (≤ 10 MB, by content)
    /// and gets the reference to list as evidence.
    @Sendable func uploadEvidence(req: Request) async throws -> EvidenceDTO {
        let principal = try req.principal
        guard !principal.user.isDisabled,
            [Role.officer, .unitAdmin, .provinceAdmin, .systemAdmin].contains(where: principal.holds)
        else { throw AccountError.forbidden }
        let upload = try req.content.decode(EvidenceUpload.self)
        let file = try Self.store(upload.file, req)
        return EvidenceDTO(reference: file.reference, size: upload.file.data.readableBytes)
    }

    /// Checks (413 over 10 MB, 415 unless PDF, JPEG or PNG by content) and stores an uploaded evidence file.
    static func store(_ upload: File, _ req: Request) throws -> EvidenceFile {
        let stored = try PhotoStore(directory: req.services.config.uploadDirectory).saveResult(
            Data(upload.data.readableBytesView)
        )
        guard let kind = ResultFileKind(rawValue: String(stored.kind.dropFirst("result-".count))) else {
            throw Abort(.unsupportedMediaType)
        }
        return EvidenceFile(sha256: stored.sha256, kind: kind)
    }

    /// Where an evidence file lives in the upload directory, if it was uploaded.
    static func storedPath(_ file: EvidenceFile, _ req: Request) -> String? {
        let path = PhotoStore(directory: req.services.config.uploadDirectory).path(
            of: PhotoStore.Stored(sha256: file.sha256, kind: "result-" + file.kind.rawValue, size: 0)
        )
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Refuses evidence that names a file never uploaded (422), so a list cannot point at nothing.
    static func checkEvidence(_ entries: [String], _ req: Request) throws {
        for file in try EvidenceFile.files(in: entries) where storedPath(file, req) == nil {
            throw IndicatorError.invalidField(field: "evidence", issue: .unknownCode(file.reference))
        }
    }

    /// `GET /api/v1/dti/evidence/{sha256}.{ext}`: officials (and IOC viewers) read evidence files.
    @Sendable func downloadEvidence(req: Request) async throws -> Response {
        let principal = try req.principal
        guard (principal.highestRole ?? .citizen) != .citizen else { throw AccountError.forbidden }
        guard let file = EvidenceFile(reference: EvidenceFile.prefix + (req.parameters.get("name") ?? "")),
            let path = Self.storedPath(file, req)
        else { throw IndicatorError.notFound }
        let media = HTTPMediaType(type: file.kind.mimeType.type, subType: file.kind.mimeType.subType)
        let response = try await req.fileio.asyncStreamFile(at: path, mediaType: media)
        response.headers.contentDisposition = .init(.inline, filename: "minh-chung.\(file.kind.fileExtension)")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    /// `PUT /api/v1/dti/published-ranks`: rows of the ministry's published ranking (province or system admin).
    @Sendable func savePublishedRanks(req: Request) async throws -> IndicatorController.ImportSummary {
        let principal = try req.principal
        let rows = try req.content.decode([DTIPublishedRank].self)
        try await req.transaction { db in
            try await Self.service(req, on: db).savePublishedRanks(rows, by: principal)
        }
        return IndicatorController.ImportSummary.imported(rows.count)
    }

    /// `GET /api/v1/dti/history?framework=…&ou=…[&format=csv]`: a unit's rank year by year, through the merger.
    @Sendable func history(req: Request) async throws -> Response {
        _ = try req.principal
        guard let unit = req.queryString("ou") else { throw IndicatorError.invalidField(field: "ou", issue: .required) }
        let entries = try await Self.service(req, on: req.db).history(
            framework: req.queryString("framework") ?? DTIFramework.qd922.code,
            unitCode: unit,
            through: CivilDate(req.services.clock.now()).year
        )
        guard req.queryString("format") == "csv" else { return try await entries.encodeResponse(for: req) }
        let rows = entries.map { e in
            [
                String(e.year), e.unitCode, e.unitName, String(e.rank), e.of.map(String.init) ?? "",
                e.total.map { VietnameseFormat.decimal($0, digits: 4) } ?? "", e.source,
            ]
        }
        return .csv(
            CSV.document(header: ["Năm", "Mã đơn vị", "Tên đơn vị", "Hạng", "Số đơn vị", "Điểm", "Nguồn"], rows: rows),
            filename: "lich-su-xep-hang-dti-\(unit).csv"
        )
    }
}

extension DTIPublishedRank: Content {}
extension DTIHistoryEntry: Content {}
