import Core
import Foundation
import Testing

@Suite("Open data: package_search, datastore_search, ND 47 duties")
struct OpenDataTests {
    let day = Date(timeIntervalSince1970: 1_790_000_000)

    func dataset(_ name: String, _ title: String, org: String, tags: [String], daysAgo: Double, isPrivate: Bool = false)
        -> Dataset
    {
        let at = day.addingTimeInterval(-daysAgo * 86_400)
        let resource = DataResource(
            id: name,
            name: title,
            description: "",
            fields: [
                DataField(id: "ma_xa", type: .text, label: "Mã xã", indexed: true),
                DataField(id: "nam", type: .int, label: "Năm", indexed: true),
                DataField(id: "gia_tri", type: .numeric, label: "Giá trị"),
            ],
            rowCount: 10,
            hash: "h",
            created: at,
            lastModified: at
        )
        return Dataset(
            name: name,
            title: title,
            titleEN: "",
            notes: "Dữ liệu \(title.lowercased())",
            notesEN: "",
            organization: org,
            tags: tags,
            isPrivate: isPrivate,
            frequency: "Hằng tháng",
            resource: resource,
            created: at,
            modified: at,
            reviewed: at
        )
    }

    var catalogue: [Dataset] {
        [
            dataset("don-vi-hanh-chinh", "Đơn vị hành chính", org: "ubnd-tinh", tags: ["hành chính"], daysAgo: 30),
            dataset("thu-tuc-hanh-chinh", "Thủ tục hành chính", org: "ubnd-tinh", tags: ["TTHC"], daysAgo: 10),
            dataset("thong-ke-ho-so", "Thống kê hồ sơ TTHC", org: "so-noi-vu", tags: ["TTHC", "thống kê"], daysAgo: 1),
            dataset(
                "ho-so-trang-thai",
                "Trạng thái hồ sơ",
                org: "so-noi-vu",
                tags: ["TTHC"],
                daysAgo: 2,
                isPrivate: true
            ),
        ]
    }

    func search(_ params: [String: ActionValue]) throws -> PackageSearch.Result {
        try PackageSearch(ActionParams(params)).run(catalogue, organizations: [:])
    }

    @Test("Words match without diacritics, in the title before the notes; private datasets stay out")
    func words() throws {
        let result = try search(["q": .string("thu tuc")])
        #expect(result.results.map(\.name) == ["thu-tuc-hanh-chinh"])
        #expect(try search([:]).count == 3)
        #expect(try search(["q": .string("*:*")]).count == 3)
        #expect(try search(["q": .string("trang thai")]).count == 0)
    }

    @Test("fq on tags and organization, negation, and fq_list; unknown fields are a search error")
    func filters() throws {
        #expect(
            try search(["fq": .string("tags:TTHC")]).results.map(\.name).sorted() == [
                "thong-ke-ho-so", "thu-tuc-hanh-chinh",
            ]
        )
        #expect(try search(["fq": .string("organization:so-noi-vu +tags:\"thống kê\"")]).count == 1)
        #expect(try search(["fq": .string("-organization:ubnd-tinh")]).results.map(\.name) == ["thong-ke-ho-so"])
        #expect(try search(["fq_list": .array([.string("tags:TTHC"), .string("organization:ubnd-tinh")])]).count == 1)
        #expect(throws: OpenDataError.self) { try search(["fq": .string("colour:red")]) }
        #expect(throws: OpenDataError.self) { try search(["fq": .string("justaword")]) }
        #expect(throws: OpenDataError.self) { try search(["fq": .string("tags:\"open")]) }
    }

    @Test("rows and start page through everything once, then return nothing (ckanapi pages until empty)")
    func paging() throws {
        var seen: [String] = []
        var start = 0
        while true {
            let page = try search(["rows": .number(2), "start": .number(Double(start))])
            if page.results.isEmpty { break }
            seen += page.results.map(\.name)
            start += page.results.count
            #expect(start <= 3)
        }
        #expect(seen.count == 3 && Set(seen).count == 3)
        #expect(throws: OpenDataError.validation(field: "rows", message: "Must be between 0 and 1000")) {
            try search(["rows": .string("5000")])
        }
        #expect(throws: OpenDataError.validation(field: "start", message: "Invalid integer")) {
            try search(["start": .string("abc")])
        }
    }

    @Test("Sort by name or modification date; facets count the matches")
    func sortAndFacets() throws {
        #expect(try search(["sort": .string("name asc")]).results.first?.name == "don-vi-hanh-chinh")
        #expect(try search(["sort": .string("metadata_modified desc")]).results.first?.name == "thong-ke-ho-so")
        #expect(throws: OpenDataError.self) { try search(["sort": .string("colour asc")]) }
        let facets = try search(["fq": .string("tags:TTHC")]).facets
        #expect(facets["organization"]?.map(\.name) == ["so-noi-vu", "ubnd-tinh"])
        #expect(facets["tags"]?.first(where: { $0.name == "TTHC" })?.count == 2)
        #expect(facets["res_format"]?.map(\.count) == [2, 2])
    }

    @Test("A private dataset is found only by a caller who may see it and asks for private ones")
    func privateDatasets() throws {
        let params = ActionParams(["include_private": .bool(true), "q": .string("trang thai")])
        #expect(try PackageSearch(params).run(catalogue, organizations: [:], visible: { _ in true }).count == 1)
        #expect(try PackageSearch(params).run(catalogue, organizations: [:]).count == 0)
    }

    @Test("datastore_search: filters, q, fields and sort are checked against the table's columns")
    func datastoreQuery() throws {
        let resource = catalogue[0].resource
        let query = try DatastoreQuery(
            ActionParams([
                "filters": .string(#"{"ma_xa": ["14797", "14758"], "nam": 2026}"#),
                "fields": .string("ma_xa,gia_tri"),
                "sort": .string("gia_tri desc, _id"),
                "limit": .number(5),
                "offset": .string("10"),
                "q": .string("Hạc Thành"),
            ]),
            resource: resource
        )
        #expect(query.fields.map(\.id) == ["ma_xa", "gia_tri"])
        #expect(query.filters.count == 2)
        #expect(query.words == ["hac", "thanh"])
        #expect(query.sort.map(\.field.id) == ["gia_tri", "_id"] && query.sort.map(\.ascending) == [false, true])
        #expect(query.limit == 5 && query.offset == 10 && !query.readsByRowID)
        #expect(try DatastoreQuery(ActionParams([:]), resource: resource).readsByRowID)
        #expect(try DatastoreQuery(ActionParams([:]), resource: resource).limit == 100)

        func refused(_ params: [String: ActionValue]) -> OpenDataError? {
            do {
                _ = try DatastoreQuery(ActionParams(params), resource: resource)
                return nil
            } catch { return error }
        }
        #expect(
            refused(["filters": .string(#"{"mau": "do"}"#)])
                == .validation(field: "filters", message: "field \"mau\" not in table")
        )
        #expect(refused(["filters": .string(#"{"nam": "hai nghìn"}"#)])?.status == 409)
        #expect(refused(["filters": .string("{not json")])?.ckanType == "Validation Error")
        #expect(
            refused(["fields": .array([.string("x")])])
                == .validation(field: "fields", message: "field \"x\" not in table")
        )
        #expect(refused(["sort": .string("gia_tri sideways")])?.status == 409)
        #expect(refused(["limit": .number(32_001)])?.status == 409)
        #expect(refused(["records_format": .string("xml")])?.status == 409)
    }

    @Test("ND 47/2020: review due 6 months after the last review, stale 3 months after the last change")
    func duties() {
        var set = catalogue[0]
        set.reviewed = day
        set.modified = day
        let fresh = OpenDataDuties(dataset: set, now: day.addingTimeInterval(10 * 86_400))
        #expect(!fresh.reviewOverdue && !fresh.stale && fresh.updateLagDays == 10)
        let late = OpenDataDuties(dataset: set, now: day.addingTimeInterval(200 * 86_400))
        #expect(late.reviewOverdue && late.stale && late.updateLagDays == 200)
        let middle = OpenDataDuties(dataset: set, now: day.addingTimeInterval(100 * 86_400))
        #expect(!middle.reviewOverdue && middle.stale)
    }

    @Test("Unknown actions and missing things carry CKAN's error types and statuses")
    func errors() {
        #expect(OpenDataError.unknownAction("x").status == 400)
        #expect(OpenDataError.notFound(what: "Dataset", id: "x").ckanType == "Not Found Error")
        #expect(OpenDataError.notAuthorized("no").status == 403)
    }
}

@Suite("Security compliance and gating rule")
struct ComplianceTests {
    func system(_ name: String, approved: Bool = true, endpoints: Int = 10, protected: Int = 10) -> InformationSystem {
        InformationSystem(
            unitCode: "38.SYT",
            name: name,
            owner: "Sở Y tế",
            proposedLevel: 3,
            approvedLevel: approved ? 3 : nil,
            decisionNumber: approved ? "123/QĐ-SYT" : nil,
            decisionDate: approved ? CivilDate(year: 2025, month: 3, day: 1) : nil,
            endpoints: endpoints,
            protectedEndpoints: protected,
            socConnected: true,
            layers: Set(ProtectionLayer.allCases)
        )
    }

    @Test("Điện Biên's rule: an unapproved level or one unprotected endpoint switches the unit off, fixing it on")
    func gating() {
        let rule = ComplianceRule.dienBien
        var systems = [system("Cổng thông tin"), system("Phần mềm bệnh viện")]
        #expect(ComplianceReport(unitCode: "38.SYT", systems: systems, rule: rule).compliant)
        systems[1].approvedLevel = nil
        let off = ComplianceReport(unitCode: "38.SYT", systems: systems, rule: rule)
        #expect(off.gaps == [.levelNotApproved(system: "Phần mềm bệnh viện")])
        #expect(off.gaps[0].messageVI.contains("chưa được phê duyệt cấp độ"))
        systems[1] = system("Phần mềm bệnh viện", protected: 9)
        let partly = ComplianceReport(unitCode: "38.SYT", systems: systems, rule: rule)
        #expect(partly.gaps == [.endpointProtection(protected: 19, total: 20, required: 1)])
        #expect(partly.endpointProtection == 0.95)
        systems[1].protectedEndpoints = 10
        #expect(ComplianceReport(unitCode: "38.SYT", systems: systems, rule: rule).compliant)
    }

    @Test("A looser rule (90 % endpoints) and stricter ones (registration, SOC, all four layers)")
    func configurable() {
        let systems = [system("A", protected: 9)]
        #expect(
            ComplianceReport(unitCode: "x", systems: systems, rule: ComplianceRule(minEndpointProtection: 0.9))
                .compliant
        )
        #expect(
            !ComplianceReport(unitCode: "x", systems: [], rule: ComplianceRule(requireRegistration: true)).compliant
        )
        #expect(ComplianceReport(unitCode: "x", systems: [], rule: .dienBien).compliant)
        var partial = system("B")
        partial.layers = [.onSite]
        partial.socConnected = false
        let strict = ComplianceRule(requireSOC: true, requiredLayers: Set(ProtectionLayer.allCases))
        let report = ComplianceReport(unitCode: "x", systems: [partial], rule: strict)
        #expect(report.gaps.count == 4)
        #expect(report.fourLayerSystems == 0 && report.socConnectedSystems == 0)
    }

    @Test("A record with an approved level but no decision, or more protected endpoints than endpoints, is refused")
    func issues() {
        var bad = system("C", endpoints: 5, protected: 6)
        bad.decisionNumber = nil
        bad.approvedLevel = 6
        #expect(Set(bad.issues().map(\.field)) == ["approvedLevel", "decisionNumber", "protectedEndpoints"])
        #expect(system("D").issues().isEmpty)
    }
}
