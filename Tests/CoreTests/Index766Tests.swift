import Core
import CoreTestSupport
import Foundation
import Testing

@Suite("766 index")
struct Index766Tests {
    func points(_ report: Index766.Report, _ id: String) -> Double? {
        report.indicators.first { $0.id == id }?.points
    }

    @Test("Each formula on hand-computed counts: ratios, the 80/50/90 % thresholds, no-PAKN full marks")
    func formulas() {
        var x = Index766.Inputs()
        x.procedures = 50
        x.proceduresFullyPublished = 45  // 1.3: 2 × 0.9 = 1.8
        x.dossiersCounted = 200
        x.dossiersOnTime = 194  // 2.1: 20 × 0.97 = 19.4
        x.proceduresOnline = 35  // 3.1: 0.7 < 0.8 → 2 × 0.7 / 0.8 = 1.75
        x.proceduresOnlineWithOnlineDossier = 28  // 3.2: 4 × 0.8 = 3.2
        x.dossiersReceived = 180
        x.dossiersOnline = 63  // 3.3: 0.35 < 0.5 → 6 × 0.35 / 0.5 = 4.2
        x.proceduresWithFees = 10
        x.proceduresWithFeesAndPayment = 9  // 3.5: 0.9 ≥ 0.8 → 2
        x.dossiersWithFee = 40
        x.dossiersPaidOnline = 10  // 3.6: 6 × 0.25 = 1.5
        x.dossiersResolved = 100
        x.dossiersElectronicResult = 30  // 4.1: 6 × 0.3 = 1.8
        x.dossiersDigitized = 85  // 4.2: ≥ 0.8 → 4
        x.dossiersReusingData = 40  // 4.3: 2 × 0.4 / 0.8 = 1
        x.dossiersUnsatisfied = 8  // 5.4: 1 − 0.03 − 0.04 = 0.93 ≥ 0.9 → 6
        let report = Index766.score(x)
        let expected: [String: Double] = [
            "1.3": 1.8, "2.1": 19.4, "3.1": 1.75, "3.2": 3.2, "3.3": 4.2, "3.5": 2, "3.6": 1.5, "4.1": 1.8,
            "4.2": 4, "4.3": 1, "5.2": 6, "5.4": 6,
        ]
        for (id, value) in expected { #expect(points(report, id) == value, "\(id)") }
        #expect(points(report, "5.3") == nil)  // no PAKN: nothing to be satisfied with
        #expect(points(report, "1.1") == nil && points(report, "4.4") == nil)
        #expect(report.total == 52.65)
        #expect(report.groups.map(\.max) == [18, 20, 22, 22, 18] && report.groups.map(\.max).reduce(0, +) == 100)
        #expect(report.groups.map(\.points) == [1.8, 19.4, 12.65, 6.8, 12])

        x.feedback = 20
        x.feedbackOverdue = 2  // 5.2: 6 × 0.9 = 5.4
        x.feedbackUnsatisfied = 3
        x.feedbackReopened = 1  // 5.3: 6 × (20 − 3 − 1 − 2) / 20 = 4.2
        x.dossiersUnsatisfied = 20  // 5.4: 1 − 0.03 − 0.1 = 0.87 → 6 × 0.87 / 0.9 = 5.8
        let second = Index766.score(x)
        #expect(points(second, "5.2") == 5.4 && points(second, "5.3") == 4.2 && points(second, "5.4") == 5.8)
    }

    @Test("Counting from records: who is in the period, online share, resolved with electronic results")
    func collect() throws {
        let calendar = CalendarFixtures.calendar
        let at = CalendarFixtures.at
        let period = try #require(ReportingPeriod("2026-03"))
        let unit = AdminUnit.ID()
        func filed(_ code: String, _ channel: DossierChannel, _ received: String) throws -> Dossier {
            try Dossier(
                code: code,
                procedure: DossierTests.birth,
                channel: channel,
                applicant: Applicant(
                    name: "Lê Văn A",
                    idNumber: "038090001234",
                    phone: "0912345678",
                    address: "",
                    communeCode: "14797"
                ),
                receivingUnitID: unit,
                handlingUnitID: unit,
                submittedAt: at(received)
            ).applying(.receive, by: .desk, at: at(received), calendar: calendar)
        }
        var a = try filed("a", .online, "2026-03-02 08:00")
        a = try a.applying(.startProcessing, by: .handler, at: at("2026-03-02 09:00"), calendar: calendar)
        a = try a.applying(.resolve, by: .handler, at: at("2026-03-04 09:00"), calendar: calendar)
        a = try a.applying(
            .returnResult(.electronic(fileSHA256: "ab")),
            by: .desk,
            at: at("2026-03-04 10:00"),
            calendar: calendar
        )
        var b = try filed("b", .inPerson, "2026-03-10 08:00")
        b = try b.applying(.startProcessing, by: .handler, at: at("2026-03-10 09:00"), calendar: calendar)
        b = try b.applying(.resolve, by: .handler, at: at("2026-03-20 09:00"), calendar: calendar)  // late
        let c = try filed("c", .post, "2026-02-02 08:00")  // February, still open: late at the end of March
        var d = try filed("d", .inPerson, "2026-02-02 08:00")
        d = try d.applying(.startProcessing, by: .handler, at: at("2026-02-02 09:00"), calendar: calendar)
        d = try d.applying(.resolve, by: .handler, at: at("2026-02-03 09:00"), calendar: calendar)  // before March
        // Complaints naming a (rated satisfied, still counted once for two reports) and d (outside the period).
        func complaint(about code: String) -> Feedback {
            var report = Feedback(
                code: "PA-260305-000\(code)",
                category: "hanh-chinh",
                description: "Hồ sơ bị yêu cầu nộp thêm giấy tờ không có trong quy định",
                location: nil,
                communeCode: "14797",
                locationIsApproximate: false,
                handlingUnitID: unit,
                reporterID: nil,
                urgent: false,
                submittedAt: at("2026-03-05 08:00")
            )
            report.dossierCode = code
            return report
        }
        a = try a.rated(satisfied: true)
        let x = Index766.collect(
            procedures: [DossierTests.birth],
            dossiers: [a, b, c, d],
            feedback: [complaint(about: "a"), complaint(about: "a"), complaint(about: "d")],
            period: period
        )
        #expect(x.dossiersUnsatisfied == 1)
        #expect(x.dossiersCounted == 3 && x.dossiersOnTime == 1)
        #expect(x.dossiersReceived == 2 && x.dossiersOnline == 1)
        #expect(x.dossiersResolved == 2 && x.dossiersElectronicResult == 1)
        #expect(x.procedures == 1 && x.proceduresFullyPublished == 1 && x.proceduresOnlineWithOnlineDossier == 1)
    }
}
