import Core
import Fluent
import Foundation
import Vapor

/// The unit's self-assessment from `/dti`: scores with links and notes, evidence files one by one, and reading them.
extension DTIPagesController {
    /// `POST /dti/self-assessment`: `v_<code>` scores and `e_<code>` evidence (one link, note or file per line) of the
    /// unit's draft; the assessment is started when the year has none.
    @Sendable func selfAssess(req: Request) async throws -> Response {
        let principal = try req.principal
        let selection = try req.content.decode(Selection.self)
        let fields = try req.content.decode([String: String].self)
        return try await respond(req, selection) { service, framework, assessment in
            var inputs: [String: Double] = [:]
            var evidence: [String: [String]] = [:]
            for key in framework.inputKeys {
                let typed = fields["v_" + key]?.trimmingCharacters(in: .whitespaces) ?? ""
                if !typed.isEmpty {
                    guard let value = Double(IndicatorPagesController.vietnameseNumber(typed)) else {
                        throw IndicatorError.invalidField(field: key, issue: .wrongType)
                    }
                    inputs[key] = value
                }
                let lines = (fields["e_" + key] ?? "").split(whereSeparator: \.isNewline)
                    .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                if !lines.isEmpty { evidence[key] = lines }
            }
            try DTIController.checkEvidence(evidence.values.flatMap { $0 }, req)
            _ = try await service.act(.selfAssess(inputs, evidence: evidence), on: assessment.id, by: principal)
        }
    }

    struct EvidenceForm: Content {
        let key: String
        let file: File
    }

    /// `POST /dti/evidence` (multipart `file`, `key`): adds a PDF, JPEG or PNG to one input's evidence of the draft.
    @Sendable func uploadEvidence(req: Request) async throws -> Response {
        let principal = try req.principal
        let selection = try req.content.decode(Selection.self)
        let form = try req.content.decode(EvidenceForm.self)
        return try await respond(req, selection) { service, framework, assessment in
            guard framework.inputKeys.contains(form.key) else {
                throw IndicatorError.invalidField(field: "key", issue: .unknownCode(form.key))
            }
            let reference = try DTIController.store(form.file, req).reference
            var evidence = assessment.evidence
            if !(evidence[form.key] ?? []).contains(reference) { evidence[form.key, default: []].append(reference) }
            _ = try await service.act(
                .selfAssess(assessment.selfInputs, evidence: evidence),
                on: assessment.id,
                by: principal
            )
        }
    }

    /// Runs a change to the unit's assessment of the chosen year in one transaction, then shows the page again:
    /// redirected on success, with the error (in Vietnamese, and its status) otherwise.
    func respond(
        _ req: Request,
        _ selection: Selection,
        change: @escaping @Sendable (DTIService, DTIFramework, DTIAssessment) async throws -> Void
    ) async throws -> Response {
        let principal = try req.principal
        guard let code = selection.framework, let year = selection.year, let unit = selection.ou else {
            throw Abort(.badRequest, reason: "framework, year and ou are required / Thiếu bộ chỉ số, năm hoặc đơn vị.")
        }
        do {
            try await req.transaction { db in
                let service = try await DTIController.service(req, on: db)
                let framework = try await service.framework(code)
                let assessment = try await service.assessment(
                    framework: code,
                    year: year,
                    unitCode: unit,
                    by: principal
                )
                try await change(service, framework, assessment)
            }
            return req.redirect(to: "/dti?framework=\(code)&year=\(year)&ou=\(unit)&saved=1")
        } catch let error where error is IndicatorError || error is AccountError || error is Abort {
            let failure: (status: HTTPResponseStatus, message: String) =
                if let abort = error as? Abort { (abort.status, abort.reason) } else {
                    (Failure.from(error).status, Failure.from(error).messageVI)
                }
            let response = try await render(req, selection, message: nil, error: failure.message)
                .encodeResponse(for: req)
            response.status = failure.status
            return response
        }
    }

    /// `GET /dti/evidence/{sha256}.{ext}`: the file, for officials signed in on the web.
    @Sendable func downloadEvidence(req: Request) async throws -> Response {
        try await DTIController().downloadEvidence(req: req)
    }
}
