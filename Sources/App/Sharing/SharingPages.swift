import Core
import Fluent
import Foundation
import Vapor

/// `/chia-se-du-lieu`: the shared-data catalogue, the data-sharing clients of the user's units (create, key shown
/// once, revoke) and their call log. `/an-toan-thong-tin`: the security registry and each unit's compliance.
struct SharingPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("chia-se-du-lieu", use: page)
        routes.get("chia-se-du-lieu", "nhat-ky.csv", use: callsCSV)
        routes.post("chia-se-du-lieu", "clients", use: createClient)
        routes.post("chia-se-du-lieu", "clients", ":id", "revoke", use: revokeClient)
        routes.get("an-toan-thong-tin", use: security)
        routes.post("an-toan-thong-tin", "systems", use: saveSystem)
    }

    struct CataloguePage: Encodable {
        struct Item: Encodable {
            let resource: String
            let title: String
            let kind: String
            let open: Bool
            let href: String?
        }

        struct Client: Encodable {
            let id: String
            let name: String
            let unit: String
            let keyPrefix: String
            let scopes: String
            let rate: Int
            let expires: String
            let state: String
            let active: Bool
        }

        struct Call: Encodable {
            let at: String
            let client: String
            let endpoint: String
            let status: Int
            let bytes: String
            let latency: String
            let decision: String
            let refused: Bool
        }

        let layout: PageLayout
        let items: [Item]
        let official: Bool
        let clients: [Client]
        let calls: [Call]
        let newKey: String?
        let error: String?
        let defaultUnit: String
    }

    @Sendable func page(req: Request) async throws -> View {
        try await render(req, newKey: nil, error: nil)
    }

    func render(_ req: Request, newKey: String?, error: String?) async throws -> View {
        var items = try await OpenDataCatalog(db: req.db).entries().map {
            CataloguePage.Item(
                resource: "datasets/\($0.dataset.name)",
                title: $0.dataset.title,
                kind: $0.dataset.isPrivate ? "Dữ liệu chia sẻ (cần khóa)" : "Dữ liệu mở",
                open: !$0.dataset.isPrivate,
                href: $0.dataset.isPrivate ? nil : "/du-lieu-mo/\($0.dataset.name)"
            )
        }
        items.append(
            CataloguePage.Item(
                resource: "dossiers",
                title: "Tra cứu trạng thái hồ sơ TTHC theo mã (GET /lgsp/v1/dossiers/{mã})",
                kind: "Dịch vụ",
                open: false,
                href: nil
            )
        )
        for type in SharingEvents.types {
            items.append(
                CataloguePage.Item(
                    resource: "events/\(type)",
                    title: "Sự kiện \(type): theo dõi qua /lgsp/v1/events hoặc đăng ký webhook",
                    kind: "Sự kiện",
                    open: false,
                    href: nil
                )
            )
        }
        var clients: [CataloguePage.Client] = []
        var calls: [CataloguePage.Call] = []
        let official = (req.optionalPrincipal?.highestRole ?? .citizen) != .citizen
        if official {
            let reach = try await SharingController.reach(req, .view)
            let now = req.services.clock.now()
            clients = try await SharingStore(db: req.db).clients().filter { reach?.contains($0.unitCode) ?? true }.map {
                let expired = $0.expiresAt.map { now >= $0 } ?? false
                return CataloguePage.Client(
                    id: $0.id.description,
                    name: $0.name,
                    unit: $0.unitCode,
                    keyPrefix: $0.keyPrefix + "…",
                    scopes: $0.scopes.map { "\($0.resource) (\($0.access == .read ? "đọc" : "ghi"))" }.joined(
                        separator: ", "
                    ),
                    rate: $0.ratePerMinute,
                    expires: $0.expiresAt.map(VietnameseFormat.day) ?? "Không",
                    state: $0.revokedAt != nil ? "Đã thu hồi" : expired ? "Hết hạn" : "Đang dùng",
                    active: $0.revokedAt == nil && !expired
                )
            }
            calls = try await SharingStore(db: req.db).calls(units: reach, client: nil, limit: 50).map {
                CataloguePage.Call(
                    at: VietnameseFormat.dateTime($0.at),
                    client: $0.clientName,
                    endpoint: "\($0.method) \($0.endpoint)",
                    status: $0.status,
                    bytes: VietnameseFormat.number($0.bytes),
                    latency: VietnameseFormat.decimal($0.latencyMilliseconds),
                    decision: $0.decision == "allowed" ? "Cho phép" : $0.decision,
                    refused: $0.decision != "allowed"
                )
            }
        }
        return try await req.view.render(
            "Sharing/catalogue",
            CataloguePage(
                layout: .make(req, title: "Chia sẻ dữ liệu (LGSP)", section: .sharing),
                items: items,
                official: official,
                clients: clients,
                calls: calls,
                newKey: newKey,
                error: error,
                defaultUnit: req.services.config.homeProvince ?? DemoData.provinceCode
            )
        )
    }

    @Sendable func callsCSV(req: Request) async throws -> Response {
        _ = try IOCController.official(req)
        let reach = try await SharingController.reach(req, .view)
        let calls = try await SharingStore(db: req.db).calls(units: reach, client: nil, limit: 10_000)
        return .csv(
            CSV.document(
                header: [
                    "thoi_gian", "ung_dung", "don_vi", "dia_chi", "ma_trang_thai", "so_byte", "do_tre_ms", "quyet_dinh",
                ],
                rows: calls.map {
                    [
                        VietnameseFormat.dateTime($0.at), $0.clientName, $0.unitCode, "\($0.method) \($0.endpoint)",
                        String($0.status), String($0.bytes), String(format: "%.1f", $0.latencyMilliseconds),
                        $0.decision,
                    ]
                }
            ),
            filename: "nhat-ky-chia-se-du-lieu.csv"
        )
    }

    struct ClientForm: Content {
        var name: String
        var unitCode: String
        /// One scope per line: `datasets/* đọc`, `events/dossier.status_changed ghi`.
        var scopes: String
        var ratePerMinute: String?
        var days: String?
    }

    @Sendable func createClient(req: Request) async throws -> View {
        let form = try req.content.decode(ClientForm.self)
        do {
            let scopes = form.scopes.split(whereSeparator: \.isNewline).compactMap { line -> ApiScope? in
                let words = line.split(separator: " ").map(String.init)
                guard let resource = words.first else { return nil }
                let write = words.dropFirst().contains { ["ghi", "write"].contains($0.lowercased()) }
                return ApiScope(resource: resource, access: write ? .write : .read)
            }
            let days = Int(form.days ?? "") ?? 365
            let input = SharingController.NewClient(
                name: form.name,
                unitCode: form.unitCode.trimmingCharacters(in: .whitespaces),
                scopes: scopes,
                ratePerMinute: Int(form.ratePerMinute ?? ""),
                expiresAt: days > 0 ? req.services.clock.now().addingTimeInterval(Double(days) * 86_400) : nil
            )
            let (name, rate) = try SharingController.validate(input)
            let (unit, principal) = try await SharingController.unit(req, input.unitCode, .configure)
            let created = try await SharingController.create(
                req,
                name: name,
                unit: unit,
                principal: principal,
                input: input,
                rate: rate
            )
            return try await render(req, newKey: created.key, error: nil)
        } catch let error as SharingError {
            return try await render(req, newKey: nil, error: error.messageVI)
        } catch let error as WebError {
            return try await render(req, newKey: nil, error: Failure.from(error).messageVI)
        }
    }

    @Sendable func revokeClient(req: Request) async throws -> Response {
        let id: ApiClient.ID = try req.pathID()
        guard var client = try await SharingStore(db: req.db).client(id) else { throw WebError.notFound }
        try await SharingController.revoke(req, &client)
        return req.redirect(to: "/chia-se-du-lieu")
    }
}
