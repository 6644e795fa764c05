import Core
import Fluent
import Vapor

/// Report categories, their deadlines, and routing exceptions: `/admin/feedback` (pages) and
/// `/api/v1/feedback/categories`, `/api/v1/feedback/routing-rules` (JSON). The catalog service authorises each
/// change against the province it touches.
struct FeedbackSettingsController {
    /// A category as a form or JSON sends it (flat, so one shape serves both).
    struct CategoryInput: Content {
        let code: String
        let name: String
        var provinceCode: String? = nil
        var active: Bool? = nil
        let decideDays: Int
        let supplementDays: Int
        let handleDays: Int
        let publishDays: Int
        let urgentAcknowledgeHours: Double
        let urgentHandleHours: Double
        /// JSON only; a form keeps the category's current attributes.
        var attributes: [ServiceAttribute]? = nil

        func category(keeping existing: FeedbackCategory?) -> FeedbackCategory {
            FeedbackCategory(
                code: code.trimmingCharacters(in: .whitespaces),
                name: name,
                provinceCode: provinceCode.flatMap { $0.isEmpty ? nil : $0 },
                sla: FeedbackSLA(
                    decideDays: decideDays,
                    supplementDays: supplementDays,
                    handleDays: handleDays,
                    publishDays: publishDays,
                    urgentAcknowledgeHours: urgentAcknowledgeHours,
                    urgentHandleHours: urgentHandleHours
                ),
                attributes: attributes ?? existing?.attributes ?? [],
                active: active ?? true
            )
        }
    }

    struct RuleInput: Content {
        let category: String
        let scope: String
        let handlerCode: String
        var note: String? = nil

        var rule: FeedbackRouting.Rule {
            FeedbackRouting.Rule(
                category: category,
                scope: scope.trimmingCharacters(in: .whitespaces),
                handlerCode: handlerCode.trimmingCharacters(in: .whitespaces),
                note: note ?? ""
            )
        }
    }

    static func saveCategory(_ input: CategoryInput, req: Request) async throws -> FeedbackCategory {
        let principal = try req.principal
        return try await req.transaction { db in
            let existing = try await FluentFeedbackCatalog(db: db).catalog().categories.first {
                $0.code == input.code && $0.provinceCode == input.provinceCode.flatMap { $0.isEmpty ? nil : $0 }
            }
            return try await req.services.feedbackCatalog(on: db).save(input.category(keeping: existing), by: principal)
        }
    }

    // MARK: JSON

    @Sendable static func putCategory(req: Request) async throws -> FeedbackCategory {
        let input = try req.content.decode(CategoryInput.self)
        guard input.code == req.parameters.get("code") else {
            throw FeedbackError.invalidField(field: "code", issue: .matchesPath)
        }
        return try await saveCategory(input, req: req)
    }

    @Sendable static func rules(req: Request) async throws -> [FeedbackRouting.Rule] {
        try await req.feedbackCatalog().routing.rules
    }

    @Sendable static func putRule(req: Request) async throws -> FeedbackRouting.Rule {
        let principal = try req.principal
        let input = try req.content.decode(RuleInput.self)
        return try await req.transaction { db in
            try await req.services.feedbackCatalog(on: db).save(input.rule, by: principal)
        }
    }

    @Sendable static func deleteRule(req: Request) async throws -> HTTPStatus {
        let principal = try req.principal
        let category = req.parameters.get("category") ?? ""
        let scope = req.parameters.get("scope") ?? ""
        try await req.transaction { db in
            try await req.services.feedbackCatalog(on: db).deleteRule(category: category, scope: scope, by: principal)
        }
        return .noContent
    }

    // MARK: Pages

    static func mayConfigure(_ principal: Principal) -> Bool {
        !principal.user.isDisabled && principal.grants.contains { $0.role.actions.contains(.configure) }
    }

    @Sendable static func page(req: Request) async throws -> View {
        try await render(req, error: nil)
    }

    static func render(_ req: Request, error: String?) async throws -> View {
        guard mayConfigure(try req.principal) else { throw AccountError.forbidden }
        let catalog = try await FluentFeedbackCatalog(db: req.db).catalog()
        let units = req.services.units(on: req.db)
        let provinces = try await units.roots(of: .current).sorted { $0.code < $1.code }
        let provinceNames = Dictionary(uniqueKeysWithValues: provinces.map { ($0.code, $0.name) })
        var names: [String: String] = [:]
        for code in Set(catalog.routing.rules.flatMap { [$0.scope, $0.handlerCode] }) {
            names[code] = try await units.find(UnitKey(tree: .current, code: code))?.name
        }
        let page = FeedbackSettingsPage(
            layout: .make(req, title: "Lĩnh vực và định tuyến phản ánh", section: .settings),
            error: error,
            categories: catalog.categories.map { .init($0, province: $0.provinceCode.flatMap { provinceNames[$0] }) },
            rules: catalog.routing.rules.map { rule in
                FeedbackSettingsPage.RuleRow(
                    category: catalog.name(of: rule.category, province: nil),
                    categoryCode: rule.category,
                    scope: rule.scope,
                    scopeName: names[rule.scope] ?? "?",
                    handler: rule.handlerCode,
                    handlerName: names[rule.handlerCode] ?? "?",
                    note: rule.note
                )
            },
            categoryOptions: catalog.categories.map { SelectOption(value: $0.code, label: $0.name) },
            provinceOptions: provinces.map { SelectOption(value: $0.code, label: $0.name) },
            categoryAction: SiteURL.adminFeedbackCategories.path,
            ruleAction: SiteURL.adminFeedbackRules.path,
            deleteAction: SiteURL.adminFeedbackRuleDelete.path,
            csvURL: SiteURL.adminFeedbackRulesCSV.path
        )
        return try await req.view.render("Feedback/settings", page)
    }

    /// Runs a page form's change; a refused change re-renders the page with the reason (in Vietnamese).
    static func pageChange(_ req: Request, _ work: () async throws -> Void) async throws -> Response {
        do {
            try await work()
            return req.redirect(to: SiteURL.adminFeedback.path)
        } catch let error where !(error is AccountError && error as? AccountError == .forbidden) {
            let failure = Failure.from(error)
            guard failure.status.code < 500 else { throw error }
            let response = try await render(req, error: failure.messageVI).encodeResponse(for: req)
            response.status = failure.status
            return response
        }
    }

    @Sendable static func postCategory(req: Request) async throws -> Response {
        try await pageChange(req) { _ = try await saveCategory(try req.content.decode(CategoryInput.self), req: req) }
    }

    @Sendable static func postRule(req: Request) async throws -> Response {
        let principal = try req.principal
        return try await pageChange(req) {
            let input = try req.content.decode(RuleInput.self)
            _ = try await req.transaction { db in
                try await req.services.feedbackCatalog(on: db).save(input.rule, by: principal)
            }
        }
    }

    struct DeleteInput: Content {
        let category: String
        let scope: String
    }

    @Sendable static func postDeleteRule(req: Request) async throws -> Response {
        let principal = try req.principal
        return try await pageChange(req) {
            let input = try req.content.decode(DeleteInput.self)
            try await req.transaction { db in
                try await req.services.feedbackCatalog(on: db).deleteRule(
                    category: input.category,
                    scope: input.scope,
                    by: principal
                )
            }
        }
    }

    @Sendable static func exportRules(req: Request) async throws -> Response {
        guard mayConfigure(try req.principal) else { throw AccountError.forbidden }
        return .csv(try await req.feedbackCatalog().routing.csv, filename: "dinh-tuyen-phan-anh.csv")
    }

    struct ImportInput: Content {
        let file: File
    }

    /// Imports rules from a CSV file (the export's layout); all rows or none.
    @Sendable static func importRules(req: Request) async throws -> Response {
        let principal = try req.principal
        return try await pageChange(req) {
            let input = try req.content.decode(ImportInput.self)
            let rules = try FeedbackRouting.rules(
                fromCSV: String(decoding: input.file.data.readableBytesView, as: UTF8.self)
            )
            try await req.transaction { db in
                let service = req.services.feedbackCatalog(on: db)
                for rule in rules { try await service.save(rule, by: principal) }
            }
        }
    }
}

extension FieldIssue {
    static let matchesPath = FieldIssue(
        english: "must match the code in the path",
        vietnamese: "phải trùng mã trên đường dẫn"
    )
}
