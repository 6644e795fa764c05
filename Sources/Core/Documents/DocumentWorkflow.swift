public import Foundation

/// Where a document is. Outgoing drafts go drafter → head of department → leader → clerk (number, send); incoming
/// documents are received, registered in the unit's book, assigned by a leader, processed and closed.
public enum DocumentState: String, Hashable, Sendable, Codable, CaseIterable {
    // Outgoing.
    case draft
    case awaitingHead
    case awaitingLeader
    case approved
    case issued
    // Incoming.
    case received
    case registered
    case assigned
    case processing
    case done

    public var label: String {
        switch self {
        case .draft: "Dự thảo"
        case .awaitingHead: "Chờ trưởng phòng duyệt"
        case .awaitingLeader: "Chờ lãnh đạo duyệt"
        case .approved: "Đã duyệt, chờ phát hành"
        case .issued: "Đã phát hành"
        case .received: "Mới đến"
        case .registered: "Đã vào sổ"
        case .assigned: "Đã giao xử lý"
        case .processing: "Đang xử lý"
        case .done: "Đã xử lý xong"
        }
    }
}

/// Who acts in the chain.
public enum DocumentRole: String, Hashable, Sendable, Codable, CaseIterable {
    case drafter
    case head
    case leader
    case clerk
    case handler
}

public enum DocumentAction: String, Hashable, Sendable, Codable, CaseIterable {
    case submit
    case approve
    case returnForRevision
    case issue
    case register
    case assign
    case startProcessing
    case complete
}

/// The document state machine: which role may take which action from which state, and where it leads.
public enum DocumentWorkflow {
    public static func next(from state: DocumentState, _ action: DocumentAction, by role: DocumentRole)
        throws(DocumentError) -> DocumentState
    {
        switch (state, action, role) {
        case (.draft, .submit, .drafter): return .awaitingHead
        case (.awaitingHead, .approve, .head): return .awaitingLeader
        case (.awaitingLeader, .approve, .leader): return .approved
        case (.awaitingHead, .returnForRevision, .head), (.awaitingLeader, .returnForRevision, .leader): return .draft
        case (.approved, .issue, .clerk): return .issued
        case (.received, .register, .clerk): return .registered
        case (.registered, .assign, .leader): return .assigned
        case (.assigned, .startProcessing, .handler): return .processing
        case (.assigned, .complete, .handler), (.processing, .complete, .handler): return .done
        default: throw .invalidTransition(from: state, action: action)
        }
    }

    /// The actions a role can take from a state, for the page's buttons.
    public static func actions(from state: DocumentState, by role: DocumentRole) -> [DocumentAction] {
        DocumentAction.allCases.filter { (try? next(from: state, $0, by: role)) != nil }
    }
}

/// An exchange between units: sent → delivered (the receiving system has it) → received (registered in the
/// receiver's book), each step with its receipt time; a receipt back to the sender at each step.
public struct ExchangeReceipt: Hashable, Sendable, Codable {
    public enum Step: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
        case sent
        case delivered
        case registered

        var order: Int {
            switch self {
            case .sent: 0
            case .delivered: 1
            case .registered: 2
            }
        }

        public static func < (lhs: Step, rhs: Step) -> Bool { lhs.order < rhs.order }
    }

    public private(set) var steps: [Step: Date]

    public init(sentAt: Date) { steps = [.sent: sentAt] }

    public var latest: Step { steps.keys.max() ?? .sent }

    /// Records the next step; steps come in order, once each.
    public mutating func record(_ step: Step, at time: Date) throws(DocumentError) {
        guard steps[step] == nil, step.order == latest.order + 1 else {
            throw .invalidField(field: "receipt", message: "\(step.rawValue) after \(latest.rawValue)")
        }
        guard let previous = steps[latest], time >= previous else {
            throw .invalidField(field: "receipt", message: "\(step.rawValue) before \(latest.rawValue)")
        }
        steps[step] = time
    }
}

extension DocumentAction {
    public var label: String {
        switch self {
        case .submit: "Trình duyệt"
        case .approve: "Duyệt"
        case .returnForRevision: "Trả lại để sửa"
        case .issue: "Cấp số và phát hành"
        case .register: "Vào sổ văn bản đến"
        case .assign: "Giao xử lý"
        case .startProcessing: "Bắt đầu xử lý"
        case .complete: "Hoàn thành xử lý"
        }
    }
}

extension DocumentRole {
    public var label: String {
        switch self {
        case .drafter: "Chuyên viên soạn thảo"
        case .head: "Trưởng phòng"
        case .leader: "Lãnh đạo đơn vị"
        case .clerk: "Văn thư"
        case .handler: "Người xử lý"
        }
    }
}
