/// The document register's figures as indicator data, per unit and month (of receipt or issue), summed up the tree
/// like any indicator: the shape of the seeds' breakdown (received 2,883,342 = pending 117,032 + processed
/// 2,766,310, of which on time 2,645,523 …) and the signing and electronic-exchange rates the DTI asks for.
/// Confidential documents are left out, as the seeds do.
public enum DocumentIndicators {
    public static let domain = IndicatorDomain(code: "vb", name: "Văn bản điện tử và chữ ký số")

    public static let received = "vb.den"
    public static let pending = "vb.den_dang_xu_ly"
    public static let processed = "vb.den_da_xu_ly"
    public static let onTime = "vb.den_dung_han"
    public static let late = "vb.den_qua_han"
    public static let issued = "vb.di_phat_hanh"
    public static let signedByAgency = "vb.di_ky_so_co_quan"
    public static let signedPersonally = "vb.di_ky_so_ca_nhan"
    public static let exchanged = "vb.lien_thong_dien_tu"
    public static let total = "vb.tong_den_di"

    public static let elements: [DataElement] = [
        (received, "Văn bản đến"),
        (pending, "Văn bản đến đang xử lý"),
        (processed, "Văn bản đến đã xử lý"),
        (onTime, "Văn bản đến xử lý đúng hạn"),
        (late, "Văn bản đến xử lý quá hạn"),
        (issued, "Văn bản đi đã phát hành"),
        (signedByAgency, "Văn bản đi có chữ ký số cơ quan"),
        (signedPersonally, "Văn bản đi có chữ ký số cá nhân"),
        (exchanged, "Văn bản gửi, nhận điện tử"),
        (total, "Văn bản đến và đi"),
    ].map {
        DataElement(code: $0.0, name: $0.1, domain: domain.code, valueType: .count, unitOfMeasure: "văn bản")
    }

    public static let indicators: [Indicator] = [
        ("vb.ty_le_ky_so_co_quan", "Tỷ lệ văn bản đi ký số cơ quan", signedByAgency, issued),
        ("vb.ty_le_ky_so_ca_nhan", "Tỷ lệ văn bản đi ký số cá nhân", signedPersonally, issued),
        ("vb.ty_le_dung_han", "Tỷ lệ văn bản đến xử lý đúng hạn", onTime, processed),
        ("vb.ty_le_lien_thong_dien_tu", "Tỷ lệ văn bản gửi, nhận điện tử", exchanged, total),
    ].map { Indicator.percentage($0.0, $0.1, of: $0.2, over: $0.3, domain: domain.code) }

    public static func values(_ statistics: DocumentStatistics) -> [String: Double] {
        [
            received: Double(statistics.received),
            pending: Double(statistics.pending),
            processed: Double(statistics.processed),
            onTime: Double(statistics.processedOnTime),
            late: Double(statistics.processedLate),
            issued: Double(statistics.issued),
            signedByAgency: Double(statistics.signedByAgency),
            signedPersonally: Double(statistics.signedPersonally),
            exchanged: Double(statistics.exchangedElectronically),
            total: Double(statistics.received + statistics.issued),
        ]
    }
}
