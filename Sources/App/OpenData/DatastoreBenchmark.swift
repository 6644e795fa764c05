import Core
import Fluent
import Foundation
import NIOCore
import SQLKit
import Vapor

/// What `tinhso-bench datastore` needs from the App: a resource of `rows` rows (daily dossier counts for every
/// commune of the country and ten sectors: a million rows is a month; real commune codes), registered in the catalogue, then
/// `datastore_search` over HTTP with offset paging, with and without a filter, against the same page read straight
/// from the database in the same run.
public enum DatastoreBenchmark {
    public struct Timing: Sendable {
        public let name: String
        public let http: [Double]
        public let direct: [Double]
        /// The same pages by a plain SQL `OFFSET` (CKAN's DataStore way), when measured.
        public var plainOffset: [Double]? = nil
    }

    public struct Result: Sendable {
        public let rows: Int
        public let loadSeconds: Double
        public let timings: [Timing]
    }

    static let resource = "bench-ho-so-theo-ngay"
    static let sectors = [
        "Hộ tịch", "Đất đai", "Xây dựng", "Tư pháp", "Lao động", "Giáo dục", "Y tế", "Giao thông", "Công thương",
        "Nông nghiệp",
    ]

    public static func run(app: Application, rows: Int, requests: Int, port: Int, communes: [String]) async throws
        -> Result
    {
        try await app.autoMigrate()
        let catalog = OpenDataCatalog(db: app.db)
        var loadSeconds = 0.0
        if try await catalog.entry(resource)?.dataset.resource.hash != "bench-v2-\(rows)" {
            let start = DispatchTime.now().uptimeNanoseconds
            try await load(app, rows: rows, communes: communes)
            loadSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        guard let entry = try await catalog.entry(resource) else { throw Abort(.internalServerError) }
        try await app.server.start(address: .hostname("127.0.0.1", port: port))
        var generator = SystemRandomNumberGenerator()
        var timings: [Timing] = []
        do {
            let base = "http://127.0.0.1:\(port)/api/3/action/datastore_search?resource_id=\(resource)"
            let sql = app.db as! any SQLDatabase
            let columns = "\"_id\", " + entry.dataset.resource.fields.map { "\"\($0.id)\"" }.joined(separator: ", ")
            // 1. Offset paging over the whole table: any page of 100. The direct query is the one the API runs (by row
            // number); a plain OFFSET, which skips the rows one by one, is timed beside it.
            var http: [Double] = []
            var direct: [Double] = []
            var skipping: [Double] = []
            for round in 0..<(requests + 5) {
                let offset = Int.random(in: 0..<(rows - 100), using: &generator)
                let web = try await time { try await get(app, base + "&limit=100&offset=\(offset)", expect: 100) }
                let raw = try await time {
                    _ = try await sql.raw(
                        "SELECT \(unsafeRaw: columns) FROM \(unsafeRaw: entry.table) WHERE \"_id\" > \(bind: offset) ORDER BY \"_id\" LIMIT 100"
                    ).all()
                }
                let skip = try await time {
                    _ = try await sql.raw(
                        "SELECT \(unsafeRaw: columns) FROM \(unsafeRaw: entry.table) ORDER BY \"_id\" LIMIT 100 OFFSET \(bind: offset)"
                    ).all()
                }
                if round >= 5 {
                    http.append(web)
                    direct.append(raw)
                    skipping.append(skip)
                }
            }
            timings.append(
                Timing(name: "offset paging, no filter (limit 100)", http: http, direct: direct, plainOffset: skipping)
            )
            // 2. A commune's rows (a filter), paged with offset, with the total.
            http = []
            direct = []
            for round in 0..<(requests + 5) {
                let commune = communes[Int.random(in: 0..<communes.count, using: &generator)]
                let offset = Int.random(in: 0..<200, using: &generator)
                let filters = "%7B%22ma_xa%22%3A%22\(commune)%22%7D"
                let web = try await time {
                    try await get(app, base + "&filters=\(filters)&limit=50&offset=\(offset)", expect: nil)
                }
                let raw = try await time {
                    _ = try await sql.raw(
                        """
                        SELECT \(unsafeRaw: columns) FROM \(unsafeRaw: entry.table) WHERE "ma_xa" = \(bind: commune)
                        ORDER BY "_id" LIMIT 50 OFFSET \(bind: offset)
                        """
                    ).all()
                    _ = try await sql.raw(
                        "SELECT COUNT(*) AS n FROM \(unsafeRaw: entry.table) WHERE \"ma_xa\" = \(bind: commune)"
                    ).first()
                }
                if round >= 5 {
                    http.append(web)
                    direct.append(raw)
                }
            }
            timings.append(Timing(name: "filter ma_xa + offset (limit 50, with total)", http: http, direct: direct))
            // 3. Two filters (sector and a day) with a sort.
            http = []
            direct = []
            for round in 0..<(requests + 5) {
                let day = String(format: "2026-01-%02d", Int.random(in: 1...30, using: &generator))
                let sector = sectors[Int.random(in: 0..<sectors.count, using: &generator)]
                let query = #"{"linh_vuc":"\#(sector)","ngay":"\#(day)"}"#
                let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let web = try await time {
                    try await get(app, base + "&filters=\(encoded)&sort=tiep_nhan%20desc&limit=20", expect: nil)
                }
                let raw = try await time {
                    _ = try await sql.raw(
                        """
                        SELECT \(unsafeRaw: columns) FROM \(unsafeRaw: entry.table) WHERE "linh_vuc" = \(bind: sector)
                        AND "ngay" = \(bind: day) ORDER BY "tiep_nhan" DESC, "_id" LIMIT 20
                        """
                    ).all()
                }
                if round >= 5 {
                    http.append(web)
                    direct.append(raw)
                }
            }
            timings.append(
                Timing(name: "filter linh_vuc + ngay, sort tiep_nhan desc (limit 20)", http: http, direct: direct)
            )
        } catch {
            await app.server.shutdown()
            throw error
        }
        await app.server.shutdown()
        return Result(rows: rows, loadSeconds: loadSeconds, timings: timings)
    }

    static func time(_ work: () async throws -> Void) async throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try await work()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func get(_ app: Application, _ url: String, expect: Int?) async throws {
        let response = try await app.client.get(URI(string: url))
        guard response.status == .ok, let body = response.body else {
            throw Abort(response.status, reason: "datastore_search answered \(response.status)")
        }
        if let expect {
            // Count the records cheaply: one `"_id":` per record.
            let text = String(buffer: body)
            let count = text.components(separatedBy: "\"_id\":").count - 1
            guard count == expect else {
                throw Abort(.internalServerError, reason: "expected \(expect) records, got \(count)")
            }
        }
    }

    /// Rows: commune × sector × day until `rows`, with plausible counts; loaded through the publisher's own store.
    static func load(_ app: Application, rows: Int, communes: [String]) async throws {
        let fields = [
            DataField(id: "ma_xa", type: .text, label: "Mã xã", indexed: true),
            DataField(id: "ngay", type: .text, label: "Ngày", indexed: true),
            DataField(id: "linh_vuc", type: .text, label: "Lĩnh vực", indexed: true),
            DataField(id: "tiep_nhan", type: .int, label: "Tiếp nhận"),
            DataField(id: "dung_han", type: .int, label: "Đúng hạn"),
            DataField(id: "ty_le", type: .numeric, label: "Tỷ lệ đúng hạn (%)"),
        ]
        let days = (0..<366).compactMap { offset -> String? in
            guard let day = CivilDate(year: 2026, month: 1, day: 1)?.adding(days: offset), day.year == 2026 else {
                return nil
            }
            return day.iso
        }
        let generated = GeneratedRows(count: rows, communes: communes, days: days, sectors: sectors)
        let table = DatastoreStore.tableName(resourceID: resource)
        try await app.db.transaction { db in
            try await DatastoreStore(db: db).create(table, fields: fields, rows: generated)
        }
        let now = Date()
        let dataset = Dataset(
            name: resource,
            title: "Hồ sơ theo xã, ngày và lĩnh vực (dữ liệu sinh cho benchmark)",
            titleEN: "Dossiers by commune, day and sector (generated for the benchmark)",
            notes: "Dữ liệu sinh ngẫu nhiên để đo hiệu năng; không phải số liệu thật.",
            notesEN: "Generated data for the benchmark.",
            organization: "bench",
            tags: ["benchmark"],
            isPrivate: false,
            frequency: "—",
            resource: DataResource(
                id: resource,
                name: "Benchmark",
                description: "",
                fields: fields,
                rowCount: rows,
                hash: "bench-v2-\(rows)",
                created: now,
                lastModified: now
            ),
            created: now,
            modified: now,
            reviewed: now
        )
        let catalog = OpenDataCatalog(db: app.db)
        if let old = try await catalog.entry(resource) { try await DatastoreStore(db: app.db).drop(old.table) }
        try await catalog.save(OpenDataCatalog.Entry(dataset: dataset, table: table))
    }
}

/// Commune × day × sector rows with counts from a fixed-seed generator: the same table on every run.
struct GeneratedRows: Sequence, Sendable {
    let count: Int
    let communes: [String]
    let days: [String]
    let sectors: [String]

    struct Iterator: IteratorProtocol {
        let rows: GeneratedRows
        var index = 0
        var state: UInt64 = 766

        mutating func next() -> [DatastoreValue?]? {
            guard index < rows.count else { return nil }
            defer { index += 1 }
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let received = Int(state >> 58) + 1
            let onTime = Swift.max(0, received - Int((state >> 40) & 3))
            let communes = rows.communes.count
            let days = rows.days.count
            let sectors = rows.sectors.count
            return [
                .text(rows.communes[index % communes]), .text(rows.days[(index / (communes * sectors)) % days]),
                .text(rows.sectors[(index / communes) % sectors]), .int(received), .int(onTime),
                .number((Double(onTime) * 1000 / Double(received)).rounded() / 10),
            ]
        }
    }

    func makeIterator() -> Iterator { Iterator(rows: self) }
}
