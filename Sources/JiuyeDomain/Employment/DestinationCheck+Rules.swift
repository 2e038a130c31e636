import Foundation

/// The rules of `DestinationForm.check` that need reference data. Each reads the values the
/// field checks accepted (`DestinationCheck.normalized`), so a value already refused for its
/// format is not judged twice.
extension DestinationForm {
    /// 离校后聘用期限不低于6个月 (其他录用形式就业), and 截止日期 not before 起始日期 everywhere.
    static func checkEmploymentPeriod(row: DestinationMatrix.Row, reference: DestinationReference, into result: inout DestinationCheck) {
        let endKey = DestinationField.employmentEnd.key
        guard let start = result.normalized[DestinationField.employmentStart.key].flatMap(CivilDate.parse),
              let end = result.normalized[endKey].flatMap(CivilDate.parse) else { return }
        let enforced = row.rules.contains(.employmentPeriod)
        if enforced, reference.leavingDate == nil {
            result.notes.append("未提供离校日期，聘用期限按聘用起始日期起算，请审核人员核对离校后聘用期限是否满6个月。")
        }
        guard let problem = EmploymentPeriodRule.problem(start: start, end: end, leaving: enforced ? reference.leavingDate : nil) else { return }
        if problem == .endsBeforeStart || enforced { result.problems[endKey] = problem.message }
    }

    /// 月收入不低于当地最低工资标准 (其他录用形式就业, 科研助理、管理助理, 自由职业).
    static func checkMinimumWage(row: DestinationMatrix.Row, category: Category, reference: DestinationReference,
                                 into result: inout DestinationCheck) {
        let incomeKey = DestinationField.monthlyIncome.key
        guard row.rules.contains(.minimumWage), let incomeText = result.normalized[incomeKey],
              case .success(let income) = DestinationAmount.parse(incomeText, max: maximumMonthlyIncome) else { return }
        let placeLabel = row.label(of: .unitLocation)
        guard let table = reference.minimumWages else {
            result.notes.append("尚未导入最低工资标准表，无法自动核对月收入是否达到当地最低工资标准，请审核人员人工核对。")
            return
        }
        guard let region = result.normalized[DestinationField.unitLocation.key], RegionCode.isValid(region) else {
            result.notes.append("\(placeLabel)不是行政区划代码，无法自动核对当地最低工资标准，请审核人员人工核对。")
            return
        }
        // The standard in force when the job began (not before leaving school); for 自由职业, today's.
        let start = result.normalized[DestinationField.employmentStart.key].flatMap(CivilDate.parse)
        let day = start.map { max($0, reference.leavingDate ?? $0) } ?? reference.today ?? reference.leavingDate
        guard let day else {
            result.notes.append("未提供核对日期，无法自动核对当地最低工资标准，请审核人员人工核对。")
            return
        }
        switch MinimumWageRule.evaluate(monthlyIncome: income, regionCode: region, on: day, table: table) {
        case .below(let standard):
            result.problems[incomeKey] = "月收入 \(Money.format(income)) 元低于\(placeLabel)的最低工资标准 \(Money.format(standard.monthlyAmount)) 元/月（\(standard.applied.validFrom) 起执行）。根据审核标准，\(MinimumWageRule.requirement(for: category.code))。请按证明材料核对税前月收入；如确实低于标准，请改选其他毕业去向。"
        case .meets(let standard):
            if !standard.otherGrades.isEmpty {
                result.notes.append("\(placeLabel)（\(region)）在最低工资标准表中有 \(standard.otherGrades.count + 1) 个档次，已按最低的 \(Money.format(standard.monthlyAmount)) 元/月核对，请审核人员确认适用的档次。")
            }
        case .noStandard:
            result.notes.append("最低工资标准表中没有 \(region) 在 \(day) 适用的标准，请审核人员人工核对月收入。")
        }
    }

    /// 定向、委托培养毕业生回原定向、委托培养单位（地区）就业 (modules review C13; 教学厅〔2023〕5号:
    /// "严格按照定向协议就业并登记去向信息").
    static func checkDirectedTraining(category: Category, subtype: DestinationSubtype?, reference: DestinationReference,
                                      into result: inout DestinationCheck) {
        guard let directed = reference.student.directedTraining else { return }
        let kind = directed.kind.label
        guard category.code == DestinationHeading.employmentAgreement.code else {
            result.problems[DestinationField.category.key] = "您是\(kind)毕业生，须按\(kind)协议回原\(kind)单位（地区）就业：毕业去向请选择「签就业协议形式就业」，签约情形选择「定向、委培回原单位就业」。如协议已依规解除，请联系学院就业工作负责人更新培养方式后再登记。"
            return
        }
        if let subtype, subtype.key != directedSubtypeKey {
            result.problems[DestinationField.subtype.key] = "您是\(kind)毕业生，签约情形请选择「定向、委培回原单位就业」。"
        }
        if let unit = directed.unitName, !unit.isEmpty, let name = result.normalized[DestinationField.unitName.key],
           !sameUnitName(name, unit) {
            result.problems[DestinationField.unitName.key] = "\(kind)毕业生的单位名称应与\(kind)协议中的单位一致：「\(unit)」。如单位已更名，请联系学院就业工作负责人核对协议信息。"
        }
        if let area = directed.regionCode, RegionCode.isValid(area) {
            if let place = result.normalized[DestinationField.unitLocation.key], RegionCode.isValid(place) {
                if !RegionCode.contains(area, place) {
                    result.problems[DestinationField.unitLocation.key] = "\(kind)毕业生须回原\(kind)地区就业，单位所在地应在协议约定的地区（代码 \(area)）内，请核对。"
                }
            } else {
                result.notes.append("\(kind)毕业生的协议约定地区为 \(area)，单位所在地不是行政区划代码，请审核人员核对是否在约定地区内。")
            }
        }
    }

    /// 10's 情形 for a 定向/委培 graduate.
    static let directedSubtypeKey = "10-3"

    /// 推免研究生，其就业状态为升学 (seed 003 §3.4; modules review C13): 801 only.
    static func checkRecommendedAdmission(category: Category, reference: DestinationReference, into result: inout DestinationCheck) {
        guard let admission = reference.student.recommendedAdmission else { return }
        guard category.code == "801" else {
            result.problems[DestinationField.category.key] = "您在学校推荐免试攻读研究生（推免）名单中，毕业去向应登记为「境内升学—研究生」。如已放弃推免资格，请联系学院就业工作负责人更新推免名单后再登记。"
            return
        }
        if let listed = admission.schoolCode.flatMap(SchoolCode.normalized), let given = result.normalized[DestinationField.schoolCode.key],
           listed != given {
            result.notes.append("推免名单中的录取院校代码为 \(listed)，登记的是 \(given)，请审核人员核对。")
        }
    }

    /// The school name against the 院校代码's entry: a difference is the reviewer's call (names
    /// change, and the admission letter is what counts).
    static func checkSchoolName(data: [String: String], reference: DestinationReference, into result: inout DestinationCheck) {
        guard let code = data[DestinationField.schoolCode.key], let name = data[DestinationField.unitName.key],
              let school = reference.lookups?.school(code), !sameUnitName(school.label, name) else { return }
        result.notes.append("院校代码 \(code) 对应「\(school.label)」，登记的院校名称为「\(name)」，请审核人员核对是否一致。")
    }

    /// Two unit names as the same unit: full-width and half-width forms (brackets) and spaces
    /// do not count.
    static func sameUnitName(_ a: String, _ b: String) -> Bool {
        CellText.compact(a) == CellText.compact(b)
    }
}
