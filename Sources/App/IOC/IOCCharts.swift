import Core
import Foundation

/// Server-drawn SVG for the IOC: a labelled line chart of a series (with its target) and a bare sparkline.
enum IOCCharts {
    /// Points of the values inside a box, nil values leaving gaps; the y range includes the target.
    static func scale(_ values: [Double?], target: Double?, width: Double, height: Double, pad: Double)
        -> (points: [(Double, Double)?], y: (Double) -> Double)
    {
        let known = values.compactMap { $0 } + (target.map { [$0] } ?? [])
        var low = known.min() ?? 0
        var high = known.max() ?? 1
        if high - low < 1e-9 {
            low -= 1
            high += 1
        }
        let span = high - low
        let y = { (v: Double) in pad + (height - 2 * pad) * (1 - (v - low) / span) }
        let step = values.count > 1 ? (width - 2 * pad) / Double(values.count - 1) : 0
        return (values.enumerated().map { i, v in v.map { (pad + step * Double(i), y($0)) } }, y)
    }

    static func path(_ points: [(Double, Double)?]) -> String {
        var d = ""
        var drawing = false
        for point in points {
            guard let (x, y) = point else {
                drawing = false
                continue
            }
            d += String(format: drawing ? "L%.1f %.1f" : "M%.1f %.1f", x, y)
            drawing = true
        }
        return d
    }

    /// A month-by-month line with dots, the month labels below and a dashed target line.
    static func line(_ values: [Double?], labels: [String], target: Double?, title: String) -> String {
        let (width, height, pad) = (640.0, 240.0, 28.0)
        let (points, y) = scale(values, target: target, width: width, height: height - 20, pad: pad)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" \
            aria-label="\(DTICharts.escape(title))" class="chart">
            """
        if let target {
            let ty = y(target)
            svg += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" ", pad, ty, width - pad, ty)
            svg += "stroke=\"#b25d00\" stroke-dasharray=\"5 4\"/>"
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#b25d00\" ", width - pad, ty - 4)
            svg += "text-anchor=\"end\">Mục tiêu \(VietnameseFormat.decimal(target, digits: 1))</text>"
        }
        svg += "<path d=\"\(path(points))\" fill=\"none\" stroke=\"#1d5e8c\" stroke-width=\"2\"/>"
        for (i, point) in points.enumerated() {
            guard let (x, py) = point, let value = values[i] else { continue }
            svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#1d5e8c\">", x, py)
            svg += "<title>\(labels[i]): \(VietnameseFormat.decimal(value, digits: 1))</title></circle>"
        }
        for (i, point) in points.enumerated() where i % 2 == values.count % 2 || i == values.count - 1 {
            let x = point?.0 ?? (pad + (width - 2 * pad) * Double(i) / Double(max(1, values.count - 1)))
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">", x, height - 4)
            svg += "\(labels[i])</text>"
        }
        return svg + "</svg>"
    }

    /// A small trend line without axes, for a dashboard tile.
    static func sparkline(_ values: [Double?]) -> String {
        let (points, _) = scale(values, target: nil, width: 120, height: 32, pad: 3)
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 32" class="sparkline" aria-hidden="true">\
            <path d="\(path(points))" fill="none" stroke="#1d5e8c" stroke-width="1.5"/></svg>
            """
    }
}

extension IOCCharts {
    /// Horizontal bars scaled to the largest value, each label a link (drill-down), the value written out.
    static func bars(_ items: [(label: String, value: Double, text: String, href: String)]) -> String {
        let rowHeight = 22
        let top = max(items.map(\.value).max() ?? 1, 1e-9)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 560 \(items.count * rowHeight + 6)" role="img" \
            aria-label="Xếp hạng" class="chart">
            """
        for (i, item) in items.enumerated() {
            let y = i * rowHeight + 3
            let width = max(0, 260 * item.value / top)
            svg += "<a href=\"\(Open311Node.escape(item.href))\"><text x=\"0\" y=\"\(y + 14)\" font-size=\"12\">"
            svg += "\(Open311Node.escape(item.label))</text></a>"
            svg +=
                "<rect x=\"200\" y=\"\(y + 3)\" width=\"\(String(format: "%.1f", width))\" height=\"14\" fill=\"#1d5e8c\"/>"
            svg += "<text x=\"\(String(format: "%.1f", 206 + width))\" y=\"\(y + 14)\" font-size=\"12\">"
            svg += "\(Open311Node.escape(item.text))</text>"
        }
        return svg + "</svg>"
    }
}
