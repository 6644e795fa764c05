import Core
import Fluent
import Foundation

/// A small demo indicator catalogue for a province's digital transformation (identity accounts, fibre, health
/// records, digital school records, cashless payments, new businesses), a monthly commune data set, the province's
/// 2026 targets, and generated monthly values for every commune of the demo province up to last month. The figures
/// are invented (seeded) and the data set says "(demo)".
enum DemoIndicators {
    static let domains = [
        IndicatorDomain(code: "cds", name: "Chuyển đổi số"),
        IndicatorDomain(code: "kt", name: "Kinh tế - xã hội"),
        IndicatorDomain(code: "yt", name: "Y tế"),
        IndicatorDomain(code: "gd", name: "Giáo dục"),
    ]

    static let elements = [
        DataElement(
            code: "dan_so",
            name: "Dân số",
            domain: "kt",
            valueType: .count,
            unitOfMeasure: "người",
            aggregation: .last
        ),
        DataElement(
            code: "so_ho",
            name: "Số hộ gia đình",
            domain: "kt",
            valueType: .count,
            unitOfMeasure: "hộ",
            aggregation: .last
        ),
        DataElement(
            code: "dinh_danh_muc2",
            name: "Tài khoản định danh điện tử mức 2 đã kích hoạt",
            domain: "cds",
            valueType: .count,
            unitOfMeasure: "tài khoản",
            aggregation: .last
        ),
        DataElement(
            code: "ho_cap_quang",
            name: "Hộ gia đình có kết nối cáp quang",
            domain: "cds",
            valueType: .count,
            unitOfMeasure: "hộ",
            aggregation: .last
        ),
        DataElement(
            code: "gd_khong_tien_mat",
            name: "Giao dịch thanh toán không dùng tiền mặt",
            domain: "cds",
            valueType: .count,
            unitOfMeasure: "giao dịch"
        ),
        DataElement(
            code: "ho_so_suc_khoe",
            name: "Người dân có hồ sơ sức khỏe điện tử",
            domain: "yt",
            valueType: .count,
            unitOfMeasure: "người",
            aggregation: .last
        ),
        DataElement(
            code: "hs_tong",
            name: "Học sinh phổ thông",
            domain: "gd",
            valueType: .count,
            unitOfMeasure: "em",
            aggregation: .last
        ),
        DataElement(
            code: "hs_hoc_ba_so",
            name: "Học sinh có học bạ số",
            domain: "gd",
            valueType: .count,
            unitOfMeasure: "em",
            aggregation: .last
        ),
        DataElement(
            code: "dn_moi",
            name: "Doanh nghiệp thành lập mới",
            domain: "kt",
            valueType: .count,
            unitOfMeasure: "doanh nghiệp"
        ),
    ]

    static let indicators = [
        Indicator(
            code: "ty_le_dinh_danh",
            name: "Tỷ lệ dân số có định danh điện tử mức 2",
            domain: "cds",
            numerator: "#{dinh_danh_muc2}",
            denominator: "#{dan_so}",
            factor: 100
        ),
        Indicator(
            code: "ty_le_cap_quang",
            name: "Tỷ lệ hộ gia đình có cáp quang",
            domain: "cds",
            numerator: "#{ho_cap_quang}",
            denominator: "#{so_ho}",
            factor: 100
        ),
        Indicator(
            code: "gd_khong_tien_mat_1000_dan",
            name: "Giao dịch không dùng tiền mặt trên 1.000 dân",
            domain: "cds",
            numerator: "#{gd_khong_tien_mat}",
            denominator: "#{dan_so}",
            factor: 1_000
        ),
        Indicator(
            code: "ty_le_ho_so_suc_khoe",
            name: "Tỷ lệ dân số có hồ sơ sức khỏe điện tử",
            domain: "yt",
            numerator: "#{ho_so_suc_khoe}",
            denominator: "#{dan_so}",
            factor: 100
        ),
        Indicator(
            code: "ty_le_hoc_ba_so",
            name: "Tỷ lệ học sinh có học bạ số",
            domain: "gd",
            numerator: "#{hs_hoc_ba_so}",
            denominator: "#{hs_tong}",
            factor: 100
        ),
        Indicator(code: "dn_moi", name: "Doanh nghiệp thành lập mới", domain: "kt", numerator: "#{dn_moi}"),
    ]

    static let dataSet = DataSet(
        code: "bc-cds-thang",
        name: "Báo cáo tháng chuyển đổi số cấp xã (demo)",
        periodType: .monthly,
        elements: elements.map(\.code),
        level: 2,
        deadlineDays: 5
    )

    /// Loads the catalogue into an empty one, then a year of values up to last month. False when already there.
    static func seed(on db: any Database, services: AppServices) async throws -> Bool {
        let repository = SQLIndicatorRepository(db: db)
        guard try await repository.elements().isEmpty else { return false }
        let units = services.units(on: db)
        guard let province = try await units.find(UnitKey(tree: .current, code: DemoData.provinceCode)) else {
            return false
        }
        let calendar = try await services.calendar.calendar(on: db)
        let now = services.clock.now()
        let communes = try await units.children(of: province.id).filter { $0.type != .agency }
        try await db.transaction { db in
            let repository = SQLIndicatorRepository(db: db)
            try await repository.save(domains: domains, elements: elements, indicators: indicators)
            try await repository.save(dataSets: [dataSet])
            try await repository.save(targets: [
                Target(indicator: "ty_le_dinh_danh", unitCode: province.code, period: "2026", value: 80),
                Target(indicator: "ty_le_cap_quang", unitCode: province.code, period: "2026", value: 85),
                Target(indicator: "ty_le_ho_so_suc_khoe", unitCode: province.code, period: "2026", value: 90),
                Target(
                    indicator: "ty_le_hoc_ba_so",
                    unitCode: province.code,
                    period: "2026",
                    value: 100,
                    amberFrom: 95
                ),
            ])
            var random = DossierGenerator.RandomSource(state: 2026)
            let thisMonth = Period(.monthly, containing: CivilDate(now))
            let months = Period(year: 2026).periods(of: .monthly).filter { $0 < thisMonth }
            var values: [StoredValue] = []
            for commune in communes {
                let people = Double(Int.random(in: 4_000...45_000, using: &random))
                let households = (people / Double.random(in: 3.4...4.1, using: &random)).rounded()
                let pupils = (people * Double.random(in: 0.15...0.2, using: &random)).rounded()
                let start = (
                    identity: Double.random(in: 0.45...0.7, using: &random),
                    fibre: Double.random(in: 0.5...0.85, using: &random),
                    health: Double.random(in: 0.6...0.9, using: &random),
                    school: Double.random(in: 0.7...0.95, using: &random)
                )
                // About one commune in twenty reports nothing; one in ten reports late.
                let silent = Int.random(in: 0..<20, using: &random) == 0
                let late = Int.random(in: 0..<10, using: &random) == 0
                for (index, month) in months.enumerated() where !silent {
                    let growth = Double(index) * 0.012
                    func add(_ element: String, _ value: Double) {
                        values.append(
                            StoredValue(
                                element: element,
                                unit: commune.id,
                                period: month,
                                value: value.rounded(),
                                storedBy: "demo",
                                updatedAt: now
                            )
                        )
                    }
                    add("dan_so", people + Double(index * 4))
                    add("so_ho", households)
                    add("dinh_danh_muc2", people * min(0.98, start.identity + growth * 1.5))
                    add("ho_cap_quang", households * min(0.99, start.fibre + growth))
                    add("gd_khong_tien_mat", people * Double.random(in: 0.8...2.4, using: &random) * (1 + growth * 3))
                    add("ho_so_suc_khoe", people * min(0.99, start.health + growth))
                    add("hs_tong", pupils)
                    add("hs_hoc_ba_so", pupils * min(1, start.school + growth * 2))
                    add("dn_moi", Double(Int.random(in: 0...6, using: &random)))
                    let due = try dataSet.deadline(for: month, calendar: calendar)
                    let reported = late ? due.addingTimeInterval(3 * 86_400) : due.addingTimeInterval(-2 * 86_400)
                    try await repository.register(dataSet: dataSet.code, period: month, unit: commune.id, at: reported)
                }
            }
            try await repository.upsert(values)
        }
        return true
    }

    /// DTI 2022 as published on dti.gov.vn ("Xếp hạng chi tiết", the five rows retrieved): index values of the
    /// top five provinces (pre-2025 units), stored as final assessments under QĐ 922.
    static let published2022: [(code: String, values: [Double])] = [
        ("48", [1.0000, 0.9000, 0.8253, 0.8487, 0.7578, 0.8575, 0.7836, 0.5197]),
        ("79", [0.8917, 0.9000, 0.8258, 0.6267, 0.5580, 0.8406, 0.7611, 0.3590]),
        ("22", [0.9581, 0.9000, 0.7648, 0.6250, 0.5382, 0.8385, 0.5904, 0.4505]),
        ("46", [0.9500, 0.9000, 0.6823, 0.6794, 0.6423, 0.8262, 0.6787, 0.3001]),
        ("92", [0.9000, 0.8000, 0.7233, 0.7376, 0.7226, 0.7325, 0.7556, 0.2947]),
    ]

    /// Ranks published for the other QĐ 922 years (DTI 2021–2023; press reports of dti.gov.vn's ranking, cited in
    /// the reference §1.5): the demo province's history and the leaders'. Real figures, not demo. DTI 2020 used the
    /// earlier framework (QĐ 1726) and is left out.
    static let publishedRanks: [(year: Int, code: String, rank: Int, total: Double?, source: String)] = [
        (2021, "38", 12, 0.4880, "daidoanket.vn (xếp hạng DTI 2021)"),
        (2022, "38", 15, nil, "dti.gov.vn/xep-hang-2022"),
        (2023, "38", 11, nil, "news.laodong.vn (xếp hạng DTI 2023)"),
        (2021, "48", 1, 0.6419, "thoibaotaichinhvietnam.vn (xếp hạng DTI 2021)"),
        (2023, "48", 1, 0.8340, "baomoi.com (xếp hạng DTI 2023)"),
        (2021, "46", 2, 0.5872, "thoibaotaichinhvietnam.vn (xếp hạng DTI 2021)"),
    ]

    /// The published 2022 assessments and three demo improvement tasks for the demo province; false when there.
    static func seedDTI(on db: any Database, services: AppServices) async throws -> Bool {
        let repository = SQLDTIRepository(db: db)
        let framework = DTIFramework.qd922
        guard try await repository.assessments(framework: framework.code, year: 2022).isEmpty else { return false }
        let units = services.units(on: db)
        let scored = framework.indices.filter { $0.maxPoints > 0 }
        for row in published2022 {
            guard let unit = try await units.find(UnitKey(tree: .legacy, code: row.code)) else { continue }
            var assessment = DTIAssessment(
                framework: framework.code,
                year: 2022,
                unitCode: unit.code,
                unitName: unit.name
            )
            let points = Dictionary(
                uniqueKeysWithValues: zip(scored.map(\.code), zip(scored, row.values).map { $0.maxPoints * $1 })
            )
            assessment.selfInputs = points
            assessment.appraisedInputs = points
            assessment.stage = .final
            assessment.note = "Số liệu công bố tại dti.gov.vn (xếp hạng 2022)"
            try await repository.save(assessment)
        }
        var ranks: [DTIPublishedRank] = []
        for row in publishedRanks {
            guard let unit = try await units.find(UnitKey(tree: .legacy, code: row.code)) else { continue }
            ranks.append(
                DTIPublishedRank(
                    framework: framework.code,
                    year: row.year,
                    unitCode: unit.code,
                    unitName: unit.name,
                    rank: row.rank,
                    total: row.total,
                    source: row.source
                )
            )
        }
        try await repository.save(publishedRanks: ranks)
        let calendar = try await services.calendar.calendar(on: db)
        let today = CivilDate(services.clock.now())
        for (index, title, days) in [
            ("HTS", "Phủ sóng di động băng rộng đến các thôn, bản còn lõm sóng (demo)", 40),
            ("NLS", "Bồi dưỡng kỹ năng số cho cán bộ, công chức cấp xã (demo)", 60),
            ("ATTT", "Triển khai giám sát an toàn thông tin cho hệ thống dùng chung (demo)", 20),
        ] {
            try await repository.save(
                ImprovementTask(
                    framework: framework.code,
                    year: today.year,
                    index: index,
                    title: title,
                    assigneeCode: DemoData.provinceCode + ".SKHCN",
                    due: try calendar.addingWorkingDays(days, to: today),
                    createdAt: services.clock.now()
                )
            )
        }
        return true
    }
}
