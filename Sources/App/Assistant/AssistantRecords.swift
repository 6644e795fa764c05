import Core
import Fluent
import Foundation

final class SynonymRecord: Model, @unchecked Sendable {
    static let schema = "assistant_synonyms"

    @ID(key: .id) var id: UUID?
    @Field(key: "phrase") var phrase: String
    @Field(key: "synonym") var synonym: String

    init() {}

    init(_ phrase: String, _ synonym: String) {
        id = UUID()
        self.phrase = phrase
        self.synonym = synonym
    }
}

final class ModelRecord: Model, @unchecked Sendable {
    static let schema = "assistant_models"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "trained_at") var trainedAt: Date
    @Field(key: "samples") var samples: Int
    @Field(key: "held_out_accuracy") var heldOutAccuracy: Double
    @Field(key: "model") var model: String

    init() {}
}
