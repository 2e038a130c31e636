import JiuyeDomain
import Vapor

/// What people type into the org forms: full-width characters from an IME become ASCII,
/// names lose surrounding spaces, codes lose all spaces and are upper-cased.
package enum OrgInput {
    package static func halfWidth(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: scalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000: scalars.append(" ")
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    package static func name(_ raw: String?) -> String {
        (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{3000}")))
    }

    package static func code(_ raw: String?) -> String {
        String(halfWidth(raw ?? "").filter { !$0.isWhitespace }).uppercased()
    }

    package static func isCode(_ text: String, length: ClosedRange<Int>, digitsOnly: Bool = false) -> Bool {
        length.contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isNumber || (!digitsOnly && $0.isLetter)) }
    }

    /// A name of 1…`limit` characters without control characters.
    package static func nameProblem(_ name: String, limit: Int, what: String) -> String? {
        if name.isEmpty || name.count > limit || name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "请输入\(what)（不超过 \(limit) 个字）。"
        }
        return nil
    }
}

/// 新增学校 (system admin).
package struct SchoolForm: Content, Sendable {
    package var code = ""
    package var name = ""
    package var region = ""

    package init(code: String = "", name: String = "", region: String = "") {
        (self.code, self.name, self.region) = (code, name, region)
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = OrgInput.code(try c.decodeIfPresent(String.self, forKey: .code))
        name = OrgInput.name(try c.decodeIfPresent(String.self, forKey: .name))
        region = OrgInput.code(try c.decodeIfPresent(String.self, forKey: .region))
    }

    /// Field → Chinese message; empty when the form may be saved (duplicates are checked in the transaction).
    package func problems(provinces: Set<String>) -> [String: String] {
        var errors: [String: String] = [:]
        if !OrgInput.isCode(code, length: 5...5, digitsOnly: true) { errors["code"] = "学校代码应为 5 位数字，例如 10611。" }
        if let problem = OrgInput.nameProblem(name, limit: 50, what: "学校名称") { errors["name"] = problem }
        if !provinces.contains(region) { errors["region"] = "请选择学校所在省份。" }
        return errors
    }
}

/// 新增校区 (system admin).
package struct CampusForm: Content, Sendable {
    package var name = ""

    package init(name: String = "") { self.name = name }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = OrgInput.name(try c.decodeIfPresent(String.self, forKey: .name))
    }

    package func problems() -> [String: String] {
        OrgInput.nameProblem(name, limit: 50, what: "校区名称").map { ["campusName": $0] } ?? [:]
    }
}

/// 新增院系: code, name, optional campus (required for an admin limited to some campuses).
package struct CollegeForm: Content, Sendable {
    package var code = ""
    package var name = ""
    package var campus = ""

    package init(code: String = "", name: String = "", campus: String = "") {
        (self.code, self.name, self.campus) = (code, name, campus)
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = OrgInput.code(try c.decodeIfPresent(String.self, forKey: .code))
        name = OrgInput.name(try c.decodeIfPresent(String.self, forKey: .name))
        campus = OrgInput.code(try c.decodeIfPresent(String.self, forKey: .campus))
    }

    package var campusID: Int64? { Int64(campus) }

    package func problems(campuses: Set<Int64>, campusRequired: Bool) -> [String: String] {
        var errors: [String: String] = [:]
        if !OrgInput.isCode(code, length: 1...10) { errors["collegeCode"] = "院系代码应为 1 至 10 位数字或字母，例如 01。" }
        if let problem = OrgInput.nameProblem(name, limit: 50, what: "院系名称") { errors["collegeName"] = problem }
        if campus.isEmpty {
            if campusRequired { errors["collegeCampus"] = "请选择院系所在校区。" }
        } else if campusID.map(campuses.contains) != true {
            errors["collegeCampus"] = "请从列表中选择本校的校区。"
        }
        return errors
    }
}

/// 新增专业: code, name, 学历.
package struct MajorForm: Content, Sendable {
    package var code = ""
    package var name = ""
    package var level = ""

    package init(code: String = "", name: String = "", level: String = "") {
        (self.code, self.name, self.level) = (code, name, level)
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = OrgInput.code(try c.decodeIfPresent(String.self, forKey: .code))
        name = OrgInput.name(try c.decodeIfPresent(String.self, forKey: .name))
        level = OrgInput.name(try c.decodeIfPresent(String.self, forKey: .level))
    }

    package var educationLevel: EducationLevel? { EducationLevel(rawValue: level) }

    package func problems() -> [String: String] {
        var errors: [String: String] = [:]
        if !OrgInput.isCode(code, length: 1...12) { errors["majorCode"] = "专业代码应为 1 至 12 位数字或字母，例如 080901。" }
        if let problem = OrgInput.nameProblem(name, limit: 50, what: "专业名称") { errors["majorName"] = problem }
        if educationLevel == nil { errors["majorLevel"] = "请选择学历（专科、本科、硕士或博士）。" }
        return errors
    }
}

/// 新增班级: name, major of this college, 届别.
package struct ClassForm: Content, Sendable {
    package static let cohorts = 2000...2100

    package var name = ""
    package var major = ""
    package var cohort = ""

    package init(name: String = "", major: String = "", cohort: String = "") {
        (self.name, self.major, self.cohort) = (name, major, cohort)
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = OrgInput.name(try c.decodeIfPresent(String.self, forKey: .name))
        major = OrgInput.code(try c.decodeIfPresent(String.self, forKey: .major))
        cohort = OrgInput.code(try c.decodeIfPresent(String.self, forKey: .cohort))
    }

    package var majorID: Int64? { Int64(major) }
    package var cohortYear: Int? { Int(cohort).flatMap { Self.cohorts.contains($0) ? $0 : nil } }

    package func problems(majors: Set<Int64>) -> [String: String] {
        var errors: [String: String] = [:]
        if let problem = OrgInput.nameProblem(name, limit: 50, what: "班级名称") { errors["className"] = problem }
        if majorID.map(majors.contains) != true { errors["classMajor"] = "请从列表中选择本院系的专业。" }
        if cohortYear == nil { errors["classCohort"] = "届别应为 2000 至 2100 之间的年份，例如 2026。" }
        return errors
    }
}

/// 登记用人单位 (system admin): name, 统一社会信用代码, county.
package struct UnitForm: Content, Sendable {
    package var name = ""
    package var creditCode = ""
    package var county = ""
    /// The picker's steps, carried along so a refused form comes back with the same choices.
    package var province = ""
    package var city = ""

    package init(name: String = "", creditCode: String = "", county: String = "", province: String = "", city: String = "") {
        (self.name, self.creditCode, self.county, self.province, self.city) = (name, creditCode, county, province, city)
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = OrgInput.name(try c.decodeIfPresent(String.self, forKey: .name))
        creditCode = OrgInput.name(try c.decodeIfPresent(String.self, forKey: .creditCode))
        county = OrgInput.code(try c.decodeIfPresent(String.self, forKey: .county))
        province = OrgInput.code(try c.decodeIfPresent(String.self, forKey: .province))
        city = OrgInput.name(try c.decodeIfPresent(String.self, forKey: .city))
    }

    /// The validated credit code, or the field errors (county validity is checked against the database).
    package func validated(countyIsValid: Bool) -> (creditCode: CreditCode?, errors: [String: String]) {
        var errors: [String: String] = [:]
        if let problem = OrgInput.nameProblem(name, limit: 100, what: "单位名称") { errors["name"] = problem }
        var code: CreditCode?
        do { code = try CreditCode(validating: creditCode) } catch { errors["creditCode"] = error.message }
        if !countyIsValid { errors["county"] = "请选择单位所在的区县。" }
        return (code, errors)
    }
}
