import Core
import Foundation

/// What `/dti` shows.
struct DTIPage: Encodable, Sendable {
    struct Rank: Encodable, Sendable {
        let rank: Int
        let name: String
        let total: String
    }

    struct Task: Encodable, Sendable {
        let title: String
        let index: String
        let assignee: String
        let due: String
        let status: String
        let overdue: Bool
        let evidence: [Evidence]
    }

    /// One evidence entry: an uploaded file or a web link (with an address to open), or a note.
    struct Evidence: Encodable, Sendable {
        let label: String
        let href: String?

        init(_ entry: String) {
            if let file = EvidenceFile(reference: entry) {
                label = "Tệp \(file.kind.fileExtension.uppercased()) \(file.sha256.prefix(8))"
                href = "/dti/evidence/\(file.sha256).\(file.kind.fileExtension)"
            } else if entry.hasPrefix("https://") || entry.hasPrefix("http://") {
                label = entry
                href = entry
            } else {
                label = entry
                href = nil
            }
        }
    }

    /// One input of the framework: the what-if value, the unit's own score and its evidence.
    struct Input: Encodable, Sendable {
        let code: String
        let name: String
        let value: String
        let own: String
        /// Links and notes, one per line, as the self-assessment form edits them.
        let evidence: String
        let files: [Evidence]
        let hint: String
    }

    struct HistoryRow: Encodable, Sendable {
        let year: Int
        let unit: String
        let rank: String
        let total: String
        let source: String

        init(_ entry: DTIHistoryEntry) {
            year = entry.year
            unit = "\(entry.unitName) (\(entry.unitCode))"
            rank = entry.of.map { "\(entry.rank)/\($0)" } ?? String(entry.rank)
            total = entry.total.map { VietnameseFormat.decimal($0, digits: 4) } ?? "—"
            source = entry.source.isEmpty ? "Chấm trên nền tảng" : entry.source
        }
    }

    let layout: PageLayout
    let frameworks: [SelectOption]
    let framework: String
    let year: Int
    let unit: String
    let stage: String?
    /// The self-assessment can still be changed (a draft, or none yet).
    let editable: Bool
    let total: String?
    let chart: String
    let radar: String
    /// The radar also shows the mean of the year's final assessments.
    let compared: Bool
    let history: [HistoryRow]
    let ranking: [Rank]
    let tasks: [Task]
    let inputs: [Input]
    let whatIf: String?
    let message: String?
    let error: String?
}
