public import Foundation

/// Deadlines for a report, in working days or hours of the business calendar.
/// National PAKN system (measured by 766 indicator 5.2): decide to receive or reject within 2 working days, ask for
/// a supplement within 5, handle within 15, publish within 2 after handling. Urgent reports (iHanoi,
/// QĐ 1207/QĐ-UBND): acknowledge within 8 working hours, handle within 4 working hours of acknowledgement.
public struct FeedbackSLA: Hashable, Sendable, Codable {
    public var decideDays: Int
    public var supplementDays: Int
    public var handleDays: Int
    public var publishDays: Int
    public var urgentAcknowledgeHours: Double
    public var urgentHandleHours: Double

    public static let national = FeedbackSLA(
        decideDays: 2,
        supplementDays: 5,
        handleDays: 15,
        publishDays: 2,
        urgentAcknowledgeHours: 8,
        urgentHandleHours: 4
    )

    public init(
        decideDays: Int,
        supplementDays: Int,
        handleDays: Int,
        publishDays: Int,
        urgentAcknowledgeHours: Double,
        urgentHandleHours: Double
    ) {
        self.decideDays = decideDays
        self.supplementDays = supplementDays
        self.handleDays = handleDays
        self.publishDays = publishDays
        self.urgentAcknowledgeHours = urgentAcknowledgeHours
        self.urgentHandleHours = urgentHandleHours
    }

    /// Which deadline is running.
    public enum Stage: String, Sendable, Codable, CaseIterable {
        case decide, handle, publish
    }

    /// The deadline running in the report's current state; nil when none runs (awaiting the citizen, published,
    /// closed, rejected).
    public func currentDeadline(of feedback: Feedback, calendar: BusinessCalendar) throws(CalendarError) -> (
        stage: Stage, due: Date
    )? {
        switch feedback.status {
        case .submitted:
            let due =
                feedback.urgent
                ? try calendar.addingWorkingHours(urgentAcknowledgeHours, to: feedback.clockStartedAt)
                : try calendar.addingWorkingDays(decideDays, to: feedback.clockStartedAt)
            return (.decide, due)
        case .received, .inProgress:
            if feedback.urgent {
                let from = feedback.receivedAt ?? feedback.clockStartedAt
                return (.handle, try calendar.addingWorkingHours(urgentHandleHours, to: from))
            }
            return (.handle, try calendar.addingWorkingDays(handleDays, to: feedback.clockStartedAt))
        case .answered:
            return (
                .publish,
                try calendar.addingWorkingDays(publishDays, to: feedback.answeredAt ?? feedback.clockStartedAt)
            )
        case .awaitingSupplement, .published, .closed, .rejected:
            return nil
        }
    }

    /// Asking for a supplement later than `supplementDays`, or a second time, counts as late (766 rule).
    public func supplementRequestIsLate(_ feedback: Feedback, at now: Date, calendar: BusinessCalendar)
        throws(CalendarError) -> Bool
    {
        if feedback.supplementRequests >= 1 { return true }
        return now > (try calendar.addingWorkingDays(supplementDays, to: feedback.clockStartedAt))
    }
}

/// The traffic light an officer's inbox shows.
public enum SLABadge: String, Sendable, Codable, CaseIterable {
    case green, amber, red, none

    /// Red when past due; amber in the last fifth of the allotted office time; green before.
    public static func of(start: Date, due: Date?, now: Date, calendar: BusinessCalendar) throws(CalendarError)
        -> SLABadge
    {
        guard let due else { return .none }
        if now > due { return .red }
        let total = try calendar.workingHoursBetween(start, due)
        let left = try calendar.workingHoursBetween(now, due)
        return total > 0 && left / total < 0.2 ? .amber : .green
    }
}
