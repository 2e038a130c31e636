/// 国家标准代码表 — the national code tables a record is checked against, by the key the
/// app's dictionary module stores them under.
public enum CodeTable: String, CaseIterable, Sendable {
    /// 毕业去向
    case destination
    /// 单位性质
    case unitNature = "unit_nature"
    /// 单位行业
    case industry
    /// 工作职位类别
    case jobCategory = "job_category"
    /// 学历
    case educationLevel = "education_level"
    /// 政治面貌 (GB/T 4762)
    case politicalStatus = "political_status"
    /// 民族 (GB/T 3304)
    case ethnicity
    /// 证件类型 (JY/T 1001)
    case documentType = "document_type"
    /// 专业 (the majors catalogue: code → name)
    case major
    /// 学校
    case school
    /// 国家和地区
    case country
    /// 行政区划 (GB/T 2260, to county level)
    case region
}

/// One row of a code table: its code, its full name, and the other names people write for it
/// (short names such as 本科 for 本科生毕业, 团员 for 中国共产主义青年团团员, 汉 for 汉族).
public struct CodeEntry: Hashable, Sendable {
    public let code: String
    public let label: String
    public let aliases: [String]

    public init(code: String, label: String, aliases: [String] = []) {
        self.code = code
        self.label = label
        self.aliases = aliases
    }
}

/// 行政区划 level of a region code.
public enum RegionLevel: String, Sendable {
    /// 省级 (省、自治区、直辖市、特别行政区), e.g. 500000.
    case province
    /// 地级 (市、地区、自治州、盟), e.g. 420100.
    case city
    /// 县级 (区、县、县级市、旗), e.g. 500103. A prefecture-level city without districts
    /// (东莞市 441900, 中山市 442000, 儋州市 460400, 嘉峪关市 620200) is reported as county level,
    /// because it is the finest code there is for it.
    case county
}

/// Code-table look-ups the domain needs, backed in the app by the loaded national tables, so
/// the rules stay free of the database. Implementations must be fast (an import asks a few
/// hundred thousand times) and safe to call from several threads.
public protocol CodeLookup: Sendable {
    /// The entry of `table` whose code, or else whose label, or else one of whose aliases is
    /// exactly `value`; nil when none.
    func entry(in table: CodeTable, matching value: String) -> CodeEntry?
    /// The level of a 行政区划 code; nil when the code is not in the table.
    func regionLevel(of code: String) -> RegionLevel?
}

extension CodeLookup {
    /// Whether `code` names a county-level region (see `RegionLevel.county`).
    public func isCountyLevel(regionCode code: String) -> Bool {
        regionLevel(of: code) == .county
    }

    /// Whether `code` is a code (not a label) of `table`.
    public func contains(table: CodeTable, code: String) -> Bool {
        entry(in: table, matching: code)?.code == code
    }
}

/// A `CodeLookup` over tables held in memory: the app loads its dictionaries once per import
/// into this; tests fill it by hand. Labels that occur twice in a table (the same 专业名称
/// under several codes) match nothing by label: only the code picks one. The same holds for
/// an alias two codes share. A code wins over a label, a label over an alias, so an alias can
/// never take a value that names another row.
public struct InMemoryCodeLookup: CodeLookup {
    private var byCode: [CodeTable: [String: CodeEntry]] = [:]
    private var byLabel: [CodeTable: [String: CodeEntry?]] = [:]
    private var byAlias: [CodeTable: [String: CodeEntry?]] = [:]
    private var regions: [String: RegionLevel] = [:]

    public init(tables: [CodeTable: [CodeEntry]] = [:], regions: [String: RegionLevel] = [:]) {
        for (table, entries) in tables {
            add(entries, to: table)
        }
        self.regions = regions
    }

    /// Adds entries to a table; a later entry with the same code replaces the earlier one.
    public mutating func add(_ entries: [CodeEntry], to table: CodeTable) {
        var codes = byCode[table] ?? [:]
        var labels = byLabel[table] ?? [:]
        var aliases = byAlias[table] ?? [:]
        for entry in entries {
            codes[entry.code] = entry
            Self.insert(entry, under: entry.label, into: &labels)
            for alias in entry.aliases where !alias.isEmpty {
                Self.insert(entry, under: alias, into: &aliases)
                // "ABC" typed as "abc": ASCII aliases also match upper-cased (cells are upper-cased before a retry).
                let upper = CellText.asciiUppercased(alias)
                if upper != alias { Self.insert(entry, under: upper, into: &aliases) }
            }
        }
        byCode[table] = codes
        byLabel[table] = labels
        byAlias[table] = aliases
    }

    /// One name → entry, or → nil (ambiguous) when another code already has it.
    private static func insert(_ entry: CodeEntry, under name: String, into map: inout [String: CodeEntry?]) {
        if let existing = map[name], existing?.code != entry.code {
            map[name] = .some(nil)
        } else {
            map[name] = entry
        }
    }

    /// Adds 行政区划 codes with their levels.
    public mutating func addRegions(_ levels: [String: RegionLevel]) {
        regions.merge(levels) { _, new in new }
    }

    public func entry(in table: CodeTable, matching value: String) -> CodeEntry? {
        if let entry = byCode[table]?[value] { return entry }
        if let found = byLabel[table]?[value] { return found }
        if let found = byAlias[table]?[value] { return found }
        return nil
    }

    public func regionLevel(of code: String) -> RegionLevel? {
        regions[code]
    }
}

extension RegionLevel {
    /// Levels for a 行政区划 table given as rows (code, level, parent code), with each
    /// prefecture-level city that has no county rows under it promoted to county level.
    public static func levels(_ rows: [(code: String, level: RegionLevel, parent: String?)]) -> [String: RegionLevel] {
        var parents = Set<String>()
        for row in rows where row.level == .county {
            if let parent = row.parent { parents.insert(parent) }
        }
        var levels: [String: RegionLevel] = [:]
        levels.reserveCapacity(rows.count)
        for row in rows {
            levels[row.code] = row.level == .city && !parents.contains(row.code) ? .county : row.level
        }
        return levels
    }
}
