import Core
import Fluent
import Foundation
import Vapor

/// `/dti`: a framework's ranking for a year; one unit's index values (bars and a radar against the year's mean), its
/// rank history, its self-assessment with evidence files; the improvement task board and a what-if form.
struct DTIPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("dti", use: overview)
        routes.post("dti", "self-assessment", use: selfAssess)
        routes.on(.POST, "dti", "evidence", body: .collect(maxSize: "11mb"), use: uploadEvidence)
        routes.get("dti", "evidence", ":name", use: downloadEvidence)
        routes.get("dti", "history", use: DTIController().history)
    }

    /// Which framework, year and unit a page shows (from the query, or from a posted form).
    struct Selection: Content {
        var framework: String?
        var year: Int?
        var ou: String?
    }

    @Sendable func overview(req: Request) async throws -> View {
        _ = try req.principal
        let selection = Selection(
            framework: req.queryString("framework"),
            year: try req.queryInt("year"),
            ou: req.queryString("ou")
        )
        return try await render(req, selection, message: req.queryString("saved").map { _ in "Đã lưu." }, error: nil)
    }

    func render(_ req: Request, _ selection: Selection, message: String?, error: String?) async throws -> View {
        let service = try await DTIController.service(req, on: req.db)
        let frameworks = try await service.frameworks()
        let chosen = frameworks.first { $0.code == selection.framework } ?? frameworks.first!
        let year = selection.year ?? CivilDate(req.services.clock.now()).year
        let unitCode = selection.ou ?? req.services.config.homeProvince ?? DemoData.provinceCode
        let repository = SQLDTIRepository(db: req.db)
        let all = try await repository.assessments(framework: chosen.code, year: year)
        let mine = all.first { $0.unitCode == unitCode }
        let score = try mine?.score(in: chosen)
        let keys = chosen.inputKeys
        let current = mine.map { $0.appraisedInputs ?? $0.selfInputs } ?? [:]
        let whatIf = try await Self.whatIf(req, service, chosen, year: year, unitCode: unitCode, keys: keys)
        let automatic = try await Self.automaticInputs(req, chosen, year: year, unitCode: unitCode)
        let inputs = keys.map { key in
            DTIPage.Input(
                code: key,
                name: chosen.inputName(key),
                value: req.queryString("w_" + key) ?? current[key].map(Self.typed) ?? automatic[key].map(Self.typed)
                    ?? "",
                own: mine?.selfInputs[key].map(Self.typed) ?? "",
                evidence: (mine?.evidence[key] ?? []).joined(separator: "\n"),
                files: (mine?.evidence[key] ?? []).map(DTIPage.Evidence.init),
                hint: chosen.inputHint(key)
            )
        }
        let finals = try all.filter { $0.stage == .final }.map { try $0.score(in: chosen).indexValues }
        let mean: [String: Double]? =
            finals.isEmpty
            ? nil
            : Dictionary(
                chosen.indices.map { index in
                    (index.code, finals.map { $0[index.code] ?? 0 }.reduce(0, +) / Double(finals.count))
                },
                uniquingKeysWith: { a, _ in a }
            )
        let history = try await service.history(
            framework: chosen.code,
            unitCode: unitCode,
            through: CivilDate(req.services.clock.now()).year
        )
        let today = CivilDate(req.services.clock.now())
        let indexNames = Dictionary(chosen.indices.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        return try await req.view.render(
            "Indicators/dti",
            DTIPage(
                layout: .make(req, title: "Chỉ số chuyển đổi số (DTI)", section: .indicators),
                frameworks: frameworks.map { SelectOption(value: $0.code, label: $0.decision) },
                framework: chosen.code,
                year: year,
                unit: unitCode,
                stage: mine?.stage.label,
                editable: mine.map { $0.stage == .draft } ?? true,
                total: score.map { VietnameseFormat.decimal($0.total, digits: 4) },
                chart: score.map { DTICharts.bars(chosen, $0.indexValues) } ?? "",
                radar: score.map { DTICharts.radar(chosen, $0.indexValues, against: mean) } ?? "",
                compared: mean != nil,
                history: history.map(DTIPage.HistoryRow.init),
                ranking: try await service.ranking(framework: chosen.code, year: year).map {
                    DTIPage.Rank(
                        rank: $0.rank,
                        name: $0.unitName,
                        total: VietnameseFormat.decimal($0.score.total, digits: 4)
                    )
                },
                tasks: try await repository.tasks(framework: chosen.code, year: year).map {
                    DTIPage.Task(
                        title: $0.title,
                        index: indexNames[$0.index] ?? $0.index,
                        assignee: $0.assigneeCode,
                        due: $0.due.vietnamese,
                        status: $0.status.label,
                        overdue: $0.isOverdue(on: today),
                        evidence: $0.evidence.map(DTIPage.Evidence.init)
                    )
                },
                inputs: inputs,
                whatIf: whatIf,
                message: message,
                error: error
            )
        )
    }

    /// A stored input as a person would type it back: `82,53`, `100`, `0,6` (no grouping, so it reads back exactly).
    static func typed(_ value: Double) -> String {
        let text = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        return text.replacingOccurrences(of: ".", with: ",")
    }

    /// The what-if form's answer: its values replace the unit's current inputs.
    static func whatIf(
        _ req: Request,
        _ service: DTIService,
        _ framework: DTIFramework,
        year: Int,
        unitCode: String,
        keys: [String]
    ) async throws -> String? {
        var changes: [String: Double] = [:]
        for key in keys {
            if let text = req.queryString("w_" + key),
                let value = Double(IndicatorPagesController.vietnameseNumber(text))
            {
                changes[key] = value
            }
        }
        guard !changes.isEmpty else { return nil }
        do {
            let answer = try await service.whatIf(
                framework: framework.code,
                year: year,
                unitCode: unitCode,
                changes: changes
            )
            return
                "Tổng điểm mới \(VietnameseFormat.decimal(answer.score.total, digits: 4)), xếp hạng \(answer.rank)/\(answer.of)."
        } catch let error as IndicatorError {
            return Failure.from(error).messageVI
        }
    }
}

extension DTIPagesController {
    /// Inputs of sub-indicators measured on the platform (a `source` indicator such as the community teams'
    /// coverage rate), from the unit's values for the year's last month, or this month in the current year: they
    /// fill the form where the unit has not entered its own.
    static func automaticInputs(_ req: Request, _ framework: DTIFramework, year: Int, unitCode: String) async throws
        -> [String: Double]
    {
        let sources = Array(Set(framework.subIndicators.compactMap(\.source))).sorted()
        guard !sources.isEmpty,
            let unit = try await req.services.units(on: req.db).find(UnitKey(tree: .current, code: unitCode))
        else { return [:] }
        let today = CivilDate(req.services.clock.now())
        let day = year == today.year ? today : CivilDate(year: year, month: 12, day: 31)!
        let service = req.services.indicators(on: req.db)
        let known = try await service.catalog()
        let items = sources.filter { known.indicators[$0] != nil || known.elements[$0] != nil }
        guard !items.isEmpty else { return [:] }
        let cells = try await service.analytics(
            items: items,
            periods: [Period(.monthly, containing: day)],
            units: [unit]
        )
        return framework.automaticInputs(Dictionary(cells.map { ($0.item, $0.value) }, uniquingKeysWith: { a, _ in a }))
    }
}

extension DTIFramework {
    /// What a unit enters: its sub-indicators, or its scored indices when the framework lists none.
    var inputKeys: [String] {
        subIndicators.isEmpty ? indices.filter { $0.maxPoints > 0 }.map(\.code) : subIndicators.map(\.code)
    }

    func inputName(_ key: String) -> String {
        subIndicators.first { $0.code == key }?.name ?? indices.first { $0.code == key }?.name ?? key
    }

    /// How to fill an input in, from its scoring rule.
    func inputHint(_ key: String) -> String {
        let sub = subIndicators.first { $0.code == key }
        switch sub?.rule {
        case .ratio(let full)?: return "tỷ lệ 0–1, đạt tối đa từ \(VietnameseFormat.decimal(full, digits: 2))"
        case .yesNo?: return "1 có, 0 không"
        default:
            let max = sub?.maxPoints ?? indices.first { $0.code == key }?.maxPoints ?? 0
            return "điểm, tối đa \(VietnameseFormat.decimal(max, digits: 0))"
        }
    }
}
