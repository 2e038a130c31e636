/// The 就业单位信息 the graduate fills on each 基层就业 case (seed 000 §6, "关于'就业单位信息'填报有以下
/// 说明" 1–4; review D12, D13), and its check.
///
/// Two forms share these fields (see `fields(for:)`): the application form of 申请 and its 复核 has
/// every field; the 在职在岗 confirmation form (第一次 / 第二次 and their 复核) has the unit, the place,
/// the service period, the phone and the statement.
///
/// `check` gives the values as stored (trimmed, codes compacted, dates "yyyy-MM-dd", multi-choice
/// values in list order), or a Chinese sentence per field. A draft is checked for formats, limits
/// and contradictions only; a submission also demands the required fields.
///
/// The rules of the seed, written out (review D13):
/// - §6.1: 特定类型单位 and 艰苦行业生产第一线 are offered only when the chosen 街道/乡镇 is the seat of a
///   county government (`Place.townshipIsCountySeat == true`, looked up by the caller in the township
///   table of review D12). Ticking them elsewhere is refused (`countySeatRefusal`), not dropped, so a
///   graduate who ticked them on a stale page learns why they are gone. Each list's 其他 needs its text.
/// - §6.2: the four special places differ: 系统中未找到对应地址 needs a manual address and no proof;
///   工作地点保密 needs proof and no address at all (a detailed or manual address is refused, and the
///   区县 is optional); 工作地点流动 needs proof and a manual address; 海上作业 needs proof, the 区县
///   and the manual address are optional.
/// - §6.3: 一级行业 is required; its 二级 is required when it has one and must belong to it.
/// - §6.4: 公务员 asks for 公务员（非选调生/选调生）, whether the departments are the same, then one
///   department (是) or the 录用部门 and the 实际工作部门 (否), and the text of any 其他.
///
/// Fields that do not apply (the 二级 of a 一级 without one, the departments when not 公务员, the
/// 其他 text when 其他 is not ticked, the manual address when no special place is chosen) are cleared
/// silently, as the page hides them.
public enum GrassrootsForm {
    /// Keys stored in the case's data (raw values are snake_case strings), in the page's order.
    public enum Field: String, CaseIterable, Sendable {
        case aidMode = "aid_mode"
        case unitName = "unit_name"
        case unitCreditCode = "unit_credit_code"
        case position
        case workCounty = "work_county"
        case workTownship = "work_township"
        case workAddress = "work_address"
        case placeSpecial = "place_special"
        case manualAddress = "manual_address"
        case specialUnitTypes = "special_unit_types"
        case specialUnitOther = "special_unit_other"
        case hardshipIndustries = "hardship_industries"
        case hardshipOther = "hardship_other"
        case industry1 = "industry_1"
        case industry2 = "industry_2"
        case civilServantKind = "civil_servant_kind"
        case departmentsSame = "departments_same"
        case sameDepartment = "same_department"
        case hiringDepartment = "hiring_department"
        case actualDepartment = "actual_department"
        case departmentOther = "department_other"
        case serviceStart = "service_start"
        case serviceEnd = "service_end"
        case phone
        case statement

        /// The label on the page. Where the seed names the field it is the seed's word (区县, 街道/乡镇,
        /// 特定类型单位, 艰苦行业生产第一线, 一级行业, 二级行业, 录用部门, 实际工作部门…); the others
        /// are assumptions. `statement` is named per stage by `label(for:)`.
        public var label: String {
            switch self {
            case .aidMode: "资助方式"
            case .unitName: "就业单位名称"
            case .unitCreditCode: "统一社会信用代码"
            case .position: "工作岗位"
            case .workCounty: "区县"
            case .workTownship: "街道/乡镇"
            case .workAddress: "详细地址"
            case .placeSpecial: "找不到工作所在地或不能填写工作地址"
            case .manualAddress: "手动输入地址"
            case .specialUnitTypes: "特定类型单位"
            case .specialUnitOther: "特定类型单位（其他）"
            case .hardshipIndustries: "艰苦行业生产第一线"
            case .hardshipOther: "艰苦行业生产第一线（其他）"
            case .industry1: "一级行业"
            case .industry2: "二级行业"
            case .civilServantKind: "公务员细分"
            case .departmentsSame: "录用部门和实际工作部门是否一致"
            case .sameDepartment: "录用及实际工作部门"
            case .hiringDepartment: "录用部门"
            case .actualDepartment: "实际工作部门"
            case .departmentOther: "部门（其他）"
            case .serviceStart: "协议/合同服务期（起）"
            case .serviceEnd: "协议/合同服务期（止）"
            case .phone: "联系电话"
            case .statement: "情况说明"
            }
        }

        /// The label on the form of `stage`: the statement is the 复核说明 on the three 复核 stages and
        /// the 在职在岗说明 on the two confirmations; every other field keeps `label`.
        public func label(for stage: GrassrootsStage) -> String {
            guard self == .statement else { return label }
            if stage.isReview { return "复核说明" }
            return stage.isConfirmation ? "在职在岗说明" : label
        }

        /// The most characters a typed value holds. Assumptions: 30 for a 其他 text; the statement's
        /// 300 does not count line breaks.
        public var maxLength: Int? {
            switch self {
            case .unitName: 60
            case .position: 30
            case .workAddress, .manualAddress: 100
            case .specialUnitOther, .hardshipOther, .departmentOther: 30
            case .statement: 300
            default: nil
            }
        }

        /// Several ticked items joined with "、" (see `items` and `join`).
        public var isMultiChoice: Bool { self == .specialUnitTypes || self == .hardshipIndustries }
    }

    /// §6.2: when the 区县 and 街道/乡镇 cannot name the place of work.
    public enum PlaceSpecial: String, CaseIterable, Sendable {
        case notFound = "系统中未找到对应地址"
        case secret = "工作地点保密"
        case mobile = "工作地点流动"
        case offshore = "海上作业"

        public var label: String { rawValue }
        /// (1) and (3) ask for a manual address.
        public var needsManualAddress: Bool { self == .notFound || self == .mobile }
        /// (2) takes no address: the place is secret.
        public var forbidsAddress: Bool { self == .secret }
        /// (2), (4): the 区县 may be left empty.
        public var countyOptional: Bool { self == .secret || self == .offshore }
        /// (2)–(4) need a proof upload (see `GrassrootsMaterials`).
        public var needsProof: Bool { self != .notFound }
    }

    /// §6.4: shown at the 二次分配就业证明 upload when the 录用部门 is one of `higherHiringDepartments`.
    public static let countyStampHint = "请务必上传含有县级以上（含县级）组织部门盖章的二次分配就业证明"

    /// The refusal of 特定类型单位 / 艰苦行业 ticked at a township that is not a county seat.
    public static let countySeatRefusal = "所选街道/乡镇不是县政府驻地，无需填写特定类型单位或艰苦行业"

    /// draft: formats/limits only; submission: required fields too.
    public enum Stage: Sendable { case draft, submission }

    /// What the server knows of the chosen township (looked up in a table by the caller): nil =
    /// unknown / none chosen. The flag is true only for the seat of a 省直辖县、地级市辖县 or 县级市
    /// (seed 000 §6.1); a 市辖区's townships are never "county seats" here.
    public struct Place: Sendable, Equatable {
        public var townshipIsCountySeat: Bool?
        public init(townshipIsCountySeat: Bool?) {
            self.townshipIsCountySeat = townshipIsCountySeat
        }
    }

    /// The problems by field, each a Chinese sentence saying what to do.
    public struct Problems: Error, Sendable, Equatable {
        public var messages: [Field: String]

        public init(_ messages: [Field: String] = [:]) {
            self.messages = messages
        }

        public var isEmpty: Bool { messages.isEmpty }

        public subscript(_ f: Field) -> String? { messages[f] }

        /// Keeps the first message a field gets.
        mutating func add(_ field: Field, _ message: String) {
            if messages[field] == nil { messages[field] = message }
        }
    }

    static let confirmationFields: Set<Field> = [
        .unitName, .position, .workCounty, .workTownship, .workAddress, .placeSpecial, .manualAddress,
        .phone, .serviceStart, .serviceEnd, .statement,
    ]

    /// The fields of the form of `stage`, in page order: every field on 申请 and its 复核; on the
    /// confirmations (and their 复核) the unit, the place, the service period, the phone and the
    /// statement.
    public static func fields(for stage: GrassrootsStage) -> [Field] {
        stage.isConfirmation ? Field.allCases.filter { confirmationFields.contains($0) } : Field.allCases
    }

    /// Whether `field` must be filled on the form of `stage`, whatever else it holds. The conditional
    /// ones (街道/乡镇, 详细地址, 手动输入地址, 二级行业, the 公务员 questions, the 其他 texts) are decided
    /// by `check` from the other values.
    public static func isAlwaysRequired(_ field: Field, stage: GrassrootsStage) -> Bool {
        switch field {
        case .aidMode, .industry1: !stage.isConfirmation
        case .unitName, .position, .serviceStart, .serviceEnd, .phone: true
        case .statement: stage.isReview
        default: false
        }
    }

    /// Multi-choice values: "a、b" → ["a", "b"], trimmed, without empty items or repeats. A "、"
    /// inside brackets does not cut ("国有农（牧、林）场" is one item).
    public static func items(_ value: String?) -> [String] {
        guard let value else { return [] }
        return seedList(value)
    }

    /// The stored form of ticked items: joined with "、", empty items left out.
    public static func join(_ items: [String]) -> String {
        items.map(WorkflowText.trimmed).filter { !$0.isEmpty }.joined(separator: "、")
    }

    /// The values checked for the form of `stage`: see the type's comment for the rules.
    /// Values are trimmed; fields not in `fields(for:)` are dropped; conditional fields that do not
    /// apply are cleared silently, except 特定类型单位 / 艰苦行业 ticked where
    /// `place.townshipIsCountySeat != true`, which is refused with `countySeatRefusal`.
    /// Messages are Chinese, one per field.
    public static func check(_ values: [Field: String], stage: GrassrootsStage, place: Place, mode: Stage) -> Result<[Field: String], Problems> {
        var checker = Checker(stage: stage, mode: mode)
        let allowed = Set(fields(for: stage))
        for field in fields(for: stage) {
            let raw = values[field] ?? ""
            let text = field == .statement ? blockText(raw) : FormFieldText.singleLine(raw)
            guard !text.isEmpty else { continue }
            if let problem = FormFieldText.problem(field == .statement ? text.filter { $0 != "\n" } : text,
                                                   label: field.label(for: stage), maxLength: field.maxLength) {
                checker.problems.add(field, problem)
            } else {
                checker.given[field] = text
            }
        }
        checker.checkUnit()
        checker.checkPlace()
        if allowed.contains(.specialUnitTypes) {
            checker.checkMultiChoice(.specialUnitTypes, other: .specialUnitOther, choices: specialUnitTypes, place: place)
            checker.checkMultiChoice(.hardshipIndustries, other: .hardshipOther, choices: hardshipIndustries, place: place)
        }
        if allowed.contains(.industry1) {
            checker.checkIndustry()
        }
        checker.checkService()
        checker.checkPhoneAndStatement()
        return checker.problems.isEmpty ? .success(checker.stored) : .failure(checker.problems)
    }

    /// A free-text block: each line trimmed, empty lines dropped, line breaks as "\n".
    static func blockText(_ raw: String) -> String {
        raw.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { FormFieldText.singleLine(String($0)) }
            .filter { !$0.isEmpty }
            .joined(separator: "\n")
    }

    /// "2024-07-01", "2024/7/1", "2024年7月1日", "20240701" → the day; nil when not a full date.
    public static func date(_ text: String?) -> GraduateDate? {
        guard let text, let date = GraduateDate.parse(CellText.clean(text)), date.day != nil else { return nil }
        return date
    }
}

// MARK: - The check, field group by field group

extension GrassrootsForm {
    struct Checker {
        let stage: GrassrootsStage
        let mode: Stage
        /// Typed values that passed the text checks.
        var given: [Field: String] = [:]
        var stored: [Field: String] = [:]
        var problems = Problems()

        init(stage: GrassrootsStage, mode: Stage) {
            self.stage = stage
            self.mode = mode
        }

        var submitting: Bool { mode == .submission }

        func label(_ field: Field) -> String { field.label(for: stage) }

        /// A missing value: refused at submission only.
        mutating func require(_ field: Field, _ message: String? = nil) {
            if submitting, given[field] == nil, problems[field] == nil {
                problems.add(field, message ?? "请填写\(label(field))。")
            }
        }

        /// A value that must be one of `choices`; stored when it is.
        @discardableResult
        mutating func choice(_ field: Field, in choices: [String], required: Bool) -> String? {
            guard let value = given[field] else {
                if required { require(field, "请选择\(label(field))。") }
                return nil
            }
            guard choices.contains(value) else {
                problems.add(field, "\(label(field))“\(value)”不在可选范围内，请从列表中选择。")
                return nil
            }
            stored[field] = value
            return value
        }

        mutating func checkUnit() {
            if stage.isConfirmation == false {
                choice(.aidMode, in: GrassrootsForm.aidModes, required: true)
            }
            for field in [Field.unitName, .position] {
                if let value = given[field] { stored[field] = value } else { require(field) }
            }
            if let raw = given[.unitCreditCode] {
                do { stored[.unitCreditCode] = try CreditCode(validating: raw).value } catch { problems.add(.unitCreditCode, error.message) }
            }
        }

        /// §6.2: 区县, 街道/乡镇, 详细地址, and the special place with its manual address.
        @discardableResult
        mutating func checkPlace() -> PlaceSpecial? {
            var special: PlaceSpecial?
            if let raw = given[.placeSpecial] {
                if let parsed = PlaceSpecial(rawValue: raw) {
                    special = parsed
                    stored[.placeSpecial] = raw
                } else {
                    problems.add(.placeSpecial, "请从“系统中未找到对应地址”“工作地点保密”“工作地点流动”“海上作业”中选择一项，或不选。")
                }
            }
            let placeProblem = problems[.placeSpecial] != nil

            var county: String?
            if let raw = given[.workCounty] {
                let code = CellText.compact(raw)
                if code.count == 6, code.allSatisfy(IdentityInput.isASCIIDigit), !code.hasSuffix("00") {
                    county = code
                    stored[.workCounty] = code
                } else {
                    problems.add(.workCounty, "区县应为 6 位区县代码，请从列表中选择实际工作地址的区县。")
                }
            } else if special?.countyOptional != true, !placeProblem {
                require(.workCounty, "请选择实际工作地址的区县。")
            }

            if let raw = given[.workTownship] {
                let code = CellText.compact(raw)
                if !(code.count == 9 || code.count == 12) || !code.allSatisfy(IdentityInput.isASCIIDigit) {
                    problems.add(.workTownship, "街道/乡镇应为 9 位或 12 位区划代码，请从列表中选择。")
                } else if given[.workCounty] == nil {
                    problems.add(.workTownship, "请先选择区县，再选择街道/乡镇。")
                } else if let county, !code.hasPrefix(county) {
                    problems.add(.workTownship, "所选街道/乡镇不属于所选区县，请重新选择。")
                } else if county != nil {
                    stored[.workTownship] = code
                }
            } else if county != nil, special == nil, !placeProblem {
                require(.workTownship, "请选择实际工作地址的街道/乡镇；列表中找不到时，请选择“系统中未找到对应地址”并手动输入地址。")
            }

            if let value = given[.workAddress] {
                if special?.forbidsAddress == true {
                    problems.add(.workAddress, "选择“工作地点保密”时不填写详细地址，请删除。")
                } else {
                    stored[.workAddress] = value
                }
            } else if special == nil, !placeProblem {
                require(.workAddress, "请填写实际工作地址的详细地址。")
            }

            switch special {
            case .some(let kind) where kind.needsManualAddress:
                if let value = given[.manualAddress] {
                    stored[.manualAddress] = value
                } else {
                    require(.manualAddress, "选择“\(kind.rawValue)”时，请手动输入工作地址。")
                }
            case .some(.secret):
                if given[.manualAddress] != nil {
                    problems.add(.manualAddress, "选择“工作地点保密”时不填写地址，请删除手动输入的地址。")
                }
            case .some(.offshore):
                if let value = given[.manualAddress] { stored[.manualAddress] = value }
            default:
                break // no special place: the manual address is hidden and cleared
            }
            return special
        }

        /// §6.1: a checkbox list with its 其他 text, offered only at a county seat.
        mutating func checkMultiChoice(_ field: Field, other: Field, choices: [String], place: Place) {
            let ticked = GrassrootsForm.items(given[field])
            guard !ticked.isEmpty else { return }
            guard place.townshipIsCountySeat == true else {
                problems.add(field, GrassrootsForm.countySeatRefusal)
                return
            }
            if let unknown = ticked.first(where: { !choices.contains($0) }) {
                problems.add(field, "\(label(field))中的“\(unknown)”不在可选范围内，请从列表中勾选；列表中没有的请勾选“其他”并填写。")
                return
            }
            stored[field] = GrassrootsForm.join(choices.filter(ticked.contains))
            if ticked.contains(GrassrootsForm.otherChoice) {
                if let text = given[other] {
                    stored[other] = text
                } else {
                    require(other, "已勾选\(label(field))的“其他”，请填写具体内容。")
                }
            }
        }

        /// §6.3 and §6.4.
        mutating func checkIndustry() {
            let names = GrassrootsForm.industryTree.map(\.name)
            guard let industry1 = choice(.industry1, in: names, required: true) else { return }
            let children = GrassrootsForm.industryChildren(of: industry1) ?? []
            if !children.isEmpty {
                if let value = given[.industry2] {
                    if children.contains(value) {
                        stored[.industry2] = value
                    } else {
                        problems.add(.industry2, "二级行业“\(value)”不属于一级行业“\(industry1)”，请重新选择。")
                    }
                } else {
                    require(.industry2, "请选择“\(industry1)”下的二级行业。")
                }
            }
            guard industry1 == GrassrootsForm.civilServantIndustry else { return }
            choice(.civilServantKind, in: GrassrootsForm.civilServantKinds, required: true)
            var chosen: [String?] = []
            switch choice(.departmentsSame, in: GrassrootsForm.departmentsSameChoices, required: true) {
            case "是":
                chosen.append(choice(.sameDepartment, in: GrassrootsForm.sameDepartments, required: true))
            case "否":
                chosen.append(choice(.hiringDepartment, in: GrassrootsForm.hiringDepartments, required: true))
                chosen.append(choice(.actualDepartment, in: GrassrootsForm.actualDepartments, required: true))
            default:
                break
            }
            if chosen.contains(GrassrootsForm.otherChoice) {
                if let text = given[.departmentOther] {
                    stored[.departmentOther] = text
                } else {
                    require(.departmentOther, "所选部门为“其他”，请填写具体部门名称。")
                }
            }
        }

        mutating func checkService() {
            var dates: [Field: GraduateDate] = [:]
            for field in [Field.serviceStart, .serviceEnd] {
                guard let raw = given[field] else {
                    require(field, "请填写\(label(field))日期。")
                    continue
                }
                if let date = GrassrootsForm.date(raw) {
                    dates[field] = date
                    stored[field] = date.description
                } else {
                    problems.add(field, "\(label(field))请按“2024-07-01”的格式填写年、月、日。")
                }
            }
            if let start = dates[.serviceStart], let end = dates[.serviceEnd], end <= start {
                problems.add(.serviceEnd, "服务期止应晚于服务期起，请核对协议或合同上的日期。")
            }
        }

        mutating func checkPhoneAndStatement() {
            if let raw = given[.phone] {
                do { stored[.phone] = try MobilePhone(validating: raw).value } catch {
                    problems.add(.phone, "联系电话请填写本人 11 位手机号码。")
                }
            } else {
                require(.phone)
            }
            if let text = given[.statement] {
                stored[.statement] = text
            } else if stage.isReview {
                require(.statement)
            }
        }
    }
}
