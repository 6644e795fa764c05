import Core
import Fluent
import Foundation
import Vapor

/// Demo open-data choices, security registry and data-sharing clients (all marked demo). Two agencies' systems are
/// left non-compliant on purpose, so the gateway's refusal can be seen.
enum DemoSharing {
    /// A fixed key for the demo client, printed in the README; a real key is random and shown once.
    static let demoKey = "tsk_DEMO-so-y-te-chi-de-thu-nghiem-2026"
    static let demoKeyNonCompliant = "tsk_DEMO-so-xay-dung-chua-dat-attt-2026"
    static let indicators = ["ty_le_dinh_danh", "ty_le_cap_quang", "ty_le_ho_so_suc_khoe", "dn_moi"]

    static func seed(on db: any Database, services: AppServices) async throws -> Bool {
        let store = SharingStore(db: db)
        guard try await store.clients().isEmpty else { return false }
        let catalog = OpenDataCatalog(db: db)
        var settings = try await catalog.settings()
        if settings.indicators.isEmpty {
            settings.indicators = indicators
            try await catalog.save(settings)
        }
        let province = DemoData.provinceCode
        let decided = CivilDate(year: 2025, month: 11, day: 20)
        let systems: [InformationSystem] = [
            InformationSystem(
                unitCode: "\(province).SYT",
                name: "Hệ thống thông tin quản lý y tế (demo)",
                owner: "Sở Y tế",
                proposedLevel: 3,
                approvedLevel: 3,
                decisionNumber: "412/QĐ-SYT (demo)",
                decisionDate: decided,
                endpoints: 120,
                protectedEndpoints: 120,
                socConnected: true,
                layers: Set(ProtectionLayer.allCases),
                lastDrill: CivilDate(year: 2026, month: 6, day: 12)
            ),
            InformationSystem(
                unitCode: "\(province).SNV",
                name: "Hệ thống quản lý văn bản và điều hành (demo)",
                owner: "Sở Nội vụ",
                proposedLevel: 2,
                approvedLevel: 2,
                decisionNumber: "88/QĐ-SNV (demo)",
                decisionDate: decided,
                endpoints: 64,
                protectedEndpoints: 64,
                socConnected: true,
                layers: [.onSite, .monitoring, .nationalConnection]
            ),
            InformationSystem(
                unitCode: "\(province).SXD",
                name: "Hệ thống cấp phép xây dựng (demo)",
                owner: "Sở Xây dựng",
                proposedLevel: 2,
                endpoints: 50,
                protectedEndpoints: 46,
                socConnected: false,
                layers: [.onSite]
            ),
        ]
        for system in systems { try await store.save(system) }
        try await SecurityFeed.refresh(on: db, services: services, units: nil)
        let now = services.clock.now()
        for (name, unit, key, scopes) in [
            (
                "Hệ thống của Sở Y tế (demo)", "\(province).SYT", demoKey,
                [
                    ApiScope(resource: "datasets/*", access: .read),
                    ApiScope(resource: "events/*", access: .write),
                    ApiScope(resource: "dossiers", access: .read),
                ]
            ),
            (
                "Hệ thống của Sở Xây dựng (demo)", "\(province).SXD", demoKeyNonCompliant,
                [ApiScope(resource: "*", access: .read)]
            ),
        ] {
            try await store.save(
                ApiClient(
                    name: name,
                    unitCode: unit,
                    keyPrefix: String(key.prefix(10)),
                    keyHash: ApiKeys.hash(key),
                    scopes: scopes,
                    ratePerMinute: 120,
                    expiresAt: now.addingTimeInterval(365 * 86_400)
                )
            )
        }
        return true
    }
}
