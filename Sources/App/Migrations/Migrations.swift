import Fluent

/// The one ordered timeline of schema changes. Never edit a migration that has shipped; add a new one.
enum Migrations {
    static let all: [any Migration] = [
        CreateAdminUnits(),
        CreateUsers(),
        CreateRoleGrants(),
        CreateApiTokens(),
        CreateAuditLog(),
        MakeAuditLogAppendOnly(),
        SessionRecord.migration,
        CreateCalendarDecrees(),
        CreateCommuneBoundaries(),
        CreateFeedback(),
        CreateFeedbackVotes(),
        CreateFeedbackPhotos(),
        AddMergedIntoToFeedback(),
        CreateFeedbackCatalog(),
        AddProvinceAndAttributesToFeedback(),
        CreateDossiers(),
        AddDossierCodeToFeedback(),
        CreateIndicators(),
        CreateDTI(),
        CreateDTIPublishedRanks(),
        CreateIOC(),
        CreateOpenDataAndSharing(),
        CreateDocumentNumberBooks(),
        CreateDocuments(),
        CreateCommunityServices(),
        CreateIdempotencyKeys(),
        CreateJobLeases(),
        AddFeedbackHotPathIndexes(),
        CreateFeedbackCounters(),
        ReplaceFeedbackDuplicateIndex(),
        CreateTableVersions(),
        ReplaceDossierEventsIndex(),
    ]
}
