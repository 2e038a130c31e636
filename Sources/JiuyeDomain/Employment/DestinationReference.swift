/// What `DestinationForm.check(_:reference:)` needs beyond the form: dates, the minimum-wage
/// table, code look-ups and the graduate's own facts. Everything is optional: a rule whose data
/// is missing never blocks the graduate; it leaves a note for the reviewer instead.
public struct DestinationReference: Sendable {
    /// Today in Beijing: the day a minimum wage is looked up for when no 聘用起始日期 says otherwise.
    public var today: CivilDate?
    /// 离校日期 (the graduate's 毕业日期): 聘用期限 counts from it.
    public var leavingDate: CivilDate?
    public var minimumWages: MinimumWageTable?
    public var lookups: DestinationLookups?
    public var student: DestinationStudent
    /// The fields the app's form shows: a required field outside it is not demanded (its format
    /// is still checked when a value comes). nil: every field of the matrix.
    public var formFields: Set<DestinationField>?
    /// Whether 单位所在地 must be a 行政区划 code picked to county level (seed 004: "必须选择到
    /// 区县一级"). False only for the original free-text form.
    public var requiresRegionCodes: Bool

    public init(today: CivilDate? = nil, leavingDate: CivilDate? = nil, minimumWages: MinimumWageTable? = nil,
                lookups: DestinationLookups? = nil, student: DestinationStudent = DestinationStudent(),
                formFields: Set<DestinationField>? = nil, requiresRegionCodes: Bool = true) {
        self.today = today
        self.leavingDate = leavingDate
        self.minimumWages = minimumWages
        self.lookups = lookups
        self.student = student
        self.formFields = formFields
        self.requiresRegionCodes = requiresRegionCodes
    }
}

/// Code look-ups the checks use, backed in the app by the loaded national tables. Each takes
/// what the graduate sent (a code, or a name where the table has one) and returns the row.
public struct DestinationLookups: Sendable {
    /// 院校代码 (5-digit 院校代码 or 10-digit 学校标识码) → the school.
    public var school: @Sendable (String) -> CodeEntry?
    /// 国家（地区）→ the country (the table's code is GB/T 2659 numeric).
    public var country: @Sendable (String) -> CodeEntry?
    public var regionLevel: @Sendable (String) -> RegionLevel?
    public var unitNature: @Sendable (String) -> CodeEntry?
    public var industry: @Sendable (String) -> CodeEntry?

    public init(school: @escaping @Sendable (String) -> CodeEntry?, country: @escaping @Sendable (String) -> CodeEntry?,
                regionLevel: @escaping @Sendable (String) -> RegionLevel?, unitNature: @escaping @Sendable (String) -> CodeEntry?,
                industry: @escaping @Sendable (String) -> CodeEntry?) {
        self.school = school
        self.country = country
        self.regionLevel = regionLevel
        self.unitNature = unitNature
        self.industry = industry
    }

    /// Look-ups over the app's code tables. A 5-digit 院校代码 is also found as the last five
    /// digits of a 10-digit 学校标识码 when `schoolsByShortCode` is given (the app builds it once).
    public init(codes: some CodeLookup, schoolsByShortCode: [String: CodeEntry] = [:]) {
        self.school = { value in codes.entry(in: .school, matching: value) ?? schoolsByShortCode[value] }
        self.country = { value in codes.entry(in: .country, matching: value) }
        self.regionLevel = { code in codes.regionLevel(of: code) }
        self.unitNature = { value in codes.entry(in: .unitNature, matching: value) }
        self.industry = { value in codes.entry(in: .industry, matching: value) }
    }
}

/// The graduate's facts that constrain the destination (modules review C13).
public struct DestinationStudent: Sendable, Equatable {
    /// 定向 or 委培 graduates return to the unit (or region) of their agreement; nil: 非定向.
    public var directedTraining: DirectedTraining?
    /// On the school's 推免 list (推荐免试攻读研究生): the destination is 801.
    public var recommendedAdmission: RecommendedAdmission?

    public init(directedTraining: DirectedTraining? = nil, recommendedAdmission: RecommendedAdmission? = nil) {
        self.directedTraining = directedTraining
        self.recommendedAdmission = recommendedAdmission
    }
}

/// 培养方式 定向 or 委托培养, with what the agreement names: a unit, a region, or both.
public struct DirectedTraining: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case directed
        case commissioned

        public var label: String { self == .directed ? "定向培养" : "委托培养" }
    }

    public var kind: Kind
    /// The 定向/委培 unit's name as the agreement gives it.
    public var unitName: String?
    /// The 定向 region (a province, city or county code) when the agreement names a region.
    public var regionCode: String?

    public init(kind: Kind, unitName: String? = nil, regionCode: String? = nil) {
        self.kind = kind
        self.unitName = unitName
        self.regionCode = regionCode
    }
}

/// A graduate on the school's 推免 list, with the admitting school where the list gives it.
public struct RecommendedAdmission: Sendable, Equatable {
    public var schoolCode: String?
    public var schoolName: String?

    public init(schoolCode: String? = nil, schoolName: String? = nil) {
        self.schoolCode = schoolCode
        self.schoolName = schoolName
    }

    /// The registration the app fills in for this graduate (C13: "a school-imported 推免 list
    /// sets 801 automatically").
    public var presetData: [String: String] {
        var data = [DestinationField.category.key: "801"]
        if let schoolName { data[DestinationField.unitName.key] = schoolName }
        if let schoolCode { data[DestinationField.schoolCode.key] = schoolCode }
        return data
    }
}

/// The outcome of `DestinationForm.check(_:reference:)`.
public struct DestinationCheck: Sendable, Equatable {
    /// Field key → what to do, in Chinese; empty when the registration may be submitted.
    public var problems: [String: String] = [:]
    /// For the reviewer: what could not be checked automatically or looks unusual. Never blocks.
    public var notes: [String] = []
    /// The data to store: codes normalised (credit code upper-cased, country and school codes as
    /// the tables have them, dates as 2025-07-01, amounts with two decimals), absent fields dropped.
    public var normalized: [String: String] = [:]
    /// The 证明材料 the category needs (`DestinationEvidence.missing` checks the uploads).
    public var evidence: [DestinationEvidence] = []
    /// 由院、校两级就业部门负责同志审核签字（章）: the workflow must record both sign-offs.
    public var requiresTwoLevelSignOff = false

    public var isSubmittable: Bool { problems.isEmpty }
}
