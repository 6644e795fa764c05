import Core
import Fluent
import Foundation
import SQLKit

/// DTI storage: JSON documents keyed for lookup.
struct SQLDTIRepository: DTIRepository {
    let db: any Database
    var sql: any SQLDatabase { db as! any SQLDatabase }

    func documents<T: Decodable>(_ type: T.Type, _ query: SQLQueryString) async throws -> [T] {
        try await sql.raw(query).all().map {
            try JSONText.decode(T.self, try $0.decode(column: "data", as: String.self))
        }
    }

    func frameworks() async throws -> [DTIFramework] {
        try await documents(DTIFramework.self, "SELECT data FROM dti_frameworks ORDER BY code")
    }

    func save(framework: DTIFramework) async throws {
        try await sql.raw(
            """
            INSERT INTO dti_frameworks (code, data) VALUES (\(bind: framework.code), \(bind: try JSONText.encode(framework)))
            ON CONFLICT (code) DO UPDATE SET data = excluded.data
            """
        ).run()
    }

    func assessment(_ id: DTIAssessment.ID) async throws -> DTIAssessment? {
        try await documents(DTIAssessment.self, "SELECT data FROM dti_assessments WHERE id = \(bind: id.rawValue)")
            .first
    }

    func assessments(framework: String, year: Int) async throws -> [DTIAssessment] {
        try await documents(
            DTIAssessment.self,
            "SELECT data FROM dti_assessments WHERE framework = \(bind: framework) AND year = \(bind: year) ORDER BY unit_code"
        )
    }

    func save(_ a: DTIAssessment) async throws {
        try await sql.raw(
            """
            INSERT INTO dti_assessments (id, framework, year, unit_code, data)
            VALUES (\(bind: a.id.rawValue), \(bind: a.framework), \(bind: a.year), \(bind: a.unitCode), \(bind: try JSONText.encode(a)))
            ON CONFLICT (id) DO UPDATE SET data = excluded.data
            """
        ).run()
    }

    func tasks(framework: String, year: Int) async throws -> [ImprovementTask] {
        try await documents(
            ImprovementTask.self,
            "SELECT data FROM dti_tasks WHERE framework = \(bind: framework) AND year = \(bind: year)"
        ).sorted { ($0.due, $0.title) < ($1.due, $1.title) }
    }

    func task(_ id: ImprovementTask.ID) async throws -> ImprovementTask? {
        try await documents(ImprovementTask.self, "SELECT data FROM dti_tasks WHERE id = \(bind: id.rawValue)").first
    }

    func save(_ t: ImprovementTask) async throws {
        try await sql.raw(
            """
            INSERT INTO dti_tasks (id, framework, year, data)
            VALUES (\(bind: t.id.rawValue), \(bind: t.framework), \(bind: t.year), \(bind: try JSONText.encode(t)))
            ON CONFLICT (id) DO UPDATE SET data = excluded.data
            """
        ).run()
    }

    func publishedRanks(framework: String) async throws -> [DTIPublishedRank] {
        try await documents(
            DTIPublishedRank.self,
            "SELECT data FROM dti_published_ranks WHERE framework = \(bind: framework) ORDER BY year, unit_code"
        )
    }

    func save(publishedRanks rows: [DTIPublishedRank]) async throws {
        for r in rows {
            try await sql.raw(
                """
                INSERT INTO dti_published_ranks (framework, year, unit_code, data)
                VALUES (\(bind: r.framework), \(bind: r.year), \(bind: r.unitCode), \(bind: try JSONText.encode(r)))
                ON CONFLICT (framework, year, unit_code) DO UPDATE SET data = excluded.data
                """
            ).run()
        }
    }
}
