import Core
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("DTI API")
    struct DTIApiTests {
        func send<T: Content>(_ app: Application, _ method: HTTPMethod, _ path: String, _ body: T, token: String)
            async throws -> TestingHTTPResponse
        {
            try await app.testing().sendRequest(method, path, headers: bearer(token)) { req in
                try req.content.encode(body, as: .json)
            }
        }

        static let communes = DTIFramework(
            code: "xa-2026",
            decision: "Bộ chỉ số DTI cấp xã (demo)",
            indices: [
                DTIIndex(code: "CQS", name: "Chính quyền số", maxPoints: 60, subIndicatorCount: 2),
                DTIIndex(code: "XHS", name: "Xã hội số", maxPoints: 40, subIndicatorCount: 1),
            ],
            subIndicators: [
                DTISubIndicator(
                    code: "CQS.1",
                    index: "CQS",
                    name: "Hồ sơ trực tuyến",
                    maxPoints: 40,
                    pillars: [.government],
                    rule: .ratio(full: 0.8)
                ),
                DTISubIndicator(
                    code: "CQS.2",
                    index: "CQS",
                    name: "Có kế hoạch CĐS",
                    maxPoints: 20,
                    pillars: [.government],
                    rule: .yesNo
                ),
                DTISubIndicator(
                    code: "XHS.1",
                    index: "XHS",
                    name: "Tổ công nghệ số cộng đồng",
                    maxPoints: 40,
                    pillars: [.society]
                ),
            ]
        )

        @Test("Communes self-assess, the province appraises and publishes; ties share a rank; what-if; tasks")
        func workflow() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "qt.tinh", role: .provinceAdmin, on: "38", descendants: true)
                try await makeUser(app, "can.bo", role: .officer, on: "14797")
                let admin = try await apiToken(app, "qt.tinh")
                let officer = try await apiToken(app, "can.bo")
                #expect(
                    try await send(app, .PUT, "/api/v1/dti/frameworks", Self.communes, token: officer).status
                        == .forbidden
                )
                var wrong = Self.communes
                wrong.subIndicators[2].maxPoints = 30
                let sum = try await send(app, .PUT, "/api/v1/dti/frameworks", wrong, token: admin)
                #expect(sum.status == .unprocessableEntity && sum.body.string.contains("tổng điểm"))
                #expect(try await send(app, .PUT, "/api/v1/dti/frameworks", Self.communes, token: admin).status == .ok)
                let list = try await app.testing().sendRequest(.GET, "/api/v1/dti/frameworks", headers: bearer(officer))
                #expect(try list.content.decode([DTIFramework].self).map(\.code) == ["922-2022", "xa-2026"])

                struct Start: Content {
                    let framework: String
                    let year: Int
                    let unit: String
                }
                func start(_ unit: String, _ token: String) async throws -> DTIController.AssessmentDTO {
                    try await send(
                        app,
                        .POST,
                        "/api/v1/dti/assessments",
                        Start(framework: "xa-2026", year: 2026, unit: unit),
                        token: token
                    )
                    .content.decode(DTIController.AssessmentDTO.self)
                }
                func act(_ id: DTIAssessment.ID, _ body: DTIController.ActionInput, _ token: String) async throws
                    -> TestingHTTPResponse
                {
                    try await send(app, .POST, "/api/v1/dti/assessments/\(id)/actions", body, token: token)
                }
                let mine = try await start("14797", officer)
                #expect(mine.assessment.unitName == "Phường Hạc Thành" && mine.assessment.stage == .draft)
                #expect(try await start("14797", officer).assessment.id == mine.assessment.id)  // one per year
                let inputs: [String: Double] = ["CQS.1": 0.6, "CQS.2": 1, "XHS.1": 25]
                let assessed = try await act(
                    mine.assessment.id,
                    .init(action: "selfAssess", inputs: inputs, evidence: ["CQS.2": ["KH 12/KH-UBND"]]),
                    officer
                )
                #expect(try assessed.content.decode(DTIController.AssessmentDTO.self).score.total == 0.75)
                #expect(try await act(mine.assessment.id, .init(action: "submit"), officer).status == .ok)
                #expect(
                    try await act(mine.assessment.id, .init(action: "appraise", inputs: inputs), officer).status
                        == .forbidden
                )
                #expect(
                    try await act(mine.assessment.id, .init(action: "finalize"), admin).status == .unprocessableEntity
                )
                #expect(
                    try await act(mine.assessment.id, .init(action: "appraise", inputs: inputs), admin).status == .ok
                )
                #expect(try await act(mine.assessment.id, .init(action: "finalize"), admin).status == .ok)
                // Two more communes: one ties, one scores lower.
                for (unit, points) in [("14758", 25.0), ("14845", 5.0)] {
                    let other = try await start(unit, admin).assessment.id
                    var theirs = inputs
                    theirs["XHS.1"] = points
                    #expect(try await act(other, .init(action: "selfAssess", inputs: theirs), admin).status == .ok)
                    #expect(try await act(other, .init(action: "submit"), admin).status == .ok)
                    #expect(try await act(other, .init(action: "appraise", inputs: theirs), admin).status == .ok)
                    #expect(try await act(other, .init(action: "finalize"), admin).status == .ok)
                }
                let ranking = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/dti/ranking?framework=xa-2026&year=2026",
                    headers: bearer(officer)
                ).content.decode([DTIRank].self)
                #expect(ranking.map(\.rank) == [1, 1, 3] && ranking.last?.unitCode == "14845")
                #expect(ranking.first?.score.pillars[.society] == 0.625)
                let whatIf = try await send(
                    app,
                    .POST,
                    "/api/v1/dti/what-if",
                    DTIController.WhatIfInput(framework: "xa-2026", year: 2026, unit: "14845", changes: ["XHS.1": 40]),
                    token: officer
                ).content.decode(DTIController.WhatIfAnswer.self)
                #expect(whatIf.rank == 1 && whatIf.of == 3 && whatIf.score.total == 0.9)

                // Improvement tasks for the weak index, due in working days, done with evidence.
                let newTask = DTIController.NewTask(
                    framework: "xa-2026",
                    year: 2026,
                    index: "XHS",
                    title: "Kiện toàn tổ công nghệ số cộng đồng các thôn",
                    assignee: "14797",
                    workingDays: 5
                )
                #expect(try await send(app, .POST, "/api/v1/dti/tasks", newTask, token: officer).status == .forbidden)
                let created = try await send(app, .POST, "/api/v1/dti/tasks", newTask, token: admin)
                #expect(created.status == .created)
                let task = try created.content.decode(DTIController.TaskDTO.self).task
                #expect(task.due == CivilDate(iso: "2026-09-28")!)  // five working days after Monday 21/09
                let noEvidence = DTIController.TaskUpdate(status: .done, evidence: [])
                #expect(
                    try await send(app, .POST, "/api/v1/dti/tasks/\(task.id)", noEvidence, token: officer).status
                        == .unprocessableEntity
                )
                let done = DTIController.TaskUpdate(status: .done, evidence: ["QĐ 45/QĐ-UBND kiện toàn tổ"])
                #expect(try await send(app, .POST, "/api/v1/dti/tasks/\(task.id)", done, token: officer).status == .ok)
                let board = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/dti/tasks?framework=xa-2026&year=2026",
                    headers: bearer(officer)
                ).content.decode([DTIController.TaskDTO].self)
                #expect(board.map(\.task.status) == [.done] && board.map(\.overdue) == [false])

                // The page: the unit's bars, the ranking, the task board, and a what-if answer.
                try await makeUser(app, "ioc", role: .iocViewer, on: "38", descendants: true)
                let viewer = try await apiToken(app, "ioc")
                let startNew = Start(framework: "xa-2026", year: 2026, unit: "38")
                #expect(
                    try await send(app, .POST, "/api/v1/dti/assessments", startNew, token: viewer).status == .forbidden
                )
                let existing = Start(framework: "xa-2026", year: 2026, unit: "14797")
                #expect(try await send(app, .POST, "/api/v1/dti/assessments", existing, token: viewer).status == .ok)
                let browser = Browser(app)
                try await browser.login("ioc")
                let page = try await browser.get("/dti?framework=xa-2026&year=2026&ou=14845&w_XHS.1=40").body.string
                #expect(
                    page.contains("<svg") && page.contains("Kiện toàn tổ công nghệ số cộng đồng các thôn")
                        && page.contains("QĐ 45/QĐ-UBND kiện toàn tổ")
                )
                #expect(page.contains("Phường Hạc Thành") && page.contains("xếp hạng 1/3"))
            }
        }
    }
}
