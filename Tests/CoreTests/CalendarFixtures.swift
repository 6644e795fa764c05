import Core
import Foundation

/// Files the calendar tests read: the shipped decree files and the generated fixtures.
enum CalendarFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every `Resources/Data/calendar/*.csv`.
    static func shippedDecrees() throws -> [DecreeRecord] {
        let folder = root.appendingPathComponent("Resources/Data/calendar")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".csv") }
            .sorted()
        return try files.flatMap {
            try DecreeFile.parse(String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8))
        }
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

    static let calendar: BusinessCalendar = { BusinessCalendar(decrees: (try? shippedDecrees()) ?? []) }()
}
