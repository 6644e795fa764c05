import Core
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// Issue 11 (begun): no reporter's or applicant's personal data on any public page, API or open-data resource.
extension AppTests {
    struct PrivacyTests {
        let dossiers = DossierApiTests()
        let feedback = FeedbackTests()

        /// What the fixtures hold about people: the applicant's name, ID number and phone; the reporter's name,
        /// username and the phone written into a report and into its answer.
        static let personal = [
            "038090001234", "0912345678", "0912 345 678", "Lê Văn An", "Người dùng cong.dan", "cong.dan",
        ]

        @Test(
            "Public pages, the public APIs, Open311, the assistant and every open-data download carry no personal data"
        )
        func nothingPersonalInPublic() async throws {
            try await withTestApp { app in
                let (_, desk, handler) = try await dossiers.setUp(app)
                try await makeUser(app, "cong.dan", role: .citizen, on: nil)
                let citizen = try await apiToken(app, "cong.dan")
                let filed = try await dossiers.file(app, token: desk)
                #expect(filed.status == .created)
                let dossier = try filed.content.get(String.self, at: "code")
                let report = try await postFeedback(app, token: citizen)
                let code = try report.content.get(String.self, at: "feedback", "code")
                for (action, note) in [
                    ("receive", nil), ("startHandling", nil),
                    ("answer", "Đã vá ổ gà; đã gọi lại anh An theo số 0912 345 678."), ("publish", nil),
                ] {
                    #expect(try await feedback.act(app, code, action, token: handler, note: note) == .ok)
                }
                _ = try await OpenDataPublisher.publish(on: app.db, services: app.services, provinceCode: "38")

                var paths = [
                    "/", "/feedback", "/feedback/\(code)", "/feedback/map", "/api/v1/public/feedback",
                    "/open311/v2/requests.json", "/open311/v2/requests.xml", "/open311/v2/requests/\(code).json",
                    "/hoi-dap?q=o%20ga%20lon", "/tra-cuu?code=\(dossier)", "/api/v1/public/dossiers/\(dossier)",
                    "/du-lieu-mo", "/api/3/action/package_search?rows=100", "/indicators/766",
                ]
                let names = try await app.testing().sendRequest(.GET, "/api/3/action/package_list")
                    .content.get([String].self, at: "result")
                #expect(!names.isEmpty)
                for name in names {
                    paths += [
                        "/du-lieu-mo/\(name)", "/du-lieu-mo/tai-ve/\(name).csv", "/du-lieu-mo/tai-ve/\(name).json",
                    ]
                }
                var read = 0
                for path in paths {
                    let response = try await app.testing().sendRequest(.GET, path)
                    guard response.status == .ok else { continue }
                    read += 1
                    let body = response.body.string
                    for secret in Self.personal {
                        #expect(!body.contains(secret), "\(path) shows \(secret)")
                    }
                }
                #expect(read >= paths.count - 2)  // the dossier lookup wants the applicant's phone
                // The same report, read by its handling officer, does hold the phone: the scan can see it.
                let full = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/feedback/\(code)",
                    headers: bearer(handler)
                )
                #expect(full.body.string.contains("0912 345 678"))
            }
        }

        @Test("Error responses carry the security headers too (CSP without inline scripts, frame-ancestors, nosniff)")
        func headersOnErrors() async throws {
            try await withTestApp { app in
                for path in ["/khong-co-trang-nay", "/api/v1/feedback/PA-000000-0000", "/dossiers/new"] {
                    let response = try await app.testing().sendRequest(.GET, path)
                    #expect(response.status.code >= 300, "\(path)")
                    let policy = response.headers.first(name: "Content-Security-Policy") ?? ""
                    #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), "\(path)")
                    #expect(policy.contains("frame-ancestors 'none'"))
                    #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
                    #expect(response.headers.first(name: "Referrer-Policy") == "same-origin")
                }
            }
        }
    }
}
