import Foundation

/// The dossier code of TT 01/2018/TT-VPCP (kept by TT 03/2025): the receiving unit's code, the receipt day
/// (YYMMDD, Vietnam time) and that unit's sequence number for the day, four digits, gap-free.
public enum DossierCode {
    public static func make(unitCode: String, day: CivilDate, sequence: Int) -> String {
        String(format: "%@-%02d%02d%02d-%04d", unitCode, day.year % 100, day.month, day.day, sequence)
    }

    /// The sequence key a code belongs to: unit and day.
    public static func parse(_ code: String) -> (unitCode: String, day: String, sequence: Int)? {
        let parts = code.split(separator: "-")
        guard parts.count >= 3, let sequence = Int(parts[parts.count - 1]), parts[parts.count - 2].count == 6 else {
            return nil
        }
        return (parts[..<(parts.count - 2)].joined(separator: "-"), String(parts[parts.count - 2]), sequence)
    }
}
