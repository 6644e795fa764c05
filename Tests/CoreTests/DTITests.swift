import Core
import Testing

@Suite("Digital Transformation Index")
struct DTITests {
    /// dti.gov.vn, "Xếp hạng chi tiết" 2022: the eight scored index values and the published PDTI.
    static let published2022: [(String, [Double], Double)] = [
        ("TP. Đà Nẵng", [1.0000, 0.9000, 0.8253, 0.8487, 0.7578, 0.8575, 0.7836, 0.5197], 0.8002),
        ("TP. Hồ Chí Minh", [0.8917, 0.9000, 0.8258, 0.6267, 0.5580, 0.8406, 0.7611, 0.3590], 0.7163),
        ("Quảng Ninh", [0.9581, 0.9000, 0.7648, 0.6250, 0.5382, 0.8385, 0.5904, 0.4505], 0.7024),
        ("Thừa Thiên - Huế", [0.9500, 0.9000, 0.6823, 0.6794, 0.6423, 0.8262, 0.6787, 0.3001], 0.6975),
        ("TP. Cần Thơ", [0.9000, 0.8000, 0.7233, 0.7376, 0.7226, 0.7325, 0.7556, 0.2947], 0.6924),
    ]

    @Test("QĐ 922: the weights come from the points; the top five of 2022 reproduce to 4 decimals and rank 1–5")
    func reproduce2022() throws {
        let framework = DTIFramework.qd922
        #expect(framework.maxPoints == 1_000 && framework.indices.map(\.subIndicatorCount).reduce(0, +) == 98)
        #expect(framework.weight(of: "NTS") == 0.1 && framework.weight(of: "HDCQS") == 0.2)
        #expect(framework.weight(of: "HDXHS") == 0.15 && framework.weight(of: "DTTM") == 0)
        let codes = ["NTS", "TCS", "HTS", "NLS", "ATTT", "HDCQS", "HDKTS", "HDXHS"]
        var scores: [(key: String, score: Double)] = []
        var exact = 0
        for (province, values, pdti) in Self.published2022.reversed() {
            let score = try DTIScore(
                framework: framework,
                indexValues: Dictionary(uniqueKeysWithValues: zip(codes, values))
            )
            // The published index values are themselves rounded to 4 decimals (±0.00005 each, weights summing to 1),
            // so the recomputed total can differ from the published one by at most 0.0001. Four of the five match
            // exactly; Hồ Chí Minh recomputes to 0.716355 against a published 0.7163.
            #expect(abs(score.exactTotal - pdti) <= 0.0001, "\(province)")
            if score.total == pdti { exact += 1 }
            #expect(score.indexValues["HTS"] == values[2] && score.indexValues["DTTM"] == nil)
            scores.append((province, score.total))
        }
        #expect(exact == 4)
        let ranks = CompetitionRanking.rank(scores)
        #expect(ranks.map(\.key) == Self.published2022.map(\.0) && ranks.map(\.rank) == [1, 2, 3, 4, 5])
    }

    @Test("Ties share a rank and the next is skipped (2022: Thanh Hóa and Yên Bái 15th, Hậu Giang 17th)")
    func ties() {
        let ranks = CompetitionRanking.rank([
            ("Hải Phòng", 0.62001), ("Thanh Hóa", 0.61234), ("Yên Bái", 0.612349), ("Hậu Giang", 0.6100),
        ])
        #expect(ranks.map(\.rank) == [1, 2, 2, 4])
        #expect(ranks.map(\.key) == ["Hải Phòng", "Thanh Hóa", "Yên Bái", "Hậu Giang"])
        #expect(CompetitionRanking.rank([(key: "a", score: 0.5), (key: "b", score: 0.5)]).map(\.rank) == [1, 1])
    }

    @Test("Sub-indicator rules: direct points, yes/no, thresholded ratio; index and pillar totals; bad input refused")
    func subIndicators() throws {
        let framework = DTIFramework(
            code: "xa-2026",
            decision: "demo",
            indices: [
                DTIIndex(code: "CQS", name: "Chính quyền số", maxPoints: 60, subIndicatorCount: 2),
                DTIIndex(code: "XHS", name: "Xã hội số", maxPoints: 40, subIndicatorCount: 2),
            ],
            subIndicators: [
                DTISubIndicator(
                    code: "CQS.1",
                    index: "CQS",
                    name: "Hồ sơ trực tuyến",
                    maxPoints: 40,
                    pillars: [.government],
                    rule: .ratio(full: 0.8)
                ),
                DTISubIndicator(
                    code: "CQS.2",
                    index: "CQS",
                    name: "Có kế hoạch CĐS",
                    maxPoints: 20,
                    pillars: [.government],
                    rule: .yesNo
                ),
                DTISubIndicator(
                    code: "XHS.1",
                    index: "XHS",
                    name: "Tổ CNS cộng đồng",
                    maxPoints: 30,
                    pillars: [.society]
                ),
                DTISubIndicator(
                    code: "XHS.2",
                    index: "XHS",
                    name: "Thanh toán số",
                    maxPoints: 10,
                    pillars: [.society, .economy],
                    rule: .ratio(full: 1)
                ),
            ]
        )
        let score = try DTIScore(framework: framework, inputs: ["CQS.1": 0.6, "CQS.2": 1, "XHS.1": 25, "XHS.2": 0.5])
        #expect(score.points["CQS"] == 50 && score.points["XHS"] == 30)  // 40 × 0.6 / 0.8 = 30, + 20
        #expect(score.indexValues == ["CQS": 0.8333, "XHS": 0.75] && score.total == 0.8)
        #expect(score.pillars == [.government: 0.8333, .society: 0.75, .economy: 0.5])
        #expect(try DTIScore(framework: framework, inputs: ["CQS.1": 0.9]).points["CQS"] == 40)  // capped at full
        #expect(throws: IndicatorError.invalidField(field: "XHS.1", issue: .atMost(30))) {
            try DTIScore(framework: framework, inputs: ["XHS.1": 31])
        }
        #expect(throws: IndicatorError.invalidField(field: "CQS.2", issue: .booleanValue)) {
            try DTIScore(framework: framework, inputs: ["CQS.2": 0.5])
        }
        #expect(throws: IndicatorError.invalidField(field: "NTS", issue: .atMost(1))) {
            try DTIScore(framework: .qd922, indexValues: ["NTS": 1.2])
        }
    }
}

@Suite("DTI assessment workflow and tasks")
struct DTIWorkflowTests {
    static let framework = DTIFramework(
        code: "xa",
        decision: "demo",
        indices: [DTIIndex(code: "CQS", name: "Chính quyền số", maxPoints: 100, subIndicatorCount: 2)],
        subIndicators: [
            DTISubIndicator(
                code: "CQS.1",
                index: "CQS",
                name: "Hồ sơ trực tuyến",
                maxPoints: 60,
                rule: .ratio(full: 0.8)
            ),
            DTISubIndicator(code: "CQS.2", index: "CQS", name: "Có kế hoạch", maxPoints: 40, rule: .yesNo),
        ]
    )

    @Test("Self-assessment → submitted → appraised → final; every other step refused; reopening needs a reason")
    func workflow() throws {
        let f = Self.framework
        var a = DTIAssessment(framework: "xa", year: 2026, unitCode: "14797", unitName: "Phường Hạc Thành")
        #expect(throws: IndicatorError.invalidField(field: "selfInputs", issue: .required)) {
            try a.applying(.submit, framework: f)
        }
        #expect(throws: IndicatorError.invalidField(field: "CQS.9", issue: .unknownCode("CQS.9"))) {
            try a.applying(.selfAssess(["CQS.9": 1], evidence: [:]), framework: f)
        }
        a = try a.applying(
            .selfAssess(["CQS.1": 0.8, "CQS.2": 1], evidence: ["CQS.2": ["KH 12/KH-UBND"]]),
            framework: f
        )
        #expect(try a.score(in: f).total == 1 && a.stage == .draft)
        #expect(throws: IndicatorError.invalidField(field: "action", issue: .stageAction("appraise", .draft))) {
            try a.applying(.appraise(["CQS.1": 0.4]), framework: f)
        }
        a = try a.applying(.submit, framework: f)
        #expect(throws: IndicatorError.invalidField(field: "action", issue: .stageAction("finalize", .submitted))) {
            try a.applying(.finalize, framework: f)
        }
        #expect(throws: IndicatorError.invalidField(field: "note", issue: .required)) {
            try a.applying(.reopen(" "), framework: f)
        }
        a = try a.applying(.appraise(["CQS.1": 0.4, "CQS.2": 1]), framework: f)
        #expect(try a.stage == .appraised && a.score(in: f).total == 0.7)  // the council's 30 + 40 points
        let back = try a.applying(.reopen("Thiếu minh chứng CQS.1"), framework: f)
        #expect(back.stage == .draft && back.appraisedInputs == nil && back.note == "Thiếu minh chứng CQS.1")
        a = try a.applying(.finalize, framework: f)
        #expect(throws: IndicatorError.invalidField(field: "action", issue: .stageAction("selfAssess", .final))) {
            try a.applying(.selfAssess([:], evidence: [:]), framework: f)
        }
    }

    @Test("A task is overdue after its day unless done; done needs evidence")
    func tasks() throws {
        let now = CalendarFixtures.at("2026-09-21 09:00")
        let task = ImprovementTask(
            framework: "922-2022",
            year: 2026,
            index: "HTS",
            title: "Phủ sóng 4G thôn bản",
            assigneeCode: "14845",
            due: CivilDate(iso: "2026-09-30")!,
            createdAt: now
        )
        #expect(!task.isOverdue(on: CivilDate(iso: "2026-09-30")!) && task.isOverdue(on: CivilDate(iso: "2026-10-01")!))
        #expect(throws: IndicatorError.invalidField(field: "evidence", issue: .required)) {
            try task.updated(to: .done, evidence: [" "], at: now)
        }
        let done = try task.updated(to: .done, evidence: ["Biên bản nghiệm thu trạm BTS"], at: now)
        #expect(!done.isOverdue(on: CivilDate(iso: "2026-12-01")!) && done.completedAt == now)
    }

    @Test("Evidence file references: read back exactly, anything else is a link or a note, a bad `tep:` is refused")
    func evidenceReferences() throws {
        let hash = String(repeating: "ab", count: 32)
        let pdf = try #require(EvidenceFile(reference: "tep:\(hash).pdf"))
        #expect(pdf.kind == .pdf && pdf.sha256 == hash && pdf.reference == "tep:\(hash).pdf")
        #expect(EvidenceFile(reference: "tep:\(hash).jpg")?.kind == .jpeg)
        for bad in [
            "tep:\(hash).exe", "tep:\(hash.uppercased()).pdf", "tep:\(hash.dropLast()).pdf", "tep:", "\(hash).pdf",
        ] {
            #expect(EvidenceFile(reference: bad) == nil)
        }
        #expect(
            try EvidenceFile.files(in: ["https://thanhhoa.gov.vn", "KH 12", "tep:\(hash).png"]).map(\.kind) == [.png]
        )
        #expect(throws: IndicatorError.invalidField(field: "evidence", issue: .unknownCode("tep:x.pdf"))) {
            try EvidenceFile.files(in: ["tep:x.pdf"])
        }
    }
}
