import Core
import Fluent
import Foundation
import Vapor

/// The CKAN Action API v3 (`/api/3/action/{name}`, and `/api/action/{name}` as ckanapi calls it), GET with query
/// parameters or POST with JSON. Open data needs no key (ND 47/2020: free, no identification); a data-sharing key,
/// when sent, is checked by the gateway and opens the shared (private) datasets in its scope.
struct CKANController: RouteCollection {
    static let actions = [
        "status_show", "package_list", "package_search", "package_show", "organization_list", "organization_show",
        "tag_list", "resource_show", "datastore_search", "resource_view_list", "help_show",
    ]

    func boot(routes: any RoutesBuilder) throws {
        let logged = routes.grouped(GatewayLogMiddleware())
        for prefix in [["api", "3", "action"], ["api", "action"]] {
            let path = prefix.map(PathComponent.init(stringLiteral:)) + [":name"]
            logged.get(path, use: Self.handle)
            logged.on(.POST, path, body: .collect(maxSize: "1mb"), use: Self.handle)
        }
    }

    struct Context {
        let req: Request
        let params: ActionParams
        let client: ApiClient?
        let catalog: [OpenDataCatalog.Entry]
        let organizations: [String: DataOrganization]
        let base: String
        let now: Date

        func visible(_ dataset: Dataset) -> Bool {
            guard dataset.isPrivate else { return true }
            guard let client else { return false }
            return (try? client.authorize("datasets/\(dataset.name)", .read, at: now)) != nil
        }
    }

    @Sendable static func handle(_ req: Request) async throws -> Response {
        let name = req.parameters.get("name") ?? ""
        let help = CKANDocuments.baseURL(req) + "/api/3/action/help_show?name=\(name)"
        do {
            guard actions.contains(name) else { throw OpenDataError.unknownAction(name) }
            let params = try parameters(req)
            var client: ApiClient?
            if req.apiKey != nil {
                // Open data needs no scope; the key's scopes decide which shared datasets it also sees.
                do {
                    client = try await req.gateway("ckan/\(name)", .read, owner: "", anyScope: true)
                } catch let error as SharingError {
                    throw OpenDataError.notAuthorized(error.message)
                }
            }
            let catalog = OpenDataCatalog(db: req.db)
            let settings = try await catalog.settings()
            let context = Context(
                req: req,
                params: params,
                client: client,
                catalog: try await catalog.entries(),
                organizations: Dictionary(
                    settings.organizations.map { ($0.name, $0) },
                    uniquingKeysWith: { a, _ in a }
                ),
                base: CKANDocuments.baseURL(req),
                now: req.services.clock.now()
            )
            let result = try await run(name, context)
            return try envelope(["help": .string(help), "success": .bool(true), "result": result], status: .ok)
        } catch let error as OpenDataError {
            return try failure(error, help: help)
        } catch is DecodingError {
            return try failure(.validation(field: "body", message: "Cannot parse JSON"), help: help)
        }
    }

    static func failure(_ error: OpenDataError, help: String) throws -> Response {
        var object: [String: ActionValue] = ["__type": .string(error.ckanType), "message": .string(error.message)]
        if case .validation(let field, let message) = error { object[field] = .array([.string(message)]) }
        return try envelope(
            ["help": .string(help), "success": .bool(false), "error": .object(object)],
            status: HTTPResponseStatus(statusCode: error.status)
        )
    }

    static func envelope(_ body: [String: ActionValue], status: HTTPResponseStatus) throws -> Response {
        let response = Response(status: status)
        try response.content.encode(body, as: .json)
        return response
    }

    /// Query parameters for GET; a JSON object (or a form) for POST; unknown keys are kept and ignored.
    static func parameters(_ req: Request) throws -> ActionParams {
        var values: [String: ActionValue] = [:]
        if let query = try? req.query.decode([String: String].self) { values = query.mapValues { .string($0) } }
        guard req.method == .POST, let body = req.body.data, body.readableBytes > 0 else { return ActionParams(values) }
        if req.headers.contentType == .urlEncodedForm || req.headers.contentType == .formData {
            for (key, value) in try req.content.decode([String: String].self) { values[key] = .string(value) }
            return ActionParams(values)
        }
        guard case .object(let object) = try JSONDecoder().decode(ActionValue.self, from: Data(body.readableBytesView))
        else {
            throw OpenDataError.validation(field: "body", message: "Expected a JSON object")
        }
        values.merge(object) { _, new in new }
        return ActionParams(values)
    }

    static func dataset(_ id: String?, _ context: Context) throws -> OpenDataCatalog.Entry {
        guard let id, !id.isEmpty else { throw OpenDataError.validation(field: "id", message: "Missing value") }
        guard let entry = context.catalog.first(where: { $0.dataset.name == id }) else {
            throw OpenDataError.notFound(what: "Dataset", id: id)
        }
        guard context.visible(entry.dataset) else {
            throw OpenDataError.notAuthorized("User not authorized to read package \(id)")
        }
        return entry
    }

    /// The dataset a resource id belongs to (`<name>` or `<name>-json`), and its format.
    static func resource(_ id: String?, _ context: Context, parameter: String = "id") throws -> (
        OpenDataCatalog.Entry, format: String
    ) {
        guard let id, !id.isEmpty else { throw OpenDataError.validation(field: parameter, message: "Missing value") }
        for entry in context.catalog {
            if let match = CKANDocuments.resourceIDs(entry.dataset).first(where: { $0.id == id }) {
                guard context.visible(entry.dataset) else {
                    throw OpenDataError.notAuthorized("User not authorized to read resource \(id)")
                }
                return (entry, match.format)
            }
        }
        throw OpenDataError.notFound(what: "Resource", id: id)
    }

    static func run(_ name: String, _ context: Context) async throws -> ActionValue {
        let params = context.params
        switch name {
        case "status_show":
            return .object([
                "site_title": .string("Cổng dữ liệu mở — TinhSo"),
                "site_description": .string("Dữ liệu mở theo Nghị định 47/2020/NĐ-CP"),
                "site_url": .string(context.base),
                "ckan_version": .string("2.10.0"),
                "api_version": .number(3),
                "locale_default": .string("vi"),
                "extensions": .array([.string("datastore")]),
            ])
        case "help_show":
            return .string("TinhSo CKAN-compatible action \(params.string("name") ?? ""). See the CKAN Action API v3.")
        case "package_list":
            let limit = try params.int("limit", default: Int(Int32.max), range: 0...Int(Int32.max))
            let offset = try params.int("offset", default: 0, range: 0...Int(Int32.max))
            let names = context.catalog.map(\.dataset).filter { !$0.isPrivate }.map(\.name)
            return .array(names.dropFirst(offset).prefix(limit).map { .string($0) })
        case "package_search":
            let search = try PackageSearch(params)
            let result = search.run(
                context.catalog.map(\.dataset),
                organizations: context.organizations,
                visible: context.visible
            )
            var facets: [String: ActionValue] = [:]
            var searchFacets: [String: ActionValue] = [:]
            for (field, items) in result.facets {
                facets[field] = .object(
                    Dictionary(uniqueKeysWithValues: items.map { ($0.name, .number(Double($0.count))) })
                )
                searchFacets[field] = .object([
                    "title": .string(field),
                    "items": .array(
                        items.map {
                            .object([
                                "name": .string($0.name), "display_name": .string($0.displayName),
                                "count": .number(Double($0.count)),
                            ])
                        }
                    ),
                ])
            }
            return .object([
                "count": .number(Double(result.count)),
                "sort": .string(result.sort),
                "facets": .object(facets),
                "search_facets": .object(searchFacets),
                "results": .array(
                    result.results.map {
                        CKANDocuments.package(
                            $0,
                            organizations: context.organizations,
                            base: context.base,
                            now: context.now
                        )
                    }
                ),
            ])
        case "package_show":
            let entry = try dataset(params.string("id") ?? params.string("name"), context)
            return CKANDocuments.package(
                entry.dataset,
                organizations: context.organizations,
                base: context.base,
                now: context.now
            )
        case "organization_list":
            let counts = Dictionary(
                grouping: context.catalog.map(\.dataset).filter { !$0.isPrivate },
                by: \.organization
            ).mapValues(\.count)
            let limit = try params.int("limit", default: 1000, range: 0...Int(Int32.max))
            let offset = try params.int("offset", default: 0, range: 0...Int(Int32.max))
            let names = context.organizations.keys.sorted().dropFirst(offset).prefix(limit)
            if params.bool("all_fields", default: false) {
                return .array(
                    names.map {
                        CKANDocuments.organization(context.organizations[$0], name: $0, count: counts[$0] ?? 0)
                    }
                )
            }
            return .array(names.map { .string($0) })
        case "organization_show":
            guard let id = params.string("id"), !id.isEmpty else {
                throw OpenDataError.validation(field: "id", message: "Missing value")
            }
            guard
                let org = context.organizations[id] ?? context.organizations.values.first(where: { $0.unitCode == id })
            else { throw OpenDataError.notFound(what: "Organization", id: id) }
            let datasets = context.catalog.map(\.dataset).filter { $0.organization == org.name && context.visible($0) }
            guard case .object(var object) = CKANDocuments.organization(org, name: org.name, count: datasets.count)
            else { return .null }
            if params.bool("include_datasets", default: false) {
                object["packages"] = .array(
                    datasets.map {
                        CKANDocuments.package(
                            $0,
                            organizations: context.organizations,
                            base: context.base,
                            now: context.now
                        )
                    }
                )
            }
            return .object(object)
        case "tag_list":
            let query = params.string("query").map(VietnameseText.fold)
            let tags = Set(context.catalog.map(\.dataset).filter { !$0.isPrivate }.flatMap(\.tags))
                .filter { tag in query.map { VietnameseText.fold(tag).contains($0) } ?? true }
            return .array(tags.sorted().map { .string($0) })
        case "resource_show":
            let (entry, format) = try resource(params.string("id"), context)
            let id = params.string("id") ?? ""
            return CKANDocuments.resource(
                entry.dataset,
                id: id,
                format: format,
                position: format == "CSV" ? 0 : 1,
                base: context.base
            )
        case "resource_view_list":
            _ = try resource(params.string("id"), context)
            return .array([])
        default:
            return try await datastoreSearch(context)
        }
    }

    static func datastoreSearch(_ context: Context) async throws -> ActionValue {
        let id = context.params.string("resource_id") ?? context.params.string("id")
        let (entry, _) = try resource(id, context, parameter: "resource_id")
        let query = try DatastoreQuery(context.params, resource: entry.dataset.resource)
        let (records, total) = try await DatastoreStore(db: context.req.db).search(
            entry.table,
            query,
            rowCount: entry.dataset.resource.rowCount
        )
        let rows: [ActionValue] =
            switch query.format {
            case .objects:
                records.map { record in
                    .object(
                        Dictionary(uniqueKeysWithValues: zip(query.fields.map(\.id), record.map(CKANDocuments.value)))
                    )
                }
            case .lists:
                records.map { .array($0.map(CKANDocuments.value)) }
            }
        let path = "/api/3/action/datastore_search?resource_id=\(id ?? "")"
        var result: [String: ActionValue] = [
            "resource_id": .string(id ?? ""),
            "fields": .array(
                query.fields.map {
                    .object([
                        "id": .string($0.id), "type": .string($0.type.rawValue),
                        "info": .object(["label": .string($0.label)]),
                    ])
                }
            ),
            "records": .array(rows),
            "limit": .number(Double(query.limit)),
            "offset": .number(Double(query.offset)),
            "records_format": .string(query.format.rawValue),
            "include_total": .bool(query.includeTotal),
            "filters": .object(
                context.params.values["filters"].flatMap { _ in try? context.params.object("filters") } ?? [:]
            ),
            "_links": .object([
                "start": .string(path),
                "next": .string(path + "&offset=\(query.offset + query.limit)"),
            ]),
        ]
        if let total {
            result["total"] = .number(Double(total))
            result["total_was_estimated"] = .bool(false)
        }
        return .object(result)
    }
}
