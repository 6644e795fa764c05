import Core
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("Open311 GeoReport v2")
    struct Open311Tests {
        func post(_ app: Application, _ path: String, form: String) async throws -> TestingHTTPResponse {
            try await app.testing().sendRequest(
                .POST,
                path,
                headers: ["Content-Type": "application/x-www-form-urlencoded; charset=utf-8"],
                body: ByteBuffer(string: form)
            )
        }

        @Test("Discovery and services in XML (always asked for by the old client) and JSON (bare arrays)")
        func services() async throws {
            try await withTestApp { app in
                let xml = try await app.testing().sendRequest(.GET, "/open311/v2/services.xml?jurisdiction_id=")
                #expect(xml.headers.first(name: .contentType) == "text/xml; charset=utf-8")
                #expect(
                    xml.body.string.hasPrefix(
                        "<?xml version=\"1.0\" encoding=\"utf-8\"?><services><service><service_code>giao-thong</service_code>"
                    )
                )
                let json = try await app.testing().sendRequest(.GET, "/open311/v2/services.json")
                let services = try JSONSerialization.jsonObject(with: Data(json.body.string.utf8)) as? [[String: Any]]
                #expect(services?.count == FeedbackCategory.defaults.count)
                #expect(services?.first?["service_code"] as? String == "giao-thong")
                #expect(services?.first?["metadata"] as? Bool == true)
                #expect(services?.last?["metadata"] as? Bool == false)
                let singular = try await app.testing().sendRequest(
                    .GET,
                    "/open311/v2/service/moi-truong.xml?jurisdiction_id="
                )
                #expect(
                    singular.body.string.contains(
                        "<service_definition><service_code>moi-truong</service_code><attributes></attributes>"
                    )
                )
                let discovery = try await app.testing().sendRequest(.GET, "/open311/v2/discovery.json")
                #expect(discovery.body.string.contains("GeoReport_v2"))
                #expect(
                    try await app.testing().sendRequest(.GET, "/open311/v2/services/khong-co.json").status == .notFound
                )
            }
        }

        @Test(
            "POST requests with api_key in the query string, then read it back: masked text, RFC 3339 dates, no reporter"
        )
        func createAndRead() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "cong.dan", role: .citizen, on: nil)
                let token = try await apiToken(app, "cong.dan")
                let created = try await post(
                    app,
                    "/open311/v2/requests.xml?jurisdiction_id=&api_key=\(token)",
                    form:
                        "service_code=giao-thong&lat=19.8030&long=105.7890&description=%C4%90%C3%A8n+h%E1%BB%8Fng%2C+g%E1%BB%8Di+0912345678"
                )
                #expect(created.status == .created)
                let body = created.body.string
                #expect(
                    body.contains("<service_requests><request><service_request_id>PA-260921-0001</service_request_id>")
                )
                let read = try await app.testing().sendRequest(
                    .GET,
                    "/open311/v2/requests/PA-260921-0001.json?jurisdiction_id="
                )
                let requests = try JSONSerialization.jsonObject(with: Data(read.body.string.utf8)) as? [[String: Any]]
                let request = try #require(requests?.first)
                #expect(request["status"] as? String == "open")
                #expect(request["agency_responsible"] as? String == "Phường Hạc Thành")
                #expect((request["description"] as? String)?.contains("••••••••••") == true)
                #expect((request["requested_datetime"] as? String)?.hasSuffix("+07:00") == true)
                #expect(request["expected_datetime"] != nil && request["lat"] as? Double == 19.803)
                #expect(!read.body.string.contains("cong.dan") && !read.body.string.contains("0912345678"))
                let xml = try await app.testing().sendRequest(
                    .GET,
                    "/open311/v2/requests.xml?status=open&service_code=giao-thong"
                )
                #expect(
                    xml.body.string.contains(
                        "<request><service_request_id>PA-260921-0001</service_request_id><status>open</status>"
                    )
                )
                let closed = try await app.testing().sendRequest(.GET, "/open311/v2/requests.json?status=closed")
                #expect(closed.body.string == "[]")
                let byToken = try await app.testing().sendRequest(.GET, "/open311/v2/tokens/PA-260921-0001.xml")
                #expect(byToken.body.string.contains("<token>PA-260921-0001</token>"))
            }
        }

        @Test(
            "Errors are errors/error{code, description} with 400, 403 or 404",
            arguments: [
                ("/open311/v2/requests.json", "service_code=giao-thong&lat=19.8&long=105.78", 403),
                (
                    "/open311/v2/requests.json?api_key=KEY",
                    "lat=19.8&long=105.78&description=M%E1%BB%99t+m%C3%B4+t%E1%BA%A3+d%C3%A0i", 400
                ),
                (
                    "/open311/v2/requests.json?api_key=KEY",
                    "service_code=giao-thong&address_string=12+L%C3%AA+L%E1%BB%A3i", 400
                ),
                (
                    "/open311/v2/requests.json?api_key=KEY",
                    "service_code=giao-thong&lat=19.8&long=105.78&attribute%5Bx%5D=1"
                        + "&description=M%E1%BB%99t+m%C3%B4+t%E1%BA%A3+d%C3%A0i", 400
                ),
                (
                    "/open311/v2/requests.json?api_key=KEY",
                    "service_code=khong-co&lat=19.8&long=105.78&description=M%E1%BB%99t+m%C3%B4+t%E1%BA%A3+d%C3%A0i",
                    400
                ),
            ]
        )
        func errors(path: String, form: String, status: Int) async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "cong.dan", role: .citizen, on: nil)
                let token = try await apiToken(app, "cong.dan")
                let response = try await post(app, path.replacingOccurrences(of: "KEY", with: token), form: form)
                #expect(Int(response.status.code) == status)
                let errors = try JSONSerialization.jsonObject(with: Data(response.body.string.utf8)) as? [[String: Any]]
                #expect(errors?.first?["code"] as? Int == status)
                #expect((errors?.first?["description"] as? String)?.isEmpty == false)
            }
        }

        @Test("A service definition lists its attributes; answers are checked against it and kept on the report")
        func attributes() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "cong.dan", role: .citizen, on: nil)
                let token = try await apiToken(app, "cong.dan")
                let definition = try await app.testing().sendRequest(.GET, "/open311/v2/services/giao-thong.xml")
                #expect(
                    definition.body.string.contains(
                        "<attribute><variable>true</variable><code>loai-duong</code><datatype>singlevaluelist</datatype>"
                            + "<required>false</required>"
                    )
                )
                #expect(definition.body.string.contains("<value><key>quoc-lo</key><name>Quốc lộ</name></value>"))
                let form =
                    "service_code=giao-thong&lat=19.8030&long=105.7890"
                    + "&description=%E1%BB%94+g%C3%A0+tr%C3%AAn+qu%E1%BB%91c+l%E1%BB%99"
                let wrong = try await post(
                    app,
                    "/open311/v2/requests.json?api_key=\(token)",
                    form: form + "&attribute%5Bloai-duong%5D=cao-toc"
                )
                #expect(wrong.status == .badRequest && wrong.body.string.contains("quoc-lo"))
                let two = try await post(
                    app,
                    "/open311/v2/requests.json?api_key=\(token)",
                    form: form + "&attribute%5Bloai-duong%5D%5B%5D=quoc-lo&attribute%5Bloai-duong%5D%5B%5D=tinh-lo"
                )
                #expect(two.status == .badRequest)
                let good = try await post(
                    app,
                    "/open311/v2/requests.json?api_key=\(token)",
                    form: form + "&attribute%5Bloai-duong%5D=quoc-lo"
                )
                #expect(good.status == .created)
                let stored = try await FluentFeedbackRepository(db: app.db).find(code: "PA-260921-0001")
                #expect(stored?.attributes == ["loai-duong": ["quoc-lo"]])
                #expect(stored?.provinceCode == "38")
            }
        }

        @Test("Requests are filtered in the database and paged with page/page_size")
        func paging() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "cong.dan", role: .citizen, on: nil)
                let token = try await apiToken(app, "cong.dan")
                for (index, code) in ["giao-thong", "moi-truong", "giao-thong"].enumerated() {
                    let response = try await post(
                        app,
                        "/open311/v2/requests.json?api_key=\(token)",
                        form:
                            "service_code=\(code)&lat=19.80\(index)&long=105.78&description=Ph%E1%BA%A3n+%C3%A1nh+s%E1%BB%91+\(index)"
                    )
                    #expect(response.status == .created)
                }
                func codes(_ query: String) async throws -> [String] {
                    let response = try await app.testing().sendRequest(.GET, "/open311/v2/requests.json?" + query)
                    let list =
                        try JSONSerialization.jsonObject(with: Data(response.body.string.utf8)) as? [[String: Any]]
                    return (list ?? []).compactMap { $0["service_request_id"] as? String }
                }
                #expect(try await codes("service_code=giao-thong").sorted() == ["PA-260921-0001", "PA-260921-0003"])
                #expect(try await codes("status=closed") == [])
                #expect(try await codes("status=open&page_size=2").count == 2)
                #expect(try await codes("page_size=2&page=2").count == 1)
                #expect(
                    try await app.testing().sendRequest(.GET, "/open311/v2/requests.json?page=0").status == .badRequest
                )
            }
        }

        @Test("Query windows longer than 90 days and unknown statuses are refused")
        func queryLimits() async throws {
            try await withTestApp { app in
                let long = try await app.testing().sendRequest(
                    .GET,
                    "/open311/v2/requests.xml?start_date=2026-01-01T00:00:00%2B07:00&end_date=2026-06-01T00:00:00%2B07:00"
                )
                #expect(long.status == .badRequest && long.body.string.contains("<errors><error><code>400</code>"))
                #expect(
                    try await app.testing().sendRequest(.GET, "/open311/v2/requests.json?status=pending").status
                        == .badRequest
                )
                #expect(try await app.testing().sendRequest(.GET, "/open311/v2/requests.csv").status == .notFound)
            }
        }
    }
}
