import Core
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The assistant in force (catalogue, published answers, synonyms), rebuilt when older than five minutes or when
/// the synonyms change; and the feedback classifier last trained by `tinhso assistant train`.
final class AssistantStore: Sendable {
    static let maxAge: TimeInterval = 300
    static let classifierKind = "feedback-category"

    struct Classifier: Sendable {
        let model: NaiveBayes<String>
        let trainedAt: Date
        let samples: Int
        let heldOutAccuracy: Double
    }

    private let current = NIOLockedValueBox<(assistant: Assistant, builtAt: Date)?>(nil)
    private let trained = NIOLockedValueBox<Classifier??>(nil)

    func assistant(on db: any Database, now: Date) async throws -> Assistant {
        if let cached = current.withLockedValue({ $0 }), now.timeIntervalSince(cached.builtAt) < Self.maxAge {
            return cached.assistant
        }
        let assistant = try await Self.build(on: db)
        current.withLockedValue { $0 = (assistant, now) }
        return assistant
    }

    func invalidate() {
        current.withLockedValue { $0 = nil }
        trained.withLockedValue { $0 = nil }
    }

    static func synonyms(on db: any Database) async throws -> Synonyms {
        Synonyms(
            try await SynonymRecord.query(on: db).sort(\.$phrase).sort(\.$synonym).all().map { ($0.phrase, $0.synonym) }
        )
    }

    /// - Parameter synonyms: the table to use (default: the stored one).
    static func build(on db: any Database, synonyms chosen: Synonyms? = nil) async throws -> Assistant {
        let procedures = try await FluentProcedureRepository(db: db).all()
        let catalog = try await FluentFeedbackCatalog(db: db).catalog()
        let published = try await FeedbackRecord.query(on: db).filter(\.$publishedAt != nil)
            .sort(\.$publishedAt, .descending).range(0..<5_000).all()
        let answers = published.compactMap { record -> PublishedAnswer? in
            guard let answer = record.answer, !answer.isEmpty else { return nil }
            return PublishedAnswer(
                code: record.code,
                category: catalog.name(of: record.category, province: record.provinceCode),
                question: PublicFeedback.mask(record.description),
                answer: PublicFeedback.mask(answer)
            )
        }
        let agencies = try await AdminUnitRecord.query(on: db).filter(\.$type == UnitType.agency.rawValue).all()
        var names: [String: String] = [:]
        for agency in agencies {
            let slug = agency.code.split(separator: ".").last.map(String.init) ?? agency.code
            if names[slug] == nil { names[slug] = agency.name }
        }
        var table = Synonyms()
        if let chosen { table = chosen } else { table = try await synonyms(on: db) }
        return Assistant(
            procedures: procedures,
            answers: answers,
            synonyms: table,
            agencyName: { [names] slug in names[slug] ?? (slug.isEmpty ? "cơ quan chuyên môn" : slug) }
        )
    }

    func classifier(on db: any Database) async throws -> Classifier? {
        if let cached = trained.withLockedValue({ $0 }) { return cached }
        let record = try await ModelRecord.query(on: db).filter(\.$kind == Self.classifierKind).first()
        let loaded = try record.map { record in
            Classifier(
                model: try JSONDecoder().decode(NaiveBayes<String>.self, from: Data(record.model.utf8)),
                trainedAt: record.trainedAt,
                samples: record.samples,
                heldOutAccuracy: record.heldOutAccuracy
            )
        }
        trained.withLockedValue { $0 = .some(loaded) }
        return loaded
    }

    /// What training found: samples, labels, accuracy on the held-out fifth.
    struct Training: Sendable {
        let samples: Int
        let heldOut: Int
        let labels: Int
        let accuracy: Double
    }

    /// Trains on every answered report: first on four fifths to measure accuracy on the held-out fifth, then on all
    /// of them for the stored model. Deterministic: reports are read in code order.
    static func train(on db: any Database, now: Date) async throws -> Training {
        let records = try await FeedbackRecord.query(on: db).filter(\.$answer != nil).sort(\.$code).all()
        let samples = records.map { NaiveBayes<String>.Sample($0.description, $0.category) }
        guard samples.count >= 10 else {
            throw WebError.invalidParameter(
                name: "samples",
                issue: FieldIssue(
                    english: "need at least 10 answered reports",
                    vietnamese: "cần ít nhất 10 phản ánh đã trả lời"
                )
            )
        }
        let (training, heldOut) = NaiveBayes<String>.split(samples)
        let accuracy = NaiveBayes(training).accuracy(on: heldOut)
        let model = NaiveBayes(samples)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys  // the same reports give the same stored text
        let json = String(decoding: try encoder.encode(model), as: UTF8.self)
        try await db.transaction { db in
            try await ModelRecord.query(on: db).filter(\.$kind == classifierKind).delete()
            let record = ModelRecord()
            record.id = UUID()
            record.kind = classifierKind
            record.trainedAt = now
            record.samples = samples.count
            record.heldOutAccuracy = accuracy
            record.model = json
            try await record.create(on: db)
        }
        return Training(samples: samples.count, heldOut: heldOut.count, labels: model.labels.count, accuracy: accuracy)
    }
}

/// `tinhso assistant train`: retrains the feedback classifier and prints its held-out accuracy.
/// `tinhso assistant evaluate [--file FILE]`: top-1 and top-3 accuracy of the assistant on a labelled question set
/// (question,expected procedure code), by default `bench/assistant-questions.csv` over the catalogue in the database.
struct AssistantCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "train | evaluate")
        var action: String

        @Option(name: "file", help: "evaluate: the labelled questions (CSV; default bench/assistant-questions.csv)")
        var file: String?

        init() {}
    }

    var help: String { "Trains the feedback classifier, or evaluates the assistant on labelled questions." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        switch signature.action {
        case "train":
            let result = try await AssistantStore.train(on: app.db, now: app.services.clock.now())
            context.console.print(
                "Trained on \(result.samples) answered reports, \(result.labels) categories; held-out accuracy "
                    + String(format: "%.1f %%", result.accuracy * 100) + " on \(result.heldOut) reports."
            )
        case "evaluate":
            let path = signature.file ?? "bench/assistant-questions.csv"
            let text = try String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8)
            let questions = AssistantEvaluation.parse(text)
            let bare = try await AssistantStore.build(on: app.db, synonyms: Synonyms())
            context.console.print("Without synonyms: " + AssistantEvaluation.run(bare, questions: questions).summary)
            let assistant = try await AssistantStore.build(on: app.db)
            let score = AssistantEvaluation.run(assistant, questions: questions)
            context.console.print("With the synonyms table: " + score.summary)
            for miss in score.misses.prefix(30) { context.console.print("  miss: \(miss)") }
        default:
            throw WebError.invalidParameter(name: "action", issue: .oneOf(["train", "evaluate"]))
        }
    }
}
