import Core
import Fluent
import Foundation
import Vapor

/// `/dti`: a framework's ranking for a year, one unit's index values as a bar chart (server-drawn SVG), the
/// improvement task board, and a what-if form.
struct DTIPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("dti", use: overview)
    }

    struct Page: Encodable, Sendable {
        struct Rank: Encodable, Sendable {
            let rank: Int
            let name: String
            let total: String
        }

        struct Task: Encodable, Sendable {
            let title: String
            let index: String
            let assignee: String
            let due: String
            let status: String
            let overdue: Bool
        }

        struct Input: Encodable, Sendable {
            let code: String
            let name: String
            let value: String
            let hint: String
        }

        let layout: PageLayout
        let frameworks: [SelectOption]
        let framework: String
        let year: Int
        let unit: String
        let stage: String?
        let total: String?
        let chart: String
        let ranking: [Rank]
        let tasks: [Task]
        let inputs: [Input]
        let whatIf: String?
    }

    /// Horizontal bars, one per scored index (value 0–1), with the value written in Vietnamese.
    static func chart(_ framework: DTIFramework, _ values: [String: Double]) -> String {
        let scored = framework.indices.filter { $0.maxPoints > 0 }
        let rowHeight = 26
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 520 \(scored.count * rowHeight + 10)" \
            role="img" aria-label="Giá trị các chỉ số chính" class="chart">
            """
        for (i, index) in scored.enumerated() {
            let y = i * rowHeight + 5
            let value = values[index.code] ?? 0
            let name = index.name.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(
                of: "<",
                with: "&lt;"
            )
            svg += """
                <text x="0" y="\(y + 15)" font-size="12">\(name)</text>\
                <rect x="200" y="\(y + 3)" width="260" height="16" fill="#eef1f4"/>\
                <rect x="200" y="\(y + 3)" width="\(String(format: "%.1f", 260 * value))" height="16" fill="#1d5e8c"/>\
                <text x="466" y="\(y + 15)" font-size="12">\(VietnameseFormat.decimal(value, digits: 4))</text>
                """
        }
        return svg + "</svg>"
    }

    @Sendable func overview(req: Request) async throws -> View {
        _ = try req.principal
        let service = try await DTIController.service(req, on: req.db)
        let frameworks = try await service.frameworks()
        let chosen = frameworks.first { $0.code == req.queryString("framework") } ?? frameworks.first!
        let year = try req.queryInt("year") ?? CivilDate(req.services.clock.now()).year
        let unitCode = req.queryString("ou") ?? req.services.config.homeProvince ?? DemoData.provinceCode
        let repository = SQLDTIRepository(db: req.db)
        let mine = try await repository.assessments(framework: chosen.code, year: year).first {
            $0.unitCode == unitCode
        }
        let score = try mine?.score(in: chosen)
        let today = CivilDate(req.services.clock.now())
        // What-if: the form's values replace the unit's current inputs.
        let keys =
            chosen.subIndicators.isEmpty
            ? chosen.indices.filter { $0.maxPoints > 0 }.map(\.code) : chosen.subIndicators.map(\.code)
        var changes: [String: Double] = [:]
        for key in keys {
            if let text = req.queryString("w_" + key), let value = Double(text.replacingOccurrences(of: ",", with: "."))
            {
                changes[key] = value
            }
        }
        var whatIf: String?
        if !changes.isEmpty {
            do {
                let answer = try await service.whatIf(
                    framework: chosen.code,
                    year: year,
                    unitCode: unitCode,
                    changes: changes
                )
                whatIf =
                    "Tổng điểm mới \(VietnameseFormat.decimal(answer.score.total, digits: 4)), xếp hạng \(answer.rank)/\(answer.of)."
            } catch let error as IndicatorError {
                whatIf = Failure.from(error).messageVI
            }
        }
        let current = mine.map { $0.appraisedInputs ?? $0.selfInputs } ?? [:]
        let inputs = keys.map { key in
            let sub = chosen.subIndicators.first { $0.code == key }
            let hint: String
            switch sub?.rule {
            case .ratio(let full)?: hint = "tỷ lệ 0–1, đạt tối đa từ \(VietnameseFormat.decimal(full, digits: 2))"
            case .yesNo?: hint = "1 có, 0 không"
            default:
                hint =
                    "điểm, tối đa \(VietnameseFormat.decimal(sub?.maxPoints ?? chosen.indices.first { $0.code == key }?.maxPoints ?? 0, digits: 0))"
            }
            return Page.Input(
                code: key,
                name: sub?.name ?? chosen.indices.first { $0.code == key }?.name ?? key,
                value: req.queryString("w_" + key) ?? current[key].map { String($0) } ?? "",
                hint: hint
            )
        }
        let indexNames = Dictionary(chosen.indices.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        return try await req.view.render(
            "Indicators/dti",
            Page(
                layout: .make(req, title: "Chỉ số chuyển đổi số (DTI)", section: .indicators),
                frameworks: frameworks.map { SelectOption(value: $0.code, label: $0.decision) },
                framework: chosen.code,
                year: year,
                unit: unitCode,
                stage: mine?.stage.label,
                total: score.map { VietnameseFormat.decimal($0.total, digits: 4) },
                chart: score.map { Self.chart(chosen, $0.indexValues) } ?? "",
                ranking: try await service.ranking(framework: chosen.code, year: year).map {
                    Page.Rank(
                        rank: $0.rank,
                        name: $0.unitName,
                        total: VietnameseFormat.decimal($0.score.total, digits: 4)
                    )
                },
                tasks: try await repository.tasks(framework: chosen.code, year: year).map {
                    Page.Task(
                        title: $0.title,
                        index: indexNames[$0.index] ?? $0.index,
                        assignee: $0.assigneeCode,
                        due: $0.due.vietnamese,
                        status: $0.status.label,
                        overdue: $0.isOverdue(on: today)
                    )
                },
                inputs: inputs,
                whatIf: whatIf
            )
        )
    }
}
