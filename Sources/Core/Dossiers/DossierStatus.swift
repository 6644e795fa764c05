/// A dossier's state, numbered as the national public-service portal (DVCQG) syncs it ("TrangThaiHoSo").
public enum DossierStatus: Int, Hashable, Sendable, Codable, CaseIterable {
    case registered = 1
    case received = 2
    case refused = 3
    case processing = 4
    case awaitingSupplement = 5
    case awaitingPayment = 6
    case withdrawn = 7
    case stopped = 8
    case resolved = 9
    case returned = 10

    public var nationalCode: Int { rawValue }

    public var label: String {
        switch self {
        case .registered: "Mới đăng ký"
        case .received: "Được tiếp nhận"
        case .refused: "Không được tiếp nhận"
        case .processing: "Đang xử lý"
        case .awaitingSupplement: "Yêu cầu bổ sung giấy tờ"
        case .awaitingPayment: "Yêu cầu thực hiện nghĩa vụ tài chính"
        case .withdrawn: "Công dân yêu cầu rút hồ sơ"
        case .stopped: "Dừng xử lý"
        case .resolved: "Đã xử lý xong"
        case .returned: "Đã trả kết quả"
        }
    }

    /// No further action changes it.
    public var isFinal: Bool { [.refused, .withdrawn, .stopped, .returned].contains(self) }

    /// Processing has ended (766 indicator 2.1: resolved, returned, stopped, withdrawn).
    public var endsProcessing: Bool { [.resolved, .returned, .stopped, .withdrawn].contains(self) }

    /// Accepted by the desk at some point (what 766 counts).
    public var wasReceived: Bool { self != .registered && self != .refused }
}

/// Submission channel (KenhThucHien).
public enum DossierChannel: Int, Hashable, Sendable, Codable, CaseIterable {
    case inPerson = 1
    case online = 2
    case post = 3

    public var label: String {
        switch self {
        case .inPerson: "Trực tiếp"
        case .online: "Trực tuyến"
        case .post: "Bưu chính công ích"
        }
    }
}

/// How the result goes back: at the desk, as an electronic file, or by public postal service with a tracking
/// number.
public enum ResultDelivery: Hashable, Sendable, Codable {
    case atDesk
    case electronic(fileSHA256: String)
    case post(trackingNumber: String)
}

/// What an actor does to a dossier.
public enum DossierAction: Hashable, Sendable {
    case receive
    case refuse(reason: String)
    case startProcessing
    case requestSupplement(note: String)
    case supplement
    case requestPayment(amount: Int)
    case pay(online: Bool)
    case withdraw
    case stop(reason: String)
    case resolve
    case returnResult(ResultDelivery)

    public var name: String {
        switch self {
        case .receive: "receive"
        case .refuse: "refuse"
        case .startProcessing: "startProcessing"
        case .requestSupplement: "requestSupplement"
        case .supplement: "supplement"
        case .requestPayment: "requestPayment"
        case .pay: "pay"
        case .withdraw: "withdraw"
        case .stop: "stop"
        case .resolve: "resolve"
        case .returnResult: "returnResult"
        }
    }
}

/// Who acts: the applicant, the one-stop desk (Bộ phận Một cửa), or the officer of the competent unit.
public enum DossierActor: String, Hashable, Sendable, Codable, CaseIterable {
    case applicant, desk, handler
}

public enum DossierError: Error, Equatable, Sendable {
    case invalidTransition(from: DossierStatus, action: String)
    case notAllowed(action: String, actor: DossierActor)
    case notFound
    case unknownProcedure(String)
    case missingComponents([String])
    case invalidField(field: String, issue: FieldIssue)
    /// An extension (form 04) must be issued before the current due date.
    case extensionTooLate
}

/// The transition table (DIGIT-style): state × action × actor → next state, or a typed error.
public enum DossierWorkflow {
    static func actors(_ action: DossierAction) -> Set<DossierActor> {
        switch action {
        case .receive, .refuse, .returnResult: [.desk]
        case .startProcessing: [.desk, .handler]
        case .requestSupplement: [.desk, .handler]
        case .supplement, .pay: [.applicant, .desk]
        case .withdraw: [.applicant, .desk]
        case .requestPayment, .stop, .resolve: [.handler]
        }
    }

    public static func next(from status: DossierStatus, _ action: DossierAction, by actor: DossierActor)
        throws(DossierError) -> DossierStatus
    {
        let target: DossierStatus? =
            switch (status, action) {
            case (.registered, .receive): .received
            case (.registered, .refuse): .refused
            case (.received, .startProcessing): .processing
            case (.received, .requestSupplement), (.processing, .requestSupplement): .awaitingSupplement
            case (.awaitingSupplement, .supplement): .processing
            case (.processing, .requestPayment): .awaitingPayment
            case (.awaitingPayment, .pay): .processing
            case (.registered, .withdraw), (.received, .withdraw), (.processing, .withdraw),
                (.awaitingSupplement, .withdraw), (.awaitingPayment, .withdraw):
                .withdrawn
            case (.processing, .stop), (.awaitingSupplement, .stop), (.awaitingPayment, .stop): .stopped
            case (.processing, .resolve): .resolved
            case (.resolved, .returnResult): .returned
            default: nil
            }
        guard let target else { throw .invalidTransition(from: status, action: action.name) }
        guard actors(action).contains(actor) else { throw .notAllowed(action: action.name, actor: actor) }
        return target
    }
}
