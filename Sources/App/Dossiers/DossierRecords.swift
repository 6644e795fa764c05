import Core
import Fluent
import Foundation
import Vapor

final class ProcedureRecord: Model, @unchecked Sendable {
    static let schema = "procedures"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "sector") var sector: String
    @Field(key: "competence") var competence: String
    @Field(key: "agency") var agency: String
    @Field(key: "online_level") var onlineLevel: String
    @Field(key: "time_amount") var timeAmount: Int
    @Field(key: "time_unit") var timeUnit: String
    @Field(key: "result_type") var resultType: String
    @Field(key: "subjects") var subjects: String
    @Field(key: "online_payment") var onlinePayment: Bool
    @Field(key: "priority") var priority: Bool
    @Field(key: "has_fees") var hasFees: Bool
    @Field(key: "fully_published") var fullyPublished: Bool
    @Field(key: "data") var data: String

    init() {}

    func update(from p: Procedure) throws {
        if id == nil { id = UUID() }
        code = p.code
        name = p.name
        sector = p.sector
        competence = p.competence.rawValue
        agency = p.agency
        onlineLevel = p.onlineLevel.rawValue
        timeAmount = p.processingTime.amount
        timeUnit = p.processingTime.unit.rawValue
        resultType = p.resultType.rawValue
        subjects = p.subjects
        onlinePayment = p.onlinePayment
        priority = p.priority
        hasFees = p.hasFees
        fullyPublished = p.isFullyPublished
        data = try JSONText.encode(p)
    }

    func toDomain() throws -> Procedure { try JSONText.decode(Procedure.self, data) }
}

final class DossierRecord: Model, @unchecked Sendable {
    static let schema = "dossiers"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "procedure_code") var procedureCode: String
    @Field(key: "time_amount") var timeAmount: Int
    @Field(key: "time_unit") var timeUnit: String
    @Field(key: "channel") var channel: Int
    @Field(key: "status") var status: Int
    @Field(key: "applicant_name") var applicantName: String
    @Field(key: "applicant_id_number") var applicantIDNumber: String
    @Field(key: "applicant_phone") var applicantPhone: String
    @Field(key: "applicant_email") var applicantEmail: String
    @Field(key: "applicant_address") var applicantAddress: String
    @Field(key: "applicant_commune") var applicantCommune: String
    @OptionalField(key: "applicant_user_id") var applicantUserID: UUID?
    @Field(key: "receiving_unit_id") var receivingUnitID: UUID
    @Field(key: "handling_unit_id") var handlingUnitID: UUID
    @Field(key: "submitted_s") var submitted: Double
    @OptionalField(key: "received_s") var received: Double?
    @OptionalField(key: "appointment_s") var appointment: Double?
    @OptionalField(key: "due_s") var due: Double?
    @OptionalField(key: "ended_s") var ended: Double?
    @OptionalField(key: "end_status") var endStatus: Int?
    @OptionalField(key: "returned_s") var returned: Double?
    @OptionalField(key: "delivered_s") var delivered: Double?
    @Field(key: "supplement_requests") var supplementRequests: Int
    @OptionalField(key: "supplement_requested_s") var supplementRequested: Double?
    @OptionalField(key: "supplement_resumed_s") var supplementResumed: Double?
    @OptionalField(key: "delivery") var delivery: String?
    @Field(key: "fee_due") var feeDue: Int
    @Field(key: "paid_online") var paidOnline: Bool
    @Field(key: "components_digitized") var componentsDigitized: Bool
    @Field(key: "reused_data") var reusedData: Bool
    @Field(key: "electronic_result") var electronicResult: Bool
    @OptionalField(key: "satisfied") var satisfied: Bool?
    @OptionalField(key: "reminded_s") var reminded: Double?
    @Field(key: "data") var data: String

    init() {}

    func update(from d: Dossier) throws {
        id = d.id.rawValue
        code = d.code
        procedureCode = d.procedureCode
        timeAmount = d.processingTime.amount
        timeUnit = d.processingTime.unit.rawValue
        channel = d.channel.rawValue
        status = d.status.rawValue
        applicantName = d.applicant.name
        applicantIDNumber = d.applicant.idNumber
        applicantPhone = d.applicant.phone
        applicantEmail = d.applicant.email
        applicantAddress = d.applicant.address
        applicantCommune = d.applicant.communeCode
        applicantUserID = d.applicantUserID?.rawValue
        receivingUnitID = d.receivingUnitID.rawValue
        handlingUnitID = d.handlingUnitID.rawValue
        submitted = d.submittedAt.timeIntervalSince1970
        received = d.receivedAt?.timeIntervalSince1970
        appointment = d.appointmentAt?.timeIntervalSince1970
        due = d.dueAt?.timeIntervalSince1970
        ended = d.endedAt?.timeIntervalSince1970
        endStatus = d.endStatus?.rawValue
        returned = d.returnedAt?.timeIntervalSince1970
        delivered = d.deliveredAt?.timeIntervalSince1970
        supplementRequests = d.supplementRequests
        supplementRequested = d.supplements.first?.requestedAt.timeIntervalSince1970
        supplementResumed = d.supplements.first?.resumedAt?.timeIntervalSince1970
        delivery = d.delivery.map(Self.describe)
        feeDue = d.feeDue
        paidOnline = d.paidOnline
        componentsDigitized = d.componentsDigitized
        reusedData = d.reusedDigitizedData
        electronicResult = d.hasElectronicResult
        satisfied = d.satisfied
        reminded = d.remindedAt?.timeIntervalSince1970
        data = try JSONText.encode(Timeline(supplements: d.supplements, extensions: d.extensions, delivery: d.delivery))
    }

    /// What has no column of its own.
    struct Timeline: Codable {
        var supplements: [SupplementInterval]
        var extensions: [Extension]
        var delivery: ResultDelivery?
    }

    func toDomain() throws -> Dossier {
        guard let id, let channel = DossierChannel(rawValue: channel), let status = DossierStatus(rawValue: status),
            let unit = ProcessingTime.Unit(rawValue: timeUnit)
        else { throw Abort(.internalServerError, reason: "corrupt dossier row \(code)") }
        let timeline = try JSONText.decode(Timeline.self, data)
        func date(_ seconds: Double?) -> Date? { seconds.map(Date.init(timeIntervalSince1970:)) }
        var d = Dossier(
            id: .init(rawValue: id),
            code: code,
            procedure: Procedure(
                code: procedureCode,
                name: "",
                sector: "",
                competence: .commune,
                onlineLevel: .none,
                processingTime: ProcessingTime(timeAmount, unit),
                components: []
            ),
            channel: channel,
            applicant: Applicant(
                name: applicantName,
                idNumber: applicantIDNumber,
                phone: applicantPhone,
                email: applicantEmail,
                address: applicantAddress,
                communeCode: applicantCommune
            ),
            receivingUnitID: .init(rawValue: receivingUnitID),
            handlingUnitID: .init(rawValue: handlingUnitID),
            submittedAt: Date(timeIntervalSince1970: submitted)
        )
        d.applicantUserID = applicantUserID.map(User.ID.init(rawValue:))
        d.status = status
        d.receivedAt = date(received)
        d.appointmentAt = date(appointment)
        d.dueAt = date(due)
        d.endedAt = date(ended)
        d.endStatus = endStatus.flatMap(DossierStatus.init(rawValue:))
        d.returnedAt = date(returned)
        d.deliveredAt = date(delivered)
        d.supplements = timeline.supplements
        d.extensions = timeline.extensions
        d.delivery = timeline.delivery
        d.feeDue = feeDue
        d.paidOnline = paidOnline
        d.componentsDigitized = componentsDigitized
        d.reusedDigitizedData = reusedData
        d.satisfied = satisfied
        d.remindedAt = date(reminded)
        return d
    }

    static func describe(_ delivery: ResultDelivery) -> String {
        switch delivery {
        case .atDesk: "desk"
        case .electronic(let sha): "electronic:" + sha
        case .post(let tracking): "post:" + tracking
        }
    }
}

final class DossierEventRecord: Model, @unchecked Sendable {
    static let schema = "dossier_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "dossier_id") var dossierID: UUID
    @Field(key: "at") var at: Date
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "actor") var actor: String
    @Field(key: "action") var action: String
    @Field(key: "note") var note: String
    @Field(key: "from_status") var fromStatus: Int
    @Field(key: "to_status") var toStatus: Int

    init() {}
}
