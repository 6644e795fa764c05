import Core
import Fluent
import Foundation
import SQLKit

/// Generates plausible demo dossiers for the demo province: channels (about 55 % online where the procedure allows
/// it, 40 % at the desk, 5 % by post), commune procedures three times as often as provincial ones, receipts in
/// office hours on working days, about 8 % with one supplement request and 0.5 % with two, 1 % withdrawn, 0.5 %
/// stopped, and 2–4 % resolved late. Histories go through `Dossier.applying`, so they obey the same rules as real
/// ones. Seeded, so a run is reproducible. Generated dossiers carry no event history.
struct DossierGenerator {
    struct RandomSource: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {  // SplitMix64
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    let calendar: BusinessCalendar
    let procedures: [Procedure]
    let communes: [AdminUnit]
    let province: AdminUnit
    /// Province agencies by slug (the handling unit of provincial procedures).
    let agencies: [String: AdminUnit]
    var random = RandomSource(state: 766)
    /// The last code number per `unit|yyyy-MM-dd`, continued from what is stored.
    var sequences: [String: Int] = [:]

    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }

    /// `count` dossiers received between `first` and `last` (inclusive days), nothing later than `now`.
    mutating func generate(count: Int, first: CivilDate, last: CivilDate, now: Date) throws -> [Dossier] {
        let communeProcedures = procedures.filter { $0.competence == .commune }
        let provinceProcedures = procedures.filter { $0.competence == .province }
        var workingDays: [CivilDate] = []
        var day = first
        while day <= last {
            if try calendar.isWorkingDay(day) { workingDays.append(day) }
            day = day.adding(days: 1)
        }
        var result: [Dossier] = []
        result.reserveCapacity(count)
        let hours = [8, 9, 10, 11, 14, 15, 16]
        for _ in 0..<count {
            let procedure =
                chance(0.75) || provinceProcedures.isEmpty
                ? communeProcedures.randomElement(using: &random)! : provinceProcedures.randomElement(using: &random)!
            let commune = communes.randomElement(using: &random)!
            let handler =
                procedure.competence == .commune ? commune : agencies[procedure.agency] ?? province
            let roll = Double.random(in: 0..<1, using: &random)
            let channel: DossierChannel =
                procedure.onlineLevel != .none && roll < 0.55 ? .online : roll < 0.95 ? .inPerson : .post
            let desk =
                channel == .online
                ? handler : procedure.competence == .commune ? commune : agencies["TTPVHCC"] ?? handler
            let receivedDay = workingDays.randomElement(using: &random)!
            let received = receivedDay.instant(
                atSecond: hours.randomElement(using: &random)! * 3600 + Int.random(in: 0..<3600, using: &random)
            )
            guard received <= now else { continue }
            let key = desk.code + "|" + receivedDay.iso
            sequences[key, default: 0] += 1
            var d = Dossier(
                code: DossierCode.make(unitCode: desk.code, day: receivedDay, sequence: sequences[key]!),
                procedure: procedure,
                channel: channel,
                applicant: Applicant(
                    name: "Công dân \(sequences.count)-\(result.count + 1) (demo)",
                    idNumber: String(format: "038%09d", Int.random(in: 0..<1_000_000_000, using: &random)),
                    phone: String(format: "09%08d", Int.random(in: 0..<100_000_000, using: &random)),
                    address: commune.name,
                    communeCode: commune.code
                ),
                receivingUnitID: desk.id,
                handlingUnitID: handler.id,
                submittedAt: received
            )
            d.componentsDigitized = channel == .online || chance(0.6)
            d.reusedDigitizedData = chance(0.3)
            d = try d.applying(.receive, by: .desk, at: received, calendar: calendar)
            d = try step(d, .startProcessing, .handler, after: 0.5, now: now)
            if chance(0.085) {
                d = try step(d, .requestSupplement(note: "Bổ sung giấy tờ (demo)"), .handler, after: 4, now: now)
                d = try step(d, .supplement, .applicant, after: 12, now: now)
                if chance(0.06) {
                    d = try step(d, .requestSupplement(note: "Bổ sung lần hai (demo)"), .handler, after: 3, now: now)
                    d = try step(d, .supplement, .applicant, after: 8, now: now)
                }
            }
            if chance(0.01) {
                d = try step(d, .withdraw, .applicant, after: 2, now: now)
            } else if chance(0.005) {
                d = try step(d, .stop(reason: "Không đủ điều kiện (demo)"), .handler, after: 3, now: now)
            } else if d.status == .processing, let due = d.dueAt {
                // About 97 % on time: somewhere between the latest event and the due date; otherwise 1–5 working
                // days after it.
                let latest = d.supplements.last?.resumedAt ?? received
                let left = try calendar.workingHoursBetween(latest, due)
                let hours =
                    chance(0.97) && left > 0.5
                    ? Double.random(in: 0.2...(left - 0.1), using: &random)
                    : max(left, 0) + Double(Int.random(in: 1...5, using: &random)) * 8
                let at = try calendar.addingWorkingHours(hours, to: latest)
                if at <= now {
                    d = try d.applying(.resolve, by: .handler, at: at, calendar: calendar)
                    let delivery: ResultDelivery =
                        channel == .post
                        ? .post(
                            trackingNumber: String(
                                format: "EL%09dVN",
                                Int.random(in: 0..<1_000_000_000, using: &random)
                            )
                        )
                        : procedure.resultType == .electronic || (channel == .online && chance(0.5))
                            ? .electronic(fileSHA256: String(repeating: "0", count: 64)) : .atDesk
                    d = try step(d, .returnResult(delivery), .desk, after: 2, now: now)
                }
            }
            if d.feeDue > 0 { d.paidOnline = channel == .online && chance(0.8) }
            if d.status == .returned, chance(0.01) { d.satisfied = false }
            result.append(d)
        }
        return result
    }

    /// Applies `action` `hours` working hours after the dossier's latest event, unless that is after `now`.
    mutating func step(_ d: Dossier, _ action: DossierAction, _ actor: DossierActor, after hours: Double, now: Date)
        throws -> Dossier
    {
        guard !d.status.isFinal else { return d }
        let latest =
            [d.receivedAt, d.supplements.last?.requestedAt, d.supplements.last?.resumedAt, d.endedAt]
            .compactMap { $0 }.max() ?? d.submittedAt
        let at = try calendar.addingWorkingHours(hours * Double.random(in: 0.5...1.5, using: &random), to: latest)
        guard at <= now, (try? DossierWorkflow.next(from: d.status, action, by: actor)) != nil else { return d }
        return try d.applying(action, by: actor, at: at, calendar: calendar)
    }

    /// The stored code counters, so generated codes continue them.
    static func storedSequences(on db: any Database) async throws -> [String: Int] {
        let sql = db as! any SQLDatabase
        var result: [String: Int] = [:]
        for row in try await sql.select().column("unit_code").column("day").column("last").from("dossier_sequences")
            .all()
        {
            let key =
                try row.decode(column: "unit_code", as: String.self) + "|" + row.decode(column: "day", as: String.self)
            result[key] = try row.decode(column: "last", as: Int.self)
        }
        return result
    }

    /// Writes dossiers in batches, then raises the code counters past what was generated.
    static func insert(_ dossiers: [Dossier], on db: any Database, batch: Int = 500) async throws {
        for start in stride(from: 0, to: dossiers.count, by: batch) {
            let records = try dossiers[start..<min(start + batch, dossiers.count)].map { dossier in
                let record = DossierRecord()
                try record.update(from: dossier)
                return record
            }
            try await records.create(on: db)
        }
        var highest: [String: Int] = [:]
        for dossier in dossiers {
            guard let parsed = DossierCode.parse(dossier.code) else { continue }
            let key = parsed.unitCode + "|" + parsed.day
            highest[key] = max(highest[key] ?? 0, parsed.sequence)
        }
        let sql = db as! any SQLDatabase
        for (key, last) in highest {
            let parts = key.split(separator: "|").map(String.init)
            let day = "20\(parts[1].prefix(2))-\(parts[1].dropFirst(2).prefix(2))-\(parts[1].suffix(2))"
            try await sql.raw(
                """
                INSERT INTO dossier_sequences (unit_code, day, last) VALUES (\(bind: parts[0]), \(bind: day), \(bind: last))
                ON CONFLICT (unit_code, day) DO UPDATE SET last = CASE WHEN excluded.last > dossier_sequences.last
                THEN excluded.last ELSE dossier_sequences.last END
                """
            ).run()
        }
    }
}
