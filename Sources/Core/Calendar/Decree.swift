import Foundation

/// One decision taken for a year by the Prime Minister (Labour Code 2019 art. 112(3): the exact Tết and National
/// Day dates) or by a notice of the ministry in charge (swaps of working days for state agencies, Bộ LĐTBXH until
/// 2025, Bộ Nội vụ since). Loaded as data; the platform's calendar applies them to state agencies only.
public struct DecreeRecord: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// The weekdays off for Tết that year (official days and compensation together); replaces the default.
        case tet
        /// The day(s) off next to 2 September that year; replaces the default adjacent day.
        case nationalDay
        /// A weekday off in exchange for a Saturday or Sunday worked.
        case swap
        /// Any other day off decreed for the year.
        case holiday
    }

    public let kind: Kind
    public let date: CivilDate
    /// For a swap, the Saturday or Sunday worked in exchange.
    public let workingDay: CivilDate?
    public let note: String
    /// The decree, notice or letter, e.g. "Thông báo 6150/TB-BLĐTBXH (2024)".
    public let reference: String

    public init(kind: Kind, date: CivilDate, workingDay: CivilDate? = nil, note: String, reference: String) {
        self.kind = kind
        self.date = date
        self.workingDay = workingDay
        self.note = note
        self.reference = reference
    }

    /// Checks a swap: the day off must be a weekday and the day worked a Saturday or Sunday.
    public func validated() throws(CalendarError) -> DecreeRecord {
        guard kind == .swap else { return self }
        guard let workingDay else {
            throw .invalidSwap(dayOff: date, workingDay: date, issue: .required)
        }
        guard !date.isWeekend else {
            throw .invalidSwap(dayOff: date, workingDay: workingDay, issue: .swapDayOffWeekday)
        }
        guard workingDay.isWeekend else {
            throw .invalidSwap(dayOff: date, workingDay: workingDay, issue: .swapWorkingDayWeekend)
        }
        return self
    }
}

extension FieldIssue {
    public static let swapDayOffWeekday = FieldIssue(
        english: "the day off must be a weekday (Monday–Friday)",
        vietnamese: "ngày nghỉ phải là ngày làm việc trong tuần (thứ Hai–thứ Sáu)"
    )
    public static let swapWorkingDayWeekend = FieldIssue(
        english: "the day worked in exchange must be a Saturday or Sunday",
        vietnamese: "ngày làm bù phải là thứ Bảy hoặc Chủ nhật"
    )
}

/// The yearly decree files `Resources/Data/calendar/YYYY.csv`:
/// `kind,date,working_day,note,reference` with `#` comment lines.
public enum DecreeFile {
    static let header = ["kind", "date", "working_day", "note", "reference"]

    public static func parse(_ text: String) throws(CalendarError) -> [DecreeRecord] {
        var records: [DecreeRecord] = []
        var sawHeader = false
        for (index, row) in CSV.parse(text).enumerated() {
            if row.first?.hasPrefix("#") == true { continue }
            if !sawHeader {
                guard row == header else {
                    throw .malformedDecreeFile(
                        line: index + 1,
                        reason: "expected header \(header.joined(separator: ","))"
                    )
                }
                sawHeader = true
                continue
            }
            guard row.count == header.count, let kind = DecreeRecord.Kind(rawValue: row[0]),
                let date = CivilDate(iso: row[1])
            else {
                throw .malformedDecreeFile(
                    line: index + 1,
                    reason: "expected kind,yyyy-MM-dd,yyyy-MM-dd?,note,reference"
                )
            }
            let working = row[2].isEmpty ? nil : CivilDate(iso: row[2])
            if !row[2].isEmpty, working == nil {
                throw .malformedDecreeFile(line: index + 1, reason: "bad working_day")
            }
            records.append(
                try DecreeRecord(kind: kind, date: date, workingDay: working, note: row[3], reference: row[4])
                    .validated()
            )
        }
        return records
    }

    /// Every `*.csv` in `folder` (one file per year), in file-name order.
    public static func load(folder: String) throws -> [DecreeRecord] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".csv") }.sorted().flatMap {
            file in
            try parse(String(contentsOfFile: folder + "/" + file, encoding: .utf8))
        }
    }

    /// The CSV text of `records` (for saving a year edited on the admin page).
    public static func render(_ records: [DecreeRecord]) -> String {
        ([header] + records.map { [$0.kind.rawValue, $0.date.iso, $0.workingDay?.iso ?? "", $0.note, $0.reference] })
            .map(CSV.line).joined(separator: "\n") + "\n"
    }
}
