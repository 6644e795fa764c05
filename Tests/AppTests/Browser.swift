import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// A minimal browser over the in-memory tester: keeps cookies, reads the CSRF token from the last page, posts forms.
final class Browser {
    let app: Application
    private(set) var cookies: [String: String] = [:]
    private(set) var lastBody = ""

    init(_ app: Application) { self.app = app }

    @discardableResult
    func get(_ path: String) async throws -> TestingHTTPResponse {
        try await send(.GET, path, form: nil)
    }

    /// Posts a form; adds the CSRF token from the last page unless `csrf` is false.
    @discardableResult
    func post(_ path: String, _ form: [String: String], csrf: Bool = true) async throws -> TestingHTTPResponse {
        var fields = form
        if csrf, let token = csrfToken { fields["_csrf"] = token }
        return try await send(.POST, path, form: fields)
    }

    /// Posts a multipart form (as a page with a file input does), with the CSRF token as a form field.
    @discardableResult
    func postMultipart(
        _ path: String,
        _ fields: [String: String],
        file: (name: String, filename: String, type: String, data: Data)?
    ) async throws -> TestingHTTPResponse {
        var all = fields
        if let token = csrfToken { all["_csrf"] = token }
        return try await send(.POST, path, raw: Multipart.encode(all, file: file))
    }

    /// Signs in through the login form.
    @discardableResult
    func login(_ username: String, password: String = TestEnvironment.password, next: String? = nil) async throws
        -> TestingHTTPResponse
    {
        try await get("/login")
        var form = ["username": username, "password": password]
        if let next { form["next"] = next }
        return try await post("/login", form)
    }

    var csrfToken: String? {
        guard let range = lastBody.range(of: "name=\"_csrf\" value=\"") else { return nil }
        return String(lastBody[range.upperBound...].prefix { $0 != "\"" })
    }

    var sessionCookie: String? { cookies["tinhso_session"] }

    private func send(
        _ method: HTTPMethod,
        _ path: String,
        form: [String: String]? = nil,
        raw: (HTTPHeaders, ByteBuffer)? = nil
    ) async throws -> TestingHTTPResponse {
        let jar = cookies
        let response = try await app.testing().sendRequest(method, path) { req in
            if !jar.isEmpty {
                req.headers.replaceOrAdd(
                    name: .cookie,
                    value: jar.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
                )
            }
            if let form { try req.content.encode(form, as: .urlEncodedForm) }
            if let (headers, body) = raw {
                for (name, value) in headers { req.headers.replaceOrAdd(name: name, value: value) }
                req.body = body
            }
        }
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let name = String(pair[0])
            let value = String(pair[1])
            if header.lowercased().contains("expires=thu, 01 jan 1970") || value.isEmpty {
                cookies[name] = nil
            } else {
                cookies[name] = value
            }
        }
        if response.headers.contentType?.subType == "html" { lastBody = response.body.string }
        return response
    }
}
