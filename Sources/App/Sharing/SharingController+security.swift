import Core
import Fluent
import Foundation
import Vapor

extension InformationSystem: Content {}
extension ComplianceRule: Content {}

extension SharingController {
    struct SystemInput: Content {
        var id: UUID?
        var unitCode: String
        var name: String
        var owner: String?
        var proposedLevel: Int?
        var approvedLevel: Int?
        var decisionNumber: String?
        var decisionDate: CivilDate?
        var endpoints: Int
        var protectedEndpoints: Int
        var socConnected: Bool
        var layers: [Int]?
        var lastDrill: CivilDate?
    }

    /// A unit's standing, with the figures the DTI "An toàn thông tin mạng" index is fed from.
    struct ComplianceDTO: Content {
        let unitCode: String
        let unitName: String
        let compliant: Bool
        let enforced: Bool
        let reasons: [String]
        let reasonsEN: [String]
        let systems: Int
        let approvedSystems: Int
        let endpoints: Int
        let protectedEndpoints: Int
        let endpointProtectionPercent: Double
        let socConnectedSystems: Int
        let fourLayerSystems: Int

        init(_ report: ComplianceReport, unit: AdminUnit, rule: ComplianceRule) {
            unitCode = unit.code
            unitName = unit.name
            compliant = report.compliant
            enforced = rule.enforce
            reasons = report.gaps.map(\.messageVI)
            reasonsEN = report.gaps.map(\.message)
            systems = report.systems
            approvedSystems = report.approvedSystems
            endpoints = report.endpoints
            protectedEndpoints = report.protectedEndpoints
            endpointProtectionPercent = (report.endpointProtection * 1000).rounded() / 10
            socConnectedSystems = report.socConnectedSystems
            fourLayerSystems = report.fourLayerSystems
        }
    }

    @Sendable func systems(req: Request) async throws -> [InformationSystem] {
        if let code = req.queryString("unit") {
            _ = try await Self.unit(req, code, .view)
            return try await SharingStore(db: req.db).systems(units: [code])
        }
        let reach = try await Self.reach(req, .view)
        return try await SharingStore(db: req.db).systems(units: reach.map { Array($0) })
    }

    @Sendable func saveSystem(req: Request) async throws -> Response {
        let input = try req.content.decode(SystemInput.self)
        let (system, created) = try await Self.save(req, input)
        let response = Response(status: created ? .created : .ok)
        try response.content.encode(system)
        return response
    }

    /// Checks and stores a system; audits the change and, when it switches the unit's standing, that too.
    static func save(_ req: Request, _ input: SystemInput) async throws -> (InformationSystem, created: Bool) {
        let (unit, principal) = try await unit(req, input.unitCode, .configure)
        let store = SharingStore(db: req.db)
        let existing = try await input.id.asyncMap { try await store.system(InformationSystem.ID(rawValue: $0)) } ?? nil
        if let existing, existing.unitCode != unit.code {
            // Moving a system to another unit needs `configure` on the old one too.
            _ = try await Self.unit(req, existing.unitCode, .configure)
        }
        var layers: Set<ProtectionLayer> = []
        for raw in input.layers ?? [] {
            guard let layer = ProtectionLayer(rawValue: raw) else {
                throw SharingError.invalidField(field: "layers", message: "layers are 1 to 4")
            }
            layers.insert(layer)
        }
        let system = InformationSystem(
            id: existing?.id ?? InformationSystem.ID(),
            unitCode: unit.code,
            name: input.name.trimmingCharacters(in: .whitespacesAndNewlines),
            owner: input.owner ?? unit.name,
            proposedLevel: input.proposedLevel,
            approvedLevel: input.approvedLevel,
            decisionNumber: input.decisionNumber?.trimmingCharacters(in: .whitespaces),
            decisionDate: input.decisionDate,
            endpoints: input.endpoints,
            protectedEndpoints: input.protectedEndpoints,
            socConnected: input.socConnected,
            layers: layers,
            lastDrill: input.lastDrill
        )
        if let issue = system.issues().first {
            throw SharingError.invalidField(field: issue.field, message: issue.message)
        }
        try await Self.change(
            req,
            unit,
            principal,
            action: existing == nil ? "security.addSystem" : "security.updateSystem",
            system: system.id,
            before: existing.map(Self.summary),
            after: Self.summary(system)
        ) { db in try await SharingStore(db: db).save(system) }
        return (system, existing == nil)
    }

    /// One registry change in one transaction: the write, its audit line, the audit line of the unit being switched
    /// off or on when its standing changes, and the unit's figures in the indicator engine.
    static func change(
        _ req: Request,
        _ unit: AdminUnit,
        _ principal: Principal,
        action: String,
        system: InformationSystem.ID,
        before summaryBefore: [String: String]?,
        after summaryAfter: [String: String]?,
        write: @escaping @Sendable (any Database) async throws -> Void
    ) async throws {
        let before = try await req.compliance(of: unit.code)
        let now = req.services.clock.now()
        try await req.transaction { db in
            try await write(db)
            let audit = req.services.audit(on: db)
            try await audit.append(
                AuditEntry(
                    at: now,
                    actorID: principal.user.id,
                    actorName: principal.user.username,
                    action: action,
                    entityType: "informationSystem",
                    entityID: system.description,
                    unitID: unit.id,
                    before: summaryBefore,
                    after: summaryAfter
                )
            )
            let systems = try await SharingStore(db: db).systems(units: [unit.code])
            let after = ComplianceReport(unitCode: unit.code, systems: systems, rule: before.rule)
            if after.compliant != before.report.compliant {
                try await audit.append(Self.switched(unit, before.report, after, principal, now))
            }
            try await SecurityFeed.refresh(on: db, services: req.services, units: [unit.code])
        }
    }

    static func summary(_ system: InformationSystem) -> [String: String] {
        [
            "name": system.name,
            "approvedLevel": system.approvedLevel.map(String.init) ?? "",
            "decision": system.decisionNumber ?? "",
            "endpoints": "\(system.protectedEndpoints)/\(system.endpoints)",
            "soc": system.socConnected ? "yes" : "no",
            "layers": system.layers.map(\.rawValue).sorted().map(String.init).joined(separator: ","),
        ]
    }

    /// The audit line for a unit switched off or back on for data sharing.
    static func switched(
        _ unit: AdminUnit,
        _ before: ComplianceReport,
        _ after: ComplianceReport,
        _ principal: Principal,
        _ now: Date
    ) -> AuditEntry {
        AuditEntry(
            at: now,
            actorID: principal.user.id,
            actorName: principal.user.username,
            action: after.compliant ? "security.reconnected" : "security.disconnected",
            entityType: "unit",
            entityID: unit.code,
            unitID: unit.id,
            before: ["compliant": before.compliant ? "yes" : "no"],
            after: [
                "compliant": after.compliant ? "yes" : "no",
                "reasons": after.gaps.map(\.messageVI).joined(separator: " "),
            ]
        )
    }

    @Sendable func deleteSystem(req: Request) async throws -> HTTPStatus {
        let id: InformationSystem.ID = try req.pathID()
        let store = SharingStore(db: req.db)
        guard let system = try await store.system(id) else { throw WebError.notFound }
        let (unit, principal) = try await Self.unit(req, system.unitCode, .configure)
        try await Self.change(
            req,
            unit,
            principal,
            action: "security.removeSystem",
            system: id,
            before: Self.summary(system),
            after: nil
        ) { db in try await SharingStore(db: db).deleteSystem(id) }
        return .noContent
    }

    static func province(_ req: Request) async throws -> AdminUnit {
        let code = req.queryString("province") ?? req.services.config.homeProvince ?? DemoData.provinceCode
        let units = req.services.units(on: req.db)
        guard let unit = try await units.find(UnitKey(tree: .current, code: code)), unit.type.tier == .province else {
            throw WebError.invalidParameter(name: "province", issue: .unknownUnit)
        }
        return unit
    }

    @Sendable func rule(req: Request) async throws -> ComplianceRule {
        try await SharingStore(db: req.db).rule(province: try await Self.province(req).code)
    }

    @Sendable func saveRule(req: Request) async throws -> ComplianceRule {
        let province = try await Self.province(req)
        let (_, principal) = try await Self.unit(req, province.code, .configure)
        let rule = try req.content.decode(ComplianceRule.self)
        guard (0...1).contains(rule.minEndpointProtection) else {
            throw SharingError.invalidField(field: "minEndpointProtection", message: "a share from 0 to 1")
        }
        let old = try await SharingStore(db: req.db).rule(province: province.code)
        let now = req.services.clock.now()
        try await req.transaction { db in
            try await SharingStore(db: db).save(rule, province: province.code)
            try await req.services.audit(on: db).append(
                AuditEntry(
                    at: now,
                    actorID: principal.user.id,
                    actorName: principal.user.username,
                    action: "security.saveRule",
                    entityType: "complianceRule",
                    entityID: province.code,
                    unitID: province.id,
                    before: ["rule": (try? JSONText.encode(old)) ?? ""],
                    after: ["rule": (try? JSONText.encode(rule)) ?? ""]
                )
            )
        }
        return rule
    }

    /// `?unit=`: one unit; a province gives itself and each of its agencies.
    @Sendable func compliance(req: Request) async throws -> [ComplianceDTO] {
        let code = req.queryString("unit") ?? req.services.config.homeProvince ?? DemoData.provinceCode
        let (unit, _) = try await Self.unit(req, code, .view)
        return try await Self.reports(req, unit)
    }

    static func reports(_ req: Request, _ unit: AdminUnit) async throws -> [ComplianceDTO] {
        let units = req.services.units(on: req.db)
        var list = [unit]
        if unit.type.tier == .province {
            list += try await units.children(of: unit.id).filter { $0.type.tier == .agency }.sorted {
                $0.code < $1.code
            }
        }
        let province = try await units.province(of: unit)
        let store = SharingStore(db: req.db)
        let rule = try await store.rule(province: province.code)
        let all = Dictionary(grouping: try await store.systems(units: list.map(\.code)), by: \.unitCode)
        return list.map {
            ComplianceDTO(
                ComplianceReport(unitCode: $0.code, systems: all[$0.code] ?? [], rule: rule),
                unit: $0,
                rule: rule
            )
        }
    }
}
