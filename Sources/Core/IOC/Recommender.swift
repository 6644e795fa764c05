/// Rules that turn findings into recommendations. Each recommendation quotes the statements of the findings it
/// cites and adds only the action its rule names, addressed to the unit concerned.
public enum Recommender {
    /// Who acts: the commune's people's committee, or at the province the owning agency.
    static func actor(_ finding: Finding, provinceCode: String) -> String {
        if finding.unitCode != provinceCode { return "UBND \(finding.unitName)" }
        return finding.owner.isEmpty ? "các sở, ngành phụ trách" : "cơ quan phụ trách (\(finding.owner))"
    }

    public static func recommend(_ findings: [Finding], provinceCode: String) -> [Recommendation] {
        var out: [Recommendation] = []
        // Rule 1: an indicator behind its target (now or by December), with its worsening run when there is one.
        let indicatorKinds: Set<Finding.Kind> = [.offTarget, .forecastMiss, .worsening]
        var groups: [String: [Finding]] = [:]
        var order: [String] = []
        for finding in findings where indicatorKinds.contains(finding.kind) {
            let key = finding.unitCode + "\u{1F}" + finding.subject
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(finding)
        }
        for key in order {
            let group = groups[key]!
            let kinds = Set(group.map(\.kind))
            let action: String
            if kinds.contains(.worsening) && kinds.count > 1 {
                action = "rà soát nguyên nhân diễn biến xấu liên tục và báo cáo giải pháp khắc phục trong tháng tới"
            } else if kinds.contains(.worsening) {
                action = "theo dõi sát, làm rõ nguyên nhân trước khi ảnh hưởng đến mục tiêu năm"
            } else if kinds.contains(.forecastMiss) {
                action = "xây dựng kế hoạch tăng tốc cho các tháng còn lại để đạt mục tiêu năm"
            } else {
                action = "tập trung giải pháp để đạt mục tiêu trong các tháng còn lại"
            }
            out.append(make(group, "Đề nghị \(actor(group[0], provinceCode: provinceCode)) \(action)."))
        }
        // Rule 2: an anomalous value is checked at its source before it is summed up.
        for finding in findings where finding.kind == .anomaly {
            out.append(
                make(
                    [finding],
                    "Đề nghị \(actor(finding, provinceCode: provinceCode)) kiểm tra, xác nhận lại số liệu đã nhập "
                        + "trước khi tổng hợp."
                )
            )
        }
        // Rule 3: reports not in on time are chased by the province office.
        for finding in findings where finding.kind == .missingReports {
            out.append(
                make(
                    [finding],
                    "Đề nghị Văn phòng UBND tỉnh đôn đốc các đơn vị chưa nộp và nhắc các đơn vị nộp trễ tuân thủ hạn."
                )
            )
        }
        // Rule 4: weak DTI indices get improvement tasks, the weakest first.
        let weak = findings.filter { $0.kind == .weakIndex }.sorted {
            ($0.figures["gap"] ?? 0, $1.subject) > ($1.figures["gap"] ?? 0, $0.subject)
        }
        if !weak.isEmpty {
            out.append(
                make(
                    weak,
                    "Đề nghị giao nhiệm vụ cải thiện cho các sở, ngành phụ trách, ưu tiên "
                        + weak.map(\.subjectName).joined(separator: ", ") + "."
                )
            )
        }
        return out
    }

    /// The findings' statements, then the action; addressed to the unit of the first finding.
    static func make(_ cited: [Finding], _ action: String) -> Recommendation {
        Recommendation(
            unitCode: cited[0].unitCode,
            unitName: cited[0].unitName,
            text: (cited.map(\.statement) + [action]).joined(separator: " "),
            findings: cited.map(\.id)
        )
    }
}
