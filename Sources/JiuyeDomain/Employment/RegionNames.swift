/// 行政区划 by name, for a place typed on a phone: "重庆市沙坪坝区", "沙坪坝区" or "500106" become
/// the county code seed 004 asks for ("若有单位所在地选项则必须选择到区县一级"), and a code is
/// shown as its full name. A name two counties share ("朝阳区") must say its province or city.
public struct RegionNames: Sendable {
    public struct Region: Sendable {
        public let code: String
        public let name: String
        public let level: RegionLevel
        public let parent: String?

        public init(code: String, name: String, level: RegionLevel, parent: String?) {
            self.code = code
            self.name = name
            self.level = level
            self.parent = parent
        }
    }

    private let byCode: [String: Region]
    /// Full name ("重庆市沙坪坝区", "北京市朝阳区") and bare county name → county codes.
    private let countiesByName: [String: [String]]

    public init(_ regions: [Region]) {
        var byCode: [String: Region] = [:]
        for region in regions { byCode[region.code] = region }
        self.byCode = byCode
        var names: [String: [String]] = [:]
        for region in regions where region.level == .county {
            for name in Self.spellings(region, in: byCode) { names[name, default: []].append(region.code) }
        }
        self.countiesByName = names.mapValues { Array(Set($0)).sorted() }
    }

    /// "重庆市沙坪坝区" for 500106; a province's or city's own name for theirs; nil when unknown.
    public func fullName(_ code: String) -> String? {
        guard let region = byCode[code] else { return nil }
        var parts = [region.name]
        var parent = region.parent
        while let code = parent, let up = byCode[code] {
            if up.name != parts.first { parts.insert(up.name, at: 0) }
            parent = up.parent
        }
        return parts.joined()
    }

    public enum Resolution: Equatable, Sendable {
        case county(String)
        /// A province or city: seed 004 wants the 区县.
        case notCounty(String)
        case ambiguous([String])
        case unknown
    }

    /// The county a typed place names: a six-digit code, or a name with or without its province
    /// and city, spaces and "省/市" suffixes as typed.
    public func resolve(_ text: String) -> Resolution {
        let typed = String(WorkflowText.trimmed(text).filter { !$0.isWhitespace })
        guard !typed.isEmpty else { return .unknown }
        if typed.count == 6, typed.allSatisfy(\.isASCII), typed.allSatisfy(\.isNumber) {
            guard let region = byCode[typed] else { return .unknown }
            return region.level == .county ? .county(typed) : .notCounty(typed)
        }
        if let codes = countiesByName[typed] {
            return codes.count == 1 ? .county(codes[0]) : .ambiguous(codes.compactMap(fullName))
        }
        if let region = byCode.values.filter({ $0.level != .county && fullName($0.code) == typed }).min(by: { $0.code < $1.code }) {
            return .notCounty(region.code)
        }
        return .unknown
    }

    /// The Chinese refusal for a resolution that is not a county, nil for a county.
    public static func problem(_ resolution: Resolution, label: String) -> String? {
        switch resolution {
        case .county: nil
        case .notCounty: "\(label)请填写到区县一级，如“重庆市沙坪坝区”。"
        case .ambiguous(let names): "该\(label)有多个同名区县：\(names.prefix(4).joined(separator: "、"))，请写明省市，如“\(names.first ?? "")”。"
        case .unknown: "没有找到该\(label)，请填写省、市、区县全称，如“重庆市沙坪坝区”。"
        }
    }

    /// The names a county answers to: its own, with its city, with its province, and all three.
    static func spellings(_ county: Region, in byCode: [String: Region]) -> Set<String> {
        let city = county.parent.flatMap { byCode[$0] }
        let province = (city?.parent ?? county.parent).flatMap { byCode[$0] }.flatMap { $0.level == .province ? $0 : nil }
        var names: Set<String> = [county.name]
        if let city, city.level == .city { names.insert(city.name + county.name) }
        if let province {
            names.insert(province.name + county.name)
            if let city, city.level == .city, city.name != province.name { names.insert(province.name + city.name + county.name) }
        }
        return names
    }
}
