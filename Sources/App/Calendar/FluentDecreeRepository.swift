import Core
import Fluent
import Foundation

final class DecreeRecordRow: Model, @unchecked Sendable {
    static let schema = "calendar_decrees"

    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "kind") var kind: String
    @Field(key: "date") var date: String
    @OptionalField(key: "working_day") var workingDay: String?
    @Field(key: "note") var note: String
    @Field(key: "reference") var reference: String

    init() {}

    func toDomain() -> DecreeRecord? {
        guard let kind = DecreeRecord.Kind(rawValue: kind), let date = CivilDate(iso: date) else { return nil }
        return DecreeRecord(
            kind: kind,
            date: date,
            workingDay: workingDay.flatMap(CivilDate.init(iso:)),
            note: note,
            reference: reference
        )
    }
}

struct FluentDecreeRepository: DecreeRepository {
    let db: any Database
    let clock: Core.Clock

    func all() async throws -> [DecreeRecord] {
        try await DecreeRecordRow.query(on: db).sort(\.$date).all().compactMap { $0.toDomain() }
    }

    func add(_ record: DecreeRecord) async throws {
        let row = DecreeRecordRow()
        row.id = UUID()
        row.createdAt = clock.now()
        row.kind = record.kind.rawValue
        row.date = record.date.iso
        row.workingDay = record.workingDay?.iso
        row.note = record.note
        row.reference = record.reference
        try await row.create(on: db)
    }
}
