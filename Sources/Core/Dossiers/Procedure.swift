public import Foundation

/// An administrative procedure (thủ tục hành chính) as the province publishes it: what to submit, how long it takes,
/// what it costs, who decides, and the steps inside the administration. The parts the law requires to be public
/// (khoản 2 Điều 8 NĐ 63/2010/NĐ-CP: name, sequence, method, components, time limit, subjects, agency) are fields
/// here; 766 indicator 1.3 checks that each is filled.
public struct Procedure: Hashable, Sendable, Codable, Identifiable {
    public var id: String { code }

    /// Who decides the dossier: the province (a department or the provincial committee), or the commune.
    public enum Competence: String, Hashable, Sendable, Codable, CaseIterable {
        case province, commune
        public var label: String { self == .province ? "Cấp tỉnh" : "Cấp xã" }
    }

    /// Online service level under NĐ 42/2022/NĐ-CP (the old levels 1–4 became two).
    public enum OnlineLevel: String, Hashable, Sendable, Codable, CaseIterable {
        case full, partial, none
        public var label: String {
            switch self {
            case .full: "Toàn trình"
            case .partial: "Một phần"
            case .none: "Không trực tuyến"
            }
        }
    }

    public enum ResultType: String, Hashable, Sendable, Codable, CaseIterable {
        case paper, electronic
    }

    public struct Component: Hashable, Sendable, Codable {
        public var name: String
        public var required: Bool
        public var copies: Int

        public init(name: String, required: Bool = true, copies: Int = 1) {
            self.name = name
            self.required = required
            self.copies = copies
        }
    }

    /// A fee or charge in đồng; filing online may cut it (e.g. 50 % under the province's resolution).
    public struct Fee: Hashable, Sendable, Codable {
        public var name: String
        public var amount: Int
        public var onlineDiscountPercent: Int

        public init(name: String, amount: Int, onlineDiscountPercent: Int = 0) {
            self.name = name
            self.amount = amount
            self.onlineDiscountPercent = onlineDiscountPercent
        }

        public func due(online: Bool) -> Int { online ? amount - amount * onlineDiscountPercent / 100 : amount }
    }

    public struct LegalBasis: Hashable, Sendable, Codable {
        public var reference: String
        public var effectiveFrom: CivilDate

        public init(reference: String, effectiveFrom: CivilDate) {
            self.reference = reference
            self.effectiveFrom = effectiveFrom
        }
    }

    /// One step of the internal workflow: who acts and how much of the statutory time it may use.
    public struct Step: Hashable, Sendable, Codable {
        public var name: String
        public var actor: String
        public var budget: ProcessingTime

        public init(name: String, actor: String, budget: ProcessingTime) {
            self.name = name
            self.actor = actor
            self.budget = budget
        }
    }

    public var code: String
    public var name: String
    public var sector: String
    public var competence: Competence
    /// For a provincial procedure, the department that decides (an agency slug such as `STP`); empty means the
    /// provincial People's Committee.
    public var agency: String
    public var onlineLevel: OnlineLevel
    public var processingTime: ProcessingTime
    public var components: [Component]
    public var fees: [Fee]
    public var resultType: ResultType
    public var legalBasis: [LegalBasis]
    public var steps: [Step]
    /// Who may file (đối tượng thực hiện).
    public var subjects: String
    /// Fees can be paid through the payment gateway (766 indicator 3.5).
    public var onlinePayment: Bool
    /// A priority procedure returned ahead of time.
    public var priority: Bool

    public init(
        code: String,
        name: String,
        sector: String,
        competence: Competence,
        agency: String = "",
        onlineLevel: OnlineLevel,
        processingTime: ProcessingTime,
        components: [Component],
        fees: [Fee] = [],
        resultType: ResultType = .paper,
        legalBasis: [LegalBasis] = [],
        steps: [Step] = [],
        subjects: String = "Công dân Việt Nam",
        onlinePayment: Bool = false,
        priority: Bool = false
    ) {
        self.code = code
        self.name = name
        self.sector = sector
        self.competence = competence
        self.agency = agency
        self.onlineLevel = onlineLevel
        self.processingTime = processingTime
        self.components = components
        self.fees = fees
        self.resultType = resultType
        self.legalBasis = legalBasis
        self.steps = steps
        self.subjects = subjects
        self.onlinePayment = onlinePayment
        self.priority = priority
    }

    public var hasFees: Bool { fees.contains { $0.amount > 0 } }

    /// Whether every part the law requires to be published is there (766 indicator 1.3).
    public var isFullyPublished: Bool {
        !name.isEmpty && !steps.isEmpty && !components.isEmpty && processingTime.amount > 0 && !subjects.isEmpty
            && !legalBasis.isEmpty
    }

    /// Checks a catalogue entry: a code, a name, a positive time, and steps whose budgets add up to the statutory
    /// time (in the same unit) when steps are given.
    public func validated() throws(DossierError) -> Procedure {
        var copy = self
        copy.code = code.trimmingCharacters(in: .whitespaces)
        copy.name = name.trimmingCharacters(in: .whitespaces)
        guard (3...30).contains(copy.code.count), copy.code.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." })
        else { throw .invalidField(field: "code", issue: .procedureCode) }
        guard (3...500).contains(copy.name.count) else { throw .invalidField(field: "name", issue: .length(3...500)) }
        guard processingTime.amount > 0 else { throw .invalidField(field: "processingTime", issue: .positive) }
        if !steps.isEmpty {
            guard steps.allSatisfy({ $0.budget.unit == processingTime.unit }),
                steps.reduce(0, { $0 + $1.budget.amount }) == processingTime.amount
            else { throw .invalidField(field: "steps", issue: .stepBudgets(processingTime)) }
        }
        for fee in fees where fee.amount < 0 || !(0...100).contains(fee.onlineDiscountPercent) {
            throw .invalidField(field: "fees", issue: .feeRange)
        }
        return copy
    }
}

/// A statutory time limit: working days, or working hours for the fastest procedures.
public struct ProcessingTime: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Unit: String, Hashable, Sendable, Codable, CaseIterable {
        case workingDays, workingHours
    }

    public var amount: Int
    public var unit: Unit

    public init(_ amount: Int, _ unit: Unit = .workingDays) {
        self.amount = amount
        self.unit = unit
    }

    public static func days(_ n: Int) -> ProcessingTime { ProcessingTime(n, .workingDays) }
    public static func hours(_ n: Int) -> ProcessingTime { ProcessingTime(n, .workingHours) }

    public var description: String { "\(amount) \(unit == .workingDays ? "ngày làm việc" : "giờ làm việc")" }

    /// The deadline this long after `start` on `calendar` (the cut-off applies to days, as for receipt).
    public func deadline(from start: Date, calendar: BusinessCalendar) throws(CalendarError) -> Date {
        switch unit {
        case .workingDays: try calendar.addingWorkingDays(amount, to: start)
        case .workingHours: try calendar.addingWorkingHours(Double(amount), to: start)
        }
    }
}

extension FieldIssue {
    public static let procedureCode = FieldIssue(
        english: "must be 3–30 letters, digits or dots (the national code, e.g. 1.001193)",
        vietnamese: "phải gồm 3–30 chữ, số hoặc dấu chấm (mã quốc gia, vd: 1.001193)"
    )
    public static let positive = FieldIssue(english: "must be greater than 0", vietnamese: "phải lớn hơn 0")
    public static let feeRange = FieldIssue(
        english: "amounts are ≥ 0 and discounts 0–100 %",
        vietnamese: "số tiền ≥ 0 và mức giảm 0–100 %"
    )

    public static func stepBudgets(_ total: ProcessingTime) -> FieldIssue {
        FieldIssue(
            english: "step budgets must add up to the statutory time (\(total.amount) \(total.unit.rawValue))",
            vietnamese: "tổng thời gian các bước phải bằng thời hạn giải quyết (\(total))"
        )
    }
}
