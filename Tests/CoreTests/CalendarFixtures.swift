import Core
import Foundation

/// Files the calendar tests read: the shipped decree files and the generated fixtures.
enum CalendarFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every `Resources/Data/calendar/*.csv`.
    static func shippedDecrees() throws -> [DecreeRecord] {
        try DecreeFile.load(folder: root.appendingPathComponent("Resources/Data/calendar").path)
    }

    /// Days off per python-holidays' `holidays.VN`, 2000–2060 (scripts/holidays-fixture.py).
    static func pythonHolidays() throws -> [CivilDate: String] {
        let url = root.appendingPathComponent("Tests/CoreTests/Fixtures/python-holidays-vn.csv")
        var result: [CivilDate: String] = [:]
        for row in CSV.parse(try String(contentsOf: url, encoding: .utf8)).dropFirst(2) {
            if let date = CivilDate(iso: row[0]) { result[date] = row[1] }
        }
        return result
    }

    /// An instant given as Vietnam local time `yyyy-MM-dd HH:mm`.
    static func at(_ text: String) -> Date {
        let parts = text.split(separator: " ")
        let hm = parts[1].split(separator: ":").map { Int($0)! }
        return CivilDate(iso: String(parts[0]))!.instant(atSecond: hm[0] * 3600 + hm[1] * 60)
    }

    static let calendar: BusinessCalendar = { BusinessCalendar(decrees: (try? shippedDecrees()) ?? []) }()
}
