import Foundation

/// The security registry's figures as indicator data: counts per unit and month (summed up the tree), with the
/// rates the DTI "An toàn thông tin mạng" index scores (QĐ 922/QĐ-BTTTT, index ATTT). A province framework's
/// sub-indicator names one of these rates as its `source`.
public enum SecurityIndicators {
    public static let domain = IndicatorDomain(code: "attt", name: "An toàn thông tin mạng (sổ đăng ký hệ thống)")

    public static let systems = "attt.he_thong"
    public static let approved = "attt.he_thong_duoc_duyet"
    public static let endpoints = "attt.may_tram"
    public static let protected = "attt.may_tram_duoc_bao_ve"
    public static let soc = "attt.he_thong_ket_noi_soc"
    public static let fourLayers = "attt.he_thong_du_4_lop"

    public static let elements: [DataElement] = [
        (systems, "Hệ thống thông tin đã khai báo", "hệ thống"),
        (approved, "Hệ thống được phê duyệt cấp độ an toàn", "hệ thống"),
        (endpoints, "Máy trạm", "máy"),
        (protected, "Máy trạm được phòng chống mã độc tập trung", "máy"),
        (soc, "Hệ thống kết nối trung tâm giám sát (SOC)", "hệ thống"),
        (fourLayers, "Hệ thống có đủ mô hình 4 lớp", "hệ thống"),
    ].map {
        DataElement(code: $0.0, name: $0.1, domain: domain.code, valueType: .count, unitOfMeasure: $0.2)
    }

    public static let indicators: [Indicator] = [
        ("attt.ty_le_duyet_cap_do", "Tỷ lệ hệ thống được phê duyệt cấp độ", approved, systems),
        ("attt.ty_le_may_tram_bao_ve", "Tỷ lệ máy trạm được phòng chống mã độc tập trung", protected, endpoints),
        ("attt.ty_le_ket_noi_soc", "Tỷ lệ hệ thống kết nối SOC", soc, systems),
        ("attt.ty_le_du_4_lop", "Tỷ lệ hệ thống có đủ mô hình 4 lớp", fourLayers, systems),
    ].map { Indicator.percentage($0.0, $0.1, of: $0.2, over: $0.3, domain: domain.code) }

    /// The unit's counts from its report.
    public static func values(_ report: ComplianceReport) -> [String: Double] {
        [
            systems: Double(report.systems),
            approved: Double(report.approvedSystems),
            endpoints: Double(report.endpoints),
            protected: Double(report.protectedEndpoints),
            soc: Double(report.socConnectedSystems),
            fourLayers: Double(report.fourLayerSystems),
        ]
    }
}
