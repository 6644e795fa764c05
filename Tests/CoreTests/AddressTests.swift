import Core
import Foundation
import Testing

@Suite("Digital addresses: parsing, old names, geocoding, k-nearest, import validation")
struct AddressTests {
    static let gazetteer: AddressGazetteer = {
        AddressGazetteer(seeds: (try? UnitDataFileTests.seeds()) ?? [])
    }()

    @Test("An address splits into its parts, with or without diacritics, commas and dots")
    func parsing() {
        let full = AddressText.parse("Số 12/5 ngõ 34 đường Trần Phú, P. Hạc Thành, TP. Thanh Hóa, Thanh Hóa")
        #expect(full.houseNumber == "12/5")
        #expect(full.alley == "34")
        #expect(full.street == "tran phu")
        #expect(full.commune == "hac thanh")
        #expect(full.communeKind == "phuong")
        #expect(full.city == "thanh hoa")
        #expect(full.loose == ["thanh hoa"])

        let bare = AddressText.parse("hem 45 nguyen trai p.5 q.3 tp hcm")
        #expect(bare.alley == "45")
        #expect(bare.street == "nguyen trai")
        #expect(bare.commune == "5")
        #expect(bare.district == "3")
        #expect(bare.city == "hcm")

        let leading = AddressText.parse("12 Lê Lợi, Thôn Đông, Xã Quảng Phú")
        #expect(leading.houseNumber == "12")
        #expect(leading.street == "le loi")
        #expect(leading.hamlet == "dong")
        #expect(leading.commune == "quang phu")
        #expect(leading.communeKind == "xa")

        // Weak kind words only count at the start of a segment: "Ủy ban" is not a hamlet "bản".
        let office = AddressText.parse("Ủy ban nhân dân, Phường 05")
        #expect(office.hamlet == nil)
        #expect(office.loose == ["uy ban nhan dan"])
        #expect(office.commune == "5")
        #expect(AddressText.unitKey("Phường 05") == "5")
        #expect(AddressText.unitKey("Quận 1") == "1")
        #expect(AddressText.unitKey("Thành phố Hồ Chí Minh") == "ho chi minh")
        #expect(AddressText.parse("   ,, ;").loose.isEmpty)
    }

    @Test("2025 names resolve directly; pre-2025 names through the merge links")
    func oldNames() throws {
        let g = Self.gazetteer
        let current = try #require(g.resolve(AddressText.parse("Phường Hạc Thành, Thanh Hóa")))
        #expect(current.communes == ["14797"])
        #expect(current.province == "38")
        #expect(current.viaLegacy.isEmpty)

        // The old ward Đông Sơn of the old city of Thanh Hóa became part of Hạc Thành; a 2025 ward Đông Sơn exists
        // elsewhere in the province, and the old district decides between them.
        let old = try #require(g.resolve(AddressText.parse("P. Đông Sơn, TP. Thanh Hóa, Tỉnh Thanh Hóa")))
        #expect(old.communes == ["14797"])
        #expect(old.viaLegacy.contains("Phường Đông Sơn"))
        let new = try #require(g.resolve(AddressText.parse("phuong dong son, thanh hoa")))
        #expect(new.communes == ["16378"])

        // An old province merged into another (Hà Giang → Tuyên Quang, 2025).
        let province = try #require(g.resolve(AddressText.parse("Tỉnh Hà Giang")))
        #expect(province.province == "08")
        #expect(province.viaLegacy == ["Tỉnh Hà Giang"])
        #expect(!province.communeNamed)
        #expect(province.communes.count > 50)

        // An old district alone: every 2025 commune its communes went into.
        let district = try #require(g.resolve(AddressText.parse("Q.1, TP.HCM")))
        #expect(district.province == "79")
        #expect(district.communes.contains("26740"))
        #expect(g.resolve(AddressText.parse("khong co dau ca")) == nil)
        // A province alone is not also read as its ward of the same name (Phường Quảng Trị, tỉnh Quảng Trị).
        let alone = try #require(g.resolve(AddressText.parse("Quảng Trị")))
        #expect(alone.province == "44" && !alone.communeNamed && alone.communes.count > 70)
        let ward = try #require(g.resolve(AddressText.parse("Phường Quảng Trị, Quảng Trị")))
        #expect(ward.communes == ["19360"] && ward.communeNamed)
    }

    static func fixture() -> Geocoder {
        let hacThanh = "14797"
        func object(_ code: String, _ house: String, _ street: String, lat: Double, lon: Double) -> AddressObject {
            AddressObject(
                code: code,
                kind: .household,
                point: GeoPoint(latitude: lat, longitude: lon),
                address: StructuredAddress(houseNumber: house, street: street, commune: "Phường Hạc Thành"),
                communeCode: hacThanh
            )
        }
        return Geocoder(
            objects: [
                object("14797.000001", "12", "Đường Lê Lợi", lat: 19.8030, lon: 105.7890),
                object("14797.000002", "14", "Đường Trần Phú", lat: 19.8040, lon: 105.7880),
                object("14797.000003", "12", "Đường Trần Phú", lat: 19.8050, lon: 105.7870),
                object("14797.000004", "3", "Đường Trần Hưng Đạo", lat: 19.8060, lon: 105.7860),
            ],
            gazetteer: gazetteer
        )
    }

    @Test("Geocoding ranks the same house on the same street first, old names and missing marks included")
    func geocoding() {
        let geocoder = Self.fixture()
        for text in [
            "12 Trần Phú, Phường Hạc Thành, Thanh Hóa", "so 12 duong tran phu, p. hac thanh, thanh hoa",
            "12 tran phu, P. Đông Sơn, TP. Thanh Hóa",
        ] {
            let answer = geocoder.geocode(text)
            #expect(answer.hits.first?.object.code == "14797.000003", "\(text)")
            #expect(answer.hits.count >= 2)
        }
        #expect(geocoder.geocode("Trần Hưng Đạo, Hạc Thành, Thanh Hóa").hits.first?.object.code == "14797.000004")
        // A commune known, no object matched: the resolution is still given.
        let empty = geocoder.geocode("Đường Không Có, Phường Quảng Phú, Thanh Hóa")
        #expect(empty.hits.isEmpty)
        #expect(empty.resolution?.communeNamed == true)
        #expect(geocoder.geocode("???").resolution == nil)
    }

    @Test("k-nearest equals a brute-force scan, inside and outside the points' extent, with and without a radius")
    func nearestMatchesBruteForce() {
        var random = SeededRandom(seed: 42)
        let points = (0..<3_000).map { _ in
            GeoPoint(latitude: 19.3 + random.unit() * 1.2, longitude: 104.9 + random.unit() * 1.2)
        }
        let index = NearestIndex(points + [points[7]])  // a duplicate position: ties go to the first added
        for _ in 0..<400 {
            let q = GeoPoint(latitude: 19.0 + random.unit() * 1.8, longitude: 104.6 + random.unit() * 1.8)
            for (k, radius) in [(1, Double.infinity), (5, Double.infinity), (8, 2_000), (3, 50)] {
                #expect(index.nearest(to: q, k: k, within: radius) == index.bruteForce(to: q, k: k, within: radius))
            }
        }
        let tie = index.nearest(to: points[7], k: 2)
        #expect(tie.map(\.index) == [7, 3_000])
        #expect(tie[0].metres == 0)
        #expect(NearestIndex([]).nearest(to: points[0]).isEmpty)
        #expect(index.nearest(to: points[0], k: 0).isEmpty)
        // 0.001° of latitude is about 111 m.
        let metres = NearestIndex([GeoPoint(latitude: 10.001, longitude: 106)]).nearest(
            to: GeoPoint(latitude: 10, longitude: 106)
        )
        #expect(abs(metres[0].metres - 111.2) < 0.1)
    }

    @Test("Reverse geocoding gives the nearest objects within the radius, nearest first")
    func reverse() {
        let geocoder = Self.fixture()
        let hits = geocoder.reverse(GeoPoint(latitude: 19.8041, longitude: 105.7881), k: 2, within: 500)
        #expect(hits.map(\.object.code) == ["14797.000002", "14797.000003"])
        #expect(geocoder.reverse(GeoPoint(latitude: 19.9, longitude: 105.9), within: 200).isEmpty)
    }

    @Test("An import reports every bad row: code, duplicates, kind, coordinates, the commune claimed")
    func importValidation() throws {
        let csv = """
            code,kind,name,lat,lon,house_number,street,commune_code
            14797.000001,household,,19.8030,105.7890,12,Đường Lê Lợi,14797
            14797.000001,business,Quán A,19.8031,105.7891,14,Đường Lê Lợi,14797
            bad code,household,,19.8,105.78,1,Lê Lợi,14797
            14797.000009,castle,,19.8,105.78,1,Lê Lợi,14797
            14797.000010,household,,abc,105.78,1,Lê Lợi,14797
            14797.000011,household,,35.0,139.0,1,Lê Lợi,
            14797.000012,household,,19.8,105.78,1,Lê Lợi,16378
            """
        let rows = try AddressImport.rows(csv: csv)
        let result = AddressImport.validate(rows, locate: { _ in "14797" }, communeName: { _ in "Phường Hạc Thành" })
        guard case .failure(.invalidRows(let issues)) = result else {
            Issue.record("expected row issues")
            return
        }
        #expect(issues.map(\.row) == [2, 3, 4, 5, 6, 7])
        #expect(issues.map(\.field) == ["code", "code", "kind", "lat,lon", "lat,lon", "commune_code"])
        #expect(issues[0].issue.vietnamese == "trùng với dòng 1")
        #expect(issues[5].issue.vietnamese.contains("Phường Hạc Thành"))

        let good = try AddressImport.validate(Array(rows.prefix(1)), locate: { _ in "14797" }).get()
        #expect(good.first?.communeCode == "14797")
        #expect(good.first?.address.line == "Số 12, Đường Lê Lợi")
        // Out as CSV and back again, the same objects.
        let again = try AddressImport.validate(
            AddressImport.rows(csv: AddressImport.csv(good)),
            locate: { _ in "14797" }
        )
        .get()
        #expect(again == good)
        #expect(throws: AddressError.invalidField(field: "lat", issue: .required)) {
            try AddressImport.rows(csv: "code,lon\nA,1")
        }
    }

    @Test("GeoJSON points import like CSV rows; anything but a FeatureCollection is refused")
    func geojson() throws {
        let json = """
            {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point",
            "coordinates":[105.789,19.803]},"properties":{"code":"14797.000001","kind":"poi","name":"Chợ"}}]}
            """
        let rows = try AddressImport.rows(geojson: Data(json.utf8))
        let objects = try AddressImport.validate(rows, locate: { _ in "14797" }).get()
        #expect(objects.first?.kind == .poi)
        #expect(objects.first?.point == GeoPoint(latitude: 19.803, longitude: 105.789))
        #expect(throws: AddressError.self) { try AddressImport.rows(geojson: Data("[1]".utf8)) }
    }
}

/// A small deterministic generator for test data (SplitMix64).
struct SeededRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
