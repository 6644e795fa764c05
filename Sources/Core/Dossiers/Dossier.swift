public import Foundation

/// The person or business filing. Their identity number and phone are never shown publicly; the phone, with the
/// dossier code, lets them look their dossier up.
public struct Applicant: Hashable, Sendable, Codable {
    public var name: String
    public var idNumber: String
    public var phone: String
    public var email: String
    public var address: String
    /// The 2025 commune the applicant lives in (routes commune-level procedures).
    public var communeCode: String

    public init(name: String, idNumber: String, phone: String, email: String = "", address: String, communeCode: String)
    {
        self.name = name
        self.idNumber = idNumber
        self.phone = phone
        self.email = email
        self.address = address
        self.communeCode = communeCode
    }
}

/// One request for a supplement and, once the applicant answered, when the clock resumed.
public struct SupplementInterval: Hashable, Sendable, Codable {
    public var requestedAt: Date
    public var resumedAt: Date?
    public var note: String

    public init(requestedAt: Date, resumedAt: Date? = nil, note: String) {
        self.requestedAt = requestedAt
        self.resumedAt = resumedAt
        self.note = note
    }
}

/// Form 04 (TT 03/2025/TT-VPCP): an apology and a new date, issued before the due date.
public struct Extension: Hashable, Sendable, Codable {
    public var issuedAt: Date
    public var newDueAt: Date
    public var reason: String

    public init(issuedAt: Date, newDueAt: Date, reason: String) {
        self.issuedAt = issuedAt
        self.newDueAt = newDueAt
        self.reason = reason
    }
}

/// An administrative dossier from filing to the returned result.
public struct Dossier: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Dossier>

    public let id: ID
    /// `{unit code}-YYMMDD-XXXX` (TT 01/2018/TT-VPCP): the receiving unit, the day, the day's sequence.
    public let code: String
    public var procedureCode: String
    /// The statutory time in force when the dossier was filed.
    public var processingTime: ProcessingTime
    public var channel: DossierChannel
    public var applicant: Applicant
    /// The applicant's account when filed online.
    public var applicantUserID: User.ID?
    /// Where it was filed (any desk in the province, NĐ 118/2025/NĐ-CP) and who decides it.
    public var receivingUnitID: AdminUnit.ID
    public var handlingUnitID: AdminUnit.ID
    public var status: DossierStatus
    public var submittedAt: Date
    public var receivedAt: Date?
    /// The appointment on the receipt (ngày hẹn trả, form 01): what 766 measures against.
    public var appointmentAt: Date?
    /// The date the applicant is told now: the appointment moved by supplement time and extensions.
    public var dueAt: Date?
    public var supplements: [SupplementInterval]
    public var extensions: [Extension]
    /// When processing ended (the first of resolved, returned, stopped, withdrawn) and how.
    public var endedAt: Date?
    public var endStatus: DossierStatus?
    public var returnedAt: Date?
    public var delivery: ResultDelivery?
    public var deliveredAt: Date?
    public var feeDue: Int
    public var paidOnline: Bool
    /// Every submitted component came as a file (766 indicator 4.2).
    public var componentsDigitized: Bool
    /// Reused data already digitised (766 indicator 4.3).
    public var reusedDigitizedData: Bool
    /// The applicant's rating of the result, when given (true = satisfied).
    public var satisfied: Bool?
    /// When the handling officers were reminded that the due date is near.
    public var remindedAt: Date?

    public init(
        id: ID = ID(),
        code: String,
        procedure: Procedure,
        channel: DossierChannel,
        applicant: Applicant,
        receivingUnitID: AdminUnit.ID,
        handlingUnitID: AdminUnit.ID,
        submittedAt: Date
    ) {
        self.id = id
        self.code = code
        procedureCode = procedure.code
        processingTime = procedure.processingTime
        self.channel = channel
        self.applicant = applicant
        self.receivingUnitID = receivingUnitID
        self.handlingUnitID = handlingUnitID
        status = .registered
        self.submittedAt = submittedAt
        supplements = []
        extensions = []
        feeDue = procedure.fees.reduce(0) { $0 + $1.due(online: channel == .online) }
        paidOnline = false
        componentsDigitized = channel == .online
        reusedDigitizedData = false
    }

    public var supplementRequests: Int { supplements.count }

    /// Applies an action at `now`: checks the transition, then keeps the timeline. Receipt sets the appointment
    /// from the statutory time (15:00 cut-off included); a supplement stops the clock, and the answer moves the
    /// due date by the office time the dossier waited.
    public func applying(_ action: DossierAction, by actor: DossierActor, at now: Date, calendar: BusinessCalendar)
        throws -> Dossier
    {
        var next = self
        next.status = try DossierWorkflow.next(from: status, action, by: actor)
        switch action {
        case .receive:
            next.receivedAt = now
            next.appointmentAt = try processingTime.deadline(from: now, calendar: calendar)
            next.dueAt = next.appointmentAt
        case .refuse(let reason), .stop(let reason):
            guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw DossierError.invalidField(field: "reason", issue: .required)
            }
        case .requestSupplement(let note):
            guard !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw DossierError.invalidField(field: "note", issue: .required)
            }
            next.supplements.append(SupplementInterval(requestedAt: now, note: note))
        case .supplement:
            if let last = next.supplements.indices.last {
                next.supplements[last].resumedAt = now
                if let due = next.dueAt {
                    let waited = try calendar.workingHoursBetween(next.supplements[last].requestedAt, now)
                    next.dueAt = try calendar.addingWorkingHours(max(0, waited), to: due)
                }
            }
        case .requestPayment(let amount):
            guard amount >= 0 else { throw DossierError.invalidField(field: "amount", issue: .positive) }
            next.feeDue = amount
        case .pay(let online): next.paidOnline = online
        case .returnResult(let delivery):
            next.returnedAt = now
            next.delivery = delivery
        default: break
        }
        if next.status.endsProcessing, next.endedAt == nil {
            next.endedAt = now
            next.endStatus = next.status
        }
        return next
    }

    /// The applicant's verdict on a returned dossier (766 indicator 5.4), given once.
    public func rated(satisfied: Bool) throws(DossierError) -> Dossier {
        guard status == .returned else { throw .invalidTransition(from: status, action: "rate") }
        guard self.satisfied == nil else { throw .invalidTransition(from: status, action: "rateAgain") }
        var next = self
        next.satisfied = satisfied
        return next
    }

    /// The post office's delivery of a result sent by public postal service: not before it was sent, not in the
    /// future.
    public func delivered(at date: Date, now: Date) throws(DossierError) -> Dossier {
        guard case .post = delivery, let sent = returnedAt else {
            throw .invalidTransition(from: status, action: "recordDelivery")
        }
        guard date >= sent, date <= now else { throw .invalidField(field: "deliveredAt", issue: .deliveryDate) }
        var next = self
        next.deliveredAt = date
        return next
    }

    /// Issues form 04: a new date, later than the current due date, decided before that date passes.
    public func extended(to newDue: Date, reason: String, at now: Date) throws(DossierError) -> Dossier {
        guard [.received, .processing, .awaitingSupplement, .awaitingPayment].contains(status) else {
            throw .invalidTransition(from: status, action: "extend")
        }
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalidField(field: "reason", issue: .required)
        }
        guard let due = dueAt, now < due else { throw .extensionTooLate }
        guard newDue > due else { throw .invalidField(field: "newDueAt", issue: .afterDue) }
        var next = self
        next.extensions.append(Extension(issuedAt: now, newDueAt: newDue, reason: reason))
        next.dueAt = newDue
        return next
    }
}

extension FieldIssue {
    public static let deliveryDate = FieldIssue(
        english: "must be between the dispatch and now",
        vietnamese: "phải từ ngày gửi đến hiện tại"
    )
    public static let afterDue = FieldIssue(
        english: "must be later than the current due date",
        vietnamese: "phải sau ngày hẹn trả hiện tại"
    )
}
