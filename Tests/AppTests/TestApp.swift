import Core
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

enum TestEnvironment {
    /// Set by `.ci/run` for the PostgreSQL lane; otherwise tests use SQLite.
    static let postgresURL = ProcessInfo.processInfo.environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static var isSQLite: Bool { postgresURL == nil }
    static let now = Date(timeIntervalSince1970: 1_790_000_000)  // 21/09/2026, a fixed clock
    static let password = "mat-khau-thu-nghiem"

    /// On SQLite, a throw-away file per test app, as in production: an in-memory database cannot be opened twice,
    /// so the writers' and the jobs' connections and `SQLiteReader` would go untested. `TINHSO_TEST_SQLITE=memory`
    /// runs the tests in memory instead.
    static var database: AppConfig.Database {
        if let postgresURL { return .postgres(url: postgresURL) }
        if ProcessInfo.processInfo.environment["TINHSO_TEST_SQLITE"] == "memory" { return .sqliteMemory }
        return .sqliteFile(path: throwAwayFile())
    }

    /// A new SQLite file's path that `withTestApp` removes (with its log and index) when it is done.
    static func throwAwayFile() -> String { throwAwayPrefix + "\(UUID().uuidString).sqlite" }

    /// Removes a SQLite file with its log and index.
    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Where the throw-away files go.
    static let throwAwayPrefix = FileManager.default.temporaryDirectory.appendingPathComponent("tinhso-test-").path
}

/// Runs `body` against a freshly configured and migrated application, and always shuts it down.
func withTestApp(
    database: AppConfig.Database = TestEnvironment.database,
    adjust: (inout AppConfig) -> Void = { _ in },
    _ body: (Application) async throws -> Void
) async throws {
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    var throwAway: String?
    if case .sqliteFile(let path) = database, path.hasPrefix(TestEnvironment.throwAwayPrefix) { throwAway = path }
    defer {
        if let throwAway { TestEnvironment.remove(throwAway) }
    }
    do {
        var config = AppConfig(database: database, bcryptCost: 4)
        // A test's file is thrown away: commits need not wait for the disk.
        config.sqliteSynchronousNormal = throwAway != nil
        config.iocCacheSeconds = 0
        config.keyEncryptionKey = Data(repeating: 42, count: 32).base64EncodedString()
        config.uploadDirectory =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("tinhso-uploads-\(UUID().uuidString)").path
        adjust(&config)
        try await configure(app, config: config, clock: .fixed(TestEnvironment.now))
        if case .postgres = database {
            let sql = app.db as! any SQLDatabase
            try await sql.raw("DROP SCHEMA public CASCADE").run()
            try await sql.raw("CREATE SCHEMA public").run()
        }
        try await app.autoMigrate()
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}

/// A small slice of the official tree: Thanh Hóa with three communes, Nghệ An with one, and a legacy branch.
enum UnitsFixture {
    static let csv = """
        tree,code,parent_code,level,type,name,short_name,lat,lon,area_km2,merged_into,also_into,aliases
        2025,38,,1,province,Tỉnh Thanh Hóa,Thanh Hóa,20.0468,105.317,11114.86,,,
        2025,14758,38,2,ward,Phường Hàm Rồng,Hàm Rồng,19.8431,105.774,20.88,,,
        2025,14797,38,2,ward,Phường Hạc Thành,Hạc Thành,19.8028,105.789,24.63,,,
        2025,14845,38,2,commune,Xã Mường Lát,Mường Lát,20.5,104.6,352.5,,,
        2025,40,,1,province,Tỉnh Nghệ An,Nghệ An,19.2,104.9,16486,,,
        2025,16681,40,2,ward,Phường Vinh Phú,Vinh Phú,18.68,105.67,10.2,,,
        legacy,38,,1,province,Tỉnh Thanh Hóa,Thanh Hóa,19.8,105.7,,38,,
        legacy,380,38,2,provincialCity,Thành phố Thanh Hóa,Thanh Hóa,19.8,105.7,,,,
        legacy,14797,380,3,ward,Phường Điện Biên,Điện Biên,19.8,105.78,,14797,,
        legacy,14800,380,3,ward,Phường Lam Sơn,Lam Sơn,19.8,105.78,,14797,14758,
        """

    static func load(_ app: Application) async throws {
        _ = try await app.services.unitService(on: app.db).importUnits(try UnitDataFile.parse(csv))
    }

    static func unit(_ app: Application, _ code: String, tree: AdminTree = .current) async throws -> AdminUnit {
        try #require(try await app.services.units(on: app.db).find(UnitKey(tree: tree, code: code)))
    }
}

/// Creates a user with one grant, as the system would (no actor checks), and returns it.
@discardableResult
func makeUser(
    _ app: Application,
    _ username: String,
    role: Role,
    on unitCode: String?,
    descendants: Bool = false
) async throws -> Principal {
    let accounts = app.services.accounts(on: app.db)
    let user = try await accounts.createUser(
        NewUser(username: username, displayName: "Người dùng \(username)", password: TestEnvironment.password),
        by: nil
    )
    let unit = try await unitCode.asyncMap { try await UnitsFixture.unit(app, $0).id }
    _ = try await accounts.grant(role, on: unit, includingDescendants: descendants, to: user.id, by: nil)
    return try #require(try await accounts.principal(for: user.id))
}

/// Issues an API token through the API itself.
func apiToken(_ app: Application, _ username: String, password: String = TestEnvironment.password) async throws
    -> String
{
    let response = try await app.testing().sendRequest(.POST, "/api/v1/auth/tokens") { req in
        try req.content.encode(["username": username, "password": password], as: .json)
    }
    #expect(response.status == .created)
    return try response.content.get(String.self, at: "token")
}

func bearer(_ token: String) -> HTTPHeaders { ["Authorization": "Bearer \(token)"] }

/// Files a report through the API as the holder of `token` (by default in Phường Hạc Thành).
func postFeedback(
    _ app: Application,
    token: String,
    category: String = "giao-thong",
    lat: Double = 19.8030,
    lon: Double = 105.7890,
    description: String = "Ổ gà lớn trước số nhà 12, gọi 0912 345 678"
) async throws -> TestingHTTPResponse {
    try await app.testing().sendRequest(.POST, "/api/v1/feedback", headers: bearer(token)) { req in
        try req.content.encode(
            NewFeedbackDTO(category: category, description: description, lat: lat, lon: lon, urgent: nil),
            as: .json
        )
    }
}

/// Generates and stores `count` demo dossiers received over the `days` before the test clock, for Thanh Hóa and
/// three of its communes (the demo procedures must be loaded).
func insertGeneratedDossiers(_ app: Application, count: Int, days: Int) async throws -> (
    province: AdminUnit, communes: [AdminUnit], dossiers: [Dossier]
) {
    let province = try await UnitsFixture.unit(app, "38")
    var communes: [AdminUnit] = []
    for code in ["14758", "14797", "14845"] { communes.append(try await UnitsFixture.unit(app, code)) }
    var generator = DossierGenerator(
        calendar: try await app.services.calendar.calendar(on: app.db),
        procedures: DemoProcedures.procedures,
        communes: communes,
        province: province,
        agencies: [:]
    )
    let now = TestEnvironment.now
    let dossiers = try generator.generate(
        count: count,
        first: CivilDate(now).adding(days: -days),
        last: CivilDate(now),
        now: now
    )
    try await DossierGenerator.insert(dossiers, on: app.db)
    return (province, communes, dossiers)
}
