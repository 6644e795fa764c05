import Core
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("766 in SQL")
    struct Index766SQLTests {
        @Test("On generated dossiers the SQL counts equal the in-memory reference, for a past quarter and this month")
        func sqlMatchesReference() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                #expect(try await DemoData.seedProcedures(on: app.db))
                let (province, communes, dossiers) = try await insertGeneratedDossiers(app, count: 1_500, days: 200)
                let stored = try await DossierRecord.query(on: app.db).all().map { try $0.toDomain() }
                #expect(stored.count == dossiers.count && Set(stored.map(\.code)).count == dossiers.count)
                #expect(stored.contains { $0.supplementRequests == 1 } && stored.contains { $0.status == .withdrawn })
                // Citizen reports naming every 40th dossier (5.4); filed long ago so they stay out of 5.2/5.3.
                var complaints: [Feedback] = []
                for (index, dossier) in stored.enumerated() where index % 40 == 0 {
                    var report = Feedback(
                        code: String(format: "PA-200101-%04d", index),
                        category: "hanh-chinh",
                        description: "Hồ sơ chậm trả kết quả, không được báo lý do",
                        location: nil,
                        communeCode: "14797",
                        locationIsApproximate: false,
                        handlingUnitID: communes[1].id,
                        reporterID: nil,
                        urgent: false,
                        submittedAt: Date(timeIntervalSince1970: 1_577_836_800)
                    )
                    report.dossierCode = dossier.code
                    try await FluentFeedbackRepository(db: app.db).save(report)
                    complaints.append(report)
                }
                for text in ["2026Q2", "2026-09", "2026-05"] {
                    let period = try #require(ReportingPeriod(text))
                    var reference = Index766.collect(
                        procedures: DemoProcedures.procedures,
                        dossiers: stored,
                        feedback: complaints,
                        period: period
                    )
                    // The catalogue counts are not per unit; compare the dossier counts.
                    reference.procedures = 0
                    reference.proceduresFullyPublished = 0
                    reference.proceduresOnline = 0
                    reference.proceduresOnlineWithOnlineDossier = 0
                    reference.proceduresWithFees = 0
                    reference.proceduresWithFeesAndPayment = 0
                    var summed = Index766.Inputs()
                    for counts in try await Index766SQL(db: app.db).dossierCounts(units: nil, period: period).values {
                        summed.add(counts)
                    }
                    #expect(summed == reference, "\(text)")
                    #expect(reference.dossiersCounted > 100 && reference.dossiersOnTime < reference.dossiersCounted)
                    #expect(reference.dossiersUnsatisfied > 0)
                }
                let late = try await Index766SQL(db: app.db).lateCodes(
                    units: [province.id] + communes.map(\.id),
                    period: ReportingPeriod("2026Q2")!,
                    limit: 10_000
                )
                let period = ReportingPeriod("2026Q2")!
                let expected = stored.filter {
                    OnTimeRule.isInPeriod($0, period) && OnTimeRule.isOnTime($0, periodEnd: period.endInstant) == false
                }
                #expect(late == expected.map(\.code).sorted())
                // Without an event history the public lookup tells the story from the dossier's own dates.
                let returned = try #require(stored.first { $0.status == .returned && $0.supplementRequests == 1 })
                let view = try #require(
                    try await PublicDossierQuery(sql: app.db as! any SQLDatabase).view(
                        code: returned.code,
                        phone: returned.applicant.phone
                    )
                )
                let steps = view.history.map(\.statusLabel)
                #expect(steps.first == "Mới đăng ký" && steps.last == "Đã trả kết quả" && steps.count == 6)
                #expect(view.status == DossierStatus.returned.rawValue && view.procedureName != returned.procedureCode)
                #expect(view.applicantName != returned.applicant.name && view.dueAt == returned.dueAt)
                #expect(
                    try await PublicDossierQuery(sql: app.db as! any SQLDatabase).view(code: returned.code, phone: "0")
                        == nil
                )
                // Later filings continue the generated codes of the day instead of colliding.
                let next = try await FluentDossierRepository(db: app.db).nextSequence(
                    unitCode: stored[0].code.components(separatedBy: "-")[0],
                    day: CivilDate(stored[0].receivedAt!)
                )
                #expect(next > 1)
            }
        }
    }
}
