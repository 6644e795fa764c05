import Foundation

/// A rank as the ministry published it (dti.gov.vn "Báo cáo xếp hạng"): the province records the national ranking
/// of the years it did not compute itself, so its history reaches back before the platform.
public struct DTIPublishedRank: Hashable, Sendable, Codable {
    public let framework: String
    public let year: Int
    public let unitCode: String
    public let unitName: String
    public let rank: Int
    /// The published PDTI when the source gives it (some give only the rank).
    public let total: Double?
    public let source: String

    public init(
        framework: String,
        year: Int,
        unitCode: String,
        unitName: String,
        rank: Int,
        total: Double?,
        source: String
    ) {
        self.framework = framework
        self.year = year
        self.unitCode = unitCode
        self.unitName = unitName
        self.rank = rank
        self.total = total
        self.source = source
    }

    /// Checks a row before it is stored (the row number is the caller's, for its message).
    func validated() throws(IndicatorError) -> DTIPublishedRank {
        guard (2015...2100).contains(year) else { throw .invalidField(field: "year", issue: .wrongType) }
        guard rank >= 1 else { throw .invalidField(field: "rank", issue: .wrongType) }
        if let total, !(0...1).contains(total) { throw .invalidField(field: "total", issue: .wrongType) }
        guard !unitCode.isEmpty, !unitName.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .invalidField(field: "unit", issue: .required)
        }
        return self
    }
}

/// One year of a unit's DTI history: computed from the platform's final assessments, or as published.
public struct DTIHistoryEntry: Hashable, Sendable, Codable {
    public let year: Int
    /// The unit as it was that year (before 1 July 2025 a legacy province, possibly one of several merged).
    public let unitCode: String
    public let unitName: String
    public let rank: Int
    /// How many units were ranked, when known (computed rankings only).
    public let of: Int?
    public let total: Double?
    /// Empty when computed on the platform; otherwise the published source.
    public let source: String

    init(year: Int, _ ranked: DTIRank, of count: Int) {
        self.year = year
        unitCode = ranked.unitCode
        unitName = ranked.unitName
        rank = ranked.rank
        of = count
        total = ranked.score.total
        source = ""
    }

    init(_ published: DTIPublishedRank) {
        year = published.year
        unitCode = published.unitCode
        unitName = published.unitName
        rank = published.rank
        of = nil
        total = published.total
        source = published.source
    }
}

extension DTIService {
    /// The national ranking as published, recorded by a province or system administrator (rows replace the same
    /// framework, year and unit). All or none: a bad row is named by its number (`firstLine` for the first row:
    /// 2 for a CSV under its header).
    public func savePublishedRanks(_ rows: [DTIPublishedRank], firstLine: Int = 1, by actor: Principal) async throws {
        guard !actor.user.isDisabled, actor.holds(.systemAdmin) || actor.holds(.provinceAdmin) else {
            throw AccountError.forbidden
        }
        let frameworks = Set(try await frameworks().map(\.code))
        var checked: [DTIPublishedRank] = []
        for (number, row) in rows.enumerated() {
            do throws(IndicatorError) {
                guard frameworks.contains(row.framework) else {
                    throw .invalidField(field: "framework", issue: .unknownCode(row.framework))
                }
                checked.append(try row.validated())
            } catch .invalidField(let field, let issue) {
                throw IndicatorError.row(number + firstLine, field: field, issue: issue)
            } catch {
                throw error
            }
        }
        try await repository.save(publishedRanks: checked)
        try await log("dti.published", entity: "ranks", actor: actor, after: ["rows": String(checked.count)])
    }

    /// A unit's rank year by year, oldest first. Years before the 2025 reorganisation follow the unit's merge links
    /// back to the legacy provinces it was formed from, each under its own name that year. A year ranked on the
    /// platform (final assessments) wins over the published rank of the same unit.
    public func history(framework code: String, unitCode: String, through lastYear: Int) async throws
        -> [DTIHistoryEntry]
    {
        _ = try await framework(code)
        let before = try await units.predecessors(of: unitCode).map(\.code)
        let published = try await repository.publishedRanks(framework: code)
        var entries: [DTIHistoryEntry] = []
        // DTI has been published since 2020; a recorded rank may reach further back.
        let firstYear = min(published.map(\.year).min() ?? 2020, 2020, lastYear)
        for year in firstYear...max(firstYear, lastYear) {
            let codes = year < 2025 && !before.isEmpty ? Set(before) : [unitCode]
            let ranking = try await ranking(framework: code, year: year)
            var seen = Set<String>()
            for row in ranking where codes.contains(row.unitCode) {
                seen.insert(row.unitCode)
                entries.append(DTIHistoryEntry(year: year, row, of: ranking.count))
            }
            for row in published where row.year == year && codes.contains(row.unitCode) && !seen.contains(row.unitCode)
            {
                entries.append(DTIHistoryEntry(row))
            }
        }
        return entries.sorted { ($0.year, $0.unitCode) < ($1.year, $1.unitCode) }
    }
}

extension DTIService {
    /// The unit's index values of the latest year it was assessed (through `lastYear`, its legacy predecessors'
    /// years included only when it was formed from one province) against a reference: the province ranked at
    /// `rankTarget` among that year's final assessments (the last one ranked there or above) when a target is
    /// given and reached by someone, else the mean of the final assessments. Empty when there is nothing to compare.
    public func standings(
        unitCode: String,
        through lastYear: Int,
        rankTarget: Int? = nil,
        framework code: String = DTIFramework.qd922.code
    ) async throws -> [IndexStanding] {
        let framework = try await framework(code)
        let before = try await units.predecessors(of: unitCode).map(\.code)
        for year in stride(from: lastYear, through: 2020, by: -1) {
            let codes = year < 2025 ? (before.count == 1 ? before : []) : [unitCode]
            let all = try await repository.assessments(framework: code, year: year)
            guard let mine = all.first(where: { codes.contains($0.unitCode) }) else { continue }
            let ranking = try await ranking(framework: code, year: year)
            guard !ranking.isEmpty else { return [] }
            let values = try mine.score(in: framework).indexValues
            let atTarget = rankTarget.flatMap { target in ranking.last { $0.rank <= target } }
            let reference: (String) -> Double =
                if let atTarget {
                    { atTarget.score.indexValues[$0] ?? 0 }
                } else {
                    { index in ranking.map { $0.score.indexValues[index] ?? 0 }.reduce(0, +) / Double(ranking.count) }
                }
            return framework.indices.filter { $0.maxPoints > 0 }.map { index in
                IndexStanding(
                    framework: code,
                    year: year,
                    index: index.code,
                    indexName: index.name,
                    value: values[index.code] ?? 0,
                    mean: reference(index.code),
                    reference: atTarget.map { "\($0.unitName), hạng \($0.rank)" }
                )
            }
        }
        return []
    }
}
