import Core
import Fluent
import Foundation
import SQLKit

/// A table the publisher derives from the platform's records, with its dataset's metadata.
struct PublishedTable: Sendable {
    var name: String
    var title: String
    var titleEN: String
    var notes: String
    var notesEN: String
    var organization: String
    var tags: [String]
    var isPrivate = false
    var frequency: String
    var fields: [DataField]
    var rows: [[DatastoreValue?]]
}

/// Builds the published tables from the platform's data. Nothing personal leaves here: dossiers and reports appear
/// only as counts per unit and month, and the shared (non-open) dossier table carries codes and dates, no applicant.
struct OpenDataSources {
    let db: any Database
    let services: AppServices
    let province: AdminUnit

    var sql: any SQLDatabase { db as! any SQLDatabase }
    var provinceOrg: String { "ubnd-" + OpenDataSources.organizationName(province.code) }

    static func organizationName(_ unitCode: String) -> String {
        VietnameseText.fold(unitCode).replacingOccurrences(of: ".", with: "-")
            .map { $0.isLetter || $0.isNumber || $0 == "-" ? String($0) : "-" }.joined()
    }

    /// The province and its agencies, as organisations.
    func organizations() async throws -> [DataOrganization] {
        let agencies = try await services.units(on: db).children(of: province.id).filter { $0.type.tier == .agency }
        return [
            DataOrganization(
                name: provinceOrg,
                title: "UBND \(province.name)",
                unitCode: province.code,
                description: "Dữ liệu mở do Ủy ban nhân dân \(province.name) công bố."
            )
        ]
            + agencies.map {
                DataOrganization(
                    name: OpenDataSources.organizationName($0.code),
                    title: $0.name,
                    unitCode: $0.code,
                    description: "\($0.name), \(province.name)."
                )
            }
    }

    func all(indicators chosen: [String], organizations: [DataOrganization], now: Date) async throws -> [PublishedTable]
    {
        var tables = [try await units(), try await procedures(organizations: organizations)]
        tables += try await statistics(now: now)
        tables += try await indicatorSeries(chosen, organizations: organizations, now: now)
        tables.append(try await dossierStatus(now: now))
        return tables
    }

    func units() async throws -> PublishedTable {
        let rows = try await sql.raw(
            """
            SELECT u.tree, u.code, u.name, u.type, u.level, p.code AS parent, u.valid_from, u.valid_to, u.merged_into,
                   u.lat, u.lon, u.area_km2
            FROM admin_units u LEFT JOIN admin_units p ON p.id = u.parent_id
            ORDER BY u.tree, u.code
            """
        ).all()
        return PublishedTable(
            name: "don-vi-hanh-chinh",
            title: "Danh mục đơn vị hành chính",
            titleEN: "Administrative units",
            notes:
                "Tỉnh, thành phố và xã, phường, đặc khu từ 01/7/2025 (cây hiện hành) cùng cây 63 tỉnh, huyện, xã trước "
                + "sáp nhập, với ngày hiệu lực và đơn vị kế thừa.",
            notesEN:
                "Provinces and communes since 1 July 2025 and the legacy tree, with validity dates and successors.",
            organization: provinceOrg,
            tags: ["hành chính", "danh mục"],
            frequency: "Khi có thay đổi",
            fields: [
                DataField(id: "cay", type: .text, label: "Cây (hiện hành/trước 2025)", indexed: true),
                DataField(id: "ma", type: .text, label: "Mã", indexed: true),
                DataField(id: "ten", type: .text, label: "Tên"),
                DataField(id: "loai", type: .text, label: "Loại", indexed: true),
                DataField(id: "cap", type: .int, label: "Cấp"),
                DataField(id: "ma_cha", type: .text, label: "Mã đơn vị cấp trên", indexed: true),
                DataField(id: "hieu_luc_tu", type: .text, label: "Hiệu lực từ"),
                DataField(id: "hieu_luc_den", type: .text, label: "Hiệu lực đến"),
                DataField(id: "sap_nhap_vao", type: .text, label: "Sáp nhập vào"),
                DataField(id: "vi_do", type: .numeric, label: "Vĩ độ"),
                DataField(id: "kinh_do", type: .numeric, label: "Kinh độ"),
                DataField(id: "dien_tich_km2", type: .numeric, label: "Diện tích (km²)"),
            ],
            rows: try rows.map { row in
                [
                    .text(try row.decode(column: "tree", as: String.self)),
                    .text(try row.decode(column: "code", as: String.self)),
                    .text(try row.decode(column: "name", as: String.self)),
                    .text(try row.decode(column: "type", as: String.self)),
                    .int(try row.decode(column: "level", as: Int.self)),
                    try row.decode(column: "parent", as: String?.self).map { .text($0) },
                    try row.decode(column: "valid_from", as: String?.self).map { .text($0) },
                    try row.decode(column: "valid_to", as: String?.self).map { .text($0) },
                    try row.decode(column: "merged_into", as: String.self).nonEmpty.map { .text($0) },
                    try row.decode(column: "lat", as: Double?.self).map { .number($0) },
                    try row.decode(column: "lon", as: Double?.self).map { .number($0) },
                    try row.decode(column: "area_km2", as: Double?.self).map { .number($0) },
                ]
            }
        )
    }

    func procedures(organizations: [DataOrganization]) async throws -> PublishedTable {
        let rows = try await sql.raw(
            """
            SELECT code, name, sector, competence, agency, online_level, time_amount, time_unit, has_fees
            FROM procedures ORDER BY code
            """
        ).all()
        let office = organizations.first { $0.unitCode.hasSuffix(".VP") }?.name ?? provinceOrg
        return PublishedTable(
            name: "thu-tuc-hanh-chinh",
            title: "Danh mục thủ tục hành chính",
            titleEN: "Administrative procedures",
            notes:
                "Thủ tục hành chính đang áp dụng: lĩnh vực, cấp thực hiện, cơ quan, mức độ trực tuyến, thời hạn giải quyết.",
            notesEN: "Procedures in force: sector, level, agency, online level and statutory time.",
            organization: office,
            tags: ["TTHC", "dịch vụ công", "danh mục"],
            frequency: "Khi có thay đổi",
            fields: [
                DataField(id: "ma_thu_tuc", type: .text, label: "Mã thủ tục", indexed: true),
                DataField(id: "ten_thu_tuc", type: .text, label: "Tên thủ tục"),
                DataField(id: "linh_vuc", type: .text, label: "Lĩnh vực", indexed: true),
                DataField(id: "cap_thuc_hien", type: .text, label: "Cấp thực hiện", indexed: true),
                DataField(id: "co_quan", type: .text, label: "Cơ quan thực hiện"),
                DataField(id: "muc_do_truc_tuyen", type: .text, label: "Mức độ trực tuyến", indexed: true),
                DataField(id: "thoi_han", type: .int, label: "Thời hạn"),
                DataField(id: "don_vi_thoi_han", type: .text, label: "Đơn vị thời hạn"),
                DataField(id: "co_phi", type: .int, label: "Có phí, lệ phí (1/0)"),
            ],
            rows: try rows.map { row in
                [
                    .text(try row.decode(column: "code", as: String.self)),
                    .text(try row.decode(column: "name", as: String.self)),
                    .text(try row.decode(column: "sector", as: String.self)),
                    .text(try row.decode(column: "competence", as: String.self)),
                    .text(try row.decode(column: "agency", as: String.self)),
                    .text(try row.decode(column: "online_level", as: String.self)),
                    .int(try row.decode(column: "time_amount", as: Int.self)),
                    .text(try row.decode(column: "time_unit", as: String.self)),
                    .int(try row.decode(column: "has_fees", as: Bool.self) ? 1 : 0),
                ]
            }
        )
    }

    /// The current month and the `count - 1` before it, oldest first.
    static func months(now: Date, count: Int) -> [Period] {
        let today = CivilDate(now)
        return (0..<count).reversed().map { back in
            let index = today.year * 12 + (today.month - 1) - back
            return Period(year: index / 12, month: index % 12 + 1)
        }
    }

    /// Counts per unit (the province and each commune) and month, from the automatic elements (766 rules).
    func statistics(now: Date) async throws -> [PublishedTable] {
        let communes = try await services.units(on: db).children(of: province.id).filter { $0.type.tier != .agency }
        let units = [province] + communes.sorted { $0.code < $1.code }
        let periods = Self.months(now: now, count: 13)
        let dossierItems = [
            AutomaticElement.dossiersReceived, .dossiersOnline, .dossiersHandled, .dossiersOnTime,
        ]
        let feedbackItems = [AutomaticElement.reports, .reportsOnTime, .reportsSatisfied]
        let cells = try await services.indicators(on: db).analytics(
            items: (dossierItems + feedbackItems).map(\.rawValue),
            periods: periods,
            units: units
        )
        var values: [String: Double] = [:]
        for cell in cells { values["\(cell.item)|\(cell.period)|\(cell.unit)"] = cell.value }
        func rows(_ items: [AutomaticElement]) -> [[DatastoreValue?]] {
            var rows: [[DatastoreValue?]] = []
            for unit in units {
                for period in periods {
                    let numbers = items.map { Int((values["\($0.rawValue)|\(period)|\(unit.id)"] ?? 0).rounded()) }
                    guard numbers.contains(where: { $0 != 0 }) else { continue }
                    rows.append(
                        [.text(unit.code), .text(unit.name), .text(period.description), .int(period.year)]
                            + numbers.map { .int($0) }
                    )
                }
            }
            return rows
        }
        let key: [DataField] = [
            DataField(id: "ma_don_vi", type: .text, label: "Mã đơn vị", indexed: true),
            DataField(id: "ten_don_vi", type: .text, label: "Tên đơn vị"),
            DataField(id: "ky", type: .text, label: "Kỳ (YYYYMM)", indexed: true),
            DataField(id: "nam", type: .int, label: "Năm", indexed: true),
        ]
        return [
            PublishedTable(
                name: "thong-ke-ho-so-tthc",
                title: "Thống kê hồ sơ thủ tục hành chính theo đơn vị và tháng",
                titleEN: "Administrative dossiers by unit and month",
                notes:
                    "Số hồ sơ tiếp nhận, nộp trực tuyến, đã giải quyết và giải quyết đúng hạn (theo Bộ chỉ số 766) của "
                    + "tỉnh và từng xã, phường trong 13 tháng gần nhất. Chỉ có số đếm, không có thông tin cá nhân.",
                notesEN: "Dossiers received, online, handled and on time per unit and month (766 rules). Counts only.",
                organization: provinceOrg,
                tags: ["TTHC", "thống kê", "766"],
                frequency: "Hằng ngày",
                fields: key + [
                    DataField(id: "tiep_nhan", type: .int, label: "Tiếp nhận"),
                    DataField(id: "truc_tuyen", type: .int, label: "Nộp trực tuyến"),
                    DataField(id: "giai_quyet", type: .int, label: "Đã giải quyết"),
                    DataField(id: "dung_han", type: .int, label: "Đúng hạn"),
                ],
                rows: rows(dossierItems)
            ),
            PublishedTable(
                name: "thong-ke-phan-anh-kien-nghi",
                title: "Thống kê phản ánh, kiến nghị theo đơn vị và tháng",
                titleEN: "Citizen reports by unit and month",
                notes:
                    "Số phản ánh, kiến nghị tiếp nhận, xử lý đúng hạn và được đánh giá hài lòng của tỉnh và từng xã, "
                    + "phường trong 13 tháng gần nhất. Chỉ có số đếm, không có thông tin người phản ánh.",
                notesEN: "Reports received, handled on time and rated satisfactory per unit and month. Counts only.",
                organization: provinceOrg,
                tags: ["phản ánh kiến nghị", "thống kê"],
                frequency: "Hằng ngày",
                fields: key + [
                    DataField(id: "tiep_nhan", type: .int, label: "Tiếp nhận"),
                    DataField(id: "dung_han", type: .int, label: "Xử lý đúng hạn"),
                    DataField(id: "hai_long", type: .int, label: "Hài lòng"),
                ],
                rows: rows(feedbackItems)
            ),
        ]
    }

    /// One dataset per chosen indicator: its value for the province and each commune, 24 months.
    func indicatorSeries(_ codes: [String], organizations: [DataOrganization], now: Date) async throws
        -> [PublishedTable]
    {
        guard !codes.isEmpty else { return [] }
        let service = services.indicators(on: db)
        let catalog = try await service.catalog()
        let communes = try await services.units(on: db).children(of: province.id).filter { $0.type.tier != .agency }
        let units = [province] + communes.sorted { $0.code < $1.code }
        let periods = Self.months(now: now, count: 24)
        var tables: [PublishedTable] = []
        for code in codes {
            guard let indicator = catalog.indicators[code] else { continue }
            let cells = try await service.analytics(items: [code], periods: periods, units: units)
            let byKey = Dictionary(cells.map { ("\($0.period)|\($0.unit)", $0.value) }, uniquingKeysWith: { a, _ in a })
            var rows: [[DatastoreValue?]] = []
            for unit in units {
                for period in periods {
                    guard let value = byKey["\(period)|\(unit.id)"] else { continue }
                    rows.append([
                        .text(unit.code), .text(unit.name), .text(period.description),
                        .number((value * 10_000).rounded() / 10_000),
                    ])
                }
            }
            let owner =
                organizations.first { $0.unitCode == "\(province.code).\(indicator.owner)" }?.name ?? provinceOrg
            tables.append(
                PublishedTable(
                    name: "chi-so-" + OpenDataSources.organizationName(code),
                    title: indicator.name,
                    titleEN: "Indicator \(code)",
                    notes:
                        "Giá trị chỉ số \"\(indicator.name)\" (mã \(code)) của tỉnh và từng xã, phường, 24 tháng gần nhất.",
                    notesEN: "Values of indicator \(code) for the province and each commune over 24 months.",
                    organization: owner,
                    tags: ["chỉ số", "chuyển đổi số"],
                    frequency: "Hằng tháng",
                    fields: [
                        DataField(id: "ma_don_vi", type: .text, label: "Mã đơn vị", indexed: true),
                        DataField(id: "ten_don_vi", type: .text, label: "Tên đơn vị"),
                        DataField(id: "ky", type: .text, label: "Kỳ (YYYYMM)", indexed: true),
                        DataField(id: "gia_tri", type: .numeric, label: "Giá trị"),
                    ],
                    rows: rows
                )
            )
        }
        return tables
    }

    /// Dossier codes and states for other agencies' systems (LGSP sharing, not open data): no applicant data.
    func dossierStatus(now: Date) async throws -> PublishedTable {
        let since = now.addingTimeInterval(-366 * 86_400).timeIntervalSince1970
        let rows = try await sql.raw(
            """
            SELECT d.code, d.procedure_code, u.code AS unit, d.status, d.submitted_s, d.due_s, d.ended_s
            FROM dossiers d JOIN admin_units u ON u.id = d.handling_unit_id
            WHERE d.submitted_s >= \(bind: since) AND u.tree = '2025' AND u.path LIKE \(bind: "/\(province.code)/%")
            ORDER BY d.submitted_s, d.code
            """
        ).all()
        func day(_ seconds: Double?) -> DatastoreValue? {
            seconds.map { .text(CivilDate(Date(timeIntervalSince1970: $0)).description) }
        }
        return PublishedTable(
            name: "trang-thai-ho-so-tthc",
            title: "Trạng thái hồ sơ thủ tục hành chính (chia sẻ qua LGSP)",
            titleEN: "Dossier status (shared through the LGSP)",
            notes:
                "Mã hồ sơ, thủ tục, đơn vị giải quyết, trạng thái và các mốc ngày, để hệ thống của cơ quan khác tra cứu. "
                + "Không công khai; chỉ khóa API được cấp quyền mới đọc được. Không có thông tin người nộp.",
            notesEN:
                "Dossier codes, states and dates for other agencies' systems. Shared with keys only; no applicant data.",
            organization: provinceOrg,
            tags: ["TTHC", "LGSP"],
            isPrivate: true,
            frequency: "Hằng ngày",
            fields: [
                DataField(id: "ma_ho_so", type: .text, label: "Mã hồ sơ", indexed: true),
                DataField(id: "ma_thu_tuc", type: .text, label: "Mã thủ tục", indexed: true),
                DataField(id: "don_vi", type: .text, label: "Đơn vị giải quyết", indexed: true),
                DataField(id: "trang_thai", type: .int, label: "Trạng thái (mã)", indexed: true),
                DataField(id: "ten_trang_thai", type: .text, label: "Trạng thái"),
                DataField(id: "ngay_nop", type: .text, label: "Ngày nộp"),
                DataField(id: "han_giai_quyet", type: .text, label: "Hạn giải quyết"),
                DataField(id: "ngay_ket_thuc", type: .text, label: "Ngày kết thúc"),
            ],
            rows: try await rows.mapGivingWay { row in
                let status = try row.decode(column: "status", as: Int.self)
                return [
                    .text(try row.decode(column: "code", as: String.self)),
                    .text(try row.decode(column: "procedure_code", as: String.self)),
                    .text(try row.decode(column: "unit", as: String.self)),
                    .int(status),
                    DossierStatus(rawValue: status).map { .text($0.label) },
                    day(try row.decode(column: "submitted_s", as: Double.self)),
                    day(try row.decode(column: "due_s", as: Double?.self)),
                    day(try row.decode(column: "ended_s", as: Double?.self)),
                ]
            }
        )
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
