import Foundation

/// The procedure catalogue: editing (province or system administrators, audited) and CSV in and out.
public struct ProcedureCatalog: Sendable {
    let procedures: any ProcedureRepository
    let audit: any AuditLog
    let clock: Clock

    public init(procedures: any ProcedureRepository, audit: any AuditLog, clock: Clock) {
        self.procedures = procedures
        self.audit = audit
        self.clock = clock
    }

    /// Adds or replaces entries, all or none validated first.
    @discardableResult
    public func save(_ entries: [Procedure], by actor: Principal) async throws -> [Procedure] {
        guard !actor.user.isDisabled, actor.holds(.systemAdmin) || actor.holds(.provinceAdmin) else {
            throw AccountError.forbidden
        }
        let valid = try entries.map { (entry) throws(DossierError) in try entry.validated() }
        for procedure in valid {
            let before = try await procedures.find(code: procedure.code)
            try await procedures.save(procedure)
            try await audit.append(
                AuditEntry(
                    at: clock.now(),
                    actorID: actor.user.id,
                    actorName: actor.user.username,
                    action: before == nil ? "procedure.add" : "procedure.edit",
                    entityType: "procedure",
                    entityID: procedure.code,
                    unitID: nil,
                    before: before.map { ["time": $0.processingTime.description, "name": $0.name] },
                    after: ["time": procedure.processingTime.description, "name": procedure.name]
                )
            )
        }
        return valid
    }

    public static let csvHeader = [
        "Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Cấp thẩm quyền", "Cơ quan", "Mức độ trực tuyến", "Thời hạn",
        "Đơn vị thời hạn", "Thành phần hồ sơ", "Phí, lệ phí", "Loại kết quả", "Căn cứ pháp lý", "Các bước",
        "Đối tượng", "Thanh toán trực tuyến", "Ưu tiên",
    ]

    /// One row per procedure. Lists inside a cell are separated by ";", parts of an item by "|":
    /// components `name|required|copies`, fees `name|amount|online discount %`, legal basis `reference|yyyy-MM-dd`,
    /// steps `name|actor|amount`.
    public static func csv(_ entries: [Procedure]) -> String {
        CSV.document(
            header: csvHeader,
            rows: entries.map { p in
                [
                    p.code, p.name, p.sector, p.competence.rawValue, p.agency, p.onlineLevel.rawValue,
                    String(p.processingTime.amount), p.processingTime.unit.rawValue,
                    p.components.map { "\($0.name)|\($0.required)|\($0.copies)" }.joined(separator: ";"),
                    p.fees.map { "\($0.name)|\($0.amount)|\($0.onlineDiscountPercent)" }.joined(separator: ";"),
                    p.resultType.rawValue,
                    p.legalBasis.map { "\($0.reference)|\($0.effectiveFrom.iso)" }.joined(separator: ";"),
                    p.steps.map { "\($0.name)|\($0.actor)|\($0.budget.amount)" }.joined(separator: ";"), p.subjects,
                    String(p.onlinePayment), String(p.priority),
                ]
            }
        )
    }

    /// Reads the export's layout back; a bad row is refused with its line number and column.
    public static func procedures(fromCSV text: String) throws(DossierError) -> [Procedure] {
        let rows = CSV.parse(text)
        guard rows.first?.count == csvHeader.count else {
            throw .invalidField(field: "file", issue: .csvHeader(csvHeader))
        }
        var entries: [Procedure] = []
        for (index, row) in rows.dropFirst().enumerated() {
            let line = "line \(index + 2)"
            func items(_ cell: String) -> [[String]] {
                cell.split(separator: ";").map {
                    $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                }
            }
            guard row.count == csvHeader.count, let competence = Procedure.Competence(rawValue: row[3]),
                let level = Procedure.OnlineLevel(rawValue: row[5]), let amount = Int(row[6]),
                let unit = ProcessingTime.Unit(rawValue: row[7]), let result = Procedure.ResultType(rawValue: row[10])
            else { throw .invalidField(field: line, issue: .csvHeader(csvHeader)) }
            let components = items(row[8]).map {
                Procedure.Component(
                    name: $0[0],
                    required: $0.count < 2 || $0[1] != "false",
                    copies: $0.count > 2 ? Int($0[2]) ?? 1 : 1
                )
            }
            var fees: [Procedure.Fee] = []
            for item in items(row[9]) {
                guard item.count >= 2, let value = Int(item[1]) else {
                    throw .invalidField(field: "\(line): fees", issue: .feeRange)
                }
                fees.append(
                    .init(name: item[0], amount: value, onlineDiscountPercent: item.count > 2 ? Int(item[2]) ?? 0 : 0)
                )
            }
            var basis: [Procedure.LegalBasis] = []
            for item in items(row[11]) {
                guard item.count == 2, let date = CivilDate(iso: item[1]) else {
                    throw .invalidField(field: "\(line): legal basis", issue: .isoDate)
                }
                basis.append(.init(reference: item[0], effectiveFrom: date))
            }
            var steps: [Procedure.Step] = []
            for item in items(row[12]) {
                guard item.count == 3, let budget = Int(item[2]) else {
                    throw .invalidField(field: "\(line): steps", issue: .stepBudgets(ProcessingTime(amount, unit)))
                }
                steps.append(.init(name: item[0], actor: item[1], budget: ProcessingTime(budget, unit)))
            }
            let procedure = Procedure(
                code: row[0],
                name: row[1],
                sector: row[2],
                competence: competence,
                agency: row[4],
                onlineLevel: level,
                processingTime: ProcessingTime(amount, unit),
                components: components,
                fees: fees,
                resultType: result,
                legalBasis: basis,
                steps: steps,
                subjects: row[13],
                onlinePayment: row[14] == "true",
                priority: row[15] == "true"
            )
            entries.append(try procedure.validated())
        }
        return entries
    }
}
