import Core
import Fluent
import Foundation
import Vapor

extension SharingPagesController {
    struct SecurityPage: Encodable {
        struct Row: Encodable {
            let code: String
            let name: String
            let compliant: Bool
            let reasons: [String]
            let systems: Int
            let approved: Int
            let endpoints: String
            let soc: Int
            let fourLayer: Int
        }

        struct System: Encodable {
            let id: String
            let unit: String
            let name: String
            let level: String
            let decision: String
            let endpoints: String
            let soc: Bool
            let layers: String
            let drill: String
        }

        struct Figure: Encodable {
            let label: String
            let value: String
        }

        let layout: PageLayout
        let unit: String
        let unitName: String
        let rule: String
        let rows: [Row]
        let systems: [System]
        let figures: [Figure]
        let mayEdit: Bool
        let error: String?
        let message: String?
    }

    @Sendable func security(req: Request) async throws -> View {
        try await renderSecurity(req, error: nil, message: nil)
    }

    func renderSecurity(_ req: Request, error: String?, message: String?) async throws -> View {
        let code = req.queryString("unit") ?? req.services.config.homeProvince ?? DemoData.provinceCode
        let (unit, principal) = try await SharingController.unit(req, code, .view)
        let reports = try await SharingController.reports(req, unit)
        let units = req.services.units(on: req.db)
        let mayEdit = Authorizer.may(principal, .configure, on: try await units.lineage(of: unit.id))
        let rule = try await SharingStore(db: req.db).rule(province: try await units.province(of: unit).code)
        var ruleText = [String]()
        if rule.requireApprovedLevel { ruleText.append("mọi hệ thống đã được phê duyệt cấp độ") }
        ruleText.append(
            "\(Int((rule.minEndpointProtection * 100).rounded())) % máy trạm được phòng chống mã độc tập trung"
        )
        if rule.requireSOC { ruleText.append("kết nối SOC") }
        if !rule.requiredLayers.isEmpty {
            ruleText.append(
                "có lớp " + rule.requiredLayers.map(\.rawValue).sorted().map(String.init).joined(separator: ", ")
            )
        }
        if rule.requireRegistration { ruleText.append("đã khai báo hệ thống") }
        let systems = try await SharingStore(db: req.db).systems(units: reports.map(\.unitCode))
        let total = reports.reduce(into: (systems: 0, approved: 0, endpoints: 0, protected: 0, soc: 0, four: 0)) {
            $0.systems += $1.systems
            $0.approved += $1.approvedSystems
            $0.endpoints += $1.endpoints
            $0.protected += $1.protectedEndpoints
            $0.soc += $1.socConnectedSystems
            $0.four += $1.fourLayerSystems
        }
        func percent(_ part: Int, _ whole: Int) -> String {
            whole == 0 ? "—" : VietnameseFormat.decimal(Double(part) * 100 / Double(whole)) + " %"
        }
        return try await req.view.render(
            "Sharing/security",
            SecurityPage(
                layout: .make(req, title: "An toàn thông tin và kết nối chia sẻ", section: .sharing),
                unit: unit.code,
                unitName: unit.name,
                rule: ruleText.joined(separator: "; ") + (rule.enforce ? "" : " (chỉ theo dõi, chưa ngắt kết nối)"),
                rows: reports.map {
                    SecurityPage.Row(
                        code: $0.unitCode,
                        name: $0.unitName,
                        compliant: $0.compliant,
                        reasons: $0.reasons,
                        systems: $0.systems,
                        approved: $0.approvedSystems,
                        endpoints: "\($0.protectedEndpoints)/\($0.endpoints)",
                        soc: $0.socConnectedSystems,
                        fourLayer: $0.fourLayerSystems
                    )
                },
                systems: systems.map {
                    SecurityPage.System(
                        id: $0.id.description,
                        unit: $0.unitCode,
                        name: $0.name,
                        level: $0.approvedLevel.map { "Cấp độ \($0) (đã duyệt)" }
                            ?? $0.proposedLevel.map { "Cấp độ \($0) (đề xuất)" } ?? "Chưa xác định",
                        decision: [$0.decisionNumber, $0.decisionDate.map(\.vietnamese)].compactMap { $0 }
                            .joined(separator: " ngày "),
                        endpoints: "\($0.protectedEndpoints)/\($0.endpoints)",
                        soc: $0.socConnected,
                        layers: $0.layers.map(\.rawValue).sorted().map(String.init).joined(separator: ", "),
                        drill: $0.lastDrill?.vietnamese ?? "Chưa diễn tập"
                    )
                },
                figures: [
                    .init(label: "Hệ thống được phê duyệt cấp độ", value: percent(total.approved, total.systems)),
                    .init(
                        label: "Máy trạm được phòng chống mã độc tập trung",
                        value: percent(total.protected, total.endpoints)
                    ),
                    .init(label: "Hệ thống kết nối SOC", value: percent(total.soc, total.systems)),
                    .init(label: "Hệ thống đủ mô hình 4 lớp", value: percent(total.four, total.systems)),
                    .init(
                        label: "Đơn vị đạt yêu cầu kết nối",
                        value: "\(reports.filter(\.compliant).count)/\(reports.count)"
                    ),
                ],
                mayEdit: mayEdit,
                error: error,
                message: message
            )
        )
    }

    struct SystemForm: Content {
        var unitCode: String
        var name: String
        var proposedLevel: String?
        var approvedLevel: String?
        var decisionNumber: String?
        var decisionDate: String?
        var endpoints: String?
        var protectedEndpoints: String?
        var soc: String?
        var layer1: String?
        var layer2: String?
        var layer3: String?
        var layer4: String?
        var lastDrill: String?
    }

    @Sendable func saveSystem(req: Request) async throws -> View {
        let form = try req.content.decode(SystemForm.self)
        func date(_ text: String?, _ field: String) throws -> CivilDate? {
            guard let text, !text.isEmpty else { return nil }
            guard let day = CivilDate(entered: text) else {
                throw SharingError.invalidField(field: field, message: "dd/MM/yyyy")
            }
            return day
        }
        do {
            let input = SharingController.SystemInput(
                id: nil,
                unitCode: form.unitCode.trimmingCharacters(in: .whitespaces),
                name: form.name,
                owner: nil,
                proposedLevel: Int(form.proposedLevel ?? ""),
                approvedLevel: Int(form.approvedLevel ?? ""),
                decisionNumber: form.decisionNumber.flatMap { $0.isEmpty ? nil : $0 },
                decisionDate: try date(form.decisionDate, "decisionDate"),
                endpoints: Int(form.endpoints ?? "") ?? 0,
                protectedEndpoints: Int(form.protectedEndpoints ?? "") ?? 0,
                socConnected: form.soc != nil,
                layers: [(form.layer1, 1), (form.layer2, 2), (form.layer3, 3), (form.layer4, 4)]
                    .compactMap { $0.0 == nil ? nil : $0.1 },
                lastDrill: try date(form.lastDrill, "lastDrill")
            )
            let (system, _) = try await SharingController.save(req, input)
            return try await renderSecurity(req, error: nil, message: "Đã lưu hệ thống \"\(system.name)\".")
        } catch let error as SharingError {
            return try await renderSecurity(req, error: error.messageVI, message: nil)
        }
    }
}
