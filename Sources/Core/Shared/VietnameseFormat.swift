public import Foundation

/// vi-VN display formats: `1.234.567`, `1.234,5`, `dd/MM/yyyy`, `dd/MM/yyyy HH:mm` (UTC+7).
public enum VietnameseFormat {
    /// Integer with dots between thousands.
    public static func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(".") }
            out.append(ch)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// Decimal with a comma, rounded to `digits` places, trailing zeros kept.
    public static func decimal(_ value: Double, digits: Int = 1) -> String {
        let scale = pow(10.0, Double(digits))
        let rounded = (value * scale).rounded() / scale
        let whole = Int(rounded.magnitude.rounded(.down))
        let fraction = Int(((rounded.magnitude - Double(whole)) * scale).rounded())
        let sign = rounded < 0 ? "-" : ""
        guard digits > 0 else { return sign + number(whole) }
        return sign + number(whole) + "," + String(format: "%0\(digits)d", fraction)
    }

    /// `dd/MM/yyyy HH:mm` in Vietnam time.
    public static func dateTime(_ instant: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = CivilDate.vietnamTimeZone
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        return String(format: "%02d/%02d/%04d %02d:%02d", p.day!, p.month!, p.year!, p.hour!, p.minute!)
    }

    /// `dd/MM/yyyy`: the day in Vietnam time.
    public static func day(_ instant: Date) -> String {
        let day = CivilDate(instant)
        return String(format: "%02d/%02d/%04d", day.day, day.month, day.year)
    }
}
