import Core
import Fluent
import Vapor

/// Generated demonstration data for Thanh Hóa (province code 38): agencies, and one user per role. Every name
/// carries "(demo)" and every page shows a demo banner while it is loaded. Real units come from the official file.
enum DemoData {
    static let password = "tinhso-demo-2026"
    static let provinceCode = "38"
    static let marker = "demo.admin"

    /// Departments of the provincial People's Committee (after the 2025 reorganisation of sở).
    static let provinceAgencies: [(slug: String, name: String, short: String)] = [
        ("VP", "Văn phòng Ủy ban nhân dân tỉnh", "VP UBND tỉnh"),
        ("SNV", "Sở Nội vụ", "Sở Nội vụ"),
        ("STC", "Sở Tài chính", "Sở Tài chính"),
        ("SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN"),
        ("SXD", "Sở Xây dựng", "Sở Xây dựng"),
        ("SNNMT", "Sở Nông nghiệp và Môi trường", "Sở NN&MT"),
        ("SYT", "Sở Y tế", "Sở Y tế"),
        ("SGDDT", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT"),
        ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "Sở VH-TT-DL"),
        ("SCT", "Sở Công Thương", "Sở Công Thương"),
        ("STP", "Sở Tư pháp", "Sở Tư pháp"),
        ("TTR", "Thanh tra tỉnh", "Thanh tra tỉnh"),
        ("TTPVHCC", "Trung tâm Phục vụ hành chính công tỉnh", "TT PVHCC tỉnh"),
    ]

    /// Offices of a commune-level People's Committee.
    static let communeAgencies: [(slug: String, name: String, short: String)] = [
        ("VP", "Văn phòng HĐND và UBND", "Văn phòng"),
        ("PKT", "Phòng Kinh tế, Hạ tầng và Đô thị", "Phòng Kinh tế"),
        ("PVHXH", "Phòng Văn hóa - Xã hội", "Phòng VH-XH"),
        ("TTPVHCC", "Trung tâm Phục vụ hành chính công", "TT PVHCC"),
    ]
    static let demoCommunes = ["14797", "14758", "14845"]  // Phường Hạc Thành, Phường Hàm Rồng, Xã Mường Lát

    struct DemoUser {
        let username: String
        let name: String
        let role: Role
        let unitCode: String?
        let descendants: Bool
    }

    static let users: [DemoUser] = [
        DemoUser(
            username: marker,
            name: "Quản trị hệ thống (demo)",
            role: .systemAdmin,
            unitCode: nil,
            descendants: true
        ),
        DemoUser(
            username: "demo.thanhhoa",
            name: "Quản trị tỉnh Thanh Hóa (demo)",
            role: .provinceAdmin,
            unitCode: "38",
            descendants: true
        ),
        DemoUser(
            username: "demo.ioc",
            name: "Trực IOC Thanh Hóa (demo)",
            role: .iocViewer,
            unitCode: "38",
            descendants: true
        ),
        DemoUser(
            username: "demo.hacthanh",
            name: "Quản trị phường Hạc Thành (demo)",
            role: .unitAdmin,
            unitCode: "14797",
            descendants: true
        ),
        DemoUser(
            username: "demo.canbo",
            name: "Lê Văn Cán Bộ (demo)",
            role: .officer,
            unitCode: "14797",
            descendants: false
        ),
        DemoUser(
            username: "demo.soyte",
            name: "Chuyên viên Sở Y tế (demo)",
            role: .officer,
            unitCode: "38.SYT",
            descendants: false
        ),
        DemoUser(
            username: "demo.congdan",
            name: "Nguyễn Thị Công Dân (demo)",
            role: .citizen,
            unitCode: nil,
            descendants: false
        ),
    ]

    static func isLoaded(on db: any Database) async -> Bool {
        (try? await FluentUserRepository(db: db).find(username: marker)) != nil
    }

    /// Seeds once; a second run finds the marker user and does nothing.
    /// - Returns: false when the data was already there.
    static func seed(_ app: Application) async throws -> Bool {
        guard !(await isLoaded(on: app.db)) else { return false }
        try await app.db.transaction { db in
            let services = app.services
            let units = services.units(on: db)
            guard let province = try await units.find(UnitKey(tree: .current, code: provinceCode)) else {
                throw Abort(.failedDependency, reason: "Import the units first (tinhso import-units).")
            }
            let system = try await createSystemAdmin(services: services, db: db)
            let unitService = services.unitService(on: db)
            for agency in provinceAgencies {
                _ = try await unitService.createAgency(
                    NewAgency(parentID: province.id, name: agency.name, shortName: agency.short, slug: agency.slug),
                    by: system
                )
            }
            for code in demoCommunes {
                guard let commune = try await units.find(UnitKey(tree: .current, code: code)) else { continue }
                for agency in communeAgencies {
                    _ = try await unitService.createAgency(
                        NewAgency(parentID: commune.id, name: agency.name, shortName: agency.short, slug: agency.slug),
                        by: system
                    )
                }
            }
            let accounts = services.accounts(on: db)
            for demo in users.dropFirst() {
                let user = try await accounts.createUser(
                    NewUser(username: demo.username, displayName: demo.name, password: password),
                    by: system
                )
                let unit = try await demo.unitCode.asyncMap {
                    try await units.find(UnitKey(tree: .current, code: $0))?.id
                }
                _ = try await accounts.grant(
                    demo.role,
                    on: unit ?? nil,
                    includingDescendants: demo.descendants,
                    to: user.id,
                    by: system
                )
            }
        }
        app.hasDemoData = true
        return true
    }

    /// Loads the demo procedure catalogue into an empty one.
    static func seedProcedures(on db: any Database) async throws -> Bool {
        guard try await ProcedureRecord.query(on: db).count() == 0 else { return false }
        try await db.transaction { db in
            for procedure in DemoProcedures.procedures { try await FluentProcedureRepository(db: db).save(procedure) }
        }
        return true
    }

    /// Generates `count` demo dossiers over the past year in the demo province (see `DossierGenerator`).
    static func seedDossiers(_ count: Int, app: Application, seed: UInt64 = 766) async throws -> Int {
        let db = app.db
        _ = try await seedProcedures(on: db)
        let units = app.services.units(on: db)
        guard let province = try await units.find(UnitKey(tree: .current, code: provinceCode)) else {
            throw Abort(.failedDependency, reason: "Import the units first (tinhso import-units).")
        }
        let children = try await units.children(of: province.id)
        var generator = DossierGenerator(
            calendar: try await app.services.calendar.calendar(on: db),
            procedures: try await FluentProcedureRepository(db: db).all(),
            communes: children.filter { $0.type.tier == .commune },
            province: province,
            agencies: Dictionary(
                children.filter { $0.type.tier == .agency }.map {
                    (String($0.code.dropFirst(provinceCode.count + 1)), $0)
                },
                uniquingKeysWith: { a, _ in a }
            ),
            random: .init(state: seed),
            sequences: try await DossierGenerator.storedSequences(on: db)
        )
        let now = app.services.clock.now()
        let today = CivilDate(now)
        var made = 0
        while made < count {
            let chunk = min(count - made, 100_000)
            let dossiers = try generator.generate(count: chunk, first: today.adding(days: -365), last: today, now: now)
            try await DossierGenerator.insert(dossiers, on: db)
            made += dossiers.count
            if dossiers.isEmpty { break }
        }
        return made
    }

    private static func createSystemAdmin(services: AppServices, db: any Database) async throws -> Principal {
        let accounts = services.accounts(on: db)
        let first = users[0]
        let user = try await accounts.createUser(
            NewUser(username: first.username, displayName: first.name, password: password),
            by: nil
        )
        _ = try await accounts.grant(.systemAdmin, on: nil, includingDescendants: true, to: user.id, by: nil)
        return try await accounts.principal(for: user.id)!
    }

    /// `serve --demo`: migrate, import the units and seed, each only when not done yet.
    static func prepare(_ app: Application) async throws {
        try await app.autoMigrate()
        if try await app.services.units(on: app.db).count(tree: .current, tier: .province) == 0 {
            let summary = try await UnitDataImporter.importFile(at: UnitDataImporter.defaultPath(app), app: app)
            app.logger.notice("Imported \(summary.total) administrative units.")
        }
        if try await seed(app) { app.logger.notice("Seeded demo data for Thanh Hóa.") }
        if try await seedProcedures(on: app.db) {
            app.logger.notice("Loaded \(DemoProcedures.rows.count) demo procedures.")
        }
        if try await DemoIndicators.seed(on: app.db, services: app.services) {
            app.logger.notice("Loaded the demo indicators and a year of commune values.")
        }
        if try await DemoIndicators.seedDTI(on: app.db, services: app.services) {
            app.logger.notice("Loaded the published DTI 2022 top five and demo improvement tasks.")
        }
        if try await DemoSharing.seed(on: app.db, services: app.services) {
            app.logger.notice(
                "Loaded the demo security registry and data-sharing clients (key \(DemoSharing.demoKey))."
            )
        }
        if try await DemoDocuments.seed(on: app.db, services: app.services) {
            app.logger.notice("Loaded the demo CA, certificates and a year of demo documents (signed, exchanged).")
        }
        if try await DemoCommunity.seed(on: app.db, services: app.services) {
            app.logger.notice(
                "Loaded demo digital addresses, digital-technology teams, answered reports, synonyms; trained the classifier."
            )
        }
        let published = try await OpenDataPublisher.publish(
            on: app.db,
            services: app.services,
            provinceCode: app.services.config.homeProvince ?? provinceCode
        )
        app.logger.notice("Open data: \(published.datasets) dataset(s), \(published.changed.count) regenerated.")
        app.logger.notice("Demo accounts (password \(password)): \(users.map(\.username).joined(separator: ", "))")
    }
}

/// `tinhso seed-demo`.
struct SeedDemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "dossiers", help: "Also generate this many demo dossiers over the past year")
        var dossiers: Int?
    }

    var help: String {
        "Creates demo agencies, one demo user per role and the demo procedures for Thanh Hóa (once); "
            + "--dossiers N adds N generated dossiers."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let seeded = try await DemoData.seed(app)
        context.console.print(
            seeded
                ? "Demo data created. Password for every demo user: \(DemoData.password)" : "Demo data already present."
        )
        if try await DemoData.seedProcedures(on: app.db) { context.console.print("Demo procedures loaded.") }
        if try await DemoIndicators.seed(on: app.db, services: app.services) {
            context.console.print("Demo indicators loaded.")
        }
        if try await DemoIndicators.seedDTI(on: app.db, services: app.services) {
            context.console.print("DTI 2022 (published top five) and demo tasks loaded.")
        }
        if let count = signature.dossiers {
            guard (1...5_000_000).contains(count) else {
                throw Abort(.badRequest, reason: "--dossiers must be 1–5000000 / số hồ sơ phải từ 1 đến 5.000.000")
            }
            let start = Date()
            let made = try await DemoData.seedDossiers(count, app: app)
            context.console.print(
                "Generated \(made) demo dossiers in \(String(format: "%.1f", Date().timeIntervalSince(start))) s."
            )
        }
    }
}

/// Detects demo data when the server boots, so the banner shows on any run against a demo database.
struct DemoDetector: LifecycleHandler {
    func willBootAsync(_ app: Application) async throws {
        if await DemoData.isLoaded(on: app.db) { app.hasDemoData = true }
    }
}
