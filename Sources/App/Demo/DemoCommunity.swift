import Core
import Fluent
import Foundation

/// Demo data for issue 10 (marked demo): digital addresses in three wards of Thanh Hóa (codes `DEMO-…`), community
/// digital-technology teams in most of the province's communes with members and two months of activities, a few
/// hundred answered and published reports (answers marked "[Minh họa]") for the assistant and the classifier, the
/// default synonyms, and the classifier trained on those reports.
enum DemoCommunity {
    static func seed(on db: any Database, services: AppServices) async throws -> Bool {
        guard try await TeamRecord.query(on: db).count() == 0 else { return false }
        let now = services.clock.now()
        try await db.transaction { db in
            var random = DemoRandom(seed: 2026_10)
            for (a, b) in Assistant.defaultSynonyms
            where try await SynonymRecord.query(on: db).filter(\.$phrase == a).filter(\.$synonym == b).count() == 0 {
                try await SynonymRecord(a, b).create(on: db)
            }
            try await seedAddresses(on: db, services: services, random: &random, now: now)
            try await seedTeams(on: db, services: services, random: &random, now: now)
            try await seedFeedback(on: db, services: services, random: &random, now: now)
            try await TeamFeed.refresh(on: db, services: services, province: DemoData.provinceCode)
        }
        _ = try await AssistantStore.train(on: db, now: now)
        services.addresses.invalidate()
        services.assistant.invalidate()
        return true
    }

    static let streets: [String: [String]] = [
        "14797": [
            "Đường Trần Phú", "Đường Lê Lợi", "Đường Phan Chu Trinh", "Đường Lý Thường Kiệt", "Đường Hàng Đồng",
            "Đường Quang Trung", "Đường Nguyễn Trãi", "Đường Bà Triệu",
        ],
        "14758": [
            "Đường Nguyễn Trãi", "Đường Hàm Rồng", "Đường Bà Triệu", "Đường Trường Thi", "Đường Đinh Công Tráng",
        ],
        "16378": ["Đường Lê Lai", "Đường Đông Sơn", "Đường Nguyễn Du", "Đường Tống Duy Tân"],
    ]

    static func seedAddresses(on db: any Database, services: AppServices, random: inout DemoRandom, now: Date)
        async throws
    {
        let router = try await services.geo.router(on: db)
        var objects: [AddressObject] = []
        for (commune, names) in streets.sorted(by: { $0.key < $1.key }) {
            guard let area = router.area(of: commune),
                let name = try await services.units(on: db).find(UnitKey(tree: .current, code: commune))?.name
            else { continue }
            let box = area.bounds
            var made = 0
            var house: [String: Int] = [:]
            while made < 1_200 {
                let point = GeoPoint(
                    latitude: box.minLatitude + random.unit() * (box.maxLatitude - box.minLatitude),
                    longitude: box.minLongitude + random.unit() * (box.maxLongitude - box.minLongitude)
                )
                guard let index = router.locate(point), router.codes[index] == commune else { continue }
                made += 1
                let street = names[random.int(names.count)]
                house[street, default: 0] += 1 + random.int(2)
                let roll = random.int(100)
                let kind: AddressObject.Kind =
                    roll < 80 ? .household : roll < 93 ? .business : roll < 97 ? .facility : .poi
                let label: String =
                    switch kind {
                    case .household: ""
                    case .business:
                        ["Tạp hóa", "Quán cà phê", "Cửa hàng điện thoại", "Tiệm may"][random.int(4)] + " số \(made)"
                    case .facility:
                        ["Trường mầm non", "Trạm y tế", "Nhà văn hóa tổ dân phố"][random.int(3)] + " \(made)"
                    case .poi: ["Chợ", "Công viên", "Bến xe buýt"][random.int(3)] + " \(made)"
                    }
                objects.append(
                    AddressObject(
                        code: String(format: "DEMO-%@-%05d", commune, made),
                        kind: kind,
                        name: label,
                        point: point,
                        address: StructuredAddress(
                            houseNumber: String(house[street]!),
                            alley: random.int(4) == 0 ? "Ngõ \(1 + random.int(60))" : "",
                            street: street,
                            hamlet: "Tổ dân phố \(1 + random.int(20))",
                            commune: name,
                            province: "Tỉnh Thanh Hóa"
                        ),
                        communeCode: commune
                    )
                )
            }
        }
        try await services.addresses.store(objects, on: db, now: now)
    }

    static let villages = ["Thôn Đông", "Thôn Tây", "Thôn Nam", "Thôn Bắc", "Tổ dân phố 1", "Tổ dân phố 2", "Bản Lát"]
    static let givenNames = [
        "Lê Thị Hoa", "Nguyễn Văn Minh", "Trần Thu Hà", "Phạm Quốc Tuấn", "Hoàng Anh Đức",
        "Đỗ Thị Lan", "Vũ Minh Quân", "Bùi Thị Thảo", "Ngô Văn Hải", "Đặng Thu Trang",
    ]

    static func seedTeams(on db: any Database, services: AppServices, random: inout DemoRandom, now: Date)
        async throws
    {
        let today = CivilDate(now)
        let communes = try await TeamFeed.communes(of: DemoData.provinceCode, on: db, services: services)
        let recorder = try await services.users(on: db).find(username: "demo.thanhhoa")?.id.rawValue ?? UUID()
        let kinds = TeamActivity.Kind.allCases
        for (n, commune) in communes.enumerated() where random.int(100) < 85 {
            let levels = [""] + (random.int(3) == 0 ? [villages[random.int(villages.count)]] : [])
            for village in levels {
                let founded = today.adding(days: -(120 + random.int(500)))
                let team = DigitalTeam(
                    unitCode: commune,
                    name: "Tổ công nghệ số cộng đồng " + (village.isEmpty ? "xã, phường" : village.lowercased()),
                    village: village,
                    foundedOn: founded
                )
                try await TeamRecord(team, at: now).create(on: db)
                for m in 0..<(3 + random.int(5)) {
                    let member = TeamMember(
                        name: givenNames[(n + m * 3) % givenNames.count],
                        role: m == 0 ? .leader : m == 1 ? .deputy : .member,
                        phone: String(format: "09%08d", random.int(100_000_000)),
                        active: random.int(10) > 0
                    )
                    try await TeamMemberRecord(team: team.id.rawValue, member).create(on: db)
                }
                // One team in ten has gone quiet: nothing in the last 40 days.
                let quiet = random.int(10) == 0
                for _ in 0..<(2 + random.int(8)) {
                    let back = quiet ? 40 + random.int(30) : random.int(70)
                    let activity = TeamActivity(
                        day: today.adding(days: -back),
                        kind: kinds[random.int(kinds.count)],
                        peopleHelped: 5 + random.int(60),
                        note: "Dữ liệu minh họa"
                    )
                    try await TeamActivityRecord(team: team.id.rawValue, activity, by: recorder, at: now).create(on: db)
                }
            }
        }
    }

    /// Report texts per category, and the answer a unit published.
    static let reports: [(category: String, texts: [String], answer: String)] = [
        (
            "giao-thong",
            [
                "Mặt đường {s} bị sụt lún, có ổ gà lớn rất nguy hiểm cho xe máy",
                "Đèn tín hiệu giao thông ngã tư {s} không hoạt động",
                "Đèn đường trên {s} bị hỏng nhiều ngày, buổi tối rất tối",
                "Xe tải chở vật liệu làm rơi đất đá trên {s}",
                "Biển báo giao thông ở {s} bị đổ", "Ô tô đỗ tràn lan dưới lòng đường {s} gây ùn tắc",
            ],
            "Đội quản lý đường bộ đã kiểm tra và sửa chữa mặt đường, thay bóng đèn; lực lượng chức năng đã xử lý vi phạm."
        ),
        (
            "moi-truong",
            [
                "Rác thải sinh hoạt tồn đọng nhiều ngày ở đầu ngõ {s}, bốc mùi hôi thối",
                "Cống thoát nước {s} bị tắc, nước thải tràn ra đường",
                "Cơ sở sản xuất xả khói bụi gây ô nhiễm không khí gần {s}",
                "Người dân đốt rác gây khói ở khu dân cư {s}",
                "Nước thải chăn nuôi chảy ra mương cạnh {s}", "Xe thu gom rác không đến {s} đúng lịch",
            ], "Công ty môi trường đô thị đã thu gom rác, nạo vét cống; UBND phường đã nhắc nhở cơ sở gây ô nhiễm."
        ),
        (
            "do-thi",
            [
                "Hộ dân xây dựng lấn chiếm vỉa hè trên {s}",
                "Công trình xây dựng không che chắn, vật liệu rơi xuống {s}",
                "Quán ăn lấn chiếm lòng đường {s} để bày bán", "Biển quảng cáo treo trái phép trên cột điện {s}",
                "Nhà dân cơi nới xây dựng sai phép ở {s}", "Họp chợ tạm lấn chiếm vỉa hè {s}",
            ], "Tổ kiểm tra trật tự đô thị đã lập biên bản, yêu cầu tháo dỡ phần lấn chiếm và trả lại vỉa hè."
        ),
        (
            "an-ninh",
            [
                "Nhóm thanh niên tụ tập gây ồn ào đêm khuya ở {s}", "Hát karaoke quá giờ gây mất trật tự ở {s}",
                "Có đối tượng trộm cắp xe máy ở khu vực {s}", "Đua xe trái phép vào ban đêm trên {s}",
                "Tiếng ồn từ quán bar ở {s} kéo dài sau 23 giờ", "Đánh nhau gây mất an ninh trật tự tại {s}",
            ], "Công an phường đã tăng cường tuần tra, xử phạt vi phạm hành chính về gây mất trật tự công cộng."
        ),
        (
            "tthc",
            [
                "Nộp hồ sơ đăng ký hộ kinh doanh trực tuyến nhưng quá hạn chưa có kết quả",
                "Cán bộ một cửa yêu cầu nộp thêm giấy tờ ngoài quy định khi làm sổ đỏ",
                "Hồ sơ cấp đổi giấy phép lái xe bị trễ hẹn",
                "Không biết thủ tục chứng thực bản sao cần mang giấy tờ gì",
                "Cổng dịch vụ công bị lỗi khi thanh toán lệ phí",
                "Hồ sơ đăng ký khai sinh nộp online bị trả lại không rõ lý do",
            ],
            "Bộ phận Một cửa đã rà soát, trả kết quả và gửi thư xin lỗi vì trễ hẹn; đã hướng dẫn thành phần hồ sơ theo quy định."
        ),
        (
            "can-bo",
            [
                "Cán bộ tiếp dân có thái độ thiếu tôn trọng người dân",
                "Công chức địa chính hẹn nhiều lần không giải quyết",
                "Cán bộ phường gây phiền hà, sách nhiễu khi xác nhận giấy tờ",
                "Cán bộ một cửa đi muộn, người dân phải chờ lâu",
            ], "Lãnh đạo UBND đã kiểm điểm cán bộ, chấn chỉnh tác phong và xin lỗi người dân."
        ),
    ]

    static func seedFeedback(on db: any Database, services: AppServices, random: inout DemoRandom, now: Date)
        async throws
    {
        let units = services.units(on: db)
        let reporter = try await services.users(on: db).find(username: "demo.congdan")?.id
        let repository = FluentFeedbackRepository(db: db)
        var sequence: [String: Int] = [:]
        for n in 0..<360 {
            let (category, texts, answer) = reports[n % reports.count]
            let commune = DemoData.demoCommunes[random.int(2)]
            guard let unit = try await units.find(UnitKey(tree: .current, code: commune)) else { continue }
            let names = streets[commune] ?? ["đường"]
            let text = texts[random.int(texts.count)].replacingOccurrences(
                of: "{s}",
                with: names[random.int(names.count)]
            )
            let submitted = now.addingTimeInterval(-Double(3 + random.int(170)) * 86_400 - Double(random.int(36_000)))
            let day = CivilDate(submitted)
            let key = day.iso
            sequence[key, default: 0] += 1
            var feedback = Feedback(
                code: String(
                    format: "PA-%02d%02d%02d-%04d",
                    day.year % 100,
                    day.month,
                    day.day,
                    9_000 + sequence[key]!
                ),
                category: category,
                description: text,
                location: unit.centroid,
                communeCode: commune,
                locationIsApproximate: true,
                handlingUnitID: unit.id,
                reporterID: reporter,
                urgent: false,
                submittedAt: submitted
            )
            feedback.provinceCode = DemoData.provinceCode
            feedback.receivedAt = submitted.addingTimeInterval(3_600)
            // All answered and published: the demo's inboxes stay for the reports people file while trying it.
            feedback.answer = "[Minh họa] " + answer
            feedback.answeredAt = submitted.addingTimeInterval(Double(2 + random.int(8)) * 86_400)
            feedback.publishedAt = feedback.answeredAt
            feedback.status = .published
            try await repository.save(feedback)
        }
    }
}

/// Demo draws on the dossier generator's seeded SplitMix64.
typealias DemoRandom = DossierGenerator.RandomSource

extension DossierGenerator.RandomSource {
    init(seed: UInt64) { self.init(state: seed) }

    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
