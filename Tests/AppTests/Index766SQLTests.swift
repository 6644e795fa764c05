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
        @Test("Report counts per unit (5.2, 5.3) are counted in SQL as the in-memory reference counts them")
        func feedbackCounts() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                let units = [try await UnitsFixture.unit(app, "14797"), try await UnitsFixture.unit(app, "14758")]
                let repository = FluentFeedbackRepository(db: app.db)
                var reports: [Feedback] = []
                for index in 0..<40 {
                    // Every third in August, the rest in September; some escalated, disliked or reopened.
                    let day = TestEnvironment.now.addingTimeInterval(
                        index % 3 == 0 ? -30 * 86_400 : -Double(index) * 3_600
                    )
                    var report = Feedback(
                        code: String(format: "PA-260901-%04d", index + 1),
                        category: "giao-thong",
                        description: "Ổ gà trên đường số \(index)",
                        location: nil,
                        communeCode: units[index % 2].code,
                        locationIsApproximate: false,
                        handlingUnitID: units[index % 2].id,
                        reporterID: nil,
                        urgent: false,
                        submittedAt: day
                    )
                    if index % 4 == 0 { report.escalatedAt = day }
                    if index % 5 == 0 { report.dislikes = 2 }
                    if index % 7 == 0 { report.reopenCount = 1 }
                    reports.append(report)
                }
                try await repository.create(reports)
                for text in ["2026-09", "2026-08", "2026Q3"] {
                    let period = try #require(ReportingPeriod(text))
                    let counted = try await Index766SQL(db: app.db).feedbackCounts(units: nil, period: period)
                    for unit in units {
                        let mine = reports.filter { $0.handlingUnitID == unit.id }
                        let reference = Index766.collect(procedures: [], dossiers: [], feedback: mine, period: period)
                        let sql = counted[unit.id] ?? Index766.Inputs()
                        #expect(sql.feedback == reference.feedback && sql.feedback > 0, "\(text)")
                        #expect(sql.feedbackOverdue == reference.feedbackOverdue, "\(text)")
                        #expect(sql.feedbackUnsatisfied == reference.feedbackUnsatisfied, "\(text)")
                        #expect(sql.feedbackReopened == reference.feedbackReopened, "\(text)")
                    }
                    let one = try await Index766SQL(db: app.db).feedbackCounts(units: [units[0].id], period: period)
                    #expect(Array(one.keys) == [units[0].id])
                }
            }
        }

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
                // Read on the calling thread (a SQLite file), the same answer.
                if let reader = app.services.reader {
                    let direct = DirectReads(
                        base: app.db,
                        eventLoop: app.eventLoopGroup.next(),
                        logger: app.logger,
                        reader: reader
                    )
                    for dossier in [returned] + stored.prefix(50) {
                        let phone = dossier.applicant.phone
                        let viaFluent = try await PublicDossierQuery(sql: app.db as! any SQLDatabase).view(
                            code: dossier.code,
                            phone: phone
                        )
                        #expect(viaFluent != nil)
                        #expect(
                            try PublicDossierQuery.view(code: dossier.code, phone: phone, direct: direct) == viaFluent
                        )
                    }
                }
                let steps = view.history.map(\.statusLabel)
                #expect(steps.first == "Mới đăng ký" && steps.last == "Đã trả kết quả" && steps.count == 6)
                #expect(view.status == DossierStatus.returned.rawValue && view.procedureName != returned.procedureCode)
                #expect(view.applicantName != returned.applicant.name && view.dueAt == returned.dueAt)
                #expect(
                    try await PublicDossierQuery(sql: app.db as! any SQLDatabase).view(code: returned.code, phone: "0")
                        == nil
                )
                // Without a supplement request the stored timeline is not read, and no supplement step appears.
                let plain = try #require(stored.first { $0.status == .returned && $0.supplementRequests == 0 })
                let plainView = try await PublicDossierQuery(sql: app.db as! any SQLDatabase).view(
                    code: plain.code,
                    phone: plain.applicant.phone
                )
                #expect(
                    plainView?.history.map(\.statusLabel)
                        == [.registered, .received, .resolved, .returned].map { (s: DossierStatus) in s.label }
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
