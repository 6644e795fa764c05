import Core
import Testing

@Suite("Vietnamese text folding")
struct VietnameseTextTests {
    @Test(
        "Folding removes tones and marks, maps đ to d, lowers case and collapses spaces",
        arguments: [
            ("Thanh Hóa", "thanh hoa"),
            ("Thành phố Hồ Chí Minh", "thanh pho ho chi minh"),
            ("ĐIỆN BIÊN", "dien bien"),
            ("Đắk Lắk", "dak lak"),
            ("  Phường   Hạc  Thành ", "phuong hac thanh"),
            ("Quảng Ngãi", "quang ngai"),
            ("Ưu tiên ơ", "uu tien o"),
        ]
    )
    func folds(input: String, expected: String) {
        #expect(VietnameseText.fold(input) == expected)
    }

    @Test("Text already folded is unchanged")
    func idempotent() {
        let once = VietnameseText.fold("Bà Rịa – Vũng Tàu")
        #expect(VietnameseText.fold(once) == once)
        #expect(once == "ba ria – vung tau")
    }
}
