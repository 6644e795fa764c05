import Core
import Fluent
import Vapor

/// A report as its reporter and the officers handling it see it (never public).
struct FeedbackDTO: JSONWritable {
    let id: UUID
    let code: String
    let category: String
    let description: String
    let lat: Double?
    let lon: Double?
    let communeCode: String?
    let provinceCode: String?
    let attributes: [String: [String]]
    let dossierCode: String?
    let locationApproximate: Bool
    let urgent: Bool
    let status: String
    let statusLabel: String
    let handlingUnitID: UUID
    let submittedAt: Date
    let answer: String?
    let due: Date?
    let sla: String
    let escalated: Bool

    init(_ f: Feedback, due: Date?, badge: SLABadge) {
        id = f.id.rawValue
        code = f.code
        category = f.category
        description = f.description
        lat = f.location?.latitude
        lon = f.location?.longitude
        communeCode = f.communeCode
        provinceCode = f.provinceCode
        attributes = f.attributes
        dossierCode = f.dossierCode
        locationApproximate = f.locationIsApproximate
        urgent = f.urgent
        status = f.status.rawValue
        statusLabel = f.status.label
        handlingUnitID = f.handlingUnitID.rawValue
        submittedAt = f.submittedAt
        answer = f.answer
        self.due = due
        sla = badge.rawValue
        escalated = f.escalatedAt != nil
    }

    func write(to json: inout JSONOutput) throws {
        try json.object { json in
            json.field("id", id)
            json.field("code", code)
            json.field("category", category)
            json.field("description", description)
            try json.field("lat", lat)
            try json.field("lon", lon)
            json.field("communeCode", communeCode)
            json.field("provinceCode", provinceCode)
            json.field("attributes", attributes)
            json.field("dossierCode", dossierCode)
            json.field("locationApproximate", locationApproximate)
            json.field("urgent", urgent)
            json.field("status", status)
            json.field("statusLabel", statusLabel)
            json.field("handlingUnitID", handlingUnitID)
            json.field("submittedAt", submittedAt)
            json.field("answer", answer)
            json.field("due", due)
            json.field("sla", sla)
            json.field("escalated", escalated)
        }
    }
}

struct NewFeedbackDTO: Content {
    let category: String
    let description: String
    let lat: Double?
    let lon: Double?
    let urgent: Bool?
    /// Answers to the category's extra questions, e.g. `{"loai-duong": ["quoc-lo"]}`.
    var attributes: [String: [String]]? = nil
    /// The dossier the report is about, e.g. `14797-260921-0001` (766 indicator 5.4).
    var dossierCode: String? = nil
    /// With multipart/form-data: a photo; its EXIF GPS gives the location when lat/lon are absent.
    var photo: File? = nil
}

struct FeedbackActionDTO: Content {
    /// receive, reject, startHandling, requestSupplement, supplement, answer, publish, close, reopen, forward
    let action: String
    let note: String?
    /// For forward: the code of the unit that takes the report over.
    let unitCode: String?
    /// For merge: the code of the original report.
    var intoCode: String? = nil

    func resolve(on units: any UnitRepository, db: any Database) async throws -> FeedbackAction {
        let text = note ?? ""
        switch action {
        case "receive": return .receive
        case "reject": return .reject(reason: text)
        case "startHandling": return .startHandling
        case "requestSupplement": return .requestSupplement(note: text)
        case "supplement": return .supplement(note: text)
        case "answer": return .answer(text: text)
        case "publish": return .publish
        case "close": return .close
        case "reopen": return .reopen(reason: text)
        case "forward":
            guard let code = unitCode, let unit = try await units.find(UnitKey(tree: .current, code: code)) else {
                throw FeedbackError.invalidField(field: "unitCode", issue: .required)
            }
            return .forward(to: unit.id)
        case "merge":
            guard let code = intoCode, let original = try await FluentFeedbackRepository(db: db).find(code: code) else {
                throw FeedbackError.invalidField(field: "intoCode", issue: .required)
            }
            return .merge(into: original.id)
        default:
            throw FeedbackError.invalidField(
                field: "action",
                issue: .oneOf([
                    "receive", "reject", "startHandling", "requestSupplement", "supplement", "answer", "publish",
                    "close",
                    "reopen", "forward", "merge",
                ])
            )
        }
    }
}

extension PublicFeedback {
    /// As its `Codable` conformance writes it (see `JSONWritable`).
    func write(to json: inout JSONOutput) {
        json.object { json in
            json.field("code", code)
            json.field("category", category)
            json.field("description", description)
            json.field("communeCode", communeCode)
            json.field("status", status.rawValue)
            json.field("answer", answer)
            json.field("submittedAt", submittedAt)
            json.field("publishedAt", publishedAt)
            json.field("likes", likes)
            json.field("dislikes", dislikes)
            json.field("satisfactory", satisfactory)
        }
    }
}
