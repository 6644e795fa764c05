import Core
import Foundation
import Testing

@Suite("Vietnamese retrieval: terms, abbreviations, BM25 ranking, synonyms")
struct SearchTermsTests {
    @Test("Exact and folded syllables, bigrams; NFD input is the same as NFC; punctuation splits")
    func terms() {
        let terms = SearchTerms.terms("Giấy khai sinh, bản sao!")
        #expect(terms.exact == ["giấy", "khai", "sinh", "bản", "sao"])
        #expect(terms.folded == ["giay", "khai", "sinh", "ban", "sao"])
        #expect(terms.bigrams == ["giay_khai", "khai_sinh", "sinh_ban", "ban_sao"])
        let decomposed = "Đăng ký hộ tịch".decomposedStringWithCanonicalMapping
        #expect(SearchTerms.terms(decomposed) == SearchTerms.terms("Đăng ký hộ tịch"))
        #expect(SearchTerms.terms("dang ky ho tich").folded == SearchTerms.terms("Đăng ký hộ tịch").folded)
    }

    @Test("Abbreviations expand: TP., P., Q., UBND, CCCD; an unknown word stays")
    func abbreviations() {
        #expect(SearchTerms.syllables("TP. Thanh Hóa") == ["thành", "phố", "thanh", "hóa"])
        #expect(SearchTerms.syllables("P. Hạc Thành") == ["phường", "hạc", "thành"])
        #expect(
            SearchTerms.syllables("làm CCCD ở UBND") == [
                "làm", "căn", "cước", "công", "dân", "ở", "ủy", "ban", "nhân", "dân",
            ]
        )
        #expect(SearchTerms.syllables("xyz.") == ["xyz"])
    }

    func catalogue() -> BM25Index<String> {
        var index = BM25Index<String>()
        index.add("khai-sinh", text: "Hồ sơ gồm tờ khai và giấy chứng sinh", weighted: "Đăng ký khai sinh")
        index.add("ket-hon", text: "Hai bên nam nữ nộp tờ khai đăng ký kết hôn", weighted: "Đăng ký kết hôn")
        index.add("khai-tu", text: "Giấy báo tử hoặc giấy tờ thay giấy báo tử", weighted: "Đăng ký khai tử")
        index.add(
            "xay-dung",
            text: "Đơn đề nghị cấp giấy phép xây dựng nhà ở riêng lẻ",
            weighted: "Cấp giấy phép xây dựng"
        )
        index.add("ho-kinh-doanh", text: "Giấy đề nghị đăng ký hộ kinh doanh", weighted: "Đăng ký hộ kinh doanh")
        return index
    }

    @Test("BM25 finds the procedure with or without diacritics; diacritics rank the exact text higher")
    func ranking() {
        let index = catalogue()
        #expect(index.search("đăng ký khai sinh cho con").first?.id == "khai-sinh")
        #expect(index.search("dang ky khai sinh cho con").first?.id == "khai-sinh")
        #expect(index.search("xin giay phep xay nha").first?.id == "xay-dung")
        #expect(index.search("ket hon").first?.id == "ket-hon")
        let marked = index.search("khai tử").first
        let bare = index.search("khai tu").first
        #expect(marked?.id == "khai-tu" && bare?.id == "khai-tu")
        #expect((marked?.score ?? 0) > (bare?.score ?? 0))
        #expect(index.search("").isEmpty && index.search("qwerty zzz").isEmpty)
        // Deterministic: the same question, the same order.
        #expect(index.search("đăng ký").map(\.id) == index.search("đăng ký").map(\.id))
    }

    @Test("BM25 scores as the formula says on a two-document fixture")
    func formula() throws {
        var index = BM25Index<Int>()
        index.add(1, text: "a b")
        index.add(2, text: "c d")
        // Each document has 2 exact + 2 folded + 1 bigram = 5 terms; "=a" and "a" occur once each, in one document.
        let hit = try #require(index.search("a").first)
        let idf = log(1 + (2 - 1 + 0.5) / (1 + 0.5))
        let perTerm = idf * 1 * 2.2 / (1 + 1.2 * (1 - 0.75 + 0.75 * 5 / 5))
        #expect(hit.id == 1)
        #expect(abs(hit.score - 2 * perTerm) < 1e-9)
    }

    @Test("Synonyms: 'giấy khai sinh' finds 'đăng ký khai sinh' both ways, also typed without marks")
    func synonyms() {
        var index = BM25Index<String>(
            synonyms: Synonyms([("giấy khai sinh", "đăng ký khai sinh"), ("làm sổ đỏ", "quyền sử dụng đất")])
        )
        index.add("khai-sinh", text: "", weighted: "Đăng ký khai sinh")
        index.add("dat-dai", text: "Cấp giấy chứng nhận quyền sử dụng đất")
        index.add("giay-to", text: "Cấp bản sao giấy tờ")
        #expect(index.search("xin giay khai sinh").first?.id == "khai-sinh")
        #expect(index.search("lam so do mat bao lau").first?.id == "dat-dai")
        #expect(Synonyms([("giấy khai sinh", "Giay khai sinh")]).pairs.isEmpty)
        #expect(Synonyms([("a", "b")]).expansions(of: "a b") == ["b", "a"])
    }
}

@Suite("Feedback category suggestion: multinomial naive Bayes")
struct NaiveBayesTests {
    static let reports: [NaiveBayes<String>.Sample] = [
        ("Đèn đường hỏng tối om cả đoạn", "chieu-sang"), ("Đèn chiếu sáng không sáng ở ngõ 12", "chieu-sang"),
        ("Cột đèn bị đổ sau bão", "chieu-sang"), ("Bóng đèn đường nhấp nháy cả đêm", "chieu-sang"),
        ("Đường thủng ổ gà rất nguy hiểm", "giao-thong"), ("Mặt đường sụt lún sau mưa", "giao-thong"),
        ("Ổ gà lớn giữa đường gây tai nạn", "giao-thong"), ("Đường bị nứt vỡ, xe đi khó", "giao-thong"),
        ("Rác thải đổ bừa bãi bốc mùi", "moi-truong"), ("Bãi rác tự phát cạnh chợ", "moi-truong"),
        ("Nước thải chảy ra đường hôi thối", "moi-truong"), ("Thu gom rác không đúng giờ", "moi-truong"),
        ("Đèn chiếu sáng trong ngõ bị hỏng", "chieu-sang"), ("Ổ gà trên mặt đường", "giao-thong"),
        ("Rác thải bốc mùi cạnh chợ", "moi-truong"),
    ].map { NaiveBayes<String>.Sample($0.0, $0.1) }

    @Test("Learns the categories, also for questions typed without marks; probabilities sum to 1")
    func predicts() {
        let model = NaiveBayes(Self.reports)
        #expect(model.labels == ["chieu-sang", "giao-thong", "moi-truong"])
        #expect(model.predict("den duong khong sang") == "chieu-sang")
        #expect(model.predict("Có ổ gà to trên đường") == "giao-thong")
        #expect(model.predict("rac thai boc mui") == "moi-truong")
        let ranked = model.rank("rác")
        #expect(abs(ranked.map(\.probability).reduce(0, +) - 1) < 1e-9)
        #expect(ranked.first?.label == "moi-truong")
        #expect(NaiveBayes<String>().predict("bất kỳ") == nil)
    }

    @Test("Training is deterministic; the held-out split keeps every label; accuracy counts right answers")
    func deterministic() {
        let first = NaiveBayes(Self.reports)
        let second = NaiveBayes(Self.reports)
        for text in ["đèn hỏng", "ổ gà", "rác", "không liên quan gì"] {
            #expect(first.rank(text).map(\.label) == second.rank(text).map(\.label))
        }
        let (training, heldOut) = NaiveBayes.split(Self.reports, every: 5)
        #expect(training.count == 12 && heldOut.count == 3)
        #expect(Set(heldOut.map(\.label)) == ["chieu-sang", "giao-thong", "moi-truong"])
        let model = NaiveBayes(training)
        #expect(model.accuracy(on: heldOut) == 1)
        #expect(model.accuracy(on: [.init("đèn đường hỏng", "moi-truong")]) == 0)
    }
}
