import Core
import Foundation
import Vapor

/// The CKAN shapes (ckan/logic/schema, package_show and resource_show output) built from the catalogue.
enum CKANDocuments {
    /// CKAN's timestamp form: ISO 8601 in UTC without a zone, microseconds.
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%06d",
            c.year ?? 0,
            c.month ?? 0,
            c.day ?? 0,
            c.hour ?? 0,
            c.minute ?? 0,
            c.second ?? 0,
            (c.nanosecond ?? 0) / 1000
        )
    }

    static func baseURL(_ req: Request) -> String {
        let scheme = req.headers.first(name: "X-Forwarded-Proto") ?? "http"
        let host = req.headers.first(name: .host) ?? "localhost:8080"
        return "\(scheme)://\(host)"
    }

    /// The two resources of a dataset: the table as CSV (id = dataset name) and as JSON (`<name>-json`).
    static func resourceIDs(_ dataset: Dataset) -> [(id: String, format: String)] {
        [(dataset.name, "CSV"), (dataset.name + "-json", "JSON")]
    }

    /// The stable download address of a dataset's table in a format.
    static func downloadPath(_ dataset: Dataset, format: String) -> String {
        "/du-lieu-mo/tai-ve/\(dataset.name).\(format.lowercased())"
    }

    static func organization(_ org: DataOrganization?, name: String, count: Int? = nil) -> ActionValue {
        var object: [String: ActionValue] = [
            "id": .string(name),
            "name": .string(name),
            "title": .string(org?.title ?? name),
            "display_name": .string(org?.title ?? name),
            "description": .string(org?.description ?? ""),
            "type": .string("organization"),
            "is_organization": .bool(true),
            "state": .string("active"),
            "approval_status": .string("approved"),
            "image_url": .string(""),
            "extras": .array(
                org.map { [.object(["key": .string("unit_code"), "value": .string($0.unitCode)])] } ?? []
            ),
        ]
        if let count { object["package_count"] = .number(Double(count)) }
        return .object(object)
    }

    static func resource(_ dataset: Dataset, id: String, format: String, position: Int, base: String) -> ActionValue {
        let r = dataset.resource
        return .object([
            "id": .string(id),
            "package_id": .string(dataset.name),
            "name": .string("\(dataset.title) (\(format))"),
            "description": .string(r.description),
            "format": .string(format),
            "mimetype": .string(format == "CSV" ? "text/csv" : "application/json"),
            "url": .string(base + downloadPath(dataset, format: format)),
            "url_type": .null,
            "resource_type": .null,
            "size": .null,
            "hash": .string(r.hash),
            "created": .string(timestamp(r.created)),
            "last_modified": .string(timestamp(r.lastModified)),
            "metadata_modified": .string(timestamp(dataset.modified)),
            "datastore_active": .bool(true),
            "state": .string("active"),
            "position": .number(Double(position)),
        ])
    }

    static func package(_ dataset: Dataset, organizations: [String: DataOrganization], base: String, now: Date)
        -> ActionValue
    {
        let duties = OpenDataDuties(dataset: dataset, now: now)
        let resources = resourceIDs(dataset).enumerated().map {
            resource(dataset, id: $0.element.id, format: $0.element.format, position: $0.offset, base: base)
        }
        let org = organizations[dataset.organization]
        func extra(_ key: String, _ value: String) -> ActionValue {
            .object(["key": .string(key), "value": .string(value)])
        }
        return .object([
            "id": .string(dataset.name),
            "name": .string(dataset.name),
            "title": .string(dataset.title),
            "title_translated": .object(["vi": .string(dataset.title), "en": .string(dataset.titleEN)]),
            "notes": .string(dataset.notes),
            "notes_translated": .object(["vi": .string(dataset.notes), "en": .string(dataset.notesEN)]),
            "author": .string(org?.title ?? dataset.organization),
            "author_email": .null,
            "maintainer": .string(org?.title ?? dataset.organization),
            "maintainer_email": .null,
            "license_id": .string(Dataset.licenseID),
            "license_title": .string(Dataset.licenseTitle),
            "url": .string(base + "/du-lieu-mo/\(dataset.name)"),
            "version": .null,
            "state": .string("active"),
            "type": .string("dataset"),
            "private": .bool(dataset.isPrivate),
            "owner_org": .string(dataset.organization),
            "organization": organization(org, name: dataset.organization),
            "metadata_created": .string(timestamp(dataset.created)),
            "metadata_modified": .string(timestamp(dataset.modified)),
            "num_resources": .number(Double(resources.count)),
            "num_tags": .number(Double(dataset.tags.count)),
            "tags": .array(
                dataset.tags.map {
                    .object([
                        "id": .string($0), "name": .string($0), "display_name": .string($0), "state": .string("active"),
                    ])
                }
            ),
            "groups": .array([]),
            "resources": .array(resources),
            "extras": .array([
                extra("frequency", dataset.frequency),
                extra("rows", String(dataset.resource.rowCount)),
                extra("last_reviewed", timestamp(dataset.reviewed)),
                extra("review_due", timestamp(duties.reviewDue)),
                extra("update_lag_days", String(duties.updateLagDays)),
                extra("legal_basis", "Nghị định 47/2020/NĐ-CP"),
            ]),
        ])
    }

    static func value(_ value: DatastoreValue?) -> ActionValue {
        switch value {
        case .text(let text)?: .string(text)
        case .int(let number)?: .number(Double(number))
        case .number(let number)?: .number(number)
        case nil: .null
        }
    }

    static func text(_ value: DatastoreValue?) -> String {
        switch value {
        case .text(let text)?: text
        case .int(let number)?: String(number)
        case .number(let number)?:
            number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case nil: ""
        }
    }
}
