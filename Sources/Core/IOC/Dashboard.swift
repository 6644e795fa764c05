import Foundation

/// A stored IOC dashboard: widgets in order, for a unit (its officers and those above see it) and, when roles are
/// named, the default only for users holding one of them (the IOC wall, the leadership, the commune desk).
public struct Dashboard: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Dashboard>

    public var id: ID
    public var name: String
    /// The unit whose people use it; the page shows this unit unless another is chosen.
    public var unitCode: String
    public var widgets: [Widget]
    /// Whose default it is; empty for everyone who views the unit.
    public var roles: [Role]

    public init(id: ID = ID(), name: String, unitCode: String, widgets: [Widget], roles: [Role] = []) {
        self.id = id
        self.name = name
        self.unitCode = unitCode
        self.widgets = widgets
        self.roles = roles
    }

    enum CodingKeys: String, CodingKey {
        case id, name, unitCode, widgets, roles
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(ID.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        unitCode = try c.decode(String.self, forKey: .unitCode)
        widgets = try c.decode([Widget].self, forKey: .widgets)
        roles = try c.decodeIfPresent([Role].self, forKey: .roles) ?? []
    }

    /// Whether it is a default for this user: no roles named, or one the user holds.
    public func isDefault(for principal: Principal) -> Bool {
        roles.isEmpty || roles.contains(where: principal.holds)
    }

    /// The default for a province: the live counters, alerts, then each targeted indicator as a tile, the first
    /// as a time series, a ranking and a map of the communes, and a table of them all.
    public static func standard(unitCode: String, indicators: [String]) -> Dashboard {
        var widgets = LiveCounter.allCases.map { counter in
            Widget(kind: .counter, title: counter.label, subject: counter.rawValue)
        }
        widgets.append(Widget(kind: .alerts, title: "Cảnh báo đang mở", subject: ""))
        widgets += indicators.map { Widget(kind: .tile, title: "", subject: $0) }
        if let first = indicators.first {
            widgets.append(Widget(kind: .timeSeries, title: "", subject: first))
            widgets.append(Widget(kind: .ranking, title: "", subject: first))
            widgets.append(Widget(kind: .map, title: "", subject: first))
        }
        if !indicators.isEmpty { widgets.append(Widget(kind: .table, title: "Các chỉ tiêu có mục tiêu", subject: "")) }
        return Dashboard(name: "Tổng quan", unitCode: unitCode, widgets: widgets)
    }

    /// Checks the dashboard against the catalogue before it is stored.
    public func validated(knownIndicators: Set<String>) throws(IndicatorError) -> Dashboard {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .invalidField(field: "name", issue: .required)
        }
        guard widgets.count <= 40 else { throw .invalidField(field: "widgets", issue: .tooMany(40)) }
        for (offset, widget) in widgets.enumerated() {
            switch widget.kind {
            case .counter:
                guard LiveCounter(rawValue: widget.subject) != nil else {
                    throw .row(offset + 1, field: "subject", issue: .unknownCode(widget.subject))
                }
            case .tile, .timeSeries, .ranking, .map:
                guard knownIndicators.contains(widget.subject) else {
                    throw .row(offset + 1, field: "subject", issue: .unknownCode(widget.subject))
                }
            case .table, .alerts:
                break
            }
        }
        return self
    }
}

/// One panel of a dashboard.
public struct Widget: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// An indicator's value for the range with its target, light and a 12-month sparkline.
        case tile
        /// An indicator month by month over the range.
        case timeSeries
        /// The communes ranked on an indicator.
        case ranking
        /// The communes shaded by an indicator (choropleth).
        case map
        /// Every indicator with a target for the unit: value, target, light.
        case table
        /// A live count (open and overdue reports and dossiers).
        case counter
        /// The open alerts of the unit and those below it.
        case alerts

        public var label: String {
            switch self {
            case .tile: "Chỉ tiêu và mục tiêu"
            case .timeSeries: "Diễn biến theo tháng"
            case .ranking: "Xếp hạng đơn vị"
            case .map: "Bản đồ"
            case .table: "Bảng chỉ tiêu"
            case .counter: "Bộ đếm trực tiếp"
            case .alerts: "Cảnh báo"
            }
        }
    }

    public var kind: Kind
    /// Shown above the widget; empty takes the indicator's or counter's name.
    public var title: String
    /// An indicator code, or a `LiveCounter` raw value; empty for tables and alerts.
    public var subject: String

    public init(kind: Kind, title: String, subject: String) {
        self.kind = kind
        self.title = title
        self.subject = subject
    }
}

/// The dashboard's time range, from the URL: relative (`30d`, `month`, `quarter`, `year`, `12m`) or absolute
/// (`202601-202609`), resolved to the months monthly indicators are read for.
public struct TimeRange: Hashable, Sendable {
    public enum Relative: String, Sendable, CaseIterable {
        case last30Days = "30d"
        case thisMonth = "month"
        case thisQuarter = "quarter"
        case thisYear = "year"
        case last12Months = "12m"

        public var label: String {
            switch self {
            case .last30Days: "30 ngày qua"
            case .thisMonth: "Tháng này"
            case .thisQuarter: "Quý này"
            case .thisYear: "Năm nay"
            case .last12Months: "12 tháng qua"
            }
        }
    }

    public let text: String
    /// The months covered, oldest first (at least one).
    public let months: [Period]

    /// Reads `text` against today; nil when it is neither a known relative range nor `YYYYMM-YYYYMM` in order
    /// (at most 60 months).
    public init?(_ text: String, today: CivilDate) {
        let thisMonth = Period(.monthly, containing: today)
        func months(from first: Period, to last: Period) -> [Period]? {
            guard first <= last else { return nil }
            var out = [first]
            while out.last! < last, out.count <= 60 { out.append(out.last!.next) }
            return out.count <= 60 ? out : nil
        }
        let resolved: [Period]?
        switch Relative(rawValue: text) {
        case .last30Days?:
            resolved = months(from: Period(.monthly, containing: today.adding(days: -29)), to: thisMonth)
        case .thisMonth?: resolved = [thisMonth]
        case .thisQuarter?:
            resolved = Period(.quarterly, containing: today).periods(of: .monthly).filter { $0 <= thisMonth }
        case .thisYear?: resolved = Period(.yearly, containing: today).periods(of: .monthly).filter { $0 <= thisMonth }
        case .last12Months?:
            var first = thisMonth
            for _ in 0..<11 { first = first.previous }
            resolved = months(from: first, to: thisMonth)
        case nil:
            let parts = text.split(separator: "-").map(String.init)
            guard parts.count == 2, let first = Period(parts[0]), let last = Period(parts[1]),
                first.type == .monthly, last.type == .monthly
            else { return nil }
            resolved = months(from: first, to: last)
        }
        guard let resolved, !resolved.isEmpty else { return nil }
        self.text = text
        self.months = resolved
    }

    /// How the range reads on the page.
    public var label: String {
        if let relative = Relative(rawValue: text) { return relative.label }
        return "\(months.first!.first.month)/\(months.first!.year) – \(months.last!.first.month)/\(months.last!.year)"
    }
}

extension FieldIssue {
    public static func tooMany(_ limit: Int) -> FieldIssue {
        FieldIssue(english: "at most \(limit)", vietnamese: "tối đa \(limit)")
    }
}
