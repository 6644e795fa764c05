import Core
import Fluent
import Foundation
import SQLKit
import Vapor

/// Open311 GeoReport v2 at `/open311/v2`: discovery, services, service definitions, requests (GET and POST), and
/// tokens, in `.xml` and `.json`. Tolerant of the old Python `open311` client: `service/{code}` (singular), an
/// empty `jurisdiction_id`, and `api_key` in the query string of a POST.
struct Open311Controller: RouteCollection {
    static let maxRows = 1_000
    static let maxSpan: TimeInterval = 90 * 86_400

    func boot(routes: any RoutesBuilder) throws {
        let v2 = routes.grouped("open311", "v2")
        v2.get(":file", use: top)
        // Only requests take a POST, so another resource asked with POST is a 405 (Allow: GET), not a 404.
        for format in Open311Format.allCases { v2.post("requests.\(format.rawValue)", use: create) }
        v2.get("services", ":file", use: definition)
        v2.get("service", ":file", use: definition)
        v2.get("requests", ":file", use: request)
        v2.get("tokens", ":file", use: token)
    }

    /// Runs `body` with the format from the path's extension; Open311 errors are rendered in that format.
    func handle(_ req: Request, _ body: (String, Open311Format) async throws -> Response) async throws -> Response {
        // The last path segment: `:file`, or the constant `requests.json` of the POST routes.
        let file = req.parameters.get("file") ?? req.url.path.split(separator: "/").last.map(String.init) ?? ""
        guard let (name, format) = Open311Format.split(file) else {
            return Open311Error(status: .notFound, description: "Use a .xml or .json resource").response(.xml)
        }
        do { return try await body(name, format) } catch let error as Open311Error {
            return error.response(format)
        } catch {
            let failure = Failure.from(error)
            let status: HTTPResponseStatus =
                failure.status == .notFound
                ? .notFound : failure.status == .forbidden || failure.status == .unauthorized ? .forbidden : .badRequest
            return Open311Error(status: status, description: failure.message).response(format)
        }
    }

    @Sendable func top(req: Request) async throws -> Response {
        try await handle(req) { name, format in
            switch name {
            case "discovery": return format.response(root: "discovery", Self.discovery(req))
            case "services":
                let categories = try await req.feedbackCatalog().categories(inProvince: nil)
                return format.response(root: "services", .list(itemName: "service", categories.map(Self.service)))
            case "requests": return try await list(req, format)
            default: throw Open311Error(status: .notFound, description: "Unknown resource \(name)")
            }
        }
    }

    @Sendable func definition(req: Request) async throws -> Response {
        try await handle(req) { code, format in
            guard let category = try await req.feedbackCatalog().category(code, province: nil) else {
                throw Open311Error(status: .notFound, description: "Unknown service_code \(code)")
            }
            return format.response(root: "service_definition", Self.definition(category))
        }
    }

    @Sendable func request(req: Request) async throws -> Response {
        try await handle(req) { code, format in
            guard let feedback = try await FluentFeedbackRepository(db: req.db).find(code: code) else {
                throw Open311Error(status: .notFound, description: "Unknown service_request_id \(code)")
            }
            return format.response(
                root: "service_requests",
                .list(itemName: "request", [try await Self.node(feedback, req)])
            )
        }
    }

    /// Requests are created at once, so a token is the request's id.
    @Sendable func token(req: Request) async throws -> Response {
        try await handle(req) { token, format in
            guard try await FluentFeedbackRepository(db: req.db).find(code: token) != nil else {
                throw Open311Error(status: .notFound, description: "Unknown token \(token)")
            }
            let node = Open311Node.object([("service_request_id", .text(token)), ("token", .text(token))])
            return format.response(root: "service_requests", .list(itemName: "request", [node]))
        }
    }

    struct PostForm: Content {
        let serviceCode: String?
        let lat: String?
        let long: String?
        let addressString: String?
        let description: String?
        let apiKey: String?
        let urgent: String?

        enum CodingKeys: String, CodingKey {
            case lat, long, description, urgent
            case serviceCode = "service_code"
            case addressString = "address_string"
            case apiKey = "api_key"
        }
    }

    /// `POST requests.{fmt}`: form-encoded; `api_key` is a citizen's API token (form or query string).
    @Sendable func create(req: Request) async throws -> Response {
        try await handle(req) { name, format in
            guard name == "requests" else {
                throw Open311Error(status: .notFound, description: "POST requests.\(format.rawValue)")
            }
            let form = try req.content.decode(PostForm.self)
            guard let key = form.apiKey ?? req.query[String.self, at: "api_key"], !key.isEmpty,
                let (principal, _) = try await PrincipalQuery(sql: req.db as! any SQLDatabase)
                    .principal(token: key, now: req.services.clock.now())
            else { throw Open311Error(status: .forbidden, description: "A valid api_key is required") }
            guard let code = form.serviceCode, !code.isEmpty else {
                throw Open311Error(status: .badRequest, description: "service_code is required")
            }
            guard let lat = form.lat.flatMap(Double.init), let lon = form.long.flatMap(Double.init) else {
                throw Open311Error(
                    status: .badRequest,
                    description: form.addressString == nil
                        ? "lat and long are required" : "address_string is not supported yet; send lat and long"
                )
            }
            let service = try await req.feedbackService()
            let prepared = try await service.prepare(
                NewFeedback(
                    category: code,
                    description: form.description ?? "",
                    latitude: lat,
                    longitude: lon,
                    urgent: form.urgent == "true",
                    attributes: Open311Form.attributes(in: req.body.string ?? "")
                ),
                by: principal
            )
            let feedback = try await req.commitReport(prepared, by: principal, service: service)
            let node = Open311Node.object([
                ("service_request_id", .text(feedback.code)), ("service_notice", .text("")), ("account_id", .text("")),
            ])
            return format.response(root: "service_requests", .list(itemName: "request", [node]), status: .created)
        }
    }

    /// `GET requests.{fmt}`: by ids, or by service codes, status and a date window of at most 90 days, newest first,
    /// at most 1,000 per page (`page`, `page_size`: the common paging extension), filtered in the database.
    func list(_ req: Request, _ format: Open311Format) async throws -> Response {
        let repository = FluentFeedbackRepository(db: req.db)
        // Every parameter is checked, even those a lookup by id then ignores (GeoReport v2), so a malformed one is
        // a 400 whatever else the request says.
        let now = req.services.clock.now()
        let end = try Self.date(req, "end_date") ?? now
        let start = try Self.date(req, "start_date") ?? end.addingTimeInterval(-Self.maxSpan)
        guard end.timeIntervalSince(start) <= Self.maxSpan, start <= end else {
            throw Open311Error(status: .badRequest, description: "start_date..end_date must span at most 90 days")
        }
        let codes = req.queryString("service_code").map { Set($0.split(separator: ",").map(String.init)) }
        var statuses: Set<FeedbackStatus>? = nil
        for status in (req.queryString("status") ?? "").split(separator: ",") {
            guard let states = Self.states[String(status)] else {
                throw Open311Error(status: .badRequest, description: "status must be open or closed, not \(status)")
            }
            statuses = (statuses ?? []).union(states)
        }
        let pageNumber = try Self.positive(req, "page") ?? 1
        let pageSize = min(try Self.positive(req, "page_size") ?? Self.maxRows, Self.maxRows)
        var items: [Feedback] = []
        if let ids = req.queryString("service_request_id") {
            for id in ids.split(separator: ",").map(String.init).prefix(Self.maxRows) {
                if let item = try await repository.find(code: id) { items.append(item) }
            }
        } else {
            let filter = FeedbackFilter(statuses: statuses, categories: codes, submittedFrom: start, submittedTo: end)
            items = try await repository.list(
                filter,
                page: Paging(limit: pageSize, offset: (pageNumber - 1) * pageSize)
            )
            .items
        }
        var nodes: [Open311Node] = []
        for item in items { nodes.append(try await Self.node(item, req)) }
        return format.response(root: "service_requests", .list(itemName: "request", nodes))
    }

    /// Our states behind Open311's two.
    static let states: [String: Set<FeedbackStatus>] = [
        "open": Set(FeedbackStatus.allCases.filter { status($0) == "open" }),
        "closed": Set(FeedbackStatus.allCases.filter { status($0) == "closed" }),
    ]

    static func positive(_ req: Request, _ name: String) throws -> Int? {
        guard let raw = req.queryString(name) else { return nil }
        guard let value = Int(raw), value >= 1 else {
            throw Open311Error(status: .badRequest, description: "\(name) must be a whole number ≥ 1")
        }
        return value
    }

    static func status(_ status: FeedbackStatus) -> String {
        status.isFinal || status == .published ? "closed" : "open"
    }

    /// A request as the public may see it: masked text, no reporter.
    static func node(_ feedback: Feedback, _ req: Request) async throws -> Open311Node {
        let view = PublicFeedback(feedback)
        let unit = try await req.services.units(on: req.db).find(feedback.handlingUnitID)
        let due = try await FeedbackController.dto(feedback, req: req).due
        let service = try await req.feedbackCatalog().category(feedback.category, province: feedback.provinceCode)
        var fields: [(String, Open311Node)] = [
            ("service_request_id", .text(feedback.code)), ("status", .text(status(feedback.status))),
            ("status_notes", .text(view.answer ?? feedback.status.label)),
            ("service_name", .text(service?.name ?? feedback.category)),
            ("service_code", .text(feedback.category)), ("description", .text(view.description)),
            ("agency_responsible", .text(unit?.name ?? "")), ("service_notice", .text("")),
            ("requested_datetime", .text(rfc3339(feedback.submittedAt))),
            (
                "updated_datetime",
                .text(
                    rfc3339(feedback.publishedAt ?? feedback.answeredAt ?? feedback.receivedAt ?? feedback.submittedAt)
                )
            ),
            ("address", .text(feedback.communeCode ?? "")), ("media_url", .text("")),
        ]
        if let due { fields.append(("expected_datetime", .text(rfc3339(due)))) }
        if let location = feedback.location {
            fields += [("lat", .number(location.latitude)), ("long", .number(location.longitude))]
        }
        return .object(fields)
    }

    static func service(_ category: FeedbackCategory) -> Open311Node {
        .object([
            ("service_code", .text(category.code)), ("service_name", .text(category.name)),
            ("description", .text(category.name)),
            ("metadata", .bool(!category.attributes.isEmpty)), ("type", .text("realtime")),
            ("keywords", .text(category.code)),
            ("group", .text("Phản ánh hiện trường")),
        ])
    }

    static func discovery(_ req: Request) -> Open311Node {
        .object([
            ("changeset", .text("2026-11-23T00:00:00+07:00")), ("contact", .text("Trung tâm điều hành (IOC) của tỉnh")),
            ("key_service", .text("api_key = a citizen account's API token (POST /api/v1/auth/tokens)")),
            (
                "endpoints",
                .list(
                    itemName: "endpoint",
                    [
                        .object([
                            ("specification", .text("http://wiki.open311.org/GeoReport_v2")),
                            ("url", .text("/open311/v2")),
                            ("changeset", .text("2026-11-23T00:00:00+07:00")), ("type", .text("production")),
                            ("formats", .list(itemName: "format", [.text("text/xml"), .text("application/json")])),
                        ])
                    ]
                )
            ),
        ])
    }

    /// A service definition: the category's extra questions, in order.
    static func definition(_ category: FeedbackCategory) -> Open311Node {
        let attributes = category.attributes.enumerated().map { index, attribute in
            Open311Node.object([
                ("variable", .bool(true)), ("code", .text(attribute.code)),
                ("datatype", .text(attribute.datatype.rawValue)), ("required", .bool(attribute.required)),
                ("datatype_description", .text("")), ("order", .number(Double(index + 1))),
                ("description", .text(attribute.description)),
                (
                    "values",
                    .list(
                        itemName: "value",
                        attribute.values.map { .object([("key", .text($0.key)), ("name", .text($0.name))]) }
                    )
                ),
            ])
        }
        return .object([
            ("service_code", .text(category.code)), ("attributes", .list(itemName: "attribute", attributes)),
        ])
    }

    /// W3C date-times with a zone (RFC 3339), in Vietnam time.
    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = CivilDate.vietnamTimeZone
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    static func date(_ req: Request, _ name: String) throws -> Date? {
        guard let raw = req.queryString(name) else { return nil }
        guard let date = ISO8601DateFormatter().date(from: raw) else {
            throw Open311Error(status: .badRequest, description: "\(name) must be a W3C date-time with a time zone")
        }
        return date
    }
}
