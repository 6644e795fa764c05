import Core
import Fluent
import Foundation
import NIOCore
import NIOHTTP1
import Vapor

/// What `tinhso-bench ioc` needs from the App: the demo (units, users, indicators, DTI) plus `count` generated
/// dossiers, the dashboard page requested over HTTP as a signed-in province administrator, and a month's analysis.
public enum IOCBenchmark {
    public struct Result: Sendable {
        public let dossiers: Int
        public let openDossiers: Int
        public let generateSeconds: Double
        /// Wall time of each timed `GET /ioc?ou=38&range=12m` (after warm-up), seconds.
        public let renders: [Double]
        public let pageBytes: Int
        public let analysisSeconds: Double
        public let month: String
        public let series: Int
        public let findings: Int
        public let recommendations: Int
    }

    public static func run(app: Application, count: Int, renders: Int, port: Int) async throws -> Result {
        try await DemoData.prepare(app)
        let existing = try await DossierRecord.query(on: app.db).count()
        var generateSeconds = 0.0
        if existing < count {
            let start = Date()
            _ = try await DemoData.seedDossiers(count - existing, app: app, seed: UInt64(existing + 766))
            generateSeconds = Date().timeIntervalSince(start)
        }
        let open = try await SQLLiveCounts(db: app.db, units: app.services.units(on: app.db), now: Date())
            .perHandlingUnit(.openDossiers).values.reduce(0, +)

        // The sign-in answers with a redirect and the session cookie: do not follow it.
        app.http.client.configuration.redirectConfiguration = .disallow
        try await app.server.start(address: .hostname("127.0.0.1", port: port))
        var times: [Double] = []
        var bytes = 0
        do {
            let base = "http://127.0.0.1:\(port)"
            let cookie = try await signIn(app, base: base)
            for round in 0..<(renders + 3) {
                let start = DispatchTime.now().uptimeNanoseconds
                let response = try await app.client.get(URI(string: base + "/ioc?ou=38&range=12m")) {
                    $0.headers.replaceOrAdd(name: .cookie, value: cookie)
                }
                guard response.status == .ok else { throw Abort(response.status, reason: "dashboard answered") }
                bytes = response.body?.readableBytes ?? 0
                if round >= 3 { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
            }
        } catch {
            await app.server.shutdown()
            throw error
        }
        await app.server.shutdown()

        let month = Period(.monthly, containing: CivilDate(app.services.clock.now())).previous
        let start = DispatchTime.now().uptimeNanoseconds
        let report = try await Analysis.run(app, month: month, province: DemoData.provinceCode)
        let analysisSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Result(
            dossiers: try await DossierRecord.query(on: app.db).count(),
            openDossiers: open,
            generateSeconds: generateSeconds,
            renders: times,
            pageBytes: bytes,
            analysisSeconds: analysisSeconds,
            month: month.description,
            series: report.seriesRead,
            findings: report.findings.count,
            recommendations: report.recommendations.count
        )
    }

    /// Signs in through the login form as the demo province administrator; returns the session cookie.
    static func signIn(_ app: Application, base: String) async throws -> String {
        let page = try await app.client.get(URI(string: base + "/login"))
        let html = page.body.map { String(buffer: $0) } ?? ""
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else {
            throw Abort(.failedDependency, reason: "no CSRF token on /login")
        }
        let token = String(html[range.upperBound...].prefix { $0 != "\"" })
        let first = page.headers[.setCookie].map { $0.split(separator: ";")[0] }.joined(separator: "; ")
        let login = try await app.client.post(URI(string: base + "/login")) { req in
            req.headers.replaceOrAdd(name: .cookie, value: first)
            try req.content.encode(
                ["username": "demo.thanhhoa", "password": DemoData.password, "_csrf": token],
                as: .urlEncodedForm
            )
        }
        let cookie = login.headers[.setCookie].map { $0.split(separator: ";")[0] }.joined(separator: "; ")
        guard login.status == .seeOther, !cookie.isEmpty else {
            throw Abort(.failedDependency, reason: "could not sign in: \(login.status)")
        }
        return cookie
    }
}
