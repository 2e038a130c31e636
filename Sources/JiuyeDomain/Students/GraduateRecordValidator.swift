/// 生源信息 row check: turns a header-mapped row (field key → cell text as read from an
/// .xlsx or CSV sheet) into a `GraduateRecord`, or lists every problem of the row.
///
/// Create one validator per import and call `validate` per row: it holds the code tables
/// and "today" (for 证件号码 birth dates), and allocates little per row.
public struct GraduateRecordValidator: Sendable {
    public let form: GraduateRecordForm
    public let stage: GraduateRecordStage
    public let lookup: any CodeLookup
    let today: ChineseIDNumber.Day

    public init(form: GraduateRecordForm = .standard, stage: GraduateRecordStage, lookup: any CodeLookup) {
        self.init(form: form, stage: stage, lookup: lookup, today: ChineseIDNumber.Day.todayInChina())
    }

    init(form: GraduateRecordForm = .standard, stage: GraduateRecordStage, lookup: any CodeLookup, today: ChineseIDNumber.Day) {
        self.form = form
        self.stage = stage
        self.lookup = lookup
        self.today = today
    }

    /// Checks one row given by field key (`GraduateField.Key` raw values, as a form posts
    /// them or `GraduateHeaderMapping.row` builds them); a missing key is an empty cell.
    public func validate(_ row: [String: String]) -> GraduateRecordOutcome {
        let keys = form.rawKeys
        return validate { index in row[keys[index]] ?? "" }
    }

    /// Checks one row of a sheet as read, by the columns of `mapping` (which must come from
    /// this validator's form). The import's fast path: no dictionary per row.
    public func validate(cells: [String], mapping: GraduateHeaderMapping) -> GraduateRecordOutcome {
        let columns = mapping.fieldColumns
        return validate { index in
            let column = index < columns.count ? columns[index] : -1
            return column >= 0 && column < cells.count ? cells[column] : ""
        }
    }

    /// `cell(i)` is the raw text of `form.fields[i]`.
    func validate(_ cell: (Int) -> String) -> GraduateRecordOutcome {
        var check = RowCheck(validator: self)
        let fields = form.fields
        for index in fields.indices {
            check.check(index, fields[index], raw: cell(index))
        }
        check.crossFieldRules()
        if check.problems.isEmpty {
            return .valid(check.record)
        }
        if check.problems.count > 1 {
            let order = form.indexByKey
            check.problems = check.problems.enumerated().sorted { a, b in
                let (x, y) = (order[a.element.key] ?? 0, order[b.element.key] ?? 0)
                return x != y ? x < y : a.offset < b.offset
            }.map(\.element)
        }
        return .invalid(check.problems)
    }
}

/// The state of one row's check.
struct RowCheck {
    let validator: GraduateRecordValidator
    var record: GraduateRecord
    var problems: [GraduateRecordProblem] = []
    /// The cells as read, by field position, for the messages of the rules across fields.
    var raws: [String]
    /// Dates and the ID's sex digit, for the rules across fields.
    var enrolment: GraduateDate?
    var graduation: GraduateDate?
    var idIsMale: Bool?
    /// The 证件类型 cell was filled but is not a known type: the number is not checked.
    var documentTypeFailed = false
    var majorEntry: CodeEntry?

    init(validator: GraduateRecordValidator) {
        self.validator = validator
        record = GraduateRecord(keys: validator.form.keys)
        raws = Array(repeating: "", count: validator.form.keys.count)
    }

    mutating func problem(_ field: GraduateField, _ raw: String, _ message: String) {
        problems.append(GraduateRecordProblem(key: field.key, label: field.label, value: raw, message: message))
    }

    /// A problem of a rule across fields, reported on `key` with its cell as read.
    mutating func problem(_ key: GraduateField.Key, _ message: String) {
        guard let index = validator.form.indexByKey[key] else { return }
        let field = validator.form.fields[index]
        problems.append(GraduateRecordProblem(key: key, label: field.label, value: raws[index], message: message))
    }

    mutating func check(_ index: Int, _ field: GraduateField, raw: String) {
        raws[index] = raw
        let text = CellText.clean(raw)
        guard !text.isEmpty else {
            if field.isRequired(at: validator.stage) {
                problem(field, raw, "请填写\(field.label)。")
            }
            return
        }
        do {
            record.storage[index] = try cellValue(field, text)
        } catch {
            if field.key == .documentType { documentTypeFailed = true }
            problem(field, raw, error.message)
        }
    }

    // MARK: - Rules across fields

    mutating func crossFieldRules() {
        // 证件号码 第 17 位 gives the sex of a 居民身份证 / 港澳台居民居住证 holder.
        if let isMale = idIsMale, let gender = record[.gender], (gender == "男") != isMale {
            problem(.gender, "性别与证件号码不符：证件号码显示为\(isMale ? "男" : "女")。")
        }
        // Seed 004 §2(1) ③: 定向或委培单位 is empty exactly when 培养方式 is 非定向.
        switch record[.trainingMode] {
        case "非定向"? where record[.sponsorUnit] != nil:
            problem(.sponsorUnit, "培养方式为非定向时，定向或委培单位应为空。")
        case "定向"?, "委培"?:
            if record[.sponsorUnit] == nil, validator.stage == .confirmation {
                problem(.sponsorUnit, "培养方式为定向或委培时，请填写定向或委培单位。")
            }
        default:
            break
        }
        if let enrolment, let graduation, !graduation.isLater(than: enrolment) {
            problem(.graduationDate, "毕业日期应晚于入学日期。")
        }
        // 专业名称 as in the catalogue, or the catalogue name followed by a direction in brackets.
        if let major = majorEntry, let name = record[.majorName], !Self.nameMatches(name, catalogue: major.label) {
            problem(.majorName, "专业名称与专业代码不符：代码 \(major.code) 对应“\(major.label)”。")
        }
    }

    /// "计算机科学与技术" matches itself and "计算机科学与技术(人工智能方向)".
    static func nameMatches(_ name: String, catalogue: String) -> Bool {
        if name == catalogue { return true }
        let plainName = CellText.compact(name), plainCatalogue = CellText.compact(catalogue)
        if plainName == plainCatalogue { return true }
        guard plainName.hasPrefix(plainCatalogue) else { return false }
        let rest = plainName.dropFirst(plainCatalogue.count)
        return rest.first == "(" || rest.first == "（"
    }
}
