import Core
import Fluent
import Foundation
import Vapor

/// `/ioc/alerts`: open and recent alerts of the user's units, acknowledgement, and the rules.
extension IOCPagesController {
    struct AlertsPage: Encodable {
        struct Row: Encodable {
            let id: String
            let unit: String
            let rule: String
            let condition: String
            let value: String
            let raised: String
            let state: String
            let open: Bool
            let acknowledged: String?
        }

        struct RuleRow: Encodable {
            let id: String
            let name: String
            let subject: String
            let condition: String
            let scope: String
        }

        let layout: PageLayout
        let open: [Row]
        let closed: [Row]
        let rules: [RuleRow]
        let subjects: [SelectOption]
        let comparisons: [SelectOption]
        let unit: String
        let message: String?
        let error: String?
    }

    @Sendable func alerts(req: Request) async throws -> View {
        try await renderAlerts(req, message: req.queryString("saved").map { _ in "Đã lưu." }, error: nil)
    }

    func renderAlerts(_ req: Request, message: String?, error: String?) async throws -> View {
        let alerts = try await IOCController.alerts(req, openOnly: false)
        let catalog = try await req.services.indicators(on: req.db).catalog()
        func row(_ a: Alert) -> AlertsPage.Row {
            AlertsPage.Row(
                id: a.id.description,
                unit: "\(a.unitName) (\(a.unitCode))",
                rule: a.ruleName,
                condition: a.condition,
                value: VietnameseFormat.decimal(a.value, digits: a.value == a.value.rounded() ? 0 : 1),
                raised: VietnameseFormat.dateTime(a.raisedAt),
                state: a.stateLabel,
                open: a.isOpen,
                acknowledged: a.acknowledgedAt.map {
                    "\(a.acknowledgedBy ?? "") lúc \(VietnameseFormat.dateTime($0))"
                        + (a.note.map { $0.isEmpty ? "" : ": \($0)" } ?? "")
                }
            )
        }
        func subjectName(_ rule: AlertRule) -> String {
            switch rule.subjectKind {
            case .counter: LiveCounter(rawValue: rule.subject)?.label ?? rule.subject
            case .indicator:
                catalog.indicators[rule.subject]?.name ?? catalog.elements[rule.subject]?.name ?? rule.subject
            }
        }
        let subjects =
            LiveCounter.allCases.map { SelectOption(value: "counter:\($0.rawValue)", label: $0.label) }
            + catalog.indicators.values.sorted { $0.code < $1.code }.map {
                SelectOption(value: "indicator:\($0.code)", label: "\($0.name) (\($0.code))")
            }
        return try await req.view.render(
            "IOC/alerts",
            AlertsPage(
                layout: .make(req, title: "Cảnh báo", section: .ioc),
                open: alerts.filter(\.isOpen).map(row),
                closed: alerts.filter { !$0.isOpen }.prefix(50).map(row),
                rules: try await SQLIOCRepository(db: req.db).rules().map {
                    AlertsPage.RuleRow(
                        id: $0.id.description,
                        name: $0.name,
                        subject: subjectName($0),
                        condition: $0.condition,
                        scope: $0.eachChild ? "Từng đơn vị trực thuộc \($0.unitCode)" : "Đơn vị \($0.unitCode)"
                    )
                },
                subjects: subjects,
                comparisons: [
                    SelectOption(value: "above", label: "lớn hơn (>)"),
                    SelectOption(value: "atLeast", label: "từ (≥)"),
                    SelectOption(value: "below", label: "nhỏ hơn (<)"),
                    SelectOption(value: "atMost", label: "đến (≤)"),
                ],
                unit: req.services.config.homeProvince ?? DemoData.provinceCode,
                message: message,
                error: error
            )
        )
    }

    /// Runs a change from the alerts page; shows the page again with the error (and its status) when refused.
    func change(_ req: Request, _ work: @escaping @Sendable (Principal, any Database) async throws -> Void) async throws
        -> Response
    {
        let principal = try IOCController.official(req)
        do {
            try await req.transaction { db in try await work(principal, db) }
            return req.redirect(to: "/ioc/alerts?saved=1")
        } catch let error where error is IndicatorError || error is AccountError {
            let failure = Failure.from(error)
            let response = try await renderAlerts(req, message: nil, error: failure.messageVI).encodeResponse(for: req)
            response.status = failure.status
            return response
        }
    }

    struct RuleForm: Content {
        let name: String
        let subject: String
        let comparison: String
        let threshold: String
        let unitCode: String
        var eachChild: String?
    }

    @Sendable func addRule(req: Request) async throws -> Response {
        let form = try req.content.decode(RuleForm.self)
        return try await change(req) { principal, db in
            let parts = form.subject.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let kind = AlertRule.Subject(rawValue: parts[0]) else {
                throw IndicatorError.invalidField(field: "subject", issue: .unknownCode(form.subject))
            }
            guard let comparison = Comparison(rawValue: form.comparison) else {
                throw IndicatorError.invalidField(field: "comparison", issue: .unknownCode(form.comparison))
            }
            guard let threshold = Double(IndicatorPagesController.vietnameseNumber(form.threshold)) else {
                throw IndicatorError.invalidField(field: "threshold", issue: .wrongType)
            }
            let rule = AlertRule(
                name: form.name,
                subjectKind: kind,
                subject: parts[1],
                comparison: comparison,
                threshold: threshold,
                unitCode: form.unitCode.trimmingCharacters(in: .whitespaces),
                eachChild: form.eachChild != nil
            )
            try await req.services.alerts(on: db).saveRule(rule, by: principal)
        }
    }

    @Sendable func deleteRule(req: Request) async throws -> Response {
        let id = try req.pathID(AlertRule.ID.self)
        return try await change(req) { principal, db in
            try await req.services.alerts(on: db).deleteRule(id, by: principal)
        }
    }

    @Sendable func acknowledge(req: Request) async throws -> Response {
        let id = try req.pathID(Alert.ID.self)
        let note = try req.content.decode(IOCController.Acknowledgement.self).note ?? ""
        return try await change(req) { principal, db in
            _ = try await req.services.alerts(on: db).acknowledge(id, note: note, by: principal)
        }
    }

    /// Evaluates the rules now rather than at the next five-minute tick.
    @Sendable func evaluateNow(req: Request) async throws -> Response {
        _ = try IOCController.official(req)
        let observed = try await req.services.alerts(on: req.db).observeRules()
        return try await change(req) { _, db in _ = try await req.services.alerts(on: db).record(observed) }
    }
}
