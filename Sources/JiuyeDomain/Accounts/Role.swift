/// A role a user can be assigned (PRODUCT.md §1). Raw values are stored in the database.
public enum Role: String, CaseIterable, Codable, Sendable, Hashable {
    /// 学生/毕业生
    case student
    /// 基层就业资助申请人 (seed 000 §1): a graduate registered in the grassroots-aid system, by
    /// the registry of the national student-aid database; added to an existing account (one
    /// person, one account), never a second account.
    case grassrootsApplicant = "grassroots-applicant"
    /// 个人 of the living-subsidy system (seed 002 注册): a graduate of any university working in
    /// the city, registered under an approved unit; one account per person by the ID's keyed hash.
    case subsidyApplicant = "subsidy-applicant"
    /// 辅导员: assigned classes × 届别 × 学历
    case counselor
    /// 院系管理员: assigned colleges × 届别 × 学历
    case collegeAdmin
    /// 学校管理员 (就业中心): the whole school
    case schoolAdmin
    /// 培养单位审核员 of the grassroots-aid system (seed 001 §1): one college × 学段, every cohort
    case grassrootsReviewer
    /// 系统管理员 (platform)
    case systemAdmin
    /// 安全管理员
    case securityAdmin
    /// 审计员
    case auditor
    /// 用人单位
    case employer
    /// 县区人社局
    case countyHR
    /// 县区组织部
    case countyOrganization
    /// 县财政局
    case countyFinance
    /// 市人社局
    case cityHR
    /// 市组织部
    case cityOrganization
    /// 市财政局
    case cityFinance

    public var label: String {
        switch self {
        case .student: "学生"
        case .grassrootsApplicant: "基层就业资助申请人"
        case .subsidyApplicant: "生活补贴申请人"
        case .counselor: "辅导员"
        case .collegeAdmin: "院系管理员"
        case .schoolAdmin: "学校管理员"
        case .grassrootsReviewer: "基层就业资助审核员"
        case .systemAdmin: "系统管理员"
        case .securityAdmin: "安全管理员"
        case .auditor: "审计员"
        case .employer: "用人单位"
        case .countyHR: "县区人社局"
        case .countyOrganization: "县区组织部"
        case .countyFinance: "县财政局"
        case .cityHR: "市人社局"
        case .cityOrganization: "市组织部"
        case .cityFinance: "市财政局"
        }
    }

    /// Administrator roles: platform administration (三权分立) and school or college
    /// administration. The platform can require them to use a second factor.
    public var isAdministrator: Bool {
        switch self {
        case .systemAdmin, .securityAdmin, .auditor, .schoolAdmin, .collegeAdmin: true
        default: false
        }
    }

    /// The scope dimensions an assignment of this role must name (others may narrow it further).
    public var requiredDimensions: [ScopeDimension] {
        switch self {
        case .student, .grassrootsApplicant, .subsidyApplicant, .systemAdmin, .securityAdmin, .auditor: []
        case .counselor: [.school, .class]
        case .collegeAdmin: [.school, .college]
        case .schoolAdmin: [.school]
        case .grassrootsReviewer: [.school, .college, .stage]
        case .employer: [.unit]
        case .countyHR, .countyOrganization, .countyFinance: [.county]
        case .cityHR, .cityOrganization, .cityFinance: [.city]
        }
    }

    /// The dimensions an admin may set on an assignment of this role.
    public var allowedDimensions: [ScopeDimension] {
        switch self {
        case .student, .grassrootsApplicant, .subsidyApplicant, .systemAdmin, .securityAdmin, .auditor: []
        case .counselor: [.school, .class, .cohort, .level]
        case .collegeAdmin: [.school, .college, .cohort, .level]
        case .schoolAdmin: [.school, .campus]
        case .grassrootsReviewer: [.school, .college, .stage]
        case .employer: [.unit]
        case .countyHR, .countyOrganization, .countyFinance: [.county]
        case .cityHR, .cityOrganization, .cityFinance: [.city]
        }
    }

    public var isStaff: Bool { ![.student, .grassrootsApplicant, .subsidyApplicant].contains(self) }

    /// Platform roles of 三权分立: no account holds two of them.
    public static let separatedDuties: Set<Role> = [.systemAdmin, .securityAdmin, .auditor]

    /// Roles that look at student records of a school.
    public var isSchoolStaff: Bool {
        [.counselor, .collegeAdmin, .schoolAdmin, .grassrootsReviewer].contains(self)
    }
}

/// 学历 as used for scoping and statistics.
public enum EducationLevel: String, CaseIterable, Codable, Sendable {
    case junior = "专科"
    case bachelor = "本科"
    case master = "硕士"
    case doctor = "博士"

    public var label: String { rawValue }
    /// 学段 (seed 001): 本专科 or 研究生.
    public var stage: StudyStage { self == .master || self == .doctor ? .graduate : .undergraduate }
}

/// 学段 of the grassroots-aid reviewer (seed 001 §1).
public enum StudyStage: String, CaseIterable, Codable, Sendable {
    case undergraduate = "本专科"
    case graduate = "研究生"
    public var label: String { rawValue }
}
