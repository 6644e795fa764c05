import Core
import Fluent
import Foundation
import Vapor

/// One widget as the page shows it (an HTML fragment, escaped where it holds text) and as CSV exports it.
struct RenderedWidget: Encodable, Sendable {
    let index: Int
    let kind: String
    let title: String
    let html: String
    let wide: Bool
    let header: [String]
    let rows: [[String]]

    /// What the pages' templates read. The CSV's header and rows stay out of a page's context: Leaf's encoder copied
    /// every cell of every widget on every render, a fifth of a dashboard page's CPU (issue 11).
    private enum CodingKeys: String, CodingKey {
        case index, kind, title, html, wide
    }
}

/// Computes a dashboard's widgets for a unit and a time range: the indicators in two analytics reads (the unit;
/// its communes), the live counters from grouped counts, the open alerts of the unit's subtree.
struct DashboardRenderer: Sendable {
    let req: Request
    let dashboard: Dashboard
    let unit: AdminUnit
    let range: TimeRange

    static let escape = Open311Node.escape

    /// The same view for another unit (drill-down keeps the dashboard and the range).
    func link(_ code: String) -> String {
        "/ioc?d=\(dashboard.id)&ou=\(code)&range=\(range.text)"
    }

    /// The widgets, shared with other viewers of the same view for a few seconds (`DashboardCache`).
    func shared() async throws -> [RenderedWidget] {
        let key = DashboardCache.Key(
            dashboard: dashboard,
            unitCode: unit.code,
            range: range.text,
            day: CivilDate(req.services.clock.now())
        )
        return try await req.services.dashboardCache.widgets(key) { try await render() }
    }

    func render() async throws -> [RenderedWidget] {
        let service = req.services.indicators(on: req.db)
        let catalog = try await service.catalog()
        let year = range.months.last!.year
        let targets = try await service.targets(unitCode: unit.code, period: String(year))
            .filter { catalog.indicators[$0.indicator] != nil }
        let own = Set(
            dashboard.widgets.filter { [.tile, .timeSeries].contains($0.kind) }.map(\.subject)
                + targets.map(\.indicator)
        )
        let children = try await req.services.units(on: req.db).children(of: unit.id).filter { $0.type != .agency }
        let spread = Set(dashboard.widgets.filter { [.ranking, .map].contains($0.kind) }.map(\.subject))
        // The three reads are independent: the unit's months, its communes' months, the year's scorecard.
        let (unit, months) = (self.unit, range.months)
        async let ownRead = service.analytics(items: own.sorted(), periods: months, units: [unit])
        async let childRead =
            spread.isEmpty || children.isEmpty
            ? [] : service.analytics(items: spread.sorted(), periods: months, units: children)
        async let scorecardRead =
            dashboard.widgets.contains { $0.kind == .table }
            ? service.scorecard(unit: unit, period: Period(String(year))!) : []
        let (ownCells, childCells, scorecard) = try await (ownRead, childRead, scorecardRead)
        let values = Values(own: ownCells, children: childCells)
        var out: [RenderedWidget] = []
        for (index, widget) in dashboard.widgets.enumerated() {
            let context = Context(
                widget: widget,
                index: index,
                catalog: catalog,
                target: targets.first { $0.indicator == widget.subject }
            )
            switch widget.kind {
            case .tile: out.append(tile(context, values))
            case .timeSeries: out.append(timeSeries(context, values))
            case .ranking, .map: out.append(try await spreadWidget(context, values, children: children))
            case .table: out.append(table(context, scorecard))
            case .counter: out.append(try await counter(context))
            case .alerts: out.append(try await alerts(context))
            }
        }
        return out
    }

    struct Context {
        let widget: Widget
        let index: Int
        let catalog: IndicatorCatalog
        let target: Target?

        var indicator: Indicator? { catalog.indicators[widget.subject] }
        var name: String {
            catalog.indicators[widget.subject]?.name ?? catalog.elements[widget.subject]?.name ?? widget.subject
        }
        var title: String { widget.title.isEmpty ? name : widget.title }
        var quantity: Quantity? { indicator.map(Quantity.init) }

        func text(_ value: Double?) -> String {
            guard let value else { return "—" }
            return quantity?.text(value) ?? VietnameseFormat.decimal(value, digits: 1)
        }

        func made(_ html: String, wide: Bool = false, header: [String], rows: [[String]]) -> RenderedWidget {
            RenderedWidget(
                index: index,
                kind: widget.kind.rawValue,
                title: title,
                html: html,
                wide: wide,
                header: header,
                rows: rows
            )
        }
    }

    /// Analytics answers by item, period and unit.
    struct Values {
        var byKey: [String: Double] = [:]

        init(own: [AnalyticsCell], children: [AnalyticsCell]) {
            for cell in own + children { byKey["\(cell.item)|\(cell.period)|\(cell.unit)"] = cell.value }
        }

        func value(_ item: String, _ period: Period, _ unit: AdminUnit.ID) -> Double? {
            byKey["\(item)|\(period)|\(unit)"]
        }
    }

    static func monthLabel(_ period: Period) -> String { "\(period.first.month)/\(period.year)" }

    func tile(_ c: Context, _ values: Values) -> RenderedWidget {
        let series = range.months.map { values.value(c.widget.subject, $0, unit.id) }
        let latest = Array(zip(range.months, series)).last { $0.1 != nil }
        let value = latest?.1
        let direction = c.indicator?.direction ?? .higherIsBetter
        let light = c.target?.light(actual: value, direction: direction) ?? TrafficLight.none
        var html = "<div class=\"tile-value\">\(Self.escape(c.text(value)))</div><p class=\"muted\">"
        html += latest.map { "tháng \(Self.monthLabel($0.0))" } ?? "chưa có số liệu trong khoảng này"
        if let target = c.target { html += " · mục tiêu \(Self.escape(c.text(target.value)))" }
        html += "</p>"
        if c.target != nil { html += "<span class=\"badge \(light.rawValue)\">\(light.label)</span> " }
        html += IOCCharts.sparkline(series)
        return c.made(
            html,
            header: ["Tháng", "Giá trị", "Mục tiêu năm"],
            rows: zip(range.months, series).map {
                [$0.0.description, $0.1.map { String($0) } ?? "", c.target.map { String($0.value) } ?? ""]
            }
        )
    }

    func timeSeries(_ c: Context, _ values: Values) -> RenderedWidget {
        let series = range.months.map { values.value(c.widget.subject, $0, unit.id) }
        let labels = range.months.map { "\($0.first.month)/\($0.year % 100)" }
        return c.made(
            IOCCharts.line(series, labels: labels, target: c.target?.value, title: c.title),
            wide: true,
            header: ["Tháng", "Giá trị"],
            rows: zip(range.months, series).map { [$0.0.description, $0.1.map { String($0) } ?? ""] }
        )
    }

    /// Ranking (best first, top and bottom ten) or map (darker is worse) of the communes on their latest month.
    func spreadWidget(_ c: Context, _ values: Values, children: [AdminUnit]) async throws -> RenderedWidget {
        let higher = (c.indicator?.direction ?? .higherIsBetter) == .higherIsBetter
        var latest: [(unit: AdminUnit, period: Period, value: Double)] = []
        for child in children {
            for month in range.months.reversed() {
                if let v = values.value(c.widget.subject, month, child.id) {
                    latest.append((child, month, v))
                    break
                }
            }
        }
        latest.sort {
            higher
                ? ($0.value, $1.unit.code) > ($1.value, $0.unit.code)
                : ($0.value, $0.unit.code) < ($1.value, $1.unit.code)
        }
        let rows = latest.map { [$0.unit.code, $0.unit.name, $0.period.description, String($0.value)] }
        let header = ["Mã đơn vị", "Tên đơn vị", "Kỳ", "Giá trị"]
        guard !children.isEmpty else {
            return c.made("<p class=\"muted\">Đơn vị này không có đơn vị trực thuộc.</p>", header: header, rows: [])
        }
        guard !latest.isEmpty else {
            return c.made("<p class=\"muted\">Chưa có số liệu của các đơn vị trực thuộc.</p>", header: header, rows: [])
        }
        if c.widget.kind == .ranking {
            let shown = latest.count > 20 ? Array(latest.prefix(10)) + Array(latest.suffix(10)) : latest
            let bars = shown.map {
                (label: $0.unit.name, value: $0.value, text: c.text($0.value), href: link($0.unit.code))
            }
            var html = IOCCharts.bars(bars)
            if latest.count > 20 {
                html += "<p class=\"muted\">10 đơn vị đứng đầu và 10 đơn vị cuối trong \(latest.count) đơn vị.</p>"
            }
            return c.made(html, wide: true, header: header, rows: rows)
        }
        // Map: quartiles of the ranking, c1 best … c4 worst; c0 without a value.
        var shade: [String: (String, Double)] = [:]
        for (i, item) in latest.enumerated() {
            shade[item.unit.code] = ("c\(1 + i * 4 / latest.count)", item.value)
        }
        guard let province = try await ancestorProvince(),
            let drawn = try await CommuneMap.shapes(req, province: province)
        else {
            return c.made("<p class=\"muted\">Chưa có ranh giới các xã để vẽ bản đồ.</p>", header: header, rows: rows)
        }
        let svg = CommuneMap.svg(drawn.shapes, projection: drawn.projection, link: link) { commune in
            guard let (cls, value) = shade[commune.code] else { return ("c0", "\(commune.name): chưa có số liệu") }
            return (cls, "\(commune.name): \(c.text(value))")
        }
        let legend = "<p class=\"muted\">Màu càng đậm, kết quả càng kém (chia bốn nhóm theo thứ hạng).</p>"
        return c.made(svg + legend, wide: true, header: header, rows: rows)
    }

    /// The map is drawn for the unit when it is a province (the communes are its children).
    func ancestorProvince() async throws -> AdminUnit? {
        unit.parentID == nil ? unit : nil
    }

    func table(_ c: Context, _ lines: [ScoreLine]) -> RenderedWidget {
        var html = "<div class=\"table-wrap\"><table><thead><tr><th>Chỉ tiêu</th><th>Mục tiêu</th><th>Thực hiện</th>"
        html += "<th>Đánh giá</th></tr></thead><tbody>"
        for line in lines {
            let q = c.catalog.indicators[line.indicator].map(Quantity.init)
            func text(_ v: Double?) -> String {
                v.map { q?.text($0) ?? VietnameseFormat.decimal($0, digits: 1) } ?? "—"
            }
            html += "<tr><td>\(Self.escape(line.name))</td><td>\(text(line.target))</td><td>\(text(line.actual))</td>"
            html += "<td><span class=\"badge \(line.light.rawValue)\">\(line.light.label)</span></td></tr>"
        }
        html += "</tbody></table></div>"
        if lines.isEmpty { html = "<p class=\"muted\">Chưa có mục tiêu năm \(range.months.last!.year).</p>" }
        return c.made(
            html,
            wide: true,
            header: ["Mã chỉ tiêu", "Chỉ tiêu", "Mục tiêu", "Thực hiện", "Đánh giá"],
            rows: lines.map {
                [$0.indicator, $0.name, String($0.target), $0.actual.map { String($0) } ?? "", $0.light.label]
            }
        )
    }

    func counter(_ c: Context) async throws -> RenderedWidget {
        guard let counter = LiveCounter(rawValue: c.widget.subject) else {
            return c.made("", header: [], rows: [])
        }
        let counts = SQLLiveCounts(db: req.db, units: req.services.units(on: req.db), now: req.services.clock.now())
        let value = try await counts.count(counter, units: [unit])[unit.id] ?? 0
        let href = [.openDossiers, .overdueDossiers].contains(counter) ? "/dossiers" : "/inbox"
        let html = "<a class=\"tile-value\" href=\"\(href)\">\(VietnameseFormat.number(value))</a>"
        return RenderedWidget(
            index: c.index,
            kind: c.widget.kind.rawValue,
            title: c.widget.title.isEmpty ? counter.label : c.widget.title,
            html: html,
            wide: false,
            header: ["Mã đơn vị", "Bộ đếm", "Giá trị"],
            rows: [[unit.code, counter.label, String(value)]]
        )
    }

    func alerts(_ c: Context) async throws -> RenderedWidget {
        let units = req.services.units(on: req.db)
        let codes = Set(try await units.find(ids: try await units.subtree(of: unit.id)).map(\.code))
        let open = try await IOCController.alerts(req, openOnly: true).filter { codes.contains($0.unitCode) }
        var html = "<ul class=\"alert-list\">"
        for alert in open.prefix(12) {
            html += "<li><span class=\"badge red\">\(Self.escape(alert.ruleName))</span> "
            html += "\(Self.escape(alert.unitName)): \(VietnameseFormat.decimal(alert.value, digits: 1)) "
            html += "(\(Self.escape(alert.condition)))\(alert.acknowledgedAt == nil ? "" : " · đã tiếp nhận")</li>"
        }
        html += "</ul><p><a href=\"/ioc/alerts\">Tất cả cảnh báo</a></p>"
        if open.isEmpty { html = "<p class=\"muted\">Không có cảnh báo đang mở.</p>" }
        return RenderedWidget(
            index: c.index,
            kind: c.widget.kind.rawValue,
            title: c.widget.title.isEmpty ? "Cảnh báo đang mở" : c.widget.title,
            html: html,
            wide: false,
            header: ["Mã đơn vị", "Đơn vị", "Quy tắc", "Điều kiện", "Giá trị", "Từ lúc", "Trạng thái"],
            rows: open.map {
                [
                    $0.unitCode, $0.unitName, $0.ruleName, $0.condition, String($0.value),
                    VietnameseFormat.dateTime($0.raisedAt), $0.stateLabel,
                ]
            }
        )
    }
}
