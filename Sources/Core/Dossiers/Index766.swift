import Foundation

/// The part of the 766 index (QĐ 766/QĐ-TTg, 23/6/2022) the platform's own data supports, for one unit and period.
/// Groups and maxima: công khai minh bạch 18, tiến độ 20, dịch vụ trực tuyến 22, số hóa 22, hài lòng 18 (= 100).
/// Indicators fed by other national systems (1.1, 1.2, 1.4, 3.5b, 4.4, 4.5, certified copies) are listed as
/// lacking data rather than guessed.
public enum Index766 {
    /// Counts behind the scores; filled from memory (`collect`) or by SQL in the App.
    public struct Inputs: Hashable, Sendable, Codable {
        public var procedures = 0
        public var proceduresFullyPublished = 0
        public var proceduresOnline = 0
        public var proceduresOnlineWithOnlineDossier = 0
        public var proceduresWithFees = 0
        public var proceduresWithFeesAndPayment = 0
        /// Dossiers handled in the period (2.1's population) and those on time.
        public var dossiersCounted = 0
        public var dossiersOnTime = 0
        /// Dossiers received in the period, and those filed online (with an electronic result where the
        /// procedure's result is paper) (3.3).
        public var dossiersReceived = 0
        public var dossiersOnline = 0
        /// Dossiers with a fee to pay, and those paid online (3.6).
        public var dossiersWithFee = 0
        public var dossiersPaidOnline = 0
        /// Dossiers whose processing ended in the period as resolved or returned (4.1–4.3).
        public var dossiersResolved = 0
        public var dossiersElectronicResult = 0
        public var dossiersDigitized = 0
        public var dossiersReusingData = 0
        /// Dossiers rated unsatisfactory by the applicant or named in a citizen report (5.4), each counted once.
        public var dossiersUnsatisfied = 0
        /// Citizen reports (PAKN) submitted in the period (5.2, 5.3).
        public var feedback = 0
        public var feedbackOverdue = 0
        public var feedbackUnsatisfied = 0
        public var feedbackReopened = 0

        public init() {}
    }

    public struct Indicator: Hashable, Sendable, Codable {
        public let id: String
        public let name: String
        public let group: Int
        public let max: Double
        /// nil when the platform has no data for it.
        public let points: Double?
        public let ratio: Double?
        public let rule: String
    }

    public struct Report: Hashable, Sendable, Codable {
        public let indicators: [Indicator]
        public let groups: [Group]
        /// Points over the indicators that have data, and the maximum those could give.
        public let total: Double
        public let maxWithData: Double

        public struct Group: Hashable, Sendable, Codable {
            public let number: Int
            public let name: String
            public let max: Double
            public let points: Double
        }
    }

    public static let groupNames: [(Int, String, Double)] = [
        (1, "Công khai, minh bạch", 18), (2, "Tiến độ, kết quả giải quyết", 20),
        (3, "Cung cấp dịch vụ trực tuyến", 22), (4, "Số hóa hồ sơ", 22), (5, "Mức độ hài lòng", 18),
    ]

    static func ratio(_ part: Int, _ whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }

    /// Full marks at or above `threshold`, otherwise proportional to it (3.1, 3.3, 3.5, 4.2, 4.3, 5.4).
    static func thresholded(_ ratio: Double, max: Double, threshold: Double) -> Double {
        ratio >= threshold ? max : ratio * max / threshold
    }

    public static func score(_ x: Inputs) -> Report {
        var list: [Indicator] = []
        func add(
            _ id: String,
            _ name: String,
            _ group: Int,
            _ max: Double,
            _ ratio: Double?,
            _ points: Double?,
            _ rule: String
        ) {
            let rounded = points.map { ($0 * 100).rounded() / 100 }
            list.append(
                Indicator(id: id, name: name, group: group, max: max, points: rounded, ratio: ratio, rule: rule)
            )
        }
        add("1.1", "TTHC công bố đúng hạn", 1, 6, nil, nil, "Cần dữ liệu quyết định công bố (CSDL quốc gia về TTHC)")
        add("1.2", "TTHC cập nhật, công khai đúng hạn", 1, 4, nil, nil, "Cần dữ liệu CSDL quốc gia về TTHC")
        let r13 = ratio(x.proceduresFullyPublished, x.procedures)
        add("1.3", "TTHC công khai đầy đủ bộ phận tạo thành", 1, 2, r13, r13.map { 2 * $0 }, "2 × tỷ lệ")
        add("1.4", "Hồ sơ đồng bộ lên DVCQG", 1, 6, nil, nil, "Cần dữ liệu đồng bộ DVCQG")
        let r21 = ratio(x.dossiersOnTime, x.dossiersCounted)
        add("2.1", "Hồ sơ xử lý trước hạn, đúng hạn", 2, 20, r21, r21.map { 20 * $0 }, "20 × tỷ lệ")
        let r31 = ratio(x.proceduresOnline, x.procedures)
        add(
            "3.1",
            "TTHC cung cấp DVCTT",
            3,
            2,
            r31,
            r31.map { thresholded($0, max: 2, threshold: 0.8) },
            "≥ 80 % đạt tối đa"
        )
        let r32 = ratio(x.proceduresOnlineWithOnlineDossier, x.proceduresOnline)
        add("3.2", "DVCTT có phát sinh hồ sơ", 3, 4, r32, r32.map { 4 * $0 }, "4 × tỷ lệ")
        let r33 = ratio(x.dossiersOnline, x.dossiersReceived)
        add(
            "3.3",
            "Hồ sơ nộp trực tuyến",
            3,
            6,
            r33,
            r33.map { thresholded($0, max: 6, threshold: 0.5) },
            "≥ 50 % đạt tối đa"
        )
        let r35 = ratio(x.proceduresWithFeesAndPayment, x.proceduresWithFees)
        add(
            "3.5",
            "TTHC có nghĩa vụ tài chính tích hợp thanh toán",
            3,
            2,
            r35,
            r35.map { thresholded($0, max: 2, threshold: 0.8) },
            "≥ 80 % đạt tối đa"
        )
        add("3.5b", "TTHC có giao dịch thanh toán trực tuyến", 3, 2, nil, nil, "Cần dữ liệu cổng thanh toán quốc gia")
        let r36 = ratio(x.dossiersPaidOnline, x.dossiersWithFee)
        add("3.6", "Hồ sơ thanh toán trực tuyến", 3, 6, r36, r36.map { 6 * $0 }, "6 × tỷ lệ")
        let r41 = ratio(x.dossiersElectronicResult, x.dossiersResolved)
        add("4.1", "Hồ sơ có kết quả giải quyết điện tử", 4, 6, r41, r41.map { 6 * $0 }, "6 × tỷ lệ")
        let r42 = ratio(x.dossiersDigitized, x.dossiersResolved)
        add(
            "4.2",
            "Hồ sơ thực hiện số hóa",
            4,
            4,
            r42,
            r42.map { thresholded($0, max: 4, threshold: 0.8) },
            "≥ 80 % đạt tối đa"
        )
        let r43 = ratio(x.dossiersReusingData, x.dossiersResolved)
        add(
            "4.3",
            "Hồ sơ khai thác, sử dụng lại dữ liệu số hóa",
            4,
            2,
            r43,
            r43.map { thresholded($0, max: 2, threshold: 0.8) },
            "≥ 80 % đạt tối đa"
        )
        add("4.4", "Hồ sơ số hóa kết nối kho dữ liệu cá nhân", 4, 4, nil, nil, "Cần kết nối kho dữ liệu DVCQG")
        add("4.5a", "TTHC kết nối dữ liệu dân cư", 4, 2, nil, nil, "Cần kết nối CSDL quốc gia về dân cư")
        add("4.5b", "Hồ sơ sử dụng dữ liệu dân cư", 4, 2, nil, nil, "Cần kết nối CSDL quốc gia về dân cư")
        add("4.6", "Chứng thực bản sao điện tử từ bản chính", 4, 2, nil, nil, "Cần dữ liệu chứng thực điện tử")
        // 5.2: with no report at all the unit gets full marks.
        let r52 = ratio(x.feedback - x.feedbackOverdue, x.feedback)
        add("5.2", "PAKN xử lý đúng hạn", 5, 6, r52, r52.map { 6 * $0 } ?? 6, "6 × tỷ lệ; không có PAKN: 6")
        let r53 = ratio(max(0, x.feedback - x.feedbackUnsatisfied - x.feedbackReopened - x.feedbackOverdue), x.feedback)
        add("5.3", "Hài lòng trong xử lý PAKN", 5, 6, r53, r53.map { 6 * $0 }, "6 × tỷ lệ")
        let r54 =
            x.dossiersCounted == 0
            ? nil
            : 1 - Double(x.dossiersCounted - x.dossiersOnTime) / Double(x.dossiersCounted)
                - Double(x.dossiersUnsatisfied) / Double(x.dossiersCounted)
        add(
            "5.4",
            "Hài lòng trong tiếp nhận, giải quyết TTHC",
            5,
            6,
            r54,
            r54.map { thresholded(max(0, $0), max: 6, threshold: 0.9) },
            "≥ 90 % đạt tối đa"
        )
        let groups = groupNames.map { number, name, max in
            Report.Group(
                number: number,
                name: name,
                max: max,
                points: list.filter { $0.group == number }.compactMap(\.points).reduce(0, +)
            )
        }
        return Report(
            indicators: list,
            groups: groups,
            total: (list.compactMap(\.points).reduce(0, +) * 100).rounded() / 100,
            maxWithData: list.filter { $0.points != nil }.map(\.max).reduce(0, +)
        )
    }

    /// Counts the inputs from records in memory (the reference the SQL version is tested against).
    public static func collect(
        procedures: [Procedure],
        dossiers: [Dossier],
        feedback: [Feedback],
        period: ReportingPeriod
    ) -> Inputs {
        var x = Inputs()
        let byCode = Dictionary(procedures.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let start = period.startInstant
        let end = period.endInstant
        let receivedInPeriod = dossiers.filter {
            ($0.receivedAt ?? .distantPast) >= start && ($0.receivedAt ?? .distantFuture) <= end
        }
        x.countProcedures(
            procedures,
            withOnlineDossiers: Set(receivedInPeriod.filter { $0.channel == .online }.map(\.procedureCode))
        )
        let complainedAbout = Set(feedback.compactMap(\.dossierCode))
        for dossier in dossiers where OnTimeRule.isInPeriod(dossier, period) {
            guard let onTime = OnTimeRule.isOnTime(dossier, periodEnd: end) else { continue }
            x.dossiersCounted += 1
            if onTime { x.dossiersOnTime += 1 }
            if dossier.satisfied == false || complainedAbout.contains(dossier.code) { x.dossiersUnsatisfied += 1 }
        }
        x.dossiersReceived = receivedInPeriod.count
        for dossier in receivedInPeriod {
            let paperResult = byCode[dossier.procedureCode]?.resultType != .electronic
            if dossier.channel == .online, !paperResult || dossier.hasElectronicResult { x.dossiersOnline += 1 }
            if dossier.feeDue > 0 {
                x.dossiersWithFee += 1
                if dossier.paidOnline { x.dossiersPaidOnline += 1 }
            }
        }
        for dossier in dossiers {
            guard let ended = dossier.endedAt, ended >= start, ended <= end,
                dossier.endStatus == .resolved || dossier.endStatus == .returned
            else { continue }
            x.dossiersResolved += 1
            if dossier.hasElectronicResult { x.dossiersElectronicResult += 1 }
            if dossier.hasElectronicResult && dossier.componentsDigitized { x.dossiersDigitized += 1 }
            if dossier.reusedDigitizedData { x.dossiersReusingData += 1 }
        }
        for item in feedback where item.submittedAt >= start && item.submittedAt <= end {
            x.feedback += 1
            if item.escalatedAt != nil { x.feedbackOverdue += 1 }
            if !item.isSatisfactory { x.feedbackUnsatisfied += 1 }
            if item.reopenCount > 0 { x.feedbackReopened += 1 }
        }
        return x
    }
}

extension Index766.Inputs {
    /// The catalogue counts (1.3, 3.1, 3.2, 3.5); `onlineCodes` are the procedures that had an online dossier in
    /// the period.
    public mutating func countProcedures(_ catalogue: [Procedure], withOnlineDossiers onlineCodes: Set<String>) {
        procedures = catalogue.count
        proceduresFullyPublished = catalogue.filter(\.isFullyPublished).count
        let online = catalogue.filter { $0.onlineLevel != .none }
        proceduresOnline = online.count
        proceduresOnlineWithOnlineDossier = online.filter { onlineCodes.contains($0.code) }.count
        proceduresWithFees = catalogue.filter(\.hasFees).count
        proceduresWithFeesAndPayment = catalogue.filter { $0.hasFees && $0.onlinePayment }.count
    }
}

extension Dossier {
    /// The result went back as an electronic file.
    public var hasElectronicResult: Bool {
        if case .electronic = delivery { return true }
        return false
    }
}

extension Index766.Inputs {
    /// Adds another unit's dossier and report counts (procedure counts are not additive and stay as they are).
    public mutating func add(_ o: Index766.Inputs) {
        dossiersCounted += o.dossiersCounted
        dossiersOnTime += o.dossiersOnTime
        dossiersReceived += o.dossiersReceived
        dossiersOnline += o.dossiersOnline
        dossiersWithFee += o.dossiersWithFee
        dossiersPaidOnline += o.dossiersPaidOnline
        dossiersResolved += o.dossiersResolved
        dossiersElectronicResult += o.dossiersElectronicResult
        dossiersDigitized += o.dossiersDigitized
        dossiersReusingData += o.dossiersReusingData
        dossiersUnsatisfied += o.dossiersUnsatisfied
        feedback += o.feedback
        feedbackOverdue += o.feedbackOverdue
        feedbackUnsatisfied += o.feedbackUnsatisfied
        feedbackReopened += o.feedbackReopened
    }
}
