/// The reference data the pre-export check needs (modules review C9), as look-ups so the rule
/// stays free of the database. The app builds it from its code tables once per export.
public struct NationalReference: Sendable {
    /// Level of a *current* 行政区划 code; nil for a code not in the current table.
    public var regionLevel: @Sendable (String) -> RegionLevel?
    /// Codes retired by a 行政区划 change → their successor (C9 (b)); chains are followed.
    public var regionSuccessors: [String: String]
    /// The major catalogue of a level (本科专业目录, 研究生学科专业目录, 高职专业目录): code → entry.
    /// A nil level may search every catalogue.
    public var major: @Sendable (EducationLevel?, String) -> CodeEntry?
    public var unitNature: @Sendable (String) -> CodeEntry?
    /// 单位行业 in the MOE numeric coding (11 … 46, 80), not the GB/T 4754 letters (C9 (c)).
    public var industry: @Sendable (String) -> CodeEntry?
    /// 工作职位类别 codes.
    public var positions: Set<String>
    /// 院校代码 → school; nil: not checked.
    public var school: (@Sendable (String) -> CodeEntry?)?
    /// 国家（地区）→ country; nil: only the form of the code is checked.
    public var country: (@Sendable (String) -> CodeEntry?)?
    /// The accepted names, compared as `NationalUnitName.comparable`; nil: "单位名称不存在" is not checked.
    let acceptedUnitNameKeys: Set<String>?

    public init(regionLevel: @escaping @Sendable (String) -> RegionLevel?, regionSuccessors: [String: String] = [:],
                major: @escaping @Sendable (EducationLevel?, String) -> CodeEntry?,
                unitNature: @escaping @Sendable (String) -> CodeEntry?, industry: @escaping @Sendable (String) -> CodeEntry?,
                positions: Set<String> = Set(DestinationForm.positions.map(\.code)),
                acceptedUnitNames: Set<String>? = nil,
                school: (@Sendable (String) -> CodeEntry?)? = nil, country: (@Sendable (String) -> CodeEntry?)? = nil) {
        self.regionLevel = regionLevel
        self.regionSuccessors = regionSuccessors
        self.major = major
        self.unitNature = unitNature
        self.industry = industry
        self.positions = positions
        self.acceptedUnitNameKeys = acceptedUnitNames.map { Set($0.map(NationalUnitName.comparable)) }
        self.school = school
        self.country = country
    }

    /// Over the app's code tables (行政区划, 单位性质, 单位行业, 院校, 国家和地区); majors by level
    /// come separately (see `majorCatalogue`).
    public init(codes: some CodeLookup, major: @escaping @Sendable (EducationLevel?, String) -> CodeEntry?,
                regionSuccessors: [String: String] = [:], acceptedUnitNames: Set<String>? = nil) {
        self.init(regionLevel: { codes.regionLevel(of: $0) }, regionSuccessors: regionSuccessors, major: major,
                  unitNature: { codes.entry(in: .unitNature, matching: $0) }, industry: { codes.entry(in: .industry, matching: $0) },
                  acceptedUnitNames: acceptedUnitNames,
                  school: { codes.entry(in: .school, matching: $0) }, country: { codes.entry(in: .country, matching: $0) })
    }

    /// A major look-up over catalogues by level, by code only (names repeat across codes).
    public static func majorCatalogue(_ byLevel: [EducationLevel: [CodeEntry]]) -> @Sendable (EducationLevel?, String) -> CodeEntry? {
        let index = byLevel.mapValues { entries in Dictionary(entries.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first }) }
        return { level, code in
            if let level { return index[level]?[code] }
            return EducationLevel.allCases.lazy.compactMap { index[$0]?[code] }.first
        }
    }

    /// The current code that replaced a retired one, following successors; nil when none is current.
    public func currentRegion(replacing code: String) -> String? {
        var code = code
        var seen: Set<String> = [code]
        while let next = regionSuccessors[code], seen.insert(next).inserted {
            if regionLevel(next) != nil { return next }
            code = next
        }
        return nil
    }

    /// Whether the national system has accepted this unit name; nil when no list is loaded.
    public func acceptsUnitName(_ name: String) -> Bool? {
        acceptedUnitNameKeys.map { $0.contains(NationalUnitName.comparable(name)) }
    }
}

/// The check before export (modules review C9): what the national system would refuse, with the
/// seed's wording, so staff fix it before the upload instead of after the feedback. Pure; every
/// table is a look-up in `NationalReference`.
///
/// Unit checks follow `DestinationMatrix`: a field the category does not show is never checked
/// (70x, 71, 72 have no unit; 部队, 国际组织, 境外单位 and 升学 have no credit code, C10).
public enum NationalPrecheck {
    /// The problems of one record, 生源 fields first, then the registration in form order.
    public static func problems(_ record: NationalRecord, reference: NationalReference) -> [NationalProblem] {
        var problems: [NationalProblem] = []
        checkSource(record, reference: reference, into: &problems)
        checkDestination(record, reference: reference, into: &problems)
        return problems
    }

    // MARK: 生源信息

    static func checkSource(_ record: NationalRecord, reference: NationalReference, into problems: inout [NationalProblem]) {
        func add(_ kind: NationalErrorKind, _ key: GraduateField.Key, _ detail: String? = nil) {
            problems.append(NationalProblem(kind, .source(key), detail))
        }
        if record.cohort == nil { add(.sourceFieldMissing, .cohort, "未填写年度。") }
        if CellText.compact(record.educationCode).isEmpty { add(.sourceFieldMissing, .educationLevel, "未填写学历。") }

        let examinee = CellText.compact(record.examineeNumber)
        if examinee.isEmpty {
            add(.sourceFieldMissing, .examineeNo, "未填写考生号，全国系统按考生号查询毕业生信息。")
        } else if !CellText.isDigits(examinee) || !(14...15).contains(examinee.utf8.count) {
            add(.examineeNumberMismatch, .examineeNo, "考生号“\(examinee)”应为 14 位数字（研究生考生编号为 15 位）。")
        } else if let enrolled = record.enrolledExamineeNumber.map(CellText.compact), !enrolled.isEmpty, enrolled != examinee {
            add(.examineeNumberMismatch, .examineeNo, "考生号 \(examinee) 与学籍中的 \(enrolled) 不一致。")
        }
        if WorkflowText.trimmed(record.name).isEmpty { add(.sourceFieldMissing, .name, "未填写姓名。") }
        if CellText.compact(record.documentNumber).isEmpty { add(.sourceFieldMissing, .documentNumber, "未填写证件号码。") }

        checkMajor(record, reference: reference, into: &problems)

        let region = CellText.compact(record.sourceRegion)
        if region.isEmpty {
            add(.sourceRegionNotStandard, .sourceRegion, "未填写生源所在地。")
        } else {
            switch regionVerdict(region, label: "生源所在地", reference: reference) {
            case .notStandard(let detail): add(.sourceRegionNotStandard, .sourceRegion, detail)
            case .notCounty(let detail): add(.sourceRegionNotCounty, .sourceRegion, detail)
            case .current: break
            }
        }

        let phone = WorkflowText.trimmed(record.mobilePhone)
        if phone.isEmpty {
            add(.mobilePhoneMissing, .phone)
        } else if (try? MobilePhone(validating: phone)) == nil {
            add(.mobilePhoneInvalid, .phone, "手机号码“\(phone)”不是 11 位手机号码。")
        }
    }

    static func checkMajor(_ record: NationalRecord, reference: NationalReference, into problems: inout [NationalProblem]) {
        let code = CellText.asciiUppercased(CellText.compact(record.majorCode))
        let name = WorkflowText.trimmed(record.majorName)
        guard !code.isEmpty else {
            problems.append(NationalProblem(.majorCodeNotStandard, .source(.majorCode), "未填写专业代码。"))
            return
        }
        guard let entry = reference.major(record.educationLevel, code), entry.code == code else {
            problems.append(NationalProblem(.majorCodeNotStandard, .source(.majorCode),
                                            "专业代码 \(code) 不在\(catalogueName(record.educationLevel))中。"))
            return
        }
        if name.isEmpty {
            problems.append(NationalProblem(.sourceFieldMissing, .source(.majorName), "未填写专业名称。"))
        } else if !RowCheck.nameMatches(name, catalogue: entry.label) {
            problems.append(NationalProblem(.majorCodeNotStandard, .source(.majorName),
                                            "专业名称“\(name)”与专业代码 \(code) 在目录中的名称“\(entry.label)”不符；同一专业名称可能对应多个专业代码，请按学籍选用。"))
        }
    }

    static func catalogueName(_ level: EducationLevel?) -> String {
        switch level {
        case .junior?: "高职专科专业目录"
        case .bachelor?: "本科专业目录"
        case .master?, .doctor?: "研究生学科专业目录"
        case nil: "专业目录"
        }
    }

    enum RegionVerdict: Equatable {
        case current
        case notStandard(String)
        case notCounty(String)
    }

    /// A 行政区划 code against the *current* table (C9 (b)): a retired code names its successor.
    static func regionVerdict(_ code: String, label: String, reference: NationalReference) -> RegionVerdict {
        guard RegionCode.isValid(code) else { return .notStandard("\(label)“\(code)”不是 6 位行政区划代码。") }
        guard let level = reference.regionLevel(code) else {
            if let successor = reference.currentRegion(replacing: code) {
                return .notStandard("\(label)代码 \(code) 已因行政区划调整停用，现行代码为 \(successor)，请核准后改用现行代码。")
            }
            return .notStandard("\(label)代码 \(code) 不在现行行政区划代码表中。")
        }
        switch level {
        case .county: return .current
        case .city: return .notCounty("\(label)代码 \(code) 是地市级代码。")
        case .province: return .notCounty("\(label)代码 \(code) 是省级代码。")
        }
    }

    // MARK: 去向登记

    static func checkDestination(_ record: NationalRecord, reference: NationalReference, into problems: inout [NationalProblem]) {
        func add(_ kind: NationalErrorKind, _ field: DestinationField, _ detail: String? = nil) {
            problems.append(NationalProblem(kind, .destination(field), detail))
        }
        let code = record.value(.category)
        guard let category = DestinationForm.category(code) else {
            add(.categoryInvalid, .category, code.isEmpty ? "未登记毕业去向。" : "毕业去向代码“\(code)”不在毕业去向代码表中。")
            return
        }
        if !category.isSelectable {
            let choices = category.heading.categories.map { "\($0.code) \($0.label)" }.joined(separator: "、")
            add(.categoryInvalid, .category, "“\(category.code) \(category.label)”已细分为\(choices)，请按证明材料改选。")
        } else if !category.isNationalCode {
            add(.categoryInvalid, .category, "“\(category.label)”（\(category.code)）是本平台代码，全国系统没有这个代码，请系统管理员映射为全国代码后再上报。")
        }
        let subtype = DestinationSubtype.find(record.value(.subtype), in: category.heading)
        guard let row = DestinationMatrix.row(category: category.code, subtype: subtype?.key) else { return }
        func shown(_ field: DestinationField) -> Bool { row.presence(of: field) != .absent }
        func required(_ field: DestinationField) -> Bool { row.presence(of: field) == .required }
        /// Each shown field: its value, or nil after reporting a missing required one.
        func filled(_ field: DestinationField, missing kind: NationalErrorKind) -> String? {
            guard shown(field) else { return nil }
            let value = record.value(field)
            if value.isEmpty, required(field) { add(kind, field, "未填写\(row.label(of: field))。") }
            return value.isEmpty ? nil : value
        }
        // 46 and 10 (部队招收军士或文职人员) are the only categories of a 部队 unit (C9 (d)).
        let military = category.code == "46" || (category.code == "10" && (subtype == nil || subtype?.key == "10-4"))
        // A domestic unit with a Chinese code: the national name registry and 单位联系电话 apply
        // (not to 754, whose 网店名称 is no registered name and which has no 联系电话 field).
        let registeredUnit = shown(.creditCode) && category.code != "754"

        if let name = filled(.unitName, missing: .unitNameNotFound), registeredUnit, reference.acceptsUnitName(name) == false {
            add(.unitNameNotFound, .unitName, "“\(name)”不在全国系统已接受的单位名称中（已忽略全角/半角括号和空格的差异）。")
        }

        var creditCode: String?
        if let raw = filled(.creditCode, missing: .organizationCodeInvalid) {
            do {
                switch try DestinationUnitCode(validating: raw) {
                case .creditCode(let value): creditCode = value
                case .organizationCode: break
                case .registrationNumber(let number):
                    add(.organizationCodeInvalid, .creditCode, "“\(number)”是 15 位工商注册号，无法得出组织机构代码，请填写营业执照上的 18 位统一社会信用代码。")
                }
            } catch {
                add(.organizationCodeInvalid, .creditCode, error.message)
            }
        }
        if let code = creditCode, category.code == "753", !code.hasPrefix("92") {
            add(.organizationCodeInvalid, .creditCode, "个体工商户创业的统一社会信用代码应以 92 开头（个体工商户），\(code) 不是；如创立的是企业，请改选创立公司。")
        } else if let code = creditCode, category.code == "751", code.hasPrefix("92") {
            add(.organizationCodeInvalid, .creditCode, "以 92 开头的统一社会信用代码属于个体工商户，创立公司应填写企业的代码；如登记的是个体工商户，请改选个体工商户创业。")
        }

        if let raw = filled(.schoolCode, missing: .organizationCodeInvalid) {
            checkSchool(raw, category: category, name: record.value(.unitName), reference: reference, into: &problems)
        }

        // Kept only when consistent, so one wrong 单位性质 is reported once, not again by each pair.
        var nature: String?
        if let value = filled(.unitNature, missing: .unitNatureInvalid) {
            var detail: String?
            if reference.unitNature(value)?.code != value {
                detail = "单位性质“\(value)”不是单位性质代码表中的代码。"
            } else if value == "40", !military {
                detail = "单位性质为部队（40）时，毕业去向应为应征义务兵，或签就业协议形式就业中的部队招收军士或文职人员。"
            } else if subtype?.key == "10-4", value != "40" {
                detail = "部队招收军士或文职人员的单位性质应为部队（40）。"
            } else if let code = creditCode, let expected = expectedNatures(creditCode: code), !expected.natures.contains(value) {
                let labels = expected.natures.map { reference.unitNature($0)?.label ?? $0 }.joined(separator: "、")
                detail = "统一社会信用代码以 \(code.prefix(2)) 开头（\(expected.label)），单位性质应为\(labels)之一。"
            }
            if let detail { add(.unitNatureInvalid, .unitNature, detail) } else { nature = value }
        }

        if let value = filled(.industry, missing: .industryInvalid) {
            if !isIndustryCode(value) || reference.industry(value)?.code != value {
                let letter = value.count == 1 && ("A"..."T").contains(value)
                add(.industryInvalid, .industry, letter
                    ? "单位行业“\(value)”是国民经济行业分类的门类字母，全国系统使用教育部数字代码（11–80），请重新选择。"
                    : "单位行业“\(value)”不是单位行业代码表中的代码（教育部数字代码 11–80）。")
            } else if value == "80", !military {
                add(.industryInvalid, .industry, "单位行业为军队（80）只适用于应征义务兵或部队招收军士、文职人员。")
            } else if value == "80", let nature, nature != "40" {
                add(.industryInvalid, .industry, "单位行业为军队（80）时，单位性质应为部队（40）。")
            } else if nature == "40", value != "80" {
                add(.industryInvalid, .industry, "单位性质为部队（40）时，单位行业应为军队（80）。")
            } else if subtype?.key == "10-6", value != "46" {
                add(.industryInvalid, .industry, "国际组织任职的单位行业应为国际组织（46）。")
            }
        }

        if let value = filled(.position, missing: .positionInvalid) {
            if !reference.positions.contains(value) {
                add(.positionInvalid, .position, "\(row.label(of: .position))“\(value)”不在工作职位类别代码表中。")
            } else if value == "80", !military {
                add(.positionInvalid, .position, "工作职位类别为军人（80）只适用于应征义务兵或部队招收的军士。")
            } else if value == "80", let nature, nature != "40" {
                add(.positionInvalid, .position, "工作职位类别为军人（80）时，单位性质应为部队（40）。")
            }
        }

        if let value = filled(.unitLocation, missing: .unitLocationInvalid) {
            switch regionVerdict(CellText.compact(value), label: row.label(of: .unitLocation), reference: reference) {
            case .notStandard(let detail), .notCounty(let detail): add(.unitLocationInvalid, .unitLocation, detail)
            case .current: break
            }
        }

        if let value = filled(.country, missing: .countryInvalid), let detail = countryProblem(value, label: row.label(of: .country), reference: reference) {
            add(.countryInvalid, .country, detail)
        }

        if shown(.contactPhone) {
            let phone = record.value(.contactPhone)
            if phone.isEmpty, required(.contactPhone) || registeredUnit {
                add(.contactPhoneMissing, .contactPhone)
            } else if !phone.isEmpty, !DestinationContact.isPhone(phone) {
                add(.contactPhoneInvalid, .contactPhone, "“\(phone)”不是电话号码，请填写固定电话（如 023-12345678）或手机号码。")
            }
        }
        if let email = filled(.contactEmail, missing: .contactEmailInvalid), (try? EmailAddress(validating: email)) == nil {
            add(.contactEmailInvalid, .contactEmail, "“\(email)”不是有效的电子邮箱地址，例如 hr@example.com。")
        }
    }

    /// 升学: the admitting school by 院校代码 (C9 (d) 801/802 ↔ 院校, C10: it stands in for the 组织机构代码).
    static func checkSchool(_ raw: String, category: DestinationForm.Category, name: String, reference: NationalReference,
                            into problems: inout [NationalProblem]) {
        guard let code = SchoolCode.normalized(raw) else {
            problems.append(NationalProblem(.organizationCodeInvalid, .destination(.schoolCode), "院校代码“\(raw)”应为 5 位数字或 10 位学校标识码。"))
            return
        }
        guard let lookup = reference.school else { return }
        if let school = lookup(code) {
            if !name.isEmpty, NationalUnitName.comparable(name) != NationalUnitName.comparable(school.label) {
                problems.append(NationalProblem(.unitNameNotFound, .destination(.unitName),
                                                "录取院校“\(name)”与院校代码 \(code) 对应的“\(school.label)”不一致，全国系统按院校代码表中的名称核对。"))
            }
        } else if !(category.code == "801" && SchoolCode.isResearchInstituteCode(code)) {
            problems.append(NationalProblem(.organizationCodeInvalid, .destination(.schoolCode), "院校代码 \(code) 不在全国院校代码表中。"))
        }
    }

    static func countryProblem(_ raw: String, label: String, reference: NationalReference) -> String? {
        let chinaMessage = "\(label)应为中国大陆以外的国家或地区。"
        if let lookup = reference.country {
            guard let entry = lookup(raw) ?? CountryCode.normalized(raw).flatMap(lookup) else { return "\(label)“\(raw)”不在国家和地区代码表中。" }
            return CountryCode.isChina(entry.code) || entry.label == "中国" ? chinaMessage : nil
        }
        guard let code = CountryCode.normalized(raw) else { return "\(label)“\(raw)”不是国家（地区）代码。" }
        return CountryCode.isChina(code) ? chinaMessage : nil
    }

    /// The MOE numeric industry coding: two digits, 11 to 80 (C9 (c)).
    static func isIndustryCode(_ value: String) -> Bool {
        value.utf8.count == 2 && CellText.isDigits(value) && (11...80).contains(Int(value) ?? 0)
    }

    // MARK: Credit code and 单位性质 (C9 (f))

    /// The 单位性质 codes a credit code's registering authority allows (GB 32100: first character
    /// 1 = 机构编制, 5 = 民政, 9 = 工商; second character the kind). nil: not checked.
    static func expectedNatures(creditCode code: String) -> (label: String, natures: [String])? {
        switch (code.first, code.dropFirst().first) {
        case ("1"?, "1"?): ("机构编制部门登记的机关", ["10"])
        case ("1"?, "2"?): ("机构编制部门登记的事业单位", ["20", "21", "22", "23", "29"])
        case ("1"?, _): ("机构编制部门登记的机关、事业单位或群众团体", ["10", "20", "21", "22", "23", "29", "99"])
        case ("5"?, _): ("民政部门登记的社会组织或基层群众性自治组织", ["20", "21", "22", "23", "29", "55", "56", "99"])
        case ("9"?, "1"?): ("工商部门登记的企业", ["31", "32", "39"])
        case ("9"?, "2"?): ("个体工商户", ["39", "99"])
        case ("9"?, _): ("工商部门登记的农民专业合作社等", ["39", "99"])
        default: nil
        }
    }
}
