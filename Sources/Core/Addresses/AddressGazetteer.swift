import Foundation

/// Administrative names → 2025 communes, for geocoding. It knows the current tree (34 provinces, 3,321 communes) and
/// the legacy one (63 provinces, 696 districts, 10,040 communes) with its merge links, so an address written with
/// pre-1 July 2025 names ("Phường Đông Sơn, TP. Thanh Hóa") resolves to the commune the old one became part of,
/// as the merge links of the unit file record it (the Standing Committee's 2025 resolutions arranging each
/// province's communes, in force 1 July 2025; the resolution numbers are not in our reference, to verify).
public struct AddressGazetteer: Sendable {
    public struct Unit: Hashable, Sendable {
        public let code: String
        public let isCurrent: Bool
        public let tier: UnitTier
        public let name: String
        public let parentCode: String?
        /// For a legacy unit: the 2025 units it became part of, the main one first.
        public let mergedInto: [String]
        /// Other names it is known by ("hcm", "hn").
        public let aliases: [String]

        public init(
            code: String,
            isCurrent: Bool,
            tier: UnitTier,
            name: String,
            parentCode: String?,
            mergedInto: [String] = [],
            aliases: [String] = []
        ) {
            self.aliases = aliases
            self.code = code
            self.isCurrent = isCurrent
            self.tier = tier
            self.name = name
            self.parentCode = parentCode
            self.mergedInto = mergedInto
        }
    }

    /// Where an address points: the 2025 communes it can be in (one when the commune was named, every commune of
    /// the province when only the province was), and the old names that were mapped on the way.
    public struct Resolution: Hashable, Sendable {
        public var province: String?
        public var communes: [String]
        public var viaLegacy: [String]
        /// True when a commune was named and found (not just the province).
        public var communeNamed: Bool
    }

    let units: [String: Unit]
    /// (isCurrent, tier, key) → codes.
    let byKey: [Key: [String]]
    let communesOfProvince: [String: [String]]
    /// Legacy parent code → legacy children; current province → the legacy provinces merged into it.
    let legacyChildren: [String: [String]]
    let legacyProvincesOf: [String: [String]]

    struct Key: Hashable {
        let isCurrent: Bool
        let tier: UnitTier
        let name: String
    }

    public init(_ list: [Unit]) {
        var units: [String: Unit] = [:]
        var byKey: [Key: [String]] = [:]
        var communes: [String: [String]] = [:]
        var children: [String: [String]] = [:]
        var provincesOf: [String: [String]] = [:]
        for unit in list where unit.tier != .agency {
            let id = (unit.isCurrent ? "c:" : "l:") + unit.code
            units[id] = unit
            for name in [unit.name] + unit.aliases {
                byKey[Key(isCurrent: unit.isCurrent, tier: unit.tier, name: AddressText.unitKey(name)), default: []]
                    .append(unit.code)
            }
            if unit.isCurrent, unit.tier == .commune, let parent = unit.parentCode {
                communes[parent, default: []].append(unit.code)
            }
            if !unit.isCurrent, let parent = unit.parentCode { children[parent, default: []].append(unit.code) }
            if !unit.isCurrent, unit.tier == .province, let successor = unit.mergedInto.first {
                provincesOf[successor, default: []].append(unit.code)
            }
        }
        legacyChildren = children
        legacyProvincesOf = provincesOf
        self.units = units
        self.byKey = byKey.mapValues { Array(Set($0)).sorted() }
        communesOfProvince = communes.mapValues { $0.sorted() }
    }

    /// From the shipped unit file's rows.
    public init(seeds: [UnitSeed]) {
        self.init(
            seeds.map {
                Unit(
                    code: $0.code,
                    isCurrent: $0.tree == .current,
                    tier: $0.type.tier,
                    name: $0.name,
                    parentCode: $0.parentCode,
                    mergedInto: $0.mergedInto,
                    aliases: $0.aliases
                )
            }
        )
    }

    func unit(_ code: String, current: Bool) -> Unit? { units[(current ? "c:" : "l:") + code] }

    func find(_ name: String?, current: Bool, tier: UnitTier) -> [String] {
        guard let name, !name.isEmpty else { return [] }
        return byKey[Key(isCurrent: current, tier: tier, name: AddressText.unitKey(name))] ?? []
    }

    /// Resolves the administrative parts of an address; nil when no province or commune could be recognised.
    public func resolve(_ address: ParsedAddress) -> Resolution? {
        var viaLegacy: [String] = []
        // The province: "Tỉnh X" or "Thành phố X", else the last loose segment that names one.
        var provinceNames = [address.province, address.city].compactMap { $0 }
        provinceNames += address.loose.reversed()
        var province: String?
        var legacyProvinces: [String] = []
        var provinceSegment: String?
        for name in provinceNames {
            if let code = find(name, current: true, tier: .province).first {
                province = code
                legacyProvinces = find(name, current: false, tier: .province)
                provinceSegment = name
                break
            }
            let old = find(name, current: false, tier: .province)
            if let code = old.first, let successor = unit(code, current: false)?.mergedInto.first {
                province = successor
                legacyProvinces = old
                provinceSegment = name
                viaLegacy.append(unit(code, current: false)?.name ?? code)
                break
            }
        }
        if legacyProvinces.isEmpty, let province {
            legacyProvinces = legacyProvincesOf[province] ?? []
        }

        func inProvince(_ code: String) -> Bool {
            province == nil || unit(code, current: true)?.parentCode == province
        }

        // A pre-2025 district narrows the old communes. "Thành phố X" may be one too (a provincial city such as
        // TP. Thanh Hóa), also when X is the province's name: only the old districts of the province match it.
        let districts = [address.district, address.city].compactMap { $0 }
            .flatMap { find($0, current: false, tier: .district) }
            .filter { legacyProvinces.isEmpty || legacyProvinces.contains(unit($0, current: false)?.parentCode ?? "") }

        // The loose segment that named the province is not also a commune ("…, Thanh Hóa").
        let communeNames = [address.commune].compactMap { $0 } + address.loose.filter { $0 != provinceSegment }
        for name in communeNames {
            // Named with its old district: the old commune decides, even if a 2025 commune has the same name.
            if !districts.isEmpty {
                let old = find(name, current: false, tier: .commune).filter {
                    districts.contains(unit($0, current: false)?.parentCode ?? "")
                }
                if let hit = mapped(old, &viaLegacy) {
                    return Resolution(
                        province: province ?? provinceOf(hit[0]),
                        communes: hit,
                        viaLegacy: viaLegacy,
                        communeNamed: true
                    )
                }
            }
            let current = find(name, current: true, tier: .commune).filter(inProvince)
            if !current.isEmpty {
                return Resolution(
                    province: province ?? provinceOf(current[0]),
                    communes: current,
                    viaLegacy: viaLegacy,
                    communeNamed: true
                )
            }
            let old = find(name, current: false, tier: .commune).filter { code in
                let parent = unit(code, current: false)?.parentCode ?? ""
                return legacyProvinces.isEmpty
                    || legacyProvinces.contains(unit(parent, current: false)?.parentCode ?? "")
            }
            if let hit = mapped(old, &viaLegacy) {
                return Resolution(
                    province: province ?? provinceOf(hit[0]),
                    communes: hit,
                    viaLegacy: viaLegacy,
                    communeNamed: true
                )
            }
        }
        // An old district alone: every commune its communes went into.
        if !districts.isEmpty {
            let old = districts.flatMap { legacyChildren[$0] ?? [] }.compactMap { unit($0, current: false) }
            let codes = Array(Set(old.compactMap(\.mergedInto.first))).sorted()
            if !codes.isEmpty {
                viaLegacy += districts.compactMap { unit($0, current: false)?.name }
                return Resolution(
                    province: province ?? provinceOf(codes[0]),
                    communes: codes,
                    viaLegacy: viaLegacy,
                    communeNamed: false
                )
            }
        }
        guard let province else { return nil }
        return Resolution(
            province: province,
            communes: communesOfProvince[province] ?? [],
            viaLegacy: viaLegacy,
            communeNamed: false
        )
    }

    /// Old communes → their main 2025 successors (in the old list's order, without repeats); nil when none has one.
    func mapped(_ old: [String], _ viaLegacy: inout [String]) -> [String]? {
        var out: [String] = []
        var names: [String] = []
        for code in old {
            guard let unit = unit(code, current: false), let successor = unit.mergedInto.first else { continue }
            if !out.contains(successor) { out.append(successor) }
            if !names.contains(unit.name) { names.append(unit.name) }
        }
        guard !out.isEmpty else { return nil }
        viaLegacy += names
        return out
    }

    func provinceOf(_ commune: String) -> String? { unit(commune, current: true)?.parentCode }

    /// The full name of a 2025 unit.
    public func name(of code: String) -> String? { unit(code, current: true)?.name }
}
