import Core
import Foundation

/// About fifty procedures a province handles, for the demo. Names, sectors, levels and time limits follow the
/// procedures as published (times from the cited law where it fixes one); codes are demo codes (`DEMO.nnn`), not
/// the national database's.
enum DemoProcedures {
    /// name, sector, competence (c/p), agency slug, online level (f/p/n), working days, fee (đồng), legal basis.
    typealias Row = (String, String, Character, String, Character, Int, Int, String)

    static let rows: [Row] = [
        ("Đăng ký khai sinh", "Hộ tịch", "c", "", "f", 1, 0, "Luật Hộ tịch 2014|2016-01-01"),
        ("Đăng ký kết hôn", "Hộ tịch", "c", "", "p", 1, 0, "Luật Hộ tịch 2014|2016-01-01"),
        ("Đăng ký khai tử", "Hộ tịch", "c", "", "f", 1, 0, "Luật Hộ tịch 2014|2016-01-01"),
        ("Đăng ký nhận cha, mẹ, con", "Hộ tịch", "c", "", "p", 3, 0, "Luật Hộ tịch 2014|2016-01-01"),
        (
            "Thay đổi, cải chính, bổ sung thông tin hộ tịch", "Hộ tịch", "c", "", "f", 3, 0,
            "Luật Hộ tịch 2014|2016-01-01"
        ),
        ("Cấp giấy xác nhận tình trạng hôn nhân", "Hộ tịch", "c", "", "f", 3, 0, "Luật Hộ tịch 2014|2016-01-01"),
        ("Cấp bản sao trích lục hộ tịch", "Hộ tịch", "c", "", "f", 1, 8_000, "Luật Hộ tịch 2014|2016-01-01"),
        ("Đăng ký giám hộ", "Hộ tịch", "c", "", "p", 3, 0, "Luật Hộ tịch 2014|2016-01-01"),
        ("Chứng thực bản sao từ bản chính", "Chứng thực", "c", "", "p", 1, 2_000, "Nghị định 23/2015/NĐ-CP|2015-04-10"),
        ("Chứng thực chữ ký", "Chứng thực", "c", "", "n", 1, 10_000, "Nghị định 23/2015/NĐ-CP|2015-04-10"),
        ("Chứng thực hợp đồng, giao dịch", "Chứng thực", "c", "", "n", 2, 50_000, "Nghị định 23/2015/NĐ-CP|2015-04-10"),
        (
            "Đăng ký thành lập hộ kinh doanh", "Hộ kinh doanh", "c", "", "f", 3, 100_000,
            "Nghị định 168/2025/NĐ-CP|2025-07-01"
        ),
        (
            "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", "Hộ kinh doanh", "c", "", "f", 3, 0,
            "Nghị định 168/2025/NĐ-CP|2025-07-01"
        ),
        (
            "Tạm ngừng kinh doanh hộ kinh doanh", "Hộ kinh doanh", "c", "", "f", 3, 0,
            "Nghị định 168/2025/NĐ-CP|2025-07-01"
        ),
        (
            "Chấm dứt hoạt động hộ kinh doanh", "Hộ kinh doanh", "c", "", "f", 3, 0,
            "Nghị định 168/2025/NĐ-CP|2025-07-01"
        ),
        (
            "Đăng ký đất đai, cấp Giấy chứng nhận lần đầu", "Đất đai", "c", "", "p", 20, 100_000,
            "Luật Đất đai 2024|2024-08-01"
        ),
        (
            "Đăng ký biến động do chuyển nhượng quyền sử dụng đất", "Đất đai", "c", "", "p", 10, 50_000,
            "Luật Đất đai 2024|2024-08-01"
        ),
        (
            "Cấp đổi Giấy chứng nhận quyền sử dụng đất", "Đất đai", "c", "", "p", 7, 50_000,
            "Luật Đất đai 2024|2024-08-01"
        ),
        (
            "Xóa đăng ký thế chấp quyền sử dụng đất", "Đất đai", "c", "", "f", 1, 20_000,
            "Nghị định 99/2022/NĐ-CP|2023-01-15"
        ),
        (
            "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Xây dựng", "c", "", "p", 15, 75_000,
            "Luật Xây dựng 2014 (sửa đổi 2020)|2021-01-01"
        ),
        (
            "Gia hạn giấy phép xây dựng", "Xây dựng", "c", "", "p", 5, 15_000,
            "Luật Xây dựng 2014 (sửa đổi 2020)|2021-01-01"
        ),
        (
            "Cấp giấy phép xây dựng công trình", "Xây dựng", "p", "SXD", "p", 20, 150_000,
            "Luật Xây dựng 2014 (sửa đổi 2020)|2021-01-01"
        ),
        (
            "Thẩm định báo cáo nghiên cứu khả thi", "Xây dựng", "p", "SXD", "n", 30, 0,
            "Nghị định 175/2024/NĐ-CP|2024-12-30"
        ),
        (
            "Đăng ký thành lập doanh nghiệp tư nhân", "Doanh nghiệp", "p", "STC", "f", 3, 50_000,
            "Nghị định 168/2025/NĐ-CP|2025-07-01"
        ),
        (
            "Đăng ký thành lập công ty TNHH một thành viên", "Doanh nghiệp", "p", "STC", "f", 3, 50_000,
            "Nghị định 168/2025/NĐ-CP|2025-07-01"
        ),
        (
            "Đăng ký thay đổi nội dung đăng ký doanh nghiệp", "Doanh nghiệp", "p", "STC", "f", 3, 50_000,
            "Nghị định 168/2025/NĐ-CP|2025-07-01"
        ),
        (
            "Cấp Phiếu lý lịch tư pháp", "Lý lịch tư pháp", "p", "STP", "f", 10, 200_000,
            "Luật Lý lịch tư pháp 2009|2010-07-01"
        ),
        (
            "Cấp giấy phép hoạt động phòng khám", "Khám bệnh, chữa bệnh", "p", "SYT", "p", 60, 4_300_000,
            "Luật Khám bệnh, chữa bệnh 2023|2024-01-01"
        ),
        (
            "Cấp giấy phép hành nghề khám bệnh, chữa bệnh", "Khám bệnh, chữa bệnh", "p", "SYT", "p", 30, 360_000,
            "Luật Khám bệnh, chữa bệnh 2023|2024-01-01"
        ),
        (
            "Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", "An toàn thực phẩm", "p", "SYT", "p", 15,
            1_000_000, "Nghị định 15/2018/NĐ-CP|2018-02-02"
        ),
        (
            "Cấp giấy phép bán lẻ sản phẩm rượu", "Lưu thông hàng hóa", "c", "", "p", 10, 400_000,
            "Nghị định 105/2017/NĐ-CP|2017-11-01"
        ),
        (
            "Cấp giấy phép bán buôn sản phẩm rượu", "Lưu thông hàng hóa", "p", "SCT", "p", 15, 1_200_000,
            "Nghị định 105/2017/NĐ-CP|2017-11-01"
        ),
        (
            "Cấp Giấy chứng nhận đủ điều kiện cửa hàng bán lẻ xăng dầu", "Kinh doanh khí, xăng dầu", "p", "SCT", "p",
            20, 1_200_000, "Nghị định 83/2014/NĐ-CP|2014-11-03"
        ),
        (
            "Cấp đổi giấy phép lái xe", "Đường bộ", "p", "SXD", "f", 5, 135_000,
            "Luật Trật tự, an toàn giao thông đường bộ 2024|2025-01-01"
        ),
        (
            "Cấp giấy phép lái xe quốc tế", "Đường bộ", "p", "SXD", "f", 5, 135_000,
            "Luật Trật tự, an toàn giao thông đường bộ 2024|2025-01-01"
        ),
        ("Giải quyết hưởng trợ cấp thất nghiệp", "Việc làm", "p", "SNV", "p", 20, 0, "Luật Việc làm 2013|2015-01-01"),
        (
            "Cấp giấy phép lao động cho người nước ngoài", "Việc làm", "p", "SNV", "f", 5, 600_000,
            "Nghị định 152/2020/NĐ-CP|2021-02-15"
        ),
        ("Trợ cấp xã hội hằng tháng", "Bảo trợ xã hội", "c", "", "p", 10, 0, "Nghị định 20/2021/NĐ-CP|2021-07-01"),
        ("Hỗ trợ chi phí mai táng", "Bảo trợ xã hội", "c", "", "p", 3, 0, "Nghị định 20/2021/NĐ-CP|2021-07-01"),
        (
            "Xác nhận hộ nghèo, hộ cận nghèo phát sinh", "Giảm nghèo", "c", "", "p", 15, 0,
            "Nghị định 07/2021/NĐ-CP|2021-03-15"
        ),
        (
            "Chuyển trường đối với học sinh trung học cơ sở", "Giáo dục", "c", "", "p", 3, 0,
            "Thông tư 50/2021/TT-BGDĐT|2022-02-15"
        ),
        (
            "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", "Giáo dục", "p", "SGDDT", "f", 1, 0,
            "Nghị định 23/2015/NĐ-CP|2015-04-10"
        ),
        (
            "Cấp giấy phép tổ chức biểu diễn nghệ thuật", "Nghệ thuật biểu diễn", "p", "SVHTTDL", "f", 5, 1_500_000,
            "Nghị định 144/2020/NĐ-CP|2021-02-01"
        ),
        (
            "Cấp giấy chứng nhận đủ điều kiện kinh doanh dịch vụ karaoke", "Văn hóa cơ sở", "c", "", "p", 5, 2_000_000,
            "Nghị định 54/2019/NĐ-CP|2019-08-01"
        ),
        (
            "Cấp giấy phép khai thác nước mặt", "Tài nguyên nước", "p", "SNNMT", "n", 30, 600_000,
            "Luật Tài nguyên nước 2023|2024-07-01"
        ),
        (
            "Đăng ký kế hoạch bảo vệ môi trường", "Môi trường", "c", "", "p", 10, 0,
            "Luật Bảo vệ môi trường 2020|2022-01-01"
        ),
        (
            "Cấp giấy phép môi trường", "Môi trường", "p", "SNNMT", "p", 30, 4_000_000,
            "Luật Bảo vệ môi trường 2020|2022-01-01"
        ),
        (
            "Cấp giấy chứng nhận cơ sở đủ điều kiện buôn bán thuốc bảo vệ thực vật", "Bảo vệ thực vật", "p", "SNNMT",
            "p", 20, 500_000, "Nghị định 31/2016/NĐ-CP|2016-05-06"
        ),
        (
            "Công nhận tuyên truyền viên pháp luật", "Phổ biến giáo dục pháp luật", "c", "", "f", 5, 0,
            "Luật Phổ biến, giáo dục pháp luật 2012|2013-01-01"
        ),
        (
            "Tiếp công dân, xử lý đơn khiếu nại", "Khiếu nại, tố cáo", "c", "", "n", 10, 0,
            "Luật Khiếu nại 2011|2012-07-01"
        ),
    ]

    static var procedures: [Procedure] {
        rows.enumerated().map { index, row in
            let (name, sector, competence, agency, level, days, fee, basis) = row
            let parts = basis.split(separator: "|").map(String.init)
            return Procedure(
                code: String(format: "DEMO.%03d", index + 1),
                name: name,
                sector: sector,
                competence: competence == "c" ? .commune : .province,
                agency: agency,
                onlineLevel: level == "f" ? .full : level == "p" ? .partial : .none,
                processingTime: .days(days),
                components: [
                    .init(name: "Tờ khai theo mẫu"), .init(name: "Giấy tờ tùy thân"),
                    .init(name: "Giấy tờ liên quan", required: false),
                ],
                fees: fee > 0 ? [.init(name: "Lệ phí", amount: fee, onlineDiscountPercent: 50)] : [],
                resultType: index % 3 == 0 ? .electronic : .paper,
                legalBasis: [.init(reference: parts[0], effectiveFrom: CivilDate(iso: parts[1])!)],
                steps: steps(days),
                onlinePayment: fee > 0 && index % 4 != 0,
                priority: days <= 3 && index % 5 == 0
            )
        }
    }

    /// Desk, specialist, signature: the statutory days split between them.
    static func steps(_ days: Int) -> [Procedure.Step] {
        switch days {
        case 1: [.init(name: "Tiếp nhận và giải quyết", actor: "Công chức chuyên môn", budget: .days(1))]
        case 2:
            [
                .init(name: "Thẩm định", actor: "Công chức chuyên môn", budget: .days(1)),
                .init(name: "Ký duyệt", actor: "Lãnh đạo", budget: .days(1)),
            ]
        default:
            [
                .init(name: "Tiếp nhận, chuyển hồ sơ", actor: "Bộ phận Một cửa", budget: .days(1)),
                .init(name: "Thẩm định, trình ký", actor: "Công chức chuyên môn", budget: .days(days - 2)),
                .init(name: "Ký duyệt, trả kết quả", actor: "Lãnh đạo", budget: .days(1)),
            ]
        }
    }
}
