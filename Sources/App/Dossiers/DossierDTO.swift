import Core
import Foundation
import Vapor

extension Procedure: Content {}
extension Index766.Report: Content {}

/// A dossier as the desk, the handling officers and the applicant see it.
struct DossierDTO: Content {
    struct Event: Content {
        let at: Date
        let action: String
        let actor: String
        let note: String
        let status: Int
        let statusLabel: String
    }

    let code: String
    let procedureCode: String
    let channel: Int
    let status: Int
    let statusLabel: String
    let applicant: Applicant
    let receivingUnitID: UUID
    let handlingUnitID: UUID
    let submittedAt: Date
    let receivedAt: Date?
    let appointmentAt: Date?
    let dueAt: Date?
    let endedAt: Date?
    let supplementRequests: Int
    let extensions: [Extension]
    let feeDue: Int
    let delivery: String?
    let deliveredAt: Date?
    let satisfied: Bool?
    let events: [Event]

    init(_ d: Dossier, events: [DossierEvent]) {
        code = d.code
        procedureCode = d.procedureCode
        channel = d.channel.rawValue
        status = d.status.rawValue
        statusLabel = d.status.label
        applicant = d.applicant
        receivingUnitID = d.receivingUnitID.rawValue
        handlingUnitID = d.handlingUnitID.rawValue
        submittedAt = d.submittedAt
        receivedAt = d.receivedAt
        appointmentAt = d.appointmentAt
        dueAt = d.dueAt
        endedAt = d.endedAt
        supplementRequests = d.supplementRequests
        extensions = d.extensions
        feeDue = d.feeDue
        delivery = d.delivery.map(DossierRecord.describe)
        deliveredAt = d.deliveredAt
        satisfied = d.satisfied
        self.events = events.map {
            Event(
                at: $0.at,
                action: $0.action,
                actor: $0.actor.rawValue,
                note: $0.note,
                status: $0.to.rawValue,
                statusLabel: $0.to.label
            )
        }
    }
}

/// What anyone with the code and the phone number sees: no identity, no notes.
struct PublicDossierDTO: JSONWritable, Equatable {
    struct Step: Content, Equatable {
        let at: Date
        let statusLabel: String
    }

    let code: String
    let procedureName: String
    let status: Int
    let statusLabel: String
    let applicantName: String
    let appointmentAt: Date?
    let dueAt: Date?
    let history: [Step]

    func write(to json: inout JSONOutput) {
        json.object { json in
            json.field("code", code)
            json.field("procedureName", procedureName)
            json.field("status", status)
            json.field("statusLabel", statusLabel)
            json.field("applicantName", applicantName)
            json.field("appointmentAt", appointmentAt)
            json.field("dueAt", dueAt)
            json.key("history")
            json.array { json in
                for step in history {
                    json.object { json in
                        json.field("at", step.at)
                        json.field("statusLabel", step.statusLabel)
                    }
                }
            }
        }
    }

    /// "Lê Văn An" → "L** V** A*": enough for the applicant to recognise, nothing for anyone else.
    /// Words are separated by single spaces whatever the name held; a one-letter word keeps one star. In one pass
    /// (splitting, a string per word and joining them were 2.5 % of a look-up, issue 11).
    static func mask(_ name: String) -> String {
        var out = ""
        out.reserveCapacity(name.utf8.count)
        var letters = 0
        for character in name {
            if character == " " {
                if letters == 1 { out.append("*") }
                letters = 0
                continue
            }
            if letters == 0 {
                if !out.isEmpty { out.append(" ") }
                out.append(character)
            } else {
                out.append("*")
            }
            letters += 1
        }
        if letters == 1 { out.append("*") }
        return out
    }
}

struct NewDossierDTO: Content {
    var procedureCode: String
    var channel: Int
    var applicant: Applicant
    var components: [String]
    /// The desk's unit code, for in-person and postal filings.
    var deskCode: String? = nil
}

struct DossierActionDTO: Content {
    struct Delivery: Content {
        /// desk, electronic (a result file's SHA-256), post (a tracking number)
        let kind: String
        var reference: String? = nil
    }

    /// receive, refuse, startProcessing, requestSupplement, supplement, requestPayment, pay, withdraw, stop,
    /// resolve, returnResult
    let action: String
    var note: String? = nil
    var amount: Int? = nil
    var online: Bool? = nil
    var delivery: Delivery? = nil

    func resolve() throws -> DossierAction {
        let text = note ?? ""
        switch action {
        case "receive": return .receive
        case "refuse": return .refuse(reason: text)
        case "startProcessing": return .startProcessing
        case "requestSupplement": return .requestSupplement(note: text)
        case "supplement": return .supplement
        case "requestPayment":
            guard let amount else { throw DossierError.invalidField(field: "amount", issue: .required) }
            return .requestPayment(amount: amount)
        case "pay": return .pay(online: online ?? false)
        case "withdraw": return .withdraw
        case "stop": return .stop(reason: text)
        case "resolve": return .resolve
        case "returnResult":
            switch (delivery?.kind ?? "desk", delivery?.reference ?? "") {
            case ("desk", _): return .returnResult(.atDesk)
            case ("electronic", let sha) where sha.count == 64: return .returnResult(.electronic(fileSHA256: sha))
            case ("post", let tracking) where (8...40).contains(tracking.count):
                return .returnResult(.post(trackingNumber: tracking))
            default:
                throw DossierError.invalidField(field: "delivery", issue: .oneOf(["desk", "electronic", "post"]))
            }
        default:
            throw DossierError.invalidField(
                field: "action",
                issue: .oneOf([
                    "receive", "refuse", "startProcessing", "requestSupplement", "supplement", "requestPayment", "pay",
                    "withdraw", "stop", "resolve", "returnResult",
                ])
            )
        }
    }
}

struct ExtensionDTO: Content {
    let newDueAt: Date
    let reason: String
}
