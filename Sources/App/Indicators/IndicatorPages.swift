import Core
import Foundation

/// `/indicators`: the catalogue, searchable without diacritics.
struct IndicatorCataloguePage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let code: String
        let name: String
        let domain: String
        let formula: String
        let period: String
        let automatic: Bool
    }

    let layout: PageLayout
    let query: String
    let domain: String
    let domains: [SelectOption]
    let indicators: [Row]
    let elements: [Row]
}

/// `/indicators/scorecard`: a unit's targets with traffic lights.
struct ScorecardPage: Encodable, Sendable {
    struct Line: Encodable, Sendable {
        let name: String
        let target: String
        let actual: String
        let light: String
        let label: String
    }

    let layout: PageLayout
    let unit: String
    let unitName: String
    let period: String
    let lines: [Line]
}

/// `/indicators/entry`: one data set, one unit, one period.
struct DataEntryPage: Encodable, Sendable {
    struct Field: Encodable, Sendable {
        let code: String
        let name: String
        let unitOfMeasure: String
        let value: String
        let comment: String
    }

    let layout: PageLayout
    let dataSets: [SelectOption]
    let dataSet: String
    let unit: String
    let unitName: String
    let period: String
    let fields: [Field]
    let message: String?
    let error: String?
    let completeness: Completeness?
    let deadline: String
}
