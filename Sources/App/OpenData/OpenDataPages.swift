import Core
import Fluent
import Foundation
import Vapor

/// `/du-lieu-mo`: dataset search with facets, the dataset page with a preview and downloads, and the downloads
/// themselves (stable addresses: `/du-lieu-mo/tai-ve/<resource>.csv|json`). No login (ND 47/2020 Điều 18).
struct OpenDataPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("du-lieu-mo", use: search)
        routes.get("du-lieu-mo", ":name", use: show)
        routes.post("du-lieu-mo", ":name", "review", use: review)
    }

    struct SearchPage: Encodable {
        struct Facet: Encodable {
            let title: String
            let items: [Item]
        }

        struct Item: Encodable {
            let label: String
            let count: Int
            let href: String
            let active: Bool
        }

        struct Row: Encodable {
            let name: String
            let title: String
            let notes: String
            let organization: String
            let tags: [String]
            let modified: String
            let rows: String
            let stale: Bool
        }

        struct Due: Encodable {
            let name: String
            let title: String
            let due: String
            let stale: Bool
        }

        let layout: PageLayout
        let q: String
        let count: String
        /// For officials: datasets whose six-monthly review is due or whose data is over three months old.
        let due: [Due]
        let facets: [Facet]
        let rows: [Row]
        let nextURL: String?
        let previousURL: String?
        let clearURL: String?
    }

    static let facetTitles = [
        ("organization", "Tổ chức công bố"), ("tags", "Từ khóa"), ("res_format", "Định dạng"),
    ]
    static let pageSize = 20

    @Sendable func search(req: Request) async throws -> View {
        let q = req.queryString("q") ?? ""
        let chosen = Self.facetTitles.compactMap { field, _ in req.queryString(field).map { (field, $0) } }
        let page = max(0, Int(req.queryString("page") ?? "") ?? 0)
        var params: [String: ActionValue] = [
            "q": .string(q), "rows": .number(Double(Self.pageSize)), "start": .number(Double(page * Self.pageSize)),
        ]
        if !chosen.isEmpty {
            params["fq_list"] = .array(chosen.map { .string("\($0.0):\"\($0.1)\"") })
        }
        let catalog = OpenDataCatalog(db: req.db)
        let settings = try await catalog.settings()
        let organizations = Dictionary(settings.organizations.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let datasets = try await catalog.entries().map(\.dataset)
        let search: PackageSearch
        do {
            search = try PackageSearch(ActionParams(params))
        } catch {
            throw WebError.invalidParameter(
                name: "q",
                issue: FieldIssue(english: error.message, vietnamese: error.messageVI)
            )
        }
        let result = search.run(datasets, organizations: organizations)
        func link(_ changes: [String: String?]) -> String {
            var items: [String: String] = ["q": q]
            for (field, value) in chosen { items[field] = value }
            for (key, value) in changes { items[key] = value }
            let query = items.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            return "/du-lieu-mo" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        }
        let now = req.services.clock.now()
        let official = (req.optionalPrincipal?.highestRole ?? .citizen) != .citizen
        let due = datasets.compactMap { dataset -> SearchPage.Due? in
            let duties = OpenDataDuties(dataset: dataset, now: now)
            guard official, duties.reviewOverdue || duties.stale else { return nil }
            return SearchPage.Due(
                name: dataset.name,
                title: dataset.title,
                due: VietnameseFormat.day(duties.reviewDue),
                stale: duties.stale
            )
        }
        let facets = Self.facetTitles.map { field, title in
            SearchPage.Facet(
                title: title,
                items: (result.facets[field] ?? []).map { item in
                    let active = chosen.contains { $0.0 == field && $0.1 == item.name }
                    return SearchPage.Item(
                        label: item.displayName,
                        count: item.count,
                        href: link([field: active ? nil : item.name, "page": nil]),
                        active: active
                    )
                }
            )
        }
        return try await req.view.render(
            "OpenData/search",
            SearchPage(
                layout: .make(req, title: "Dữ liệu mở", section: .openData),
                q: q,
                count: VietnameseFormat.number(result.count),
                due: due,
                facets: facets,
                rows: result.results.map {
                    SearchPage.Row(
                        name: $0.name,
                        title: $0.title,
                        notes: $0.notes,
                        organization: organizations[$0.organization]?.title ?? $0.organization,
                        tags: $0.tags,
                        modified: VietnameseFormat.day($0.modified),
                        rows: VietnameseFormat.number($0.resource.rowCount),
                        stale: OpenDataDuties(dataset: $0, now: now).stale
                    )
                },
                nextURL: (page + 1) * Self.pageSize < result.count ? link(["page": String(page + 1)]) : nil,
                previousURL: page > 0 ? link(["page": page == 1 ? nil : String(page - 1)]) : nil,
                clearURL: chosen.isEmpty && q.isEmpty ? nil : "/du-lieu-mo"
            )
        )
    }

    struct DatasetPage: Encodable {
        struct Download: Encodable {
            let format: String
            let href: String
        }

        let layout: PageLayout
        let name: String
        let title: String
        let titleEN: String
        let notes: String
        let notesEN: String
        let organization: String
        let tags: [String]
        let license: String
        let frequency: String
        let created: String
        let modified: String
        let rows: String
        let reviewed: String
        let reviewDue: String
        let reviewOverdue: Bool
        let updateLag: String
        let stale: Bool
        let isPrivate: Bool
        let downloads: [Download]
        let columns: [String]
        let preview: [[String]]
        let apiExample: String
        let mayReview: Bool
    }

    @Sendable func show(req: Request) async throws -> View {
        let name = req.parameters.get("name") ?? ""
        let catalog = OpenDataCatalog(db: req.db)
        guard let entry = try await catalog.entry(name), !entry.dataset.isPrivate else { throw WebError.notFound }
        let dataset = entry.dataset
        let settings = try await catalog.settings()
        let org = settings.organizations.first { $0.name == dataset.organization }
        let now = req.services.clock.now()
        let duties = OpenDataDuties(dataset: dataset, now: now)
        let query = try DatastoreQuery(ActionParams(["limit": .number(20)]), resource: dataset.resource)
        let (records, _) = try await DatastoreStore(db: req.db).search(
            entry.table,
            query,
            rowCount: dataset.resource.rowCount
        )
        var mayReview = false
        if req.optionalPrincipal != nil, let org {
            mayReview = (try? await SharingController.unit(req, org.unitCode, .configure)) != nil
        }
        let base = CKANDocuments.baseURL(req)
        return try await req.view.render(
            "OpenData/dataset",
            DatasetPage(
                layout: .make(req, title: dataset.title, section: .openData),
                name: dataset.name,
                title: dataset.title,
                titleEN: dataset.titleEN,
                notes: dataset.notes,
                notesEN: dataset.notesEN,
                organization: org?.title ?? dataset.organization,
                tags: dataset.tags,
                license: Dataset.licenseTitle,
                frequency: dataset.frequency,
                created: VietnameseFormat.day(dataset.created),
                modified: VietnameseFormat.dateTime(dataset.resource.lastModified),
                rows: VietnameseFormat.number(dataset.resource.rowCount),
                reviewed: VietnameseFormat.day(dataset.reviewed),
                reviewDue: VietnameseFormat.day(duties.reviewDue),
                reviewOverdue: duties.reviewOverdue,
                updateLag: VietnameseFormat.number(duties.updateLagDays),
                stale: duties.stale,
                isPrivate: dataset.isPrivate,
                downloads: CKANDocuments.resourceIDs(dataset).map {
                    DatasetPage.Download(
                        format: $0.format,
                        href: CKANDocuments.downloadPath(dataset, format: $0.format)
                    )
                },
                columns: query.fields.map { $0.label },
                preview: records.map { $0.map(CKANDocuments.text) },
                apiExample: "\(base)/api/3/action/datastore_search?resource_id=\(dataset.name)&limit=5",
                mayReview: mayReview
            )
        )
    }

    @Sendable func review(req: Request) async throws -> Response {
        let name = req.parameters.get("name") ?? ""
        try await Self.markReviewed(req, name: name)
        return req.redirect(to: "/du-lieu-mo/\(name)")
    }

    /// Whoever may configure the publishing unit records the six-monthly review (ND 47/2020 Điều 17).
    static func markReviewed(_ req: Request, name: String) async throws {
        _ = try req.principal
        let catalog = OpenDataCatalog(db: req.db)
        guard let entry = try await catalog.entry(name),
            let org = try await catalog.settings().organizations.first(where: { $0.name == entry.dataset.organization })
        else { throw WebError.notFound }
        let (unit, principal) = try await SharingController.unit(req, org.unitCode, .configure)
        let now = req.services.clock.now()
        try await req.transaction { db in
            var updated = entry
            updated.dataset.reviewed = now
            try await OpenDataCatalog(db: db).save(updated)
            try await req.services.audit(on: db).append(
                AuditEntry(
                    at: now,
                    actorID: principal.user.id,
                    actorName: principal.user.username,
                    action: "opendata.review",
                    entityType: "dataset",
                    entityID: name,
                    unitID: unit.id,
                    before: ["reviewed": VietnameseFormat.day(entry.dataset.reviewed)],
                    after: ["reviewed": VietnameseFormat.day(now)]
                )
            )
        }
    }
}

/// Downloads: the whole table as CSV (UTF-8 with BOM) or JSON, streamed a chunk at a time. A shared (private)
/// dataset needs a data-sharing key with its scope.
enum OpenDataDownloads {
    @Sendable static func download(req: Request) async throws -> Response {
        let file = req.parameters.get("file") ?? ""
        let name = file.split(separator: ".").dropLast().joined(separator: ".")
        let ext = file.split(separator: ".").last.map(String.init) ?? ""
        guard Dataset.formats.map({ $0.lowercased() }).contains(ext),
            let entry = try await OpenDataCatalog(db: req.db).entry(name)
        else { throw WebError.notFound }
        if entry.dataset.isPrivate {
            let owner = try await OpenDataCatalog(db: req.db).settings().organizations
                .first { $0.name == entry.dataset.organization }
            _ = try await req.gateway("datasets/\(entry.dataset.name)", .read, owner: owner?.unitCode ?? "")
        }
        let fields = entry.dataset.resource.fields
        let chunks = DatastoreStore(db: req.db).chunks(entry.table, fields: fields)
        var headers = HTTPHeaders()
        let isCSV = ext == "csv"
        headers.contentType =
            isCSV
            ? HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"]) : .json
        headers.contentDisposition = .init(.attachment, filename: file)
        headers.replaceOrAdd(name: .lastModified, value: entry.dataset.resource.lastModified.rfc1123)
        let body = Response.Body(asyncStream: { writer in
            do {
                var first = true
                if isCSV {
                    try await writer.writeBuffer(ByteBuffer(string: "\u{FEFF}" + CSV.line(fields.map(\.id)) + "\r\n"))
                } else {
                    try await writer.writeBuffer(ByteBuffer(string: "["))
                }
                for try await chunk in chunks {
                    var text = ""
                    for record in chunk {
                        if isCSV {
                            text += CSV.line(record.map(CKANDocuments.text)) + "\r\n"
                        } else {
                            let object = Dictionary(
                                uniqueKeysWithValues: zip(fields.map(\.id), record.map(CKANDocuments.value))
                            )
                            text += (first ? "" : ",") + (try JSONText.encode(object))
                            first = false
                        }
                    }
                    try await writer.writeBuffer(ByteBuffer(string: text))
                }
                if !isCSV { try await writer.writeBuffer(ByteBuffer(string: "]")) }
                try await writer.write(.end)
            } catch {
                try await writer.write(.error(error))
            }
        })
        return Response(status: .ok, headers: headers, body: body)
    }
}

extension Date {
    fileprivate var rfc1123: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: self)
    }
}
