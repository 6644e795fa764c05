import Core
import Fluent
import Vapor

// MARK: - Digital addresses

extension CommunityPagesController {
    struct AddressPage: Encodable {
        struct Row: Encodable {
            let code: String
            let kind: String
            let name: String
            let address: String
            let distance: String?
        }

        let layout: PageLayout
        let query: String
        let lat: String
        let lon: String
        let commune: String
        let communeName: String?
        let error: String?
        let notice: String?
        let found: [Row]
        let oldNames: String?
        let fallback: String?
        let nearby: [Row]
        let svg: String?
        let objects: [Row]
        let total: Int
        let mayImport: Bool
        let kinds: [SelectOption]
    }

    static func row(_ dto: AddressDTO) -> AddressPage.Row {
        AddressPage.Row(
            code: dto.code,
            kind: dto.kindLabel,
            name: dto.name,
            address: dto.address,
            distance: dto.metres.map { VietnameseFormat.decimal($0, digits: 0) + " m" }
        )
    }

    @Sendable static func addressPage(req: Request) async throws -> View {
        try await renderAddresses(req)
    }

    static func renderAddresses(_ req: Request, error: String? = nil, notice: String? = nil) async throws -> View {
        var error = error
        let query = req.queryString("q") ?? ""
        var found: [AddressPage.Row] = []
        var oldNames: String?
        var fallback: String?
        var commune = req.queryString("commune") ?? ""
        if !query.isEmpty {
            do {
                let answer = try await AddressController.answer(
                    try AddressController.checked(query),
                    limit: 10,
                    on: req
                )
                found = answer.hits.map(row)
                if !answer.oldNames.isEmpty { oldNames = answer.oldNames.joined(separator: ", ") }
                if let point = answer.fallback, let place = answer.communes.first {
                    fallback =
                        "\(place.name): \(VietnameseFormat.decimal(point.latitude, digits: 5)), "
                        + VietnameseFormat.decimal(point.longitude, digits: 5)
                }
                if commune.isEmpty, let first = answer.hits.first?.communeCode ?? answer.communes.first?.code,
                    answer.communes.count == 1 || !answer.hits.isEmpty
                {
                    commune = first
                }
            } catch let failure { error = message(failure) }
        }
        let latText = req.queryString("lat") ?? ""
        let lonText = req.queryString("lon") ?? ""
        var nearby: [AddressPage.Row] = []
        let geocoder = try await req.services.addresses.geocoder(on: req.db)
        if let lat = Double(latText.replacingOccurrences(of: ",", with: ".")),
            let lon = Double(lonText.replacingOccurrences(of: ",", with: "."))
        {
            let hits = geocoder.reverse(GeoPoint(latitude: lat, longitude: lon), k: 10, within: 500)
            nearby = hits.map { row(AddressDTO($0.object, geocoder: geocoder, metres: $0.metres)) }
            if commune.isEmpty, let first = hits.first { commune = first.object.communeCode }
        }
        if commune.isEmpty { commune = geocoder.objects.first?.communeCode ?? "" }
        var objects: [AddressObject] = []
        var svg: String?
        if !commune.isEmpty {
            objects = try await AddressRecord.query(on: req.db).filter(\.$communeCode == commune).sort(\.$code)
                .range(0..<5_000).all().map(\.object)
            let area = try await req.services.geo.router(on: req.db).area(of: commune)
            svg = AddressMap.svg(area: area, objects: objects)
        }
        let principal = req.optionalPrincipal
        return try await req.view.render(
            "Community/addresses",
            AddressPage(
                layout: .make(req, title: "Địa chỉ số", section: .addresses),
                query: query,
                lat: latText,
                lon: lonText,
                commune: commune,
                communeName: geocoder.unitName(commune),
                error: error,
                notice: notice,
                found: found,
                oldNames: oldNames,
                fallback: fallback,
                nearby: nearby,
                svg: svg,
                objects: objects.prefix(200).map { row(AddressDTO($0, geocoder: geocoder)) },
                total: objects.count,
                mayImport: principal?.grants.contains { $0.role.actions.contains(.configure) } ?? false,
                kinds: AddressObject.Kind.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) }
            )
        )
    }

    @Sendable static func importAddresses(req: Request) async throws -> View {
        do {
            let form = try req.content.decode(UploadForm.self)
            let json = form.file.filename.lowercased().hasSuffix("json")
            let answer = try await AddressController.importObjects(
                Data(form.file.data.readableBytesView),
                format: json ? "geojson" : "csv",
                on: req
            )
            return try await renderAddresses(
                req,
                notice:
                    "Đã nhập \(VietnameseFormat.number(answer.imported)) đối tượng vào \(answer.communes.count) xã, phường."
            )
        } catch let error as AccountError { throw error } catch {
            return try await renderAddresses(req, error: message(error))
        }
    }
}

extension AddressController {
    static func checked(_ text: String) throws -> String {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (3...300).contains(text.count) else {
            throw WebError.invalidParameter(name: "q", issue: .length(3...300))
        }
        return text
    }
}

/// A commune's addressed objects as SVG points over its boundary (or its approximate cell), coloured by type.
enum AddressMap {
    static func svg(area: GeoArea?, objects: [AddressObject]) -> String? {
        let pointBounds =
            objects.isEmpty
            ? nil
            : GeoBounds(
                minLatitude: objects.map(\.point.latitude).min()!,
                maxLatitude: objects.map(\.point.latitude).max()!,
                minLongitude: objects.map(\.point.longitude).min()!,
                maxLongitude: objects.map(\.point.longitude).max()!
            )
        guard let bounds = area.flatMap({ SVGMap.bounds(of: [$0]) }) ?? pointBounds else { return nil }
        let all = [bounds, pointBounds].compactMap { $0 }.reduce(bounds) { total, box in
            GeoBounds(
                minLatitude: min(total.minLatitude, box.minLatitude),
                maxLatitude: max(total.maxLatitude, box.maxLatitude),
                minLongitude: min(total.minLongitude, box.minLongitude),
                maxLongitude: max(total.maxLongitude, box.maxLongitude)
            )
        }
        let projection = MapProjection(bounds: all)
        let escape = Open311Node.escape
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"commune-map address-map\" role=\"img\" "
            + "viewBox=\"0 0 \(SVGMap.format(projection.width)) \(SVGMap.format(projection.height))\">"
        if let area { out += "<path d=\"\(SVGMap.path(of: area, in: projection))\" class=\"c0\"></path>" }
        for object in objects {
            let (x, y) = projection.project(object.point)
            out +=
                "<circle cx=\"\(SVGMap.format(x))\" cy=\"\(SVGMap.format(y))\" r=\"2.5\" class=\"pt-\(object.kind.rawValue)\">"
                + "<title>\(escape(object.code + " – " + (object.name.isEmpty ? "" : object.name + ", ") + object.address.line))</title></circle>"
        }
        return out + "</svg>"
    }
}
