import Core
import Fluent
import Vapor

struct AddressDTO: Content {
    let code: String
    let kind: String
    let kindLabel: String
    let name: String
    let address: String
    let lat: Double
    let lon: Double
    let communeCode: String
    let commune: String
    /// Metres from the point asked about (reverse geocoding).
    let metres: Double?

    init(_ object: AddressObject, geocoder: Geocoder, metres: Double? = nil) {
        code = object.code
        kind = object.kind.rawValue
        kindLabel = object.kind.label
        name = object.name
        address = object.address.line
        lat = object.point.latitude
        lon = object.point.longitude
        communeCode = object.communeCode
        commune = geocoder.unitName(object.communeCode) ?? object.address.commune
        self.metres = metres.map { ($0 * 10).rounded() / 10 }
    }
}

/// `/api/v1/addresses…`: geocoding (text → objects), reverse geocoding (point → nearest objects), lists and CSV for
/// everyone; imports (CSV or GeoJSON) for whoever configures every commune the file touches.
struct AddressController: RouteCollection {
    struct GeocodeAnswer: Content {
        struct Place: Content {
            let code: String
            let name: String
        }

        let query: String
        let province: Place?
        /// The 2025 communes the address can be in (at most 20 listed).
        let communes: [Place]
        /// Old (pre-2025) names that were mapped through the merge links.
        let oldNames: [String]
        let hits: [AddressDTO]
        /// When no object matched but a commune was named: its centre, to place a pin roughly.
        let fallback: GeoPoint?
    }

    struct ImportAnswer: Content {
        let imported: Int
        let communes: [String]
    }

    func boot(routes: any RoutesBuilder) throws {
        let addresses = routes.grouped("addresses")
        addresses.get("geocode", use: Self.geocode)
        addresses.get("reverse", use: Self.reverse)
        addresses.get(use: Self.list)
        addresses.get("export.csv", use: Self.export)
        addresses.get(":code", use: Self.show)
        addresses.on(.POST, "import", body: .collect(maxSize: "20mb"), use: Self.importFile)
    }

    @Sendable static func geocode(req: Request) async throws -> GeocodeAnswer {
        let text = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (3...300).contains(text.count) else {
            throw WebError.invalidParameter(name: "q", issue: .length(3...300))
        }
        let limit = min(max(req.query[Int.self, at: "limit"] ?? 5, 1), 20)
        return try await answer(text, limit: limit, on: req)
    }

    static func answer(_ text: String, limit: Int, on req: Request) async throws -> GeocodeAnswer {
        let geocoder = try await req.services.addresses.geocoder(on: req.db)
        let answer = geocoder.geocode(text, limit: limit)
        let resolution = answer.resolution
        var fallback: GeoPoint?
        if answer.hits.isEmpty, let resolution, resolution.communeNamed, let code = resolution.communes.first {
            fallback = try await req.services.units(on: req.db).find(UnitKey(tree: .current, code: code))?.centroid
        }
        func place(_ code: String) -> GeocodeAnswer.Place {
            GeocodeAnswer.Place(code: code, name: geocoder.unitName(code) ?? code)
        }
        return GeocodeAnswer(
            query: text,
            province: resolution?.province.map(place),
            communes: (resolution?.communes ?? []).prefix(20).map(place),
            oldNames: resolution?.viaLegacy ?? [],
            hits: answer.hits.map { AddressDTO($0.object, geocoder: geocoder) },
            fallback: fallback
        )
    }

    @Sendable static func reverse(req: Request) async throws -> [AddressDTO] {
        guard let latitude = req.query[Double.self, at: "lat"], abs(latitude) <= 90 else {
            throw WebError.invalidParameter(name: "lat", issue: .required)
        }
        guard let longitude = req.query[Double.self, at: "lon"], abs(longitude) <= 180 else {
            throw WebError.invalidParameter(name: "lon", issue: .required)
        }
        let k = min(max(req.query[Int.self, at: "k"] ?? 5, 1), 50)
        let radius = min(max(req.query[Double.self, at: "radius"] ?? 200, 1), 5_000)
        let geocoder = try await req.services.addresses.geocoder(on: req.db)
        return geocoder.reverse(GeoPoint(latitude: latitude, longitude: longitude), k: k, within: radius).map {
            AddressDTO($0.object, geocoder: geocoder, metres: $0.metres)
        }
    }

    static func communeFilter(_ req: Request) throws -> String {
        guard let commune = req.query[String.self, at: "commune"], commune.count == 5, commune.allSatisfy(\.isNumber)
        else { throw WebError.invalidParameter(name: "commune", issue: .required) }
        return commune
    }

    @Sendable static func list(req: Request) async throws -> [AddressDTO] {
        let commune = try communeFilter(req)
        let geocoder = try await req.services.addresses.geocoder(on: req.db)
        return try await AddressRecord.query(on: req.db).filter(\.$communeCode == commune).sort(\.$code)
            .range(0..<5_000).all().map { AddressDTO($0.object, geocoder: geocoder) }
    }

    @Sendable static func export(req: Request) async throws -> Response {
        let commune = try communeFilter(req)
        let objects = try await AddressRecord.query(on: req.db).filter(\.$communeCode == commune).sort(\.$code).all()
        return Response.csv(AddressImport.csv(objects.map(\.object)), filename: "dia-chi-so-\(commune).csv")
    }

    @Sendable static func show(req: Request) async throws -> AddressDTO {
        let code = (req.parameters.get("code") ?? "").uppercased()
        guard let record = try await AddressRecord.query(on: req.db).filter(\.$code == code).first() else {
            throw AddressError.notFound
        }
        return AddressDTO(record.object, geocoder: try await req.services.addresses.geocoder(on: req.db))
    }

    /// `POST /api/v1/addresses/import?format=csv|geojson`: all rows or none.
    @Sendable static func importFile(req: Request) async throws -> ImportAnswer {
        let data = req.body.data.map { Data($0.readableBytesView) } ?? Data()
        let format = req.query[String.self, at: "format"] ?? "csv"
        return try await importObjects(data, format: format, on: req)
    }

    static func importObjects(_ data: Data, format: String, on req: Request) async throws -> ImportAnswer {
        _ = try req.principal  // signed in before any work
        let rows: [AddressImport.Row]
        switch format {
        case "csv":
            guard let text = String(data: data, encoding: .utf8) else {
                throw AddressError.invalidField(
                    field: "file",
                    issue: FieldIssue(english: "must be UTF-8 text", vietnamese: "phải là văn bản UTF-8")
                )
            }
            rows = try AddressImport.rows(csv: text)
        case "geojson": rows = try AddressImport.rows(geojson: data)
        default: throw WebError.invalidParameter(name: "format", issue: .oneOf(["csv", "geojson"]))
        }
        guard !rows.isEmpty else { throw AddressError.invalidField(field: "file", issue: .required) }
        guard rows.count <= 300_000 else { throw AddressError.invalidField(field: "file", issue: .atMostRows(300_000)) }
        let router = try await req.services.geo.router(on: req.db)
        let geocoder = try await req.services.addresses.geocoder(on: req.db)
        let objects = try AddressImport.validate(
            rows,
            locate: { router.locate($0).map { router.codes[$0] } },
            communeName: { geocoder.unitName($0) }
        ).get()
        let communes = Array(Set(objects.map(\.communeCode))).sorted()
        var units: [AdminUnit] = []
        for commune in communes { units.append(try await SharingController.unit(req, commune, .configure).0) }
        let actor = Actor(try req.principal)
        let now = req.services.clock.now()
        let services = req.services
        try await req.transaction { [units, objects] db in
            try await services.addresses.store(objects, on: db, now: now)
            for unit in units {
                try await services.audit(on: db).append(
                    AuditEntry(
                        at: now,
                        actorID: actor.id,
                        actorName: actor.name,
                        action: "addresses.import",
                        entityType: "address_objects",
                        entityID: unit.code,
                        unitID: unit.id,
                        before: nil,
                        after: [
                            "objects": String(objects.filter { $0.communeCode == unit.code }.count), "format": format,
                        ]
                    )
                )
            }
        }
        req.services.addresses.invalidate()
        return ImportAnswer(imported: objects.count, communes: communes)
    }
}
