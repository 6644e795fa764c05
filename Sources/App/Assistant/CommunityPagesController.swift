import Core
import Fluent
import Vapor

/// The pages of issue 10: the assistant (`/hoi-dap`, its synonyms, a procedure's public page), digital addresses
/// (`/dia-chi-so`) and community digital-technology teams (`/to-cong-nghe-so`).
struct CommunityPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("hoi-dap", use: Self.askPage)
        routes.get("thu-tuc", ":code", use: Self.procedurePage)
        routes.get("hoi-dap", "tu-dong-nghia", use: Self.synonymsPage)
        routes.post("hoi-dap", "tu-dong-nghia", use: Self.postSynonym)
        routes.post("hoi-dap", "tu-dong-nghia", "xoa", use: Self.postDeleteSynonym)
        routes.get("hoi-dap", "tu-dong-nghia.csv", use: Self.synonymsCSV)
        routes.on(.POST, "hoi-dap", "tu-dong-nghia.csv", body: .collect(maxSize: "1mb"), use: Self.importSynonyms)
        routes.get("dia-chi-so", use: Self.addressPage)
        routes.on(.POST, "dia-chi-so", "nhap", body: .collect(maxSize: "21mb"), use: Self.importAddresses)
        routes.get("to-cong-nghe-so", use: Self.teamsPage)
        routes.post("to-cong-nghe-so", use: Self.postTeam)
        routes.post("to-cong-nghe-so", ":id", "thanh-vien", use: Self.postMember)
        routes.post("to-cong-nghe-so", ":id", "hoat-dong", use: Self.postActivity)
        routes.get("to-cong-nghe-so.csv", use: TeamController.export)
    }

    /// A failure as one line for a page: the Vietnamese message, then each field detail.
    static func message(_ error: any Error) -> String {
        let failure = Failure.from(error)
        return ([failure.messageVI] + failure.details.prefix(20).map { "\($0.field): \($0.message)" })
            .joined(separator: " · ")
    }
}

// MARK: - Assistant

extension CommunityPagesController {
    struct AskPage: Encodable {
        let layout: PageLayout
        let question: String
        let error: String?
        let answer: AssistantAnswerDTO?
        let examples: [String]
    }

    @Sendable static func askPage(req: Request) async throws -> View {
        let question = req.queryString("q")
        var answer: AssistantAnswerDTO?
        var error: String?
        if let question {
            do {
                answer = try await AssistantController.answer(try AssistantController.question(question), on: req)
            } catch let failure {
                error = message(failure)
            }
        }
        return try await req.view.render(
            "Community/ask",
            AskPage(
                layout: .make(req, title: "Hỏi đáp thủ tục", section: .assistant),
                question: question ?? "",
                error: error,
                answer: answer,
                examples: [
                    "Làm giấy khai sinh cho con cần những gì?", "doi bang lai xe het han mat bao lau",
                    "Lệ phí đăng ký hộ kinh doanh bao nhiêu?", "đèn đường bị hỏng",
                ]
            )
        )
    }

    struct ProcedurePage: Encodable {
        let layout: PageLayout
        let code: String
        let name: String
        let sector: String
        let level: String
        let online: String
        let time: String
        let lines: [String]
        let legal: [String]
        let fileURL: String
    }

    @Sendable static func procedurePage(req: Request) async throws -> View {
        let code = req.parameters.get("code") ?? ""
        guard let procedure = try await FluentProcedureRepository(db: req.db).find(code: code) else {
            throw DossierError.notFound
        }
        let assistant = try await req.services.assistant.assistant(on: req.db, now: req.services.clock.now())
        let reply = assistant.ask(procedure.name, limit: 5).first { $0.source == .procedure(code) }
        return try await req.view.render(
            "Community/procedure",
            ProcedurePage(
                layout: .make(req, title: procedure.name, section: .assistant),
                code: procedure.code,
                name: procedure.name,
                sector: procedure.sector,
                level: procedure.competence.label,
                online: procedure.onlineLevel.label,
                time: procedure.processingTime.description,
                lines: reply?.lines ?? [],
                legal: procedure.legalBasis.map { "\($0.reference) (hiệu lực từ \($0.effectiveFrom.vietnamese))" },
                fileURL: "/dossiers/new?procedure=" + SiteURL.escape(procedure.code)
            )
        )
    }

    struct SynonymsPage: Encodable {
        let layout: PageLayout
        let error: String?
        let notice: String?
        let pairs: [SynonymDTO]
    }

    static func renderSynonyms(_ req: Request, error: String? = nil, notice: String? = nil) async throws -> View {
        _ = try AssistantController.requireEditor(req)
        return try await req.view.render(
            "Community/synonyms",
            SynonymsPage(
                layout: .make(req, title: "Từ đồng nghĩa của trợ lý ảo", section: .settings),
                error: error,
                notice: notice,
                pairs: try await AssistantController.synonyms(req: req)
            )
        )
    }

    @Sendable static func synonymsPage(req: Request) async throws -> View { try await renderSynonyms(req) }

    @Sendable static func postSynonym(req: Request) async throws -> View {
        do {
            let input = try req.content.decode(SynonymDTO.self)
            try await AssistantController.replaceSynonyms(
                adding: [(input.phrase, input.synonym)],
                removing: [],
                on: req
            )
            return try await renderSynonyms(req, notice: "Đã thêm: \(input.phrase) ~ \(input.synonym).")
        } catch let error as AccountError { throw error } catch {
            return try await renderSynonyms(req, error: message(error))
        }
    }

    @Sendable static func postDeleteSynonym(req: Request) async throws -> View {
        let input = try req.content.decode(SynonymDTO.self)
        try await AssistantController.replaceSynonyms(adding: [], removing: [(input.phrase, input.synonym)], on: req)
        return try await renderSynonyms(req, notice: "Đã xóa: \(input.phrase) ~ \(input.synonym).")
    }

    @Sendable static func synonymsCSV(req: Request) async throws -> Response {
        _ = try AssistantController.requireEditor(req)
        let pairs = try await AssistantStore.synonyms(on: req.db).pairs
        return Response.csv(
            CSV.document(header: ["phrase", "synonym"], rows: pairs.map { [$0.0, $0.1] }),
            filename: "tu-dong-nghia.csv"
        )
    }

    struct UploadForm: Content {
        var file: File
    }

    /// Replaces the table by a CSV (phrase,synonym): what is not in the file is removed.
    @Sendable static func importSynonyms(req: Request) async throws -> View {
        do {
            let form = try req.content.decode(UploadForm.self)
            guard let text = String(data: Data(form.file.data.readableBytesView), encoding: .utf8) else {
                throw WebError.invalidParameter(name: "file", issue: .wrongType)
            }
            let rows = CSV.parse(text).dropFirst().filter { $0.count >= 2 && !$0[0].isEmpty }.map { ($0[0], $0[1]) }
            let old = try await AssistantStore.synonyms(on: req.db).pairs
            try await AssistantController.replaceSynonyms(adding: rows, removing: old, on: req)
            return try await renderSynonyms(req, notice: "Đã nhập \(rows.count) cặp từ đồng nghĩa.")
        } catch let error as AccountError { throw error } catch {
            return try await renderSynonyms(req, error: message(error))
        }
    }
}
