import Foundation

/// The teams' figures as indicator data, per commune and month, summed up the tree like any indicator, with the
/// rates a province's DTI framework scores under "Nhân lực số" (teams and members per commune) and "Hoạt động xã
/// hội số" (people helped to use digital services). `dtiSubIndicators` are ready-made sub-indicators whose
/// `source` names these rates, so a framework that includes them is filled in automatically
/// (`DTIFramework.automaticInputs`).
public enum TeamIndicators {
    public static let domain = IndicatorDomain(code: "cns", name: "Tổ công nghệ số cộng đồng")

    public static let communes = "cns.xa"
    public static let communesWithTeam = "cns.xa_co_to"
    public static let teams = "cns.to"
    public static let activeTeams = "cns.to_hoat_dong"
    public static let members = "cns.thanh_vien"
    public static let activities = "cns.luot_hoat_dong"
    public static let peopleHelped = "cns.nguoi_duoc_ho_tro"
    public static let vneid = "cns.ho_tro_vneid"
    public static let onlineServices = "cns.ho_tro_dvctt"

    public static let coverageRate = "cns.ty_le_xa_co_to"
    public static let activeRate = "cns.ty_le_to_hoat_dong"

    public static let elements: [DataElement] = [
        (communes, "Số xã, phường, đặc khu", "xã"),
        (communesWithTeam, "Số xã có Tổ công nghệ số cộng đồng", "xã"),
        (teams, "Số Tổ công nghệ số cộng đồng", "tổ"),
        (activeTeams, "Số tổ có hoạt động trong 30 ngày", "tổ"),
        (members, "Số thành viên Tổ công nghệ số cộng đồng", "người"),
        (activities, "Số lượt hoạt động trong tháng", "lượt"),
        (peopleHelped, "Số người dân được hỗ trợ trong tháng", "người"),
        (vneid, "Số người được hướng dẫn VNeID trong tháng", "người"),
        (onlineServices, "Số người được hướng dẫn dịch vụ công trực tuyến trong tháng", "người"),
    ].map {
        DataElement(code: $0.0, name: $0.1, domain: domain.code, valueType: .count, unitOfMeasure: $0.2)
    }

    public static let indicators: [Indicator] = [
        (coverageRate, "Tỷ lệ xã có Tổ công nghệ số cộng đồng", communesWithTeam, communes),
        (activeRate, "Tỷ lệ tổ công nghệ số cộng đồng có hoạt động trong 30 ngày", activeTeams, teams),
    ].map { Indicator.percentage($0.0, $0.1, of: $0.2, over: $0.3, domain: domain.code) }

    /// One commune's values for a month: its coverage (computed for that commune alone, on the month's last day or
    /// today) and the activities of the month.
    public static func values(_ coverage: TeamCoverage) -> [String: Double] {
        [
            communes: Double(coverage.communes),
            communesWithTeam: Double(coverage.communesWithTeam),
            teams: Double(coverage.teams),
            activeTeams: Double(coverage.activeTeams),
            members: Double(coverage.members),
            activities: Double(coverage.activities.values.reduce(0, +)),
            peopleHelped: Double(coverage.totalPeopleHelped),
            vneid: Double(coverage.peopleHelped[.vneid] ?? 0),
            onlineServices: Double(coverage.peopleHelped[.onlineServices] ?? 0),
        ]
    }

    /// Sub-indicators a province adds to its DTI framework to have them scored from the teams' data.
    public static let dtiSubIndicators: [DTISubIndicator] = [
        DTISubIndicator(
            code: "NLS.TCNS",
            index: "NLS",
            name: "Tỷ lệ xã có Tổ công nghệ số cộng đồng",
            maxPoints: 10,
            pillars: [.society],
            rule: .ratio(full: 1),
            source: coverageRate
        ),
        DTISubIndicator(
            code: "HDXHS.TCNS",
            index: "HDXHS",
            name: "Tỷ lệ Tổ công nghệ số cộng đồng hoạt động thường xuyên",
            maxPoints: 20,
            pillars: [.society],
            rule: .ratio(full: 0.9),
            source: activeRate
        ),
    ]
}

extension DTIFramework {
    /// The inputs of sub-indicators measured on the platform, from the values of their `source` indicators (rates
    /// in percent, as the indicator engine gives them): a ratio rule takes value / 100 (capped at 1), a yes/no rule
    /// 1 when the value is positive. Sub-indicators without a source, or whose source has no value, are left out.
    public func automaticInputs(_ values: [String: Double]) -> [String: Double] {
        var inputs: [String: Double] = [:]
        for sub in subIndicators {
            guard let source = sub.source, let value = values[source], value.isFinite else { continue }
            switch sub.rule {
            case .ratio: inputs[sub.code] = min(max(value / 100, 0), 1)
            case .yesNo: inputs[sub.code] = value > 0 ? 1 : 0
            case .direct: inputs[sub.code] = min(max(value, 0), sub.maxPoints)
            }
        }
        return inputs
    }
}
