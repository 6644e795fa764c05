import Foundation

/// A published answer to a citizen's report, as the assistant may quote it (already masked: `PublicFeedback`).
public struct PublishedAnswer: Hashable, Sendable {
    public let code: String
    public let category: String
    public let question: String
    public let answer: String

    public init(code: String, category: String, question: String, answer: String) {
        self.code = code
        self.category = category
        self.question = question
        self.answer = answer
    }
}

/// The virtual assistant (issue 10): answers a citizen's question from the procedure catalogue (documents, time
/// limit, fees, online or not, where to file) and from published feedback answers, each reply with its source. It
/// retrieves with BM25 over Vietnamese search terms and the synonyms table; it generates nothing, so every sentence
/// it shows comes from the catalogue or from an answer a unit published.
public struct Assistant: Sendable {
    public enum Source: Hashable, Sendable {
        case procedure(String)
        case feedback(String)
    }

    public struct Reply: Hashable, Sendable {
        public let source: Source
        public let title: String
        /// The answer, the lines the question asks about first.
        public let lines: [String]
        public let score: Double
    }

    /// What a question asks about, found by folded key phrases.
    public enum Topic: String, Hashable, Sendable, CaseIterable {
        case documents, time, fee, online, place

        static let phrases: [Topic: [String]] = [
            .documents: [
                "giay to", "ho so gom", "can gi", "can nhung gi", "thanh phan", "mang theo", "chuan bi", "can giay",
            ],
            .time: ["bao lau", "may ngay", "thoi han", "thoi gian", "bao nhieu ngay", "khi nao co", "lau khong"],
            .fee: ["le phi", "phi", "bao nhieu tien", "mat tien", "ton tien", "chi phi", "mien phi", "tien"],
            .online: ["truc tuyen", "online", "qua mang", "tren mang", "dich vu cong", "tai nha", "dien thoai"],
            .place: ["o dau", "noi nop", "nop o", "co quan nao", "den dau", "cho nao"],
        ]
    }

    let procedures: [String: Procedure]
    let answers: [String: PublishedAnswer]
    let index: BM25Index<Source>
    let agencyName: @Sendable (String) -> String

    public init(
        procedures: [Procedure],
        answers: [PublishedAnswer],
        synonyms: Synonyms,
        agencyName: @escaping @Sendable (String) -> String = { $0 }
    ) {
        var index = BM25Index<Source>(synonyms: synonyms)
        for procedure in procedures.sorted(by: { $0.code < $1.code }) {
            index.add(
                .procedure(procedure.code),
                text: [procedure.sector, "thủ tục", procedure.competence.label].joined(separator: " "),
                weighted: procedure.name,
                weight: 3
            )
        }
        for answer in answers.sorted(by: { $0.code < $1.code }) {
            index.add(
                .feedback(answer.code),
                text: answer.question + " " + answer.answer,
                weighted: answer.category,
                weight: 1
            )
        }
        self.index = index
        self.procedures = Dictionary(procedures.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        self.answers = Dictionary(answers.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        self.agencyName = agencyName
    }

    public var documentCount: Int { index.count }

    public static func topics(of question: String) -> [Topic] {
        let folded = " " + SearchTerms.terms(question).folded.joined(separator: " ") + " "
        return Topic.allCases.filter { topic in
            (Topic.phrases[topic] ?? []).contains { folded.contains(" " + $0 + " ") }
        }
    }

    /// The best replies, best first; an empty list when nothing matches.
    public func ask(_ question: String, limit: Int = 3) -> [Reply] {
        let topics = Self.topics(of: question)
        return index.search(question, limit: limit).compactMap { hit in
            switch hit.id {
            case .procedure(let code):
                guard let procedure = procedures[code] else { return nil }
                return Reply(source: hit.id, title: procedure.name, lines: lines(procedure, topics), score: hit.score)
            case .feedback(let code):
                guard let answer = answers[code] else { return nil }
                return Reply(
                    source: hit.id,
                    title: "Phản ánh " + code + " (" + answer.category + ")",
                    lines: ["Câu hỏi: " + answer.question, "Trả lời: " + answer.answer],
                    score: hit.score
                )
            }
        }
    }

    func lines(_ p: Procedure, _ topics: [Topic]) -> [String] {
        var byTopic: [Topic: String] = [:]
        byTopic[.documents] =
            "Hồ sơ gồm: "
            + p.components.map {
                $0.name + ($0.required ? "" : " (nếu có)") + ($0.copies > 1 ? " – \($0.copies) bản" : "")
            }
            .joined(separator: "; ") + "."
        byTopic[.time] = "Thời hạn giải quyết: \(p.processingTime)."
        let fees = p.fees.filter { $0.amount > 0 }
        byTopic[.fee] =
            fees.isEmpty
            ? "Không mất phí, lệ phí."
            : fees.map { fee in
                "\(fee.name): \(VietnameseFormat.number(fee.amount)) đồng"
                    + (fee.onlineDiscountPercent > 0
                        ? " (nộp trực tuyến chỉ \(VietnameseFormat.number(fee.due(online: true))) đồng)" : "")
            }.joined(separator: "; ") + "."
        byTopic[.online] =
            switch p.onlineLevel {
            case .full: "Nộp trực tuyến: toàn trình trên Cổng dịch vụ công, không phải đến nộp trực tiếp."
            case .partial: "Nộp trực tuyến: một phần (nộp hồ sơ trực tuyến, đến nhận kết quả hoặc nộp bản gốc)."
            case .none: "Thủ tục này chưa nộp trực tuyến được; nộp trực tiếp hoặc qua bưu chính."
            }
        byTopic[.place] =
            p.competence == .commune
            ? "Nơi nộp: Bộ phận Một cửa của Ủy ban nhân dân xã, phường nơi cư trú."
            : "Nơi nộp: Trung tâm Phục vụ hành chính công tỉnh (\(agencyName(p.agency)))."
        let order = topics + Topic.allCases.filter { !topics.contains($0) }
        return order.compactMap { byTopic[$0] }
    }
}

/// Top-1 and top-3 accuracy of the assistant on labelled questions (question → expected procedure code).
public enum AssistantEvaluation {
    public struct Score: Sendable {
        public let questions: Int
        public let top1: Int
        public let top3: Int
        public let misses: [String]

        public var top1Rate: Double { questions == 0 ? 0 : Double(top1) / Double(questions) }
        public var top3Rate: Double { questions == 0 ? 0 : Double(top3) / Double(questions) }

        public var summary: String {
            String(
                format: "%d questions: top-1 %.1f %% (%d), top-3 %.1f %% (%d)",
                questions,
                top1Rate * 100,
                top1,
                top3Rate * 100,
                top3
            )
        }
    }

    /// Rows of `question,expected` after a header.
    public static func parse(_ csv: String) -> [(question: String, expected: String)] {
        CSV.parse(csv).dropFirst().filter { $0.count >= 2 && !$0[0].isEmpty }.map { ($0[0], $0[1]) }
    }

    public static func run(_ assistant: Assistant, questions: [(question: String, expected: String)]) -> Score {
        var top1 = 0
        var top3 = 0
        var misses: [String] = []
        for (question, expected) in questions {
            let codes = assistant.ask(question, limit: 3).compactMap { reply -> String? in
                if case .procedure(let code) = reply.source { return code }
                return nil
            }
            if codes.first == expected { top1 += 1 }
            if codes.contains(expected) {
                top3 += 1
            } else {
                misses.append("\(question) → \(codes.joined(separator: ", ")) (expected \(expected))")
            }
        }
        return Score(questions: questions.count, top1: top1, top3: top3, misses: misses)
    }
}

extension Assistant {
    /// Synonyms a province starts with (an administrator edits them): everyday words for the catalogue's terms.
    public static let defaultSynonyms: [(String, String)] = [
        ("giấy khai sinh", "đăng ký khai sinh"), ("làm khai sinh", "đăng ký khai sinh"),
        ("cưới", "kết hôn"), ("báo tử", "khai tử"), ("giấy chứng tử", "khai tử"),
        ("sổ đỏ", "giấy chứng nhận quyền sử dụng đất"), ("sổ hồng", "giấy chứng nhận quyền sử dụng đất"),
        ("sang tên", "chuyển nhượng quyền sử dụng đất"), ("mua đất", "chuyển nhượng quyền sử dụng đất"),
        ("giải chấp", "xóa đăng ký thế chấp"), ("bằng lái", "giấy phép lái xe"),
        ("xây nhà", "giấy phép xây dựng nhà ở riêng lẻ"), ("độc thân", "xác nhận tình trạng hôn nhân"),
        ("công chứng", "chứng thực"), ("sao y", "chứng thực bản sao"), ("hộ cá thể", "hộ kinh doanh"),
        ("mở quán", "hộ kinh doanh"), ("giấy phép kinh doanh", "đăng ký hộ kinh doanh"),
        ("tạm nghỉ kinh doanh", "tạm ngừng kinh doanh"), ("đóng cửa", "chấm dứt hoạt động"),
        ("giải thể", "chấm dứt hoạt động"), ("bảo hiểm thất nghiệp", "trợ cấp thất nghiệp"),
        ("nghỉ việc", "trợ cấp thất nghiệp"), ("work permit", "giấy phép lao động"),
        ("chứng chỉ hành nghề", "giấy phép hành nghề"), ("bác sĩ", "khám bệnh, chữa bệnh"),
        ("vệ sinh an toàn thực phẩm", "an toàn thực phẩm"), ("quán ăn", "an toàn thực phẩm"),
        ("cây xăng", "cửa hàng bán lẻ xăng dầu"), ("bán sỉ", "bán buôn"), ("tạp hóa", "bán lẻ"),
        ("thuốc trừ sâu", "thuốc bảo vệ thực vật"), ("bvtv", "bảo vệ thực vật"),
        ("bvmt", "bảo vệ môi trường"), ("ca nhạc", "biểu diễn nghệ thuật"), ("cấp 2", "trung học cơ sở"),
        ("thcs", "trung học cơ sở"), ("bằng tốt nghiệp", "văn bằng"), ("an táng", "mai táng"),
        ("người cao tuổi", "trợ cấp xã hội"), ("khuyết tật", "trợ cấp xã hội"),
        ("con ngoài giá thú", "nhận cha, mẹ, con"), ("sửa sai tên", "cải chính hộ tịch"),
        ("dntn", "doanh nghiệp tư nhân"), ("trách nhiệm hữu hạn", "tnhh"), ("mở công ty", "thành lập"),
        ("lập công ty", "thành lập"), ("nước sông", "nước mặt"), ("làm đơn", "đơn khiếu nại"),
        ("dự án đầu tư", "nghiên cứu khả thi"), ("nhà xưởng", "công trình"), ("người nước ngoài", "nước ngoài"),
    ]
}
