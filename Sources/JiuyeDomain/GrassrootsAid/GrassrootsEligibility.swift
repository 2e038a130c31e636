/// Who may register in the grassroots-aid system (seed 000 §1): the registration page asks the
/// school's registry (standing in for the 全国学生资助管理信息系统) about the ID number.
///
/// 1. in the 高校学生信息库 and a graduate of this year (应届);
/// 2. in the 高校毕业生信息库 and on this system's 补录 list;
/// 3. on the school's legacy list: a graduate whose application (and, in the seed's case of the
///    class of 2022, first 在职在岗确认) passed in the predecessor system. The year is data, not
///    code (review D10): the list carries the stages already passed, so the next case opens.
public enum GrassrootsEligibility {
    /// The registry's lists, as the school imports them.
    public enum List: String, CaseIterable, Sendable, Codable {
        /// 高校学生信息库 (current students and this year's graduates).
        case students
        /// 高校毕业生信息库 (graduates of earlier classes).
        case graduates
        /// 补录 list kept in this system.
        case supplement
        /// Graduates whose earlier stages passed in the predecessor system.
        case legacy

        public var label: String {
            switch self {
            case .students: "高校学生信息库"
            case .graduates: "高校毕业生信息库"
            case .supplement: "补录名单"
            case .legacy: "历史审核通过名单"
            }
        }
    }

    /// What the registry holds for one ID number at one school.
    public struct Findings: Sendable, Equatable {
        /// Graduation year in the 高校学生信息库, when listed there.
        public var studentsListGraduationYear: Int?
        public var inGraduatesList: Bool
        /// The 补录 entry's application year, when on the list.
        public var supplementYear: Int?
        /// Stages the legacy list records as passed (empty: not on it).
        public var legacyPassed: Set<GrassrootsStage>

        public init(studentsListGraduationYear: Int? = nil, inGraduatesList: Bool = false, supplementYear: Int? = nil,
                    legacyPassed: Set<GrassrootsStage> = []) {
            self.studentsListGraduationYear = studentsListGraduationYear
            self.inGraduatesList = inGraduatesList
            self.supplementYear = supplementYear
            self.legacyPassed = legacyPassed
        }
    }

    public enum Basis: String, Sendable, Equatable {
        case freshGraduate, supplement, legacy

        public var label: String {
            switch self {
            case .freshGraduate: "高校学生信息库应届毕业生"
            case .supplement: "高校毕业生信息库且已补录"
            case .legacy: "历史审核通过名单"
            }
        }
    }

    public enum Result: Sendable, Equatable {
        case eligible(Basis)
        case ineligible
    }

    public static func check(_ findings: Findings, currentYear: Int) -> Result {
        if let year = findings.studentsListGraduationYear, year == currentYear { return .eligible(.freshGraduate) }
        if findings.inGraduatesList, findings.supplementYear != nil { return .eligible(.supplement) }
        if findings.legacyPassed.contains(.apply) || findings.legacyPassed.contains(.applyReview) { return .eligible(.legacy) }
        return .ineligible
    }

    /// The failure page's words (seed 000 §1, 图 2-3).
    public static let failureText = "注册失败：系统中没有找到你的学生信息。只有全国学生资助管理信息系统高校学生信息库中的应届毕业生，或高校毕业生信息库中已在本系统补录的学生，才能注册。请联系学校资助工作人员在全国学生资助管理信息系统补充学生信息库，或在本系统补录库中补充你的信息后再注册。"
}
