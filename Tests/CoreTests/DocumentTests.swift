import Core
import Foundation
import Testing

@Suite("Documents: symbols, number books, the approval chain, exchange receipts, statistics")
struct DocumentTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("Symbols: kind-issuer for a decision, issuer-department for a công văn, two-digit numbers")
    func symbols() {
        #expect(
            DocumentSymbol.make(number: 45, type: .quyetDinh, issuer: "UBND", department: "VP").description
                == "45/QĐ-UBND"
        )
        #expect(
            DocumentSymbol.make(number: 123, type: .congVan, issuer: "UBND", department: "VP").description
                == "123/UBND-VP"
        )
        #expect(
            DocumentSymbol.make(number: 5, type: .thongBao, issuer: "SYT", department: nil).description == "05/TB-SYT"
        )
        #expect(DocumentSymbol.make(number: 7, type: .congVan, issuer: "SYT", department: "").description == "07/SYT")
    }

    @Test("Number books: each unit, direction and year counts from 1 without gaps, also when called at once")
    func numberBooks() async throws {
        let books = InMemoryNumberBooks()
        let book = NumberBookKey(unitCode: "38", direction: .outgoing, year: 2026)
        let numbers = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<200 { group.addTask { try await books.next(book) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(numbers.sorted() == Array(1...200))
        #expect(try await books.next(NumberBookKey(unitCode: "38", direction: .incoming, year: 2026)) == 1)
        #expect(try await books.next(NumberBookKey(unitCode: "38", direction: .outgoing, year: 2027)) == 1)
        #expect(try await books.next(NumberBookKey(unitCode: "38.SYT", direction: .outgoing, year: 2026)) == 1)
        // 31/12/2026 23:30 in Vietnam is still 2026; 00:30 on 1 January is 2027 (16:30 and 17:30 UTC).
        let lastEvening = try #require(CivilDate(year: 2026, month: 12, day: 31)).instant(atSecond: 23 * 3600 + 1800)
        let newYear = try #require(CivilDate(year: 2027, month: 1, day: 1)).instant(atSecond: 1800)
        #expect(NumberBookKey(unitCode: "38", direction: .incoming, at: lastEvening).year == 2026)
        #expect(NumberBookKey(unitCode: "38", direction: .incoming, at: newYear).year == 2027)
    }

    @Test("The outgoing chain: drafter → head → leader → clerk; returns go back to the draft; no skipping")
    func approvalChain() throws {
        var state = DocumentState.draft
        for (action, role) in [
            (DocumentAction.submit, DocumentRole.drafter), (.approve, .head), (.approve, .leader), (.issue, .clerk),
        ] {
            state = try DocumentWorkflow.next(from: state, action, by: role)
        }
        #expect(state == .issued)
        #expect(try DocumentWorkflow.next(from: .awaitingLeader, .returnForRevision, by: .leader) == .draft)
        #expect(try DocumentWorkflow.next(from: .awaitingHead, .returnForRevision, by: .head) == .draft)
        #expect(throws: DocumentError.invalidTransition(from: .awaitingHead, action: .approve)) {
            try DocumentWorkflow.next(from: .awaitingHead, .approve, by: .leader)
        }
        #expect(throws: DocumentError.invalidTransition(from: .draft, action: .issue)) {
            try DocumentWorkflow.next(from: .draft, .issue, by: .clerk)
        }
        #expect(throws: DocumentError.self) {
            try DocumentWorkflow.next(from: .issued, .returnForRevision, by: .leader)
        }
        #expect(DocumentWorkflow.actions(from: .awaitingLeader, by: .leader) == [.approve, .returnForRevision])
        #expect(DocumentWorkflow.actions(from: .awaitingLeader, by: .head).isEmpty)
    }

    @Test("The incoming path: received, registered, assigned, processed; completion straight from assignment")
    func incoming() throws {
        #expect(try DocumentWorkflow.next(from: .received, .register, by: .clerk) == .registered)
        #expect(try DocumentWorkflow.next(from: .registered, .assign, by: .leader) == .assigned)
        #expect(try DocumentWorkflow.next(from: .assigned, .complete, by: .handler) == .done)
        #expect(throws: DocumentError.self) { try DocumentWorkflow.next(from: .received, .assign, by: .leader) }
        #expect(throws: DocumentError.self) { try DocumentWorkflow.next(from: .registered, .assign, by: .handler) }
    }

    @Test("Exchange receipts come in order, once each, never earlier than the step before")
    func receipts() throws {
        var receipt = ExchangeReceipt(sentAt: now)
        #expect(throws: DocumentError.self) { try receipt.record(.registered, at: now + 10) }
        #expect(throws: DocumentError.self) { try receipt.record(.delivered, at: now - 1) }
        try receipt.record(.delivered, at: now + 2)
        #expect(throws: DocumentError.self) { try receipt.record(.delivered, at: now + 3) }
        try receipt.record(.registered, at: now + 60)
        #expect(receipt.latest == .registered && receipt.steps.count == 3)
    }

    @Test(
        "Statistics in the seeds' shape: received = pending + processed, processed = on time + late; secrets left out"
    )
    func statistics() {
        let due = now + 86_400
        var facts: [DocumentFacts] = []
        facts += Array(repeating: DocumentFacts(direction: .incoming, state: .processing, due: due), count: 4)
        facts += Array(
            repeating: DocumentFacts(direction: .incoming, state: .done, due: due, completed: now),
            count: 7
        )
        facts += Array(
            repeating: DocumentFacts(
                direction: .incoming,
                state: .done,
                due: due,
                completed: due + 1,
                electronic: false
            ),
            count: 2
        )
        facts.append(DocumentFacts(direction: .incoming, confidentiality: .secret, state: .done, electronic: false))
        facts += Array(
            repeating: DocumentFacts(
                direction: .outgoing,
                state: .issued,
                signedByAgency: true,
                signedPersonally: true
            ),
            count: 3
        )
        facts.append(DocumentFacts(direction: .outgoing, state: .issued, electronic: false, signedByAgency: true))
        facts.append(DocumentFacts(direction: .outgoing, state: .draft))
        let stats = DocumentStatistics(facts)
        #expect(stats.received == 13 && stats.pending == 4 && stats.processed == 9)
        #expect(stats.received == stats.pending + stats.processed)
        #expect(stats.processedOnTime == 7 && stats.processedLate == 2)
        #expect(stats.issued == 4 && stats.signedByAgency == 4 && stats.signedPersonally == 3)
        #expect(stats.exchangedElectronically == 11 + 3)
        #expect(stats.signedPersonallyPercent == 75)
    }

    @Test(
        "A document records each step with its author; the role for each step is the workflow's; figures feed indicators"
    )
    func documentRecord() throws {
        let at = Date(timeIntervalSince1970: 1_790_000_000)
        var document = Document(
            direction: .outgoing,
            unitCode: "38.SYT",
            type: .congVan,
            issuerName: "Sở Y tế",
            subject: "Về việc thử nghiệm",
            createdBy: UUID(),
            createdByName: "Chuyên viên",
            createdAt: at
        )
        #expect(document.state == .draft)
        #expect(DocumentWorkflow.role(for: .submit, in: .draft) == .drafter)
        #expect(DocumentWorkflow.role(for: .approve, in: .awaitingHead) == .head)
        #expect(DocumentWorkflow.role(for: .approve, in: .awaitingLeader) == .leader)
        #expect(DocumentWorkflow.role(for: .issue, in: .approved) == .clerk)
        #expect(DocumentWorkflow.role(for: .issue, in: .draft) == nil)
        try document.apply(.submit, by: .drafter, author: "A", at: at)
        #expect(throws: DocumentError.invalidTransition(from: .awaitingHead, action: .issue)) {
            try document.apply(.issue, by: .clerk, author: "B", at: at)
        }
        try document.apply(.approve, by: .head, author: "B", at: at, note: "Đồng ý")
        #expect(document.state == .awaitingLeader)
        #expect(document.notes.map(\.author) == ["A", "B"] && document.notes.last?.text == "Đồng ý")
        #expect(throws: DocumentError.self) { try Document.validate(subject: "  ", issuerName: "Sở Y tế") }

        var stats = DocumentStatistics()
        stats.received = 10
        stats.pending = 4
        stats.processed = 6
        stats.processedOnTime = 5
        stats.processedLate = 1
        stats.issued = 3
        stats.signedByAgency = 3
        stats.exchangedElectronically = 12
        let values = DocumentIndicators.values(stats)
        #expect(values[DocumentIndicators.received] == 10 && values[DocumentIndicators.total] == 13)
        #expect(values[DocumentIndicators.late] == 1 && values[DocumentIndicators.signedPersonally] == 0)
        #expect(
            Set(DocumentIndicators.indicators.flatMap { [$0.numerator, $0.denominator] }).allSatisfy { formula in
                DocumentIndicators.elements.contains { formula == "#{\($0.code)}" }
            }
        )
    }
}
