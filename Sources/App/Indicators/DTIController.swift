import Core
import Fluent
import Foundation
import Vapor

/// `/api/v1/dti/…`: frameworks, the yearly assessment workflow, rankings, what-if, improvement tasks.
struct DTIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let dti = routes.grouped("dti")
        dti.get("frameworks", use: frameworks)
        dti.put("frameworks", use: saveFramework)
        dti.post("assessments", use: start)
        dti.post("assessments", ":id", "actions", use: act)
        dti.get("ranking", use: ranking)
        dti.post("what-if", use: whatIf)
        dti.get("tasks", use: tasks)
        dti.post("tasks", use: createTask)
        dti.post("tasks", ":id", use: updateTask)
        bootEvidence(dti)
    }

    static func service(_ req: Request, on db: any Database) async throws -> DTIService {
        try await req.services.dti(on: db)
    }

    @Sendable func frameworks(req: Request) async throws -> [DTIFramework] {
        try await Self.service(req, on: req.db).frameworks()
    }

    @Sendable func saveFramework(req: Request) async throws -> DTIFramework {
        let principal = try req.principal
        let framework = try req.content.decode(DTIFramework.self)
        try await req.transaction { db in try await Self.service(req, on: db).saveFramework(framework, by: principal) }
        return framework
    }

    struct AssessmentDTO: Content {
        let assessment: DTIAssessment
        let score: DTIScore
    }

    struct StartInput: Content {
        let framework: String
        let year: Int
        let unit: String
    }

    @Sendable func start(req: Request) async throws -> AssessmentDTO {
        let principal = try req.principal
        let input = try req.content.decode(StartInput.self)
        return try await req.transaction { db in
            let service = try await Self.service(req, on: db)
            let assessment = try await service.assessment(
                framework: input.framework,
                year: input.year,
                unitCode: input.unit,
                by: principal
            )
            return AssessmentDTO(
                assessment: assessment,
                score: try assessment.score(in: try await service.framework(input.framework))
            )
        }
    }

    struct ActionInput: Content {
        /// selfAssess, submit, appraise, finalize, reopen
        let action: String
        var inputs: [String: Double]?
        var evidence: [String: [String]]?
        var note: String?

        func resolve() throws -> DTIAction {
            switch action {
            case "selfAssess": return .selfAssess(inputs ?? [:], evidence: evidence ?? [:])
            case "submit": return .submit
            case "appraise": return .appraise(inputs ?? [:])
            case "finalize": return .finalize
            case "reopen": return .reopen(note ?? "")
            default: throw IndicatorError.invalidField(field: "action", issue: .unknownCode(action))
            }
        }
    }

    @Sendable func act(req: Request) async throws -> AssessmentDTO {
        let principal = try req.principal
        let id = try req.pathID(DTIAssessment.ID.self)
        let action = try req.content.decode(ActionInput.self).resolve()
        if case .selfAssess(_, let evidence) = action { try Self.checkEvidence(evidence.values.flatMap { $0 }, req) }
        return try await req.transaction { db in
            let service = try await Self.service(req, on: db)
            let next = try await service.act(action, on: id, by: principal)
            return AssessmentDTO(
                assessment: next,
                score: try next.score(in: try await service.framework(next.framework))
            )
        }
    }

    @Sendable func ranking(req: Request) async throws -> [DTIRank] {
        _ = try req.principal
        guard let year = try req.queryInt("year") else {
            throw IndicatorError.invalidField(field: "year", issue: .required)
        }
        return try await Self.service(req, on: req.db).ranking(
            framework: req.queryString("framework") ?? DTIFramework.qd922.code,
            year: year
        )
    }

    struct WhatIfInput: Content {
        let framework: String
        let year: Int
        let unit: String
        let changes: [String: Double]
    }

    struct WhatIfAnswer: Content {
        let score: DTIScore
        let rank: Int
        let of: Int
    }

    @Sendable func whatIf(req: Request) async throws -> WhatIfAnswer {
        _ = try req.principal
        let input = try req.content.decode(WhatIfInput.self)
        let answer = try await Self.service(req, on: req.db).whatIf(
            framework: input.framework,
            year: input.year,
            unitCode: input.unit,
            changes: input.changes
        )
        return WhatIfAnswer(score: answer.score, rank: answer.rank, of: answer.of)
    }

    struct TaskDTO: Content {
        let task: ImprovementTask
        let overdue: Bool
    }

    @Sendable func tasks(req: Request) async throws -> [TaskDTO] {
        _ = try req.principal
        guard let year = try req.queryInt("year") else {
            throw IndicatorError.invalidField(field: "year", issue: .required)
        }
        let today = CivilDate(req.services.clock.now())
        return try await SQLDTIRepository(db: req.db).tasks(
            framework: req.queryString("framework") ?? DTIFramework.qd922.code,
            year: year
        ).map { TaskDTO(task: $0, overdue: $0.isOverdue(on: today)) }
    }

    struct NewTask: Content {
        let framework: String
        let year: Int
        let index: String
        let title: String
        let assignee: String
        let workingDays: Int
    }

    @Sendable func createTask(req: Request) async throws -> Response {
        let principal = try req.principal
        let input = try req.content.decode(NewTask.self)
        let task = try await req.transaction { db in
            try await Self.service(req, on: db).createTask(
                framework: input.framework,
                year: input.year,
                index: input.index,
                title: input.title,
                assigneeCode: input.assignee,
                workingDays: input.workingDays,
                by: principal
            )
        }
        return try await TaskDTO(task: task, overdue: false).encodeResponse(status: .created, for: req)
    }

    struct TaskUpdate: Content {
        let status: ImprovementTask.Status
        var evidence: [String]?
    }

    @Sendable func updateTask(req: Request) async throws -> TaskDTO {
        let principal = try req.principal
        let id = try req.pathID(ImprovementTask.ID.self)
        let input = try req.content.decode(TaskUpdate.self)
        try Self.checkEvidence(input.evidence ?? [], req)
        let task = try await req.transaction { db in
            try await Self.service(req, on: db).updateTask(
                id,
                status: input.status,
                evidence: input.evidence ?? [],
                by: principal
            )
        }
        return TaskDTO(task: task, overdue: task.isOverdue(on: CivilDate(req.services.clock.now())))
    }
}

extension DTIFramework: Content {}
extension DTIRank: Content {}
