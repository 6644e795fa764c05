public import Foundation

/// When each step of a procedure's internal workflow must be finished for one dossier (the process control sheet,
/// form 06 of TT 03/2025/TT-VPCP, records hand-overs against these times).
public struct StepDeadline: Hashable, Sendable, Codable {
    public let name: String
    public let actor: String
    public let dueAt: Date
}

extension Dossier {
    /// The due time of each step: the step budgets accumulate from receipt on the business calendar (the same
    /// 15:00 cut-off as the appointment, so the last step falls on the appointment). Office time the dossier waited
    /// for a supplement requested before a step's due time moves that step by as much; an extension (form 04) moves
    /// the last step to the new date. Empty before receipt or when the procedure defines no steps.
    public func stepDeadlines(_ steps: [Procedure.Step], calendar: BusinessCalendar) throws -> [StepDeadline] {
        guard let received = receivedAt, !steps.isEmpty else { return [] }
        var result: [StepDeadline] = []
        var spent = 0
        for (index, step) in steps.enumerated() {
            spent += step.budget.amount
            let base = try ProcessingTime(spent, step.budget.unit).deadline(from: received, calendar: calendar)
            var waited = 0.0
            for interval in supplements where interval.requestedAt < base {
                guard let resumed = interval.resumedAt else { continue }
                waited += try calendar.workingHoursBetween(interval.requestedAt, resumed)
            }
            var due = try calendar.addingWorkingHours(max(0, waited), to: base)
            if index == steps.count - 1, let last = extensions.last?.newDueAt { due = max(due, last) }
            result.append(StepDeadline(name: step.name, actor: step.actor, dueAt: due))
        }
        return result
    }
}
