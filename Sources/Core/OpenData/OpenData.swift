public import Foundation

/// What the open-data portal and its CKAN-compatible API refuse. Each case carries the CKAN error type and status the
/// client expects (ckan/logic/__init__.py; ckanapi maps `__type` onto its exceptions).
public enum OpenDataError: Error, Equatable, Sendable {
    case unknownAction(String)
    case notFound(what: String, id: String)
    /// A bad parameter: CKAN answers 409 with `{field: [message]}`.
    case validation(field: String, message: String)
    /// A bad `q`/`fq`/`sort` in a search.
    case searchQuery(String)
    case notAuthorized(String)

    /// The `__type` of the CKAN error object.
    public var ckanType: String {
        switch self {
        case .unknownAction: "Bad request - Action Error"
        case .notFound: "Not Found Error"
        case .validation: "Validation Error"
        case .searchQuery: "Search Query Error"
        case .notAuthorized: "Authorization Error"
        }
    }

    /// The HTTP status CKAN uses for it.
    public var status: Int {
        switch self {
        case .unknownAction: 400
        case .notFound: 404
        case .validation, .searchQuery: 409
        case .notAuthorized: 403
        }
    }

    /// English message (CKAN clients show it); the portal pages carry the Vietnamese one.
    public var message: String {
        switch self {
        case .unknownAction(let name): "Action name not known: \(name)"
        case .notFound(let what, let id): "\(what) not found: \(id)"
        case .validation(let field, let message): "\(field): \(message)"
        case .searchQuery(let message): "Search Query Error: \(message)"
        case .notAuthorized(let message): message
        }
    }

    public var messageVI: String {
        switch self {
        case .unknownAction(let name): "Không có thao tác \(name)."
        case .notFound(_, let id): "Không tìm thấy \(id)."
        case .validation(let field, let message): "Tham số \(field) không hợp lệ: \(message)"
        case .searchQuery(let message): "Câu truy vấn tìm kiếm không hợp lệ: \(message)"
        case .notAuthorized: "Không có quyền truy cập."
        }
    }
}

/// A publishing agency (a CKAN organisation): a unit of the province.
public struct DataOrganization: Hashable, Sendable, Codable {
    /// URL name: lower-case ASCII, digits and `-`.
    public var name: String
    public var title: String
    public var unitCode: String
    public var description: String

    public init(name: String, title: String, unitCode: String, description: String) {
        self.name = name
        self.title = title
        self.unitCode = unitCode
        self.description = description
    }
}

/// The type of a DataStore column (CKAN's `text`, `int`, `numeric`).
public enum FieldType: String, Hashable, Sendable, Codable, CaseIterable {
    case text
    case int
    case numeric
}

/// A column of a resource's table. `indexed` columns are the ones a filter is fast on.
public struct DataField: Hashable, Sendable, Codable {
    public var id: String
    public var type: FieldType
    /// Vietnamese label for pages and the CSV header's description.
    public var label: String
    public var indexed: Bool

    public init(id: String, type: FieldType, label: String, indexed: Bool = false) {
        self.id = id
        self.type = type
        self.label = label
        self.indexed = indexed
    }
}

/// One downloadable table of a dataset, served from the DataStore as CSV and JSON at stable addresses.
public struct DataResource: Hashable, Sendable, Codable {
    /// Stable across regenerations: `<dataset>` for the table, so links keep working.
    public var id: String
    public var name: String
    public var description: String
    public var fields: [DataField]
    public var rowCount: Int
    /// SHA-256 of the rows; a regeneration with the same hash keeps the dates.
    public var hash: String
    public var created: Date
    public var lastModified: Date

    public init(
        id: String,
        name: String,
        description: String,
        fields: [DataField],
        rowCount: Int,
        hash: String,
        created: Date,
        lastModified: Date
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.fields = fields
        self.rowCount = rowCount
        self.hash = hash
        self.created = created
        self.lastModified = lastModified
    }
}

/// A dataset (CKAN package) published from the platform's own data, with Vietnamese and English metadata.
public struct Dataset: Hashable, Sendable, Codable {
    public var name: String
    public var title: String
    public var titleEN: String
    public var notes: String
    public var notesEN: String
    public var organization: String
    public var tags: [String]
    /// Shared through the data-sharing gateway only (LGSP), not open data: needs a key with its scope.
    public var isPrivate: Bool
    /// How often the data behind it changes, in Vietnamese ("Hằng tháng").
    public var frequency: String
    public var resource: DataResource
    public var created: Date
    public var modified: Date
    /// When the owner last reviewed the dataset's place on the open-data list (ND 47/2020 Điều 17).
    public var reviewed: Date

    public init(
        name: String,
        title: String,
        titleEN: String,
        notes: String,
        notesEN: String,
        organization: String,
        tags: [String],
        isPrivate: Bool,
        frequency: String,
        resource: DataResource,
        created: Date,
        modified: Date,
        reviewed: Date
    ) {
        self.name = name
        self.title = title
        self.titleEN = titleEN
        self.notes = notes
        self.notesEN = notesEN
        self.organization = organization
        self.tags = tags
        self.isPrivate = isPrivate
        self.frequency = frequency
        self.resource = resource
        self.created = created
        self.modified = modified
        self.reviewed = reviewed
    }

    /// ND 47/2020 has no open licence of its own; its Điều 18 terms (free use, cite the source, do not sell the raw
    /// data) are closest to CC BY 4.0, which is what the portal states with the decree named.
    public static let licenseID = "cc-by"
    public static let licenseTitle = "Creative Commons Attribution 4.0 (theo Điều 18 Nghị định 47/2020/NĐ-CP)"

    /// The resource formats offered for every dataset: the DataStore table as CSV and as JSON.
    public static let formats = ["CSV", "JSON"]
}
