public import Foundation

/// Finds reports whose running deadline has passed and that have not been escalated since it started, so
/// `tinhso check-deadlines` can hand them to the parent unit's officers. Idempotent: run it as often as you like.
public enum FeedbackEscalation {
    public struct Overdue: Hashable, Sendable {
        public let id: Feedback.ID
        public let stage: FeedbackSLA.Stage
        public let due: Date
    }

    public static func overdue(
        _ items: [Feedback],
        at now: Date,
        sla: (Feedback) -> FeedbackSLA,
        calendar: BusinessCalendar
    ) throws(CalendarError) -> [Overdue] {
        var result: [Overdue] = []
        for item in items where item.escalatedAt == nil {
            guard let deadline = try sla(item).currentDeadline(of: item, calendar: calendar), now > deadline.due else {
                continue
            }
            result.append(Overdue(id: item.id, stage: deadline.stage, due: deadline.due))
        }
        return result
    }
}

/// Reports near a new one: open, same category, within a radius (FixMyStreet offers these as possible duplicates).
public enum DuplicateFinder {
    public static let defaultRadiusMeters = 250.0

    public static func candidates(
        near point: GeoPoint,
        category: String,
        among items: [Feedback],
        radiusMeters: Double = defaultRadiusMeters
    ) -> [Feedback] {
        items.filter { item in
            guard item.status.isOpen, item.category == category, let location = item.location else { return false }
            return distanceMeters(point, location) <= radiusMeters
        }
        .sorted { distanceMeters(point, $0.location!) < distanceMeters(point, $1.location!) }
    }

    /// Great-circle distance (haversine, mean Earth radius 6,371,008.8 m).
    public static func distanceMeters(_ a: GeoPoint, _ b: GeoPoint) -> Double {
        let toRadians = Double.pi / 180
        let dLat = (b.latitude - a.latitude) * toRadians
        let dLon = (b.longitude - a.longitude) * toRadians
        let h =
            sin(dLat / 2) * sin(dLat / 2)
            + cos(a.latitude * toRadians) * cos(b.latitude * toRadians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * 6_371_008.8 * asin(min(1, h.squareRoot()))
    }
}

/// What the public sees of a report: never the reporter, and phone or ID numbers in the text are masked.
public struct PublicFeedback: Hashable, Sendable, Codable {
    public let code: String
    public let category: String
    public let description: String
    public let communeCode: String?
    public let status: FeedbackStatus
    public let answer: String?
    public let submittedAt: Date
    public let publishedAt: Date?
    public let likes: Int
    public let dislikes: Int
    public let satisfactory: Bool

    public init(_ feedback: Feedback) {
        code = feedback.code
        category = feedback.category
        description = PublicFeedback.mask(feedback.description)
        communeCode = feedback.communeCode
        status = feedback.status
        answer =
            feedback.status == .published || feedback.status == .closed ? feedback.answer.map(PublicFeedback.mask) : nil
        submittedAt = feedback.submittedAt
        publishedAt = feedback.publishedAt
        likes = feedback.likes
        dislikes = feedback.dislikes
        satisfactory = feedback.isSatisfactory
    }

    /// Masks runs of 9 or more digits (phone numbers, CCCD numbers), spaces and dots inside the run included.
    public static func mask(_ text: String) -> String {
        // Most texts hold fewer than nine digits in all, and so nothing to mask: walking them character by
        // character was 3 % of a report's POST, which masks twenty possible duplicates (issue 11). A character is a
        // digit when its first scalar is numeric, so the numeric scalars are at least as many.
        var numeric = 0
        for scalar in text.unicodeScalars
        where scalar.isASCII ? (0x30...0x39).contains(scalar.value) : scalar.properties.numericType != nil {
            numeric += 1
            if numeric >= 9 { break }
        }
        guard numeric >= 9 else { return text }
        return maskReadingEveryCharacter(text)
    }

    /// `mask` without its shortcut: every character looked at.
    public static func maskReadingEveryCharacter(_ text: String) -> String {
        var out = ""
        var run = ""
        var digits = 0
        func flush() {
            // Separators after the last digit are not part of the number.
            let trailing = run.reversed().prefix { !$0.isNumber }.count
            out += digits >= 9 ? String(repeating: "•", count: run.count - trailing) + run.suffix(trailing) : run
            run = ""
            digits = 0
        }
        for ch in text {
            if ch.isNumber {
                run.append(ch)
                digits += 1
            } else if !run.isEmpty, ch == " " || ch == "." || ch == "-" {
                run.append(ch)
            } else {
                flush()
                out.append(ch)
            }
        }
        flush()
        return out
    }
}
