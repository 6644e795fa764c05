import Core
import Fluent
import Vapor

struct AssistantAnswerDTO: Content {
    struct Reply: Content {
        let kind: String
        let code: String
        let title: String
        let lines: [String]
        /// The source to read in full.
        let url: String
        let score: Double
    }

    let question: String
    let topics: [String]
    let replies: [Reply]
}

struct SynonymDTO: Content {
    let phrase: String
    let synonym: String
}

/// `/api/v1/assistant…`: questions answered from the catalogue and published answers (anyone); the synonyms table
/// (read by anyone, edited by a province or system administrator); category suggestions for a report's text
/// (officers only: a suggestion to look at, never applied by itself).
struct AssistantController: RouteCollection {
    struct Suggestion: Content {
        let category: String
        let name: String
        let probability: Double
    }

    struct Suggestions: Content {
        let trainedAt: Date?
        let heldOutAccuracy: Double?
        let suggestions: [Suggestion]
    }

    func boot(routes: any RoutesBuilder) throws {
        let assistant = routes.grouped("assistant")
        assistant.get(use: Self.ask)
        assistant.get("synonyms", use: Self.synonyms)
        assistant.post("synonyms", use: Self.addSynonym)
        assistant.post("synonyms", "delete", use: Self.deleteSynonym)
        assistant.get("classify", use: Self.classify)
    }

    @Sendable static func ask(req: Request) async throws -> AssistantAnswerDTO {
        try await answer(try question(req.query[String.self, at: "q"]), on: req)
    }

    static func question(_ text: String?) throws -> String {
        let text = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...500).contains(text.count) else {
            throw WebError.invalidParameter(name: "q", issue: .length(2...500))
        }
        return text
    }

    static func answer(_ question: String, on req: Request) async throws -> AssistantAnswerDTO {
        let assistant = try await req.services.assistant.assistant(on: req.db, now: req.services.clock.now())
        return AssistantAnswerDTO(
            question: question,
            topics: Assistant.topics(of: question).map(\.rawValue),
            replies: assistant.ask(question, limit: 3).map { reply in
                switch reply.source {
                case .procedure(let code):
                    AssistantAnswerDTO.Reply(
                        kind: "procedure",
                        code: code,
                        title: reply.title,
                        lines: reply.lines,
                        url: "/thu-tuc/" + SiteURL.escape(code),
                        score: reply.score
                    )
                case .feedback(let code):
                    AssistantAnswerDTO.Reply(
                        kind: "feedback",
                        code: code,
                        title: reply.title,
                        lines: reply.lines,
                        url: SiteURL.feedback(code: code).path,
                        score: reply.score
                    )
                }
            }
        )
    }

    @Sendable static func synonyms(req: Request) async throws -> [SynonymDTO] {
        try await AssistantStore.synonyms(on: req.db).pairs.map { SynonymDTO(phrase: $0.0, synonym: $0.1) }
    }

    static func requireEditor(_ req: Request) throws -> Principal {
        let principal = try req.principal
        guard !principal.user.isDisabled, (principal.highestRole ?? .citizen) >= .provinceAdmin else {
            throw AccountError.forbidden
        }
        return principal
    }

    @Sendable static func addSynonym(req: Request) async throws -> [SynonymDTO] {
        let input = try req.content.decode(SynonymDTO.self)
        try await replaceSynonyms(adding: [(input.phrase, input.synonym)], removing: [], on: req)
        return try await synonyms(req: req)
    }

    @Sendable static func deleteSynonym(req: Request) async throws -> [SynonymDTO] {
        let input = try req.content.decode(SynonymDTO.self)
        try await replaceSynonyms(adding: [], removing: [(input.phrase, input.synonym)], on: req)
        return try await synonyms(req: req)
    }

    /// Adds and removes pairs (each phrase 2–100 characters), audited, and rebuilds the assistant.
    static func replaceSynonyms(adding: [(String, String)], removing: [(String, String)], on req: Request) async throws
    {
        let principal = try requireEditor(req)
        let clean = try adding.map { pair -> (String, String) in
            let (a, b) = (pair.0.trimmingCharacters(in: .whitespaces), pair.1.trimmingCharacters(in: .whitespaces))
            for (field, value) in [("phrase", a), ("synonym", b)] where !(2...100).contains(value.count) {
                throw WebError.invalidParameter(name: field, issue: .length(2...100))
            }
            guard VietnameseText.fold(a) != VietnameseText.fold(b) else {
                throw WebError.invalidParameter(
                    name: "synonym",
                    issue: FieldIssue(english: "must differ from the phrase", vietnamese: "phải khác cụm từ gốc")
                )
            }
            return (a, b)
        }
        let now = req.services.clock.now()
        try await req.transaction { db in
            for (a, b) in removing {
                try await SynonymRecord.query(on: db).filter(\.$phrase == a).filter(\.$synonym == b).delete()
            }
            for (a, b) in clean
            where try await SynonymRecord.query(on: db).filter(\.$phrase == a).filter(\.$synonym == b).count() == 0 {
                try await SynonymRecord(a, b).create(on: db)
            }
            try await FluentAuditLog(db: db).append(
                AuditEntry(
                    at: now,
                    actorID: principal.user.id,
                    actorName: principal.user.username,
                    action: "assistant.synonyms",
                    entityType: "assistant_synonyms",
                    entityID: "synonyms",
                    unitID: nil,
                    before: removing.isEmpty
                        ? nil : ["removed": removing.map { "\($0.0) ~ \($0.1)" }.joined(separator: "; ")],
                    after: clean.isEmpty ? nil : ["added": String(clean.count)]
                )
            )
        }
        req.services.assistant.invalidate()
    }

    @Sendable static func classify(req: Request) async throws -> Suggestions {
        let principal = try req.principal
        guard principal.grants.contains(where: { $0.role.actions.contains(.process) }) else {
            throw AccountError.forbidden
        }
        let text = try question(req.query[String.self, at: "text"])
        return try await suggestions(for: text, province: nil, on: req)
    }

    /// The three likeliest categories for a report's text, from the last trained model (none before training).
    static func suggestions(for text: String, province: String?, on req: Request) async throws -> Suggestions {
        guard let classifier = try await req.services.assistant.classifier(on: req.db) else {
            return Suggestions(trainedAt: nil, heldOutAccuracy: nil, suggestions: [])
        }
        let catalog = try await FluentFeedbackCatalog(db: req.db).catalog()
        return Suggestions(
            trainedAt: classifier.trainedAt,
            heldOutAccuracy: classifier.heldOutAccuracy,
            suggestions: classifier.model.rank(text).prefix(3).map {
                Suggestion(
                    category: $0.label,
                    name: catalog.name(of: $0.label, province: province),
                    probability: ($0.probability * 1000).rounded() / 1000
                )
            }
        )
    }
}
