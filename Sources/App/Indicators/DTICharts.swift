import Core
import Foundation

/// Server-drawn SVG charts of DTI index values (0–1): bars with the values written out, and a radar.
enum DTICharts {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    }

    /// Horizontal bars, one per scored index, with the value in Vietnamese.
    static func bars(_ framework: DTIFramework, _ values: [String: Double]) -> String {
        let scored = framework.indices.filter { $0.maxPoints > 0 }
        let rowHeight = 26
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 520 \(scored.count * rowHeight + 10)" \
            role="img" aria-label="Giá trị các chỉ số chính" class="chart">
            """
        for (i, index) in scored.enumerated() {
            let y = i * rowHeight + 5
            let value = values[index.code] ?? 0
            svg += """
                <text x="0" y="\(y + 15)" font-size="12">\(escape(index.name))</text>\
                <rect x="200" y="\(y + 3)" width="260" height="16" fill="#eef1f4"/>\
                <rect x="200" y="\(y + 3)" width="\(String(format: "%.1f", 260 * value))" height="16" fill="#1d5e8c"/>\
                <text x="466" y="\(y + 15)" font-size="12">\(VietnameseFormat.decimal(value, digits: 4))</text>
                """
        }
        return svg + "</svg>"
    }

    /// A radar of the scored indices (one axis each, rings at 0,25 steps): the unit filled, and a second series
    /// (the mean of the year's final assessments) dashed, when given. Fewer than three indices draw no radar.
    static func radar(_ framework: DTIFramework, _ values: [String: Double], against other: [String: Double]?)
        -> String
    {
        let scored = framework.indices.filter { $0.maxPoints > 0 }
        guard scored.count >= 3 else { return "" }
        let (cx, cy, radius) = (180.0, 160.0, 110.0)
        func point(_ i: Int, _ r: Double) -> (Double, Double) {
            let angle = -Double.pi / 2 + 2 * Double.pi * Double(i) / Double(scored.count)
            return (cx + r * cos(angle), cy + r * sin(angle))
        }
        func polygon(_ r: (Int) -> Double) -> String {
            scored.indices.map { i in
                let (x, y) = point(i, r(i))
                return String(format: "%.1f,%.1f", x, y)
            }.joined(separator: " ")
        }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 320" role="img" \
            aria-label="Biểu đồ radar các chỉ số chính" class="chart radar">
            """
        for ring in [0.25, 0.5, 0.75, 1.0] {
            svg += "<polygon points=\"\(polygon { _ in radius * ring })\" fill=\"none\" stroke=\"#d5dbe1\"/>"
        }
        for (i, index) in scored.enumerated() {
            let (x, y) = point(i, radius)
            let (lx, ly) = point(i, radius + 16)
            let anchor = abs(lx - cx) < 8 ? "middle" : (lx > cx ? "start" : "end")
            svg += String(
                format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#d5dbe1\"/>",
                cx,
                cy,
                x,
                y
            )
            svg += String(
                format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"%@\">",
                lx,
                ly + 4,
                anchor
            )
            svg += "\(escape(index.code))<title>\(escape(index.name))</title></text>"
        }
        if let other {
            svg += "<polygon points=\"\(polygon { radius * min(1, max(0, other[scored[$0].code] ?? 0)) })\" "
            svg += "fill=\"none\" stroke=\"#b25d00\" stroke-dasharray=\"4 3\" stroke-width=\"1.5\"/>"
        }
        svg += "<polygon points=\"\(polygon { radius * min(1, max(0, values[scored[$0].code] ?? 0)) })\" "
        svg += "fill=\"#1d5e8c\" fill-opacity=\"0.3\" stroke=\"#1d5e8c\" stroke-width=\"2\"/>"
        return svg + "</svg>"
    }
}
