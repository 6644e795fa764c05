import Core
import Foundation
import Testing

@Suite("Civil dates")
struct CivilDateTests {
    @Test("ISO text parses and prints; impossible days are rejected")
    func iso() throws {
        let date = try #require(CivilDate(iso: "2025-07-01"))
        #expect(date.iso == "2025-07-01")
        #expect(date.vietnamese == "01/07/2025")
        #expect(CivilDate(iso: "2025-02-29") == nil)
        #expect(CivilDate(iso: "2024-02-29") != nil)
        #expect(CivilDate(iso: "2025-7-1") == nil)
        #expect(CivilDate(iso: "1900-02-29") == nil)
    }

    @Test("An instant falls on the Vietnamese (UTC+7) day, not the UTC day")
    func vietnamDay() {
        // 2025-06-30T17:30:00Z is 00:30 on 1 July in Hà Nội.
        let instant = Date(timeIntervalSince1970: 1_751_304_600)
        #expect(CivilDate(instant) == CivilDate(year: 2025, month: 7, day: 1))
        #expect(CivilDate(instant, timeZone: TimeZone(identifier: "UTC")!) == CivilDate(year: 2025, month: 6, day: 30))
    }

    @Test("The tree valid on a day switches on 1 July 2025")
    func treeOnDate() {
        #expect(AdminTree.valid(on: CivilDate(year: 2025, month: 6, day: 30)!) == .legacy)
        #expect(AdminTree.valid(on: CivilDate(year: 2025, month: 7, day: 1)!) == .current)
        #expect(AdminTree.valid(on: CivilDate(year: 2010, month: 1, day: 1)!) == .legacy)
    }
}
