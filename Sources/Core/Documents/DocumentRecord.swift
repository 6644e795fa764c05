public import Foundation

/// One document in a unit's register: an incoming document (văn bản đến) as registered, or an outgoing one
/// (văn bản đi) from draft to issue. ND 30/2020/NĐ-CP (công tác văn thư, "to verify") governs the fields:
/// number and symbol, type, date, issuing body, subject (trích yếu), urgency, confidentiality, recipients.
public struct Document: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Document>

    public struct Assignment: Hashable, Sendable, Codable {
        public var handlerID: UUID
        public var handlerName: String
        public var department: String
        public var due: Date
        public var assignedBy: String
        public var assignedAt: Date

        public init(
            handlerID: UUID,
            handlerName: String,
            department: String,
            due: Date,
            assignedBy: String,
            assignedAt: Date
        ) {
            self.handlerID = handlerID
            self.handlerName = handlerName
            self.department = department
            self.due = due
            self.assignedBy = assignedBy
            self.assignedAt = assignedAt
        }
    }

    /// A processing note or a step of the workflow, in order.
    public struct Note: Hashable, Sendable, Codable {
        public var at: Date
        public var author: String
        public var action: DocumentAction?
        public var text: String

        public init(at: Date, author: String, action: DocumentAction?, text: String) {
            self.at = at
            self.author = author
            self.action = action
            self.text = text
        }
    }

    /// Where an incoming document came from when it arrived electronically.
    public struct Source: Hashable, Sendable, Codable {
        /// The sender's outgoing document, when the sender is on the platform.
        public var documentID: ID?
        public var unitCode: String
        /// `platform` or `edxml`.
        public var channel: String

        public init(documentID: ID?, unitCode: String, channel: String) {
            self.documentID = documentID
            self.unitCode = unitCode
            self.channel = channel
        }
    }

    public let id: ID
    public let direction: DocumentDirection
    /// The unit whose register holds the document.
    public let unitCode: String
    public var type: DocumentType
    /// The number in this unit's book: "số đến" for incoming, the document's number for outgoing (set at issue).
    public var bookNumber: Int?
    /// "45/QĐ-UBND": the outgoing number and symbol, or the sender's for incoming.
    public var reference: String?
    public var issuedOn: Date?
    public var issuerName: String
    public var subject: String
    public var urgency: Urgency
    public var confidentiality: Confidentiality
    public var state: DocumentState
    /// Units on the platform that receive an outgoing document.
    public var recipients: [String]
    /// Drafting department's abbreviation for the symbol ("VP" in "123/UBND-VP").
    public var department: String?
    public var createdBy: UUID
    public var createdByName: String
    public var createdAt: Date
    public var assignment: Assignment?
    public var completedAt: Date?
    public var notes: [Note]
    public var source: Source?
    /// Receipts of an issued document per recipient unit code.
    public var receipts: [String: ExchangeReceipt]
    /// Received or sent electronically (false: on paper).
    public var electronic: Bool
    /// The dossier this document belongs to, for a dossier's document thread.
    public var dossierCode: String?

    public init(
        id: ID = ID(),
        direction: DocumentDirection,
        unitCode: String,
        type: DocumentType,
        issuerName: String,
        subject: String,
        urgency: Urgency = .normal,
        confidentiality: Confidentiality = .normal,
        createdBy: UUID,
        createdByName: String,
        createdAt: Date
    ) {
        self.id = id
        self.direction = direction
        self.unitCode = unitCode
        self.type = type
        self.issuerName = issuerName
        self.subject = subject
        self.urgency = urgency
        self.confidentiality = confidentiality
        state = direction == .outgoing ? .draft : .received
        recipients = []
        self.createdBy = createdBy
        self.createdByName = createdByName
        self.createdAt = createdAt
        notes = []
        receipts = [:]
        electronic = true
    }

    /// Moves the document by `action`, noting who did it; the workflow decides whether `role` may.
    public mutating func apply(
        _ action: DocumentAction,
        by role: DocumentRole,
        author: String,
        at time: Date,
        note: String = ""
    ) throws(DocumentError) {
        state = try DocumentWorkflow.next(from: state, action, by: role)
        if state == .done { completedAt = time }
        notes.append(Note(at: time, author: author, action: action, text: note))
    }

    /// The figures statistics count, given which signatures its files carry.
    public func facts(signedByAgency: Bool, signedPersonally: Bool) -> DocumentFacts {
        DocumentFacts(
            direction: direction,
            confidentiality: confidentiality,
            state: state,
            due: assignment?.due,
            completed: completedAt,
            electronic: electronic,
            signedByAgency: signedByAgency,
            signedPersonally: signedPersonally
        )
    }

    /// Checks the fields a user types, naming the first bad one.
    public static func validate(subject: String, issuerName: String) throws(DocumentError) -> (String, String) {
        let subject = subject.trimmingCharacters(in: .whitespacesAndNewlines)
        let issuer = issuerName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (3...1_000).contains(subject.count) else {
            throw .invalidField(field: "subject", message: "trích yếu 3–1000 ký tự / subject 3–1000 characters")
        }
        guard (2...300).contains(issuer.count) else {
            throw .invalidField(field: "issuerName", message: "cơ quan ban hành 2–300 ký tự / issuer 2–300 characters")
        }
        return (subject, issuer)
    }
}

extension DocumentWorkflow {
    /// The role that takes `action` from `state`, or nil when no role may.
    public static func role(for action: DocumentAction, in state: DocumentState) -> DocumentRole? {
        [DocumentRole.drafter, .head, .leader, .clerk, .handler].first {
            (try? next(from: state, action, by: $0)) != nil
        }
    }
}
