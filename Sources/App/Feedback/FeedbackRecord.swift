import Core
import Fluent
import Foundation
import Vapor

final class FeedbackRecord: Model, @unchecked Sendable {
    static let schema = "feedback"

    @ID(key: .id) var id: UUID?
    @Field(key: "submitted_at") var submittedAt: Date
    @Field(key: "code") var code: String
    @Field(key: "category") var category: String
    @Field(key: "description") var description: String
    @OptionalField(key: "lat") var lat: Double?
    @OptionalField(key: "lon") var lon: Double?
    @OptionalField(key: "commune_code") var communeCode: String?
    @Field(key: "location_approximate") var locationApproximate: Bool
    @Field(key: "urgent") var urgent: Bool
    @Field(key: "status") var status: String
    @Field(key: "clock_started_at") var clockStartedAt: Date
    @OptionalField(key: "received_at") var receivedAt: Date?
    @OptionalField(key: "answered_at") var answeredAt: Date?
    @OptionalField(key: "published_at") var publishedAt: Date?
    @OptionalField(key: "answer") var answer: String?
    @Field(key: "supplement_requests") var supplementRequests: Int
    @Field(key: "reopen_count") var reopenCount: Int
    @Field(key: "likes") var likes: Int
    @Field(key: "dislikes") var dislikes: Int
    @OptionalField(key: "escalated_at") var escalatedAt: Date?
    @Field(key: "handling_unit_id") var handlingUnitID: UUID
    @OptionalField(key: "escalated_to_unit_id") var escalatedToUnitID: UUID?
    @OptionalField(key: "reporter_id") var reporterID: UUID?
    @OptionalField(key: "merged_into_id") var mergedIntoID: UUID?
    @OptionalField(key: "province_code") var provinceCode: String?
    /// JSON object: attribute code → answers.
    @OptionalField(key: "attributes") var attributes: String?
    @OptionalField(key: "dossier_code") var dossierCode: String?

    init() {}
}

final class FeedbackVoteRecord: Model, @unchecked Sendable {
    static let schema = "feedback_votes"

    @ID(key: .id) var id: UUID?
    @Field(key: "liked") var liked: Bool
    @Field(key: "feedback_id") var feedbackID: UUID
    @Field(key: "user_id") var userID: UUID

    init() {}
}

final class FeedbackEventRecord: Model, @unchecked Sendable {
    static let schema = "feedback_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @Field(key: "actor_kind") var actorKind: String
    @Field(key: "action") var action: String
    @OptionalField(key: "note") var note: String?
    @Field(key: "from_status") var fromStatus: String
    @Field(key: "to_status") var toStatus: String
    @Field(key: "feedback_id") var feedbackID: UUID
    @OptionalField(key: "actor_id") var actorID: UUID?

    init() {}
}
