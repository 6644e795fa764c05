/// Figures the platform computes from its own records (dossiers, citizen reports) for any unit and period: they
/// are data elements nobody types in, with indicators on top (766 rules: on time as indicator 2.1, reports handled
/// on time as 5.2).
public enum AutomaticElement: String, CaseIterable, Sendable {
    case dossiersHandled = "auto.hs_giai_quyet"
    case dossiersOnTime = "auto.hs_dung_han"
    case dossiersReceived = "auto.hs_tiep_nhan"
    case dossiersOnline = "auto.hs_truc_tuyen"
    case reports = "auto.pakn"
    case reportsOnTime = "auto.pakn_dung_han"
    case reportsSatisfied = "auto.pakn_hai_long"

    public static let domain = IndicatorDomain(code: "tu-dong", name: "Tự động từ hệ thống")

    var name: String {
        switch self {
        case .dossiersHandled: "Hồ sơ TTHC thuộc kỳ đánh giá (766, chỉ số 2.1)"
        case .dossiersOnTime: "Hồ sơ TTHC giải quyết đúng hạn"
        case .dossiersReceived: "Hồ sơ TTHC tiếp nhận trong kỳ"
        case .dossiersOnline: "Hồ sơ TTHC nộp trực tuyến"
        case .reports: "Phản ánh, kiến nghị tiếp nhận trong kỳ"
        case .reportsOnTime: "Phản ánh, kiến nghị xử lý đúng hạn"
        case .reportsSatisfied: "Phản ánh, kiến nghị được đánh giá hài lòng"
        }
    }

    public var element: DataElement {
        DataElement(code: rawValue, name: name, domain: Self.domain.code, valueType: .count, unitOfMeasure: "hồ sơ")
    }

    public func value(from x: Index766.Inputs) -> Double {
        switch self {
        case .dossiersHandled: Double(x.dossiersCounted)
        case .dossiersOnTime: Double(x.dossiersOnTime)
        case .dossiersReceived: Double(x.dossiersReceived)
        case .dossiersOnline: Double(x.dossiersOnline)
        case .reports: Double(x.feedback)
        case .reportsOnTime: Double(x.feedback - x.feedbackOverdue)
        case .reportsSatisfied: Double(x.feedback - x.feedbackUnsatisfied)
        }
    }

    /// The rates the IOC watches, over the automatic elements.
    public static let indicators = [
        Indicator(
            code: "auto.ty_le_dung_han",
            name: "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn",
            domain: domain.code,
            numerator: "#{auto.hs_dung_han}",
            denominator: "#{auto.hs_giai_quyet}",
            factor: 100,
            automatic: true
        ),
        Indicator(
            code: "auto.ty_le_truc_tuyen",
            name: "Tỷ lệ hồ sơ TTHC nộp trực tuyến",
            domain: domain.code,
            numerator: "#{auto.hs_truc_tuyen}",
            denominator: "#{auto.hs_tiep_nhan}",
            factor: 100,
            automatic: true
        ),
        Indicator(
            code: "auto.ty_le_pakn_dung_han",
            name: "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn",
            domain: domain.code,
            numerator: "#{auto.pakn_dung_han}",
            denominator: "#{auto.pakn}",
            factor: 100,
            automatic: true
        ),
        Indicator(
            code: "auto.ty_le_hai_long",
            name: "Tỷ lệ hài lòng với xử lý phản ánh, kiến nghị",
            domain: domain.code,
            numerator: "#{auto.pakn_hai_long}",
            denominator: "#{auto.pakn}",
            factor: 100,
            automatic: true
        ),
    ]
}

/// Where the automatic figures come from: the 766 counts per handling unit for a span of days.
public protocol AutomaticFigures: Sendable {
    func inputs(period: ReportingPeriod, units: [AdminUnit.ID]) async throws -> [AdminUnit.ID: Index766.Inputs]
}

extension Period {
    /// The same days as a 766 reporting period.
    public var reporting: ReportingPeriod { ReportingPeriod(first: first, end: end, description: description) }
}
