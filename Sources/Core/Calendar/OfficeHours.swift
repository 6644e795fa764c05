/// Office hours of state agencies, per province: a morning and an afternoon session and a same-day cut-off after
/// which a received dossier counts from the next working day.
public struct OfficeHours: Hashable, Sendable, Codable {
    /// Seconds after local midnight.
    public let morningStart: Int
    public let morningEnd: Int
    public let afternoonStart: Int
    public let afternoonEnd: Int
    public let cutoff: Int

    /// 07:30–11:30 and 13:30–17:00, cut-off 15:00.
    public static let standard = try! OfficeHours(morning: "07:30-11:30", afternoon: "13:30-17:00", cutoff: "15:00")

    /// Parses `HH:mm-HH:mm` sessions and an `HH:mm` cut-off; sessions must be ordered and not overlap.
    public init(morning: String, afternoon: String, cutoff: String) throws(CalendarError) {
        func time(_ text: Substring) throws(CalendarError) -> Int {
            let parts = text.split(separator: ":")
            guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h),
                (0..<60).contains(m),
                h * 3600 + m * 60 <= 86_400
            else { throw .invalidOfficeHours(.officeHoursFormat) }
            return h * 3600 + m * 60
        }
        func session(_ text: String) throws(CalendarError) -> (Int, Int) {
            let parts = text.split(separator: "-")
            guard parts.count == 2 else { throw .invalidOfficeHours(.officeHoursFormat) }
            return (try time(parts[0]), try time(parts[1]))
        }
        (morningStart, morningEnd) = try session(morning)
        (afternoonStart, afternoonEnd) = try session(afternoon)
        self.cutoff = try time(Substring(cutoff))
        guard morningStart < morningEnd, morningEnd <= afternoonStart, afternoonStart < afternoonEnd,
            (morningStart...afternoonEnd).contains(self.cutoff)
        else { throw .invalidOfficeHours(.officeHoursOrder) }
    }

    /// Working seconds in a day.
    public var dayLength: Int { (morningEnd - morningStart) + (afternoonEnd - afternoonStart) }

    /// Working seconds elapsed by `second` (after midnight) in a working day, clamped to [0, dayLength].
    func elapsed(atSecond second: Int) -> Int {
        let morning = min(max(second, morningStart), morningEnd) - morningStart
        let afternoon = min(max(second, afternoonStart), afternoonEnd) - afternoonStart
        return morning + afternoon
    }

    /// The second after midnight at which `elapsed` working seconds have passed (the end of a session when it
    /// falls on a boundary, so a deadline reads 11:30 or 17:00, not 13:30 or the next morning).
    func second(atElapsed elapsed: Int) -> Int {
        let morningLength = morningEnd - morningStart
        return elapsed <= morningLength ? morningStart + elapsed : afternoonStart + elapsed - morningLength
    }
}

extension FieldIssue {
    public static let officeHoursFormat = FieldIssue(
        english: "times must look like 07:30-11:30",
        vietnamese: "giờ phải có dạng 07:30-11:30"
    )
    public static let officeHoursOrder = FieldIssue(
        english: "the morning must end before the afternoon starts and the cut-off lie within office hours",
        vietnamese: "buổi sáng phải kết thúc trước buổi chiều và giờ chốt phải nằm trong giờ hành chính"
    )
}
