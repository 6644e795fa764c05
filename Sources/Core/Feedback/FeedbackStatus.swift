/// Where a citizen's report (phản ánh, kiến nghị) stands. DIGIT-style: states, actions with roles, terminal flags.
public enum FeedbackStatus: String, Sendable, Codable, CaseIterable {
    case submitted
    case received
    case rejected
    case inProgress
    case awaitingSupplement
    case answered
    case published
    case closed

    /// Vietnamese label, as the national PAKN system words it where it can.
    public var label: String {
        switch self {
        case .submitted: "Mới gửi"
        case .received: "Đã tiếp nhận"
        case .rejected: "Từ chối tiếp nhận"
        case .inProgress: "Đang xử lý"
        case .awaitingSupplement: "Chờ bổ sung"
        case .answered: "Chờ công khai"
        case .published: "Đã công khai"
        case .closed: "Đã đóng"
        }
    }

    /// No further action except reopening (closed) or none at all (rejected).
    public var isFinal: Bool { self == .rejected || self == .closed }

    /// Open reports are the ones duplicates are checked against and deadlines run on.
    public var isOpen: Bool { !isFinal && self != .published }
}

/// Who is acting on a report, as far as the workflow cares.
public enum FeedbackActorKind: String, Sendable, Codable, CaseIterable {
    /// An officer who may process reports of the handling unit (Authorizer: `.process` on its lineage).
    case handlingOfficer
    /// The citizen who filed the report.
    case reporter
    /// The platform itself (escalation).
    case system
}

/// What can happen to a report.
public enum FeedbackAction: Hashable, Sendable, Codable {
    case receive
    case reject(reason: String)
    case startHandling
    case requestSupplement(note: String)
    case supplement(note: String)
    case answer(text: String)
    case publish
    case close
    case reopen(reason: String)
    case forward(to: AdminUnit.ID)
    /// Closes a duplicate in favour of an open report of the same kind (FixMyStreet's merge).
    case merge(into: Feedback.ID)

    public var name: String {
        switch self {
        case .receive: "receive"
        case .reject: "reject"
        case .startHandling: "startHandling"
        case .requestSupplement: "requestSupplement"
        case .supplement: "supplement"
        case .answer: "answer"
        case .publish: "publish"
        case .close: "close"
        case .reopen: "reopen"
        case .forward: "forward"
        case .merge: "merge"
        }
    }
}

/// Everything that can go wrong with a report.
public enum FeedbackError: Error, Equatable, Sendable {
    case invalidTransition(from: FeedbackStatus, action: String)
    case notAllowed(action: String, actor: FeedbackActorKind)
    case notFound
    case invalidField(field: String, issue: FieldIssue)
    case location(GeoError)
    case unknownCategory(String)
    /// The category exists, but not in the province where the report is.
    case categoryNotUsed(String, province: String)
}

/// The transition table. Pure: given a state, an action and who acts, the next state or a typed error.
public enum FeedbackWorkflow {
    /// Which actor kinds may take each action.
    static func allowed(_ action: FeedbackAction) -> Set<FeedbackActorKind> {
        switch action {
        case .supplement, .reopen: [.reporter]
        case .close: [.handlingOfficer, .reporter]
        case .forward: [.handlingOfficer, .system]
        default: [.handlingOfficer]
        }
    }

    public static func next(
        from status: FeedbackStatus,
        _ action: FeedbackAction,
        by actor: FeedbackActorKind
    ) throws(FeedbackError) -> FeedbackStatus {
        guard allowed(action).contains(actor) else { throw .notAllowed(action: action.name, actor: actor) }
        switch (status, action) {
        case (.submitted, .receive): return .received
        case (.submitted, .reject), (.received, .reject): return .rejected
        case (.received, .startHandling): return .inProgress
        case (.received, .requestSupplement), (.inProgress, .requestSupplement): return .awaitingSupplement
        case (.awaitingSupplement, .supplement): return .inProgress
        case (.inProgress, .answer): return .answered
        case (.answered, .publish): return .published
        case (.published, .close): return .closed
        case (.published, .reopen), (.closed, .reopen): return .inProgress
        case (.submitted, .forward), (.received, .forward), (.inProgress, .forward): return .submitted
        case (.submitted, .merge), (.received, .merge), (.inProgress, .merge), (.awaitingSupplement, .merge):
            return .closed
        default: throw .invalidTransition(from: status, action: action.name)
        }
    }
}
