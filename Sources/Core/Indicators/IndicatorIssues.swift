extension FieldIssue {
    public static func unknownCode(_ code: String) -> FieldIssue {
        FieldIssue(english: "unknown code “\(code)”", vietnamese: "mã “\(code)” không tồn tại")
    }

    public static func unknownDomain(_ code: String) -> FieldIssue {
        FieldIssue(english: "unknown domain “\(code)”", vietnamese: "lĩnh vực “\(code)” không tồn tại")
    }

    public static func reservedCode(_ code: String) -> FieldIssue {
        FieldIssue(
            english: "“\(code)”: codes starting with auto. are the platform's own figures",
            vietnamese: "“\(code)”: mã bắt đầu bằng auto. dành cho số liệu tự động của hệ thống"
        )
    }

    public static let computedElement = FieldIssue(
        english: "is computed by the platform and cannot be entered",
        vietnamese: "do hệ thống tự tính, không nhập tay"
    )

    public static let periodFormat = FieldIssue(
        english: "must be a period such as 2026, 2026S1, 2026Q3, 202609, 2026W38 or 20260915",
        vietnamese: "phải là kỳ dạng 2026, 2026S1, 2026Q3, 202609, 2026W38 hoặc 20260915"
    )

    public static func periodType(_ type: PeriodType) -> FieldIssue {
        FieldIssue(
            english: "must be a \(type.rawValue) period for this element",
            vietnamese: "chỉ tiêu này báo cáo theo kỳ: \(type.label.lowercased())"
        )
    }
}
