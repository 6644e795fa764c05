public import Foundation

/// 766 indicator 2.1, "tỷ lệ hồ sơ xử lý trước hạn, đúng hạn" (QĐ 766/QĐ-TTg; VPCP's formula description):
/// on time ⇔ end of processing − time spent on supplements ≤ the appointment (ngày hẹn trả).
/// - End of processing: the first of resolved, returned, stopped, withdrawn; if the dossier still waits for the
///   applicant's supplement, the request's date; if it is unfinished, the end of the period.
/// - More than one supplement request counts as late.
/// - Only dossiers received by the desk count.
public enum OnTimeRule {
    /// Whether the dossier counts as on time for a period ending at `periodEnd`; nil when it does not count
    /// (never received, or received after the period).
    public static func isOnTime(_ dossier: Dossier, periodEnd: Date) -> Bool? {
        guard dossier.status.wasReceived || dossier.endStatus != nil, let received = dossier.receivedAt,
            received <= periodEnd, let appointment = dossier.appointmentAt
        else { return nil }
        if dossier.supplementRequests > 1 { return false }
        var end = periodEnd
        if let ended = dossier.endedAt, ended <= periodEnd { end = ended }
        if let waiting = dossier.supplements.first(where: {
            $0.requestedAt <= end && ($0.resumedAt ?? .distantFuture) > end
        }) {
            end = waiting.requestedAt
        }
        let supplementTime = dossier.supplements.reduce(0.0) { total, interval in
            guard let resumed = interval.resumedAt, resumed <= end else { return total }
            return total + resumed.timeIntervalSince(interval.requestedAt)
        }
        return end.addingTimeInterval(-supplementTime) <= appointment
    }

    /// Whether the dossier is handled in the period: received by its end, and not finished before it began.
    public static func isInPeriod(_ dossier: Dossier, _ period: ReportingPeriod) -> Bool {
        guard let received = dossier.receivedAt, received <= period.endInstant else { return false }
        return (dossier.endedAt ?? .distantFuture) >= period.startInstant
    }
}
