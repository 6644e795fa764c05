public import Foundation

/// What the statistics read of one document.
public struct DocumentFacts: Hashable, Sendable {
    public var direction: DocumentDirection
    public var confidentiality: Confidentiality
    public var state: DocumentState
    /// Handling deadline of an incoming document, if one was set.
    public var due: Date?
    public var completed: Date?
    /// Received or sent through the platform's exchange (not on paper).
    public var electronic: Bool
    public var signedByAgency: Bool
    public var signedPersonally: Bool

    public init(
        direction: DocumentDirection,
        confidentiality: Confidentiality = .normal,
        state: DocumentState,
        due: Date? = nil,
        completed: Date? = nil,
        electronic: Bool = true,
        signedByAgency: Bool = false,
        signedPersonally: Bool = false
    ) {
        self.direction = direction
        self.confidentiality = confidentiality
        self.state = state
        self.due = due
        self.completed = completed
        self.electronic = electronic
        self.signedByAgency = signedByAgency
        self.signedPersonally = signedPersonally
    }
}

/// Counts per unit and period in the seeds' shape: received = pending + processed, processed = on time + late;
/// issued, signed by the agency, signed personally, exchanged electronically. Confidential documents are left out
/// (they are not exchanged electronically and not reported).
public struct DocumentStatistics: Hashable, Sendable, Codable {
    public var received = 0
    public var pending = 0
    public var processed = 0
    public var processedOnTime = 0
    public var processedLate = 0
    public var issued = 0
    public var signedByAgency = 0
    public var signedPersonally = 0
    public var exchangedElectronically = 0

    public init() {}

    public init(_ documents: some Sequence<DocumentFacts>) {
        for document in documents where !document.confidentiality.isConfidential {
            switch document.direction {
            case .incoming:
                received += 1
                if document.electronic { exchangedElectronically += 1 }
                guard document.state == .done else {
                    pending += 1
                    continue
                }
                processed += 1
                if let due = document.due, let completed = document.completed, completed > due {
                    processedLate += 1
                } else {
                    processedOnTime += 1
                }
            case .outgoing:
                guard document.state == .issued else { continue }
                issued += 1
                if document.electronic { exchangedElectronically += 1 }
                if document.signedByAgency { signedByAgency += 1 }
                if document.signedPersonally { signedPersonally += 1 }
            }
        }
    }

    /// Shares in percent of the issued documents (0 when none).
    public var signedByAgencyPercent: Double { issued == 0 ? 0 : Double(signedByAgency) * 100 / Double(issued) }
    public var signedPersonallyPercent: Double { issued == 0 ? 0 : Double(signedPersonally) * 100 / Double(issued) }
}
