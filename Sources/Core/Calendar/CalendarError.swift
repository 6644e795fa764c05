/// Everything that can go wrong in the business calendar.
public enum CalendarError: Error, Equatable, Sendable {
    /// The calendar covers 1900–2100.
    case outOfRange(CivilDate)
    case malformedDecreeFile(line: Int, reason: String)
    /// A swap must trade a weekday off for a Saturday or Sunday worked.
    case invalidSwap(dayOff: CivilDate, workingDay: CivilDate, issue: FieldIssue)
    case invalidOfficeHours(FieldIssue)
}
