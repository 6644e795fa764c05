import Core
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// Issue 11: what the browser is told and what it can be tricked into: no inline script or style for the CSP to
/// block (or to let through), cookie flags, and no path out of the upload and public directories.
extension AppTests {
    struct SecurityTests {
        static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()

        @Test("No template or script has an inline script, event handler, style attribute or javascript: URL")
        func noInlineCode() throws {
            // Templates: none of these; scripts: no javascript: URL.
            let sources = [
                #"<script(?![^>]*\bsrc=)"#, #"\son[a-z]+\s*="#, #"\sstyle\s*="#, #"<style"#, #"javascript:"#,
            ]
            var scanned = 0
            for folder in ["Resources/Views", "Public"] {
                let base = Self.root.appendingPathComponent(folder)
                let files =
                    FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)?
                    .compactMap { $0 as? URL }.filter { ["leaf", "html", "js"].contains($0.pathExtension) } ?? []
                // Rendered only into the PDF printer's self-contained page (stylesheet inlined), never served.
                for file in files where file.lastPathComponent != "report-print.leaf" {
                    let text = try String(contentsOf: file, encoding: .utf8)
                    scanned += 1
                    for source in file.pathExtension == "js" ? [sources[4]] : sources {
                        let pattern = try Regex(source).ignoresCase()
                        #expect(text.firstMatch(of: pattern) == nil, "\(file.lastPathComponent): \(source)")
                    }
                }
            }
            #expect(scanned > 40)
        }

        @Test("The session cookie is HttpOnly and SameSite=Lax, and Secure when the site is served over HTTPS")
        func cookieFlags() async throws {
            for secure in [false, true] {
                let check: (Application) async throws -> Void = { app in
                    let response = try await app.testing().sendRequest(.GET, "/login")
                    let cookie = try #require(response.headers[.setCookie].first { $0.hasPrefix("tinhso_session=") })
                    #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
                    #expect(cookie.contains("Secure") == secure)
                }
                try await withTestApp(adjust: { $0.secureCookies = secure }, check)
            }
        }

        @Test("Paths with .. or encoded slashes reach no file outside the public and upload folders")
        func traversal() async throws {
            try await withTestApp { app in
                let (admin, _, _) = try await DossierApiTests().setUp(app)
                for path in [
                    "/../Package.swift", "/%2e%2e/Package.swift", "/css/..%2f..%2fPackage.swift",
                    "/js/%2e%2e%2f%2e%2e%2fPackage.swift",
                ] {
                    let response = try await app.testing().sendRequest(.GET, path)
                    #expect(!response.body.string.contains("PackageDescription"), "\(path)")
                    #expect(response.status != .ok, "\(path)")
                }
                for name in ["..%2F..%2F..%2Fetc%2Fpasswd", "..", "%2e%2e", "....%2F.ssh%2Fid_rsa"] {
                    let response = try await app.testing().sendRequest(
                        .GET,
                        "/api/v1/dti/evidence/\(name)",
                        headers: bearer(admin)
                    )
                    #expect([.notFound, .forbidden].contains(response.status), "\(name)")
                }
                // A document file's name is a name, never a path.
                #expect(DocumentDesk.fileName("../../etc/passwd") == "passwd.pdf")
                #expect(DocumentDesk.fileName("..\\..\\boot.ini") == "boot.ini.pdf")
                #expect(DocumentDesk.fileName("..") == "van-ban...pdf")
            }
        }

        @Test("A server-side failure keeps its status but not its reason; a client error keeps both")
        func serverErrorsHideReasons() {
            let failed = Failure.from(Abort(.internalServerError, reason: "corrupt dossier row 14797-260921-0001"))
            #expect(failed.status == .internalServerError && failed.message == "An internal error occurred.")
            let unavailable = Failure.from(Abort(.serviceUnavailable, reason: "pool exhausted at 10.0.0.5"))
            #expect(unavailable.status == .serviceUnavailable && !unavailable.message.contains("10.0.0.5"))
            let missing = Failure.from(Abort(.notFound, reason: "No PDF printer"))
            #expect(missing.status == .notFound && missing.message == "No PDF printer")
        }
    }
}
