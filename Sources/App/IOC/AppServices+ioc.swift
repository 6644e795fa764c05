import Core
import Fluent
import Foundation

extension AppServices {
    func dti(on db: any Database) async throws -> DTIService {
        DTIService(
            repository: SQLDTIRepository(db: db),
            units: units(on: db),
            audit: audit(on: db),
            calendar: try await calendar.calendar(on: db),
            clock: clock
        )
    }

    func alerts(on db: any Database) -> AlertService {
        AlertService(
            repository: SQLIOCRepository(db: db),
            indicators: indicators(on: db),
            counts: SQLLiveCounts(db: db, units: units(on: db), now: clock.now()),
            units: units(on: db),
            audit: audit(on: db),
            clock: clock
        )
    }

    func analysis(on db: any Database) async throws -> AnalysisService {
        AnalysisService(
            indicators: indicators(on: db),
            dti: try await dti(on: db),
            repository: SQLIOCRepository(db: db),
            units: units(on: db),
            audit: audit(on: db),
            calendar: try await calendar.calendar(on: db),
            clock: clock
        )
    }
}

extension AppServices {
    func dashboards(on db: any Database) -> DashboardService {
        DashboardService(
            repository: SQLIOCRepository(db: db),
            indicators: indicators(on: db),
            units: units(on: db),
            audit: audit(on: db),
            clock: clock
        )
    }
}
