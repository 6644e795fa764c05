public import Core
public import Foundation

public actor InMemoryProcedureRepository: ProcedureRepository {
    var procedures: [String: Procedure]

    public init(_ procedures: [Procedure] = []) {
        self.procedures = Dictionary(procedures.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func all() -> [Procedure] { procedures.values.sorted { $0.code < $1.code } }
    public func find(code: String) -> Procedure? { procedures[code] }
    public func save(_ procedure: Procedure) { procedures[procedure.code] = procedure }
}

public actor InMemoryDossierRepository: DossierRepository {
    public private(set) var dossiers: [String: Dossier] = [:]
    public private(set) var history: [DossierEvent] = []
    var sequences: [String: Int] = [:]

    public init() {}

    public func find(code: String) -> Dossier? { dossiers[code] }
    public func save(_ dossier: Dossier) { dossiers[dossier.code] = dossier }
    public func record(_ event: DossierEvent) { history.append(event) }
    public func events(of id: Dossier.ID) -> [DossierEvent] { history.filter { $0.dossierID == id } }

    public func unremindedOpen(dueBy date: Date) -> [Dossier] {
        dossiers.values.filter {
            [.received, .processing, .awaitingPayment].contains($0.status) && $0.remindedAt == nil
                && ($0.dueAt ?? .distantFuture) <= date
        }.sorted { $0.code < $1.code }
    }

    public func nextSequence(unitCode: String, day: CivilDate) -> Int {
        let key = unitCode + "|" + day.iso
        sequences[key, default: 0] += 1
        return sequences[key]!
    }
}
