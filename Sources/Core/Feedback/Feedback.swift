public import Foundation

/// A citizen's report: where it happened, who handles it, and its timeline. The reporter's identity is private:
/// only `PublicFeedback` is ever shown to the public (Huế QĐ 30/2022/QĐ-UBND: the reporter is kept confidential).
public struct Feedback: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Feedback>

    public let id: ID
    /// Tracking code given to the citizen, e.g. `PA-260317-0042` (empty until `FeedbackService.store` numbers it).
    public internal(set) var code: String
    public var category: String
    public var description: String
    public var location: GeoPoint?
    /// The commune the location fell in, and whether that came from approximate cells.
    public var communeCode: String?
    /// The province of that commune (whose categories and deadlines apply).
    public var provinceCode: String?
    public var locationIsApproximate: Bool
    public var handlingUnitID: AdminUnit.ID
    public var reporterID: User.ID?
    public var urgent: Bool
    public var status: FeedbackStatus
    public var submittedAt: Date
    /// When the deadlines started: submission, or the latest forwarding (766 indicator 5.2).
    public var clockStartedAt: Date
    public var receivedAt: Date?
    public var answeredAt: Date?
    public var publishedAt: Date?
    public var answer: String?
    public var supplementRequests: Int
    public var reopenCount: Int
    public var likes: Int
    public var dislikes: Int
    public var escalatedAt: Date?
    /// The report this one was merged into as a duplicate.
    public var mergedIntoID: ID?
    /// The unit whose officers were asked to step in when a deadline passed (the handling unit's parent).
    public var escalatedToUnitID: AdminUnit.ID?
    /// Answers to the category's extra questions (Open311 attributes).
    public var attributes: [String: [String]] = [:]
    /// The one-stop dossier the report is about, if any: a complaint about a dossier counts against the handling
    /// unit in 766 indicator 5.4.
    public var dossierCode: String?

    public init(
        id: ID = ID(),
        code: String,
        category: String,
        description: String,
        location: GeoPoint?,
        communeCode: String?,
        locationIsApproximate: Bool,
        handlingUnitID: AdminUnit.ID,
        reporterID: User.ID?,
        urgent: Bool,
        submittedAt: Date
    ) {
        self.id = id
        self.code = code
        self.category = category
        self.description = description
        self.location = location
        self.communeCode = communeCode
        self.locationIsApproximate = locationIsApproximate
        self.handlingUnitID = handlingUnitID
        self.reporterID = reporterID
        self.urgent = urgent
        self.status = .submitted
        self.submittedAt = submittedAt
        self.clockStartedAt = submittedAt
        self.supplementRequests = 0
        self.reopenCount = 0
        self.likes = 0
        self.dislikes = 0
    }

    /// Applies an action at `now`: checks the transition, then updates the timeline.
    public func applying(_ action: FeedbackAction, by actor: FeedbackActorKind, at now: Date) throws(FeedbackError)
        -> Feedback
    {
        var next = self
        next.status = try FeedbackWorkflow.next(from: status, action, by: actor)
        switch action {
        case .receive: next.receivedAt = now
        case .requestSupplement: next.supplementRequests += 1
        case .answer(let text):
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw .invalidField(field: "answer", issue: .required)
            }
            next.answer = text
            next.answeredAt = now
        case .publish: next.publishedAt = now
        case .merge(let original):
            guard original != id else { throw .invalidField(field: "into", issue: .notItself) }
            next.mergedIntoID = original
        case .reopen:
            next.reopenCount += 1
            next.answeredAt = nil
            next.publishedAt = nil
        case .forward(let unit):
            next.handlingUnitID = unit
            next.clockStartedAt = now
            next.receivedAt = nil
            next.escalatedAt = nil
            next.escalatedToUnitID = nil
        default: break
        }
        return next
    }

    /// Satisfaction as the national system reads ratings: unsatisfied when dislikes outnumber likes.
    public var isSatisfactory: Bool { !(dislikes > likes) }
}

extension FieldIssue {
    public static let notItself = FieldIssue(
        english: "cannot be the report itself",
        vietnamese: "không thể là chính phản ánh này"
    )
    public static let sameCategory = FieldIssue(
        english: "must be an open report of the same category",
        vietnamese: "phải là phản ánh đang mở cùng lĩnh vực"
    )
    public static let unknownDossier = FieldIssue(
        english: "must be the code of an existing dossier (e.g. 14797-260921-0001)",
        vietnamese: "phải là mã của một hồ sơ đã có (vd: 14797-260921-0001)"
    )
}
