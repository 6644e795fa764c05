public import Core

/// A procedure for tests: birth registration at the commune, 3 working days in two steps, an 8.000 đồng fee halved
/// online.
public enum ProcedureFixtures {
    public static let birth = Procedure(
        code: "1.001193",
        name: "Đăng ký khai sinh",
        sector: "Hộ tịch",
        competence: .commune,
        onlineLevel: .full,
        processingTime: .days(3),
        components: [.init(name: "Tờ khai đăng ký khai sinh"), .init(name: "Giấy chứng sinh")],
        fees: [.init(name: "Lệ phí", amount: 8_000, onlineDiscountPercent: 50)],
        legalBasis: [.init(reference: "Luật Hộ tịch 2014", effectiveFrom: CivilDate(iso: "2016-01-01")!)],
        steps: [
            .init(name: "Tiếp nhận", actor: "Một cửa", budget: .days(1)),
            .init(name: "Xử lý", actor: "Công chức tư pháp - hộ tịch", budget: .days(2)),
        ]
    )
}
