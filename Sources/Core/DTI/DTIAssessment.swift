public import Foundation

/// Where a year's assessment stands: the unit fills in its self-assessment (điểm tự đánh giá), submits it, the
/// appraisal council sets its scores (điểm thẩm định), and the result is made final (điểm đạt được).
public enum DTIStage: String, Hashable, Sendable, Codable, CaseIterable {
    case draft, submitted, appraised, final

    public var label: String {
        switch self {
        case .draft: "Đang tự đánh giá"
        case .submitted: "Đã gửi thẩm định"
        case .appraised: "Đã thẩm định"
        case .final: "Đã công bố"
        }
    }
}

public enum DTIAction: Hashable, Sendable {
    /// Inputs per sub-indicator (or per index when the framework lists none) and evidence (links, file names).
    case selfAssess([String: Double], evidence: [String: [String]])
    case submit
    case appraise([String: Double])
    case finalize
    /// Back to the unit, with the council's reason.
    case reopen(String)

    public var name: String {
        switch self {
        case .selfAssess: "selfAssess"
        case .submit: "submit"
        case .appraise: "appraise"
        case .finalize: "finalize"
        case .reopen: "reopen"
        }
    }

    /// The council's actions; the rest are the unit's.
    public var byCouncil: Bool {
        switch self {
        case .appraise, .finalize, .reopen: true
        case .selfAssess, .submit: false
        }
    }
}

/// One unit's assessment for one year under one framework. The unit's name and code are kept as they were that
/// year, so a history survives the 2025 merger of provinces.
public struct DTIAssessment: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<DTIAssessment>

    public let id: ID
    public let framework: String
    public let year: Int
    public let unitCode: String
    public let unitName: String
    public var stage: DTIStage
    public var selfInputs: [String: Double]
    public var appraisedInputs: [String: Double]?
    public var evidence: [String: [String]]
    public var note: String?

    public init(id: ID = ID(), framework: String, year: Int, unitCode: String, unitName: String) {
        self.id = id
        self.framework = framework
        self.year = year
        self.unitCode = unitCode
        self.unitName = unitName
        stage = .draft
        selfInputs = [:]
        evidence = [:]
    }

    /// The score: the council's once appraised, the unit's own before.
    public func score(in framework: DTIFramework) throws(IndicatorError) -> DTIScore {
        try Self.score(appraisedInputs ?? selfInputs, in: framework)
    }

    static func score(_ inputs: [String: Double], in framework: DTIFramework) throws(IndicatorError) -> DTIScore {
        if framework.subIndicators.isEmpty {
            let known = Set(framework.indices.map(\.code))
            for key in inputs.keys.sorted() where !known.contains(key) {
                throw .invalidField(field: key, issue: .unknownCode(key))
            }
            return try DTIScore(framework: framework, indexPoints: inputs)
        }
        let known = Set(framework.subIndicators.map(\.code))
        for key in inputs.keys.sorted() where !known.contains(key) {
            throw .invalidField(field: key, issue: .unknownCode(key))
        }
        return try DTIScore(framework: framework, inputs: inputs)
    }

    /// Checks the action against the stage and the inputs against the framework.
    public func applying(_ action: DTIAction, framework: DTIFramework) throws(IndicatorError) -> DTIAssessment {
        var next = self
        switch (stage, action) {
        case (.draft, .selfAssess(let inputs, let evidence)):
            _ = try Self.score(inputs, in: framework)
            next.selfInputs = inputs
            next.evidence = evidence.mapValues { Array($0.prefix(20)) }
        case (.draft, .submit):
            guard !selfInputs.isEmpty else { throw .invalidField(field: "selfInputs", issue: .required) }
            next.stage = .submitted
        case (.submitted, .appraise(let inputs)), (.appraised, .appraise(let inputs)):
            _ = try Self.score(inputs, in: framework)
            next.appraisedInputs = inputs
            next.stage = .appraised
        case (.appraised, .finalize):
            next.stage = .final
        case (.submitted, .reopen(let reason)), (.appraised, .reopen(let reason)):
            guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw .invalidField(field: "note", issue: .required)
            }
            next.stage = .draft
            next.appraisedInputs = nil
            next.note = reason
        default:
            throw .invalidField(field: "action", issue: .stageAction(action.name, stage))
        }
        return next
    }
}

/// A task to lift a weak index: assigned to a unit, due on a working day, done with evidence.
public struct ImprovementTask: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<ImprovementTask>

    public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
        case open, inProgress, done

        public var label: String {
            switch self {
            case .open: "Chưa thực hiện"
            case .inProgress: "Đang thực hiện"
            case .done: "Hoàn thành"
            }
        }
    }

    public let id: ID
    public var framework: String
    public var year: Int
    public var index: String
    public var title: String
    public var assigneeCode: String
    public var due: CivilDate
    public var status: Status
    public var evidence: [String]
    public var createdAt: Date
    public var completedAt: Date?

    public init(
        id: ID = ID(),
        framework: String,
        year: Int,
        index: String,
        title: String,
        assigneeCode: String,
        due: CivilDate,
        createdAt: Date
    ) {
        self.id = id
        self.framework = framework
        self.year = year
        self.index = index
        self.title = title
        self.assigneeCode = assigneeCode
        self.due = due
        self.status = .open
        self.evidence = []
        self.createdAt = createdAt
    }

    /// Past its due day and not done.
    public func isOverdue(on day: CivilDate) -> Bool { status != .done && day > due }

    /// Moves the task on; done needs evidence.
    public func updated(to status: Status, evidence: [String], at now: Date) throws(IndicatorError) -> ImprovementTask {
        var next = self
        next.evidence = evidence.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if status == .done {
            guard !next.evidence.isEmpty else { throw .invalidField(field: "evidence", issue: .required) }
            next.completedAt = now
        } else {
            next.completedAt = nil
        }
        next.status = status
        return next
    }
}

extension FieldIssue {
    public static func stageAction(_ action: String, _ stage: DTIStage) -> FieldIssue {
        FieldIssue(
            english: "\(action) is not possible while the assessment is \(stage.rawValue)",
            vietnamese: "không thể thực hiện khi bản đánh giá \(stage.label.lowercased())"
        )
    }
}
