import Foundation

extension DestinationForm {
    /// The full check of a registration: the category's fields from `DestinationMatrix`, each
    /// value's format and code tables, then the rules that need reference data — 聘用期限
    /// (离校后不低于6个月), 最低工资标准, 定向/委培 and 推免 (modules review C1, C2, C10, C13).
    public static func check(_ data: [String: String], reference: DestinationReference = DestinationReference()) -> DestinationCheck {
        var result = DestinationCheck()
        func value(_ field: DestinationField) -> String { WorkflowText.trimmed(data[field.key] ?? "") }

        guard let category = category(value(.category)) else {
            result.problems[DestinationField.category.key] = "请选择毕业去向。"
            return result
        }
        guard category.isSelectable else {
            let choices = category.heading.categories.map(\.label).joined(separator: "、")
            result.problems[DestinationField.category.key] = "「\(category.label)」现分为\(choices)，请重新选择毕业去向。"
            return result
        }
        let heading = category.heading
        var subtype: DestinationSubtype?
        if let subtypeLabel = heading.subtypeLabel, !value(.subtype).isEmpty {
            subtype = DestinationSubtype.find(value(.subtype), in: heading)
            if subtype == nil { result.problems[DestinationField.subtype.key] = "请从列表中选择\(subtypeLabel)。" }
        }
        guard let row = DestinationMatrix.row(category: category.code, subtype: subtype?.key) else {
            result.problems[DestinationField.category.key] = "请选择毕业去向。"
            return result
        }
        result.normalized[DestinationField.category.key] = category.code
        if let subtype { result.normalized[DestinationField.subtype.key] = subtype.key }
        result.evidence = row.evidence
        result.requiresTwoLevelSignOff = row.rules.contains(.twoLevelSignOff)

        let shown = reference.formFields ?? Set(DestinationField.allCases)
        for field in DestinationField.allCases where field != .category {
            let presence = row.presence(of: field)
            let text = value(field)
            guard presence != .absent else { continue }
            guard !text.isEmpty else {
                if presence == .required, shown.contains(field), result.problems[field.key] == nil {
                    result.problems[field.key] = requiredMessage(field, row: row, reference: reference, heading: heading)
                }
                continue
            }
            guard field != .subtype else { continue }
            if TextInput.forbiddenCharacter(in: text) != nil {
                result.problems[field.key] = "\(row.label(of: field))中含有看不见的控制字符（多为复制时带入），请删除后重新输入。"
                continue
            }
            switch checkValue(field, text, row: row, category: category, reference: reference) {
            case .accepted(let stored, let note):
                result.normalized[field.key] = stored
                if let note { result.notes.append(note) }
            case .refused(let message):
                result.problems[field.key] = message
            }
        }

        checkEmploymentPeriod(row: row, reference: reference, into: &result)
        checkMinimumWage(row: row, category: category, reference: reference, into: &result)
        checkDirectedTraining(category: category, subtype: subtype, reference: reference, into: &result)
        checkRecommendedAdmission(category: category, reference: reference, into: &result)
        checkSchoolName(data: result.normalized, reference: reference, into: &result)
        return result
    }

    enum ValueOutcome {
        case accepted(String, note: String? = nil)
        case refused(String)
    }

    static func requiredMessage(_ field: DestinationField, row: DestinationMatrix.Row, reference: DestinationReference,
                                heading: DestinationHeading) -> String {
        let label = field == .subtype ? (heading.subtypeLabel ?? field.label) : row.label(of: field)
        if field == .unitLocation, reference.requiresRegionCodes { return "请选择\(label)（选到区县一级）。" }
        if field == .unitLocation { return "请填写\(label)。" }
        return field.isChoice ? "请选择\(label)。" : "请填写\(label)。"
    }

    static func checkValue(_ field: DestinationField, _ text: String, row: DestinationMatrix.Row,
                           category: Category, reference: DestinationReference) -> ValueOutcome {
        let label = row.label(of: field)
        switch field {
        case .category, .subtype:
            return .accepted(text)
        case .remark:
            return text.count > field.maxLength ? .refused("备注不能超过 \(field.maxLength) 个字。") : .accepted(text)
        case .unitName, .unitAddress, .contactName:
            return text.count > field.maxLength ? .refused("\(label)不能超过 \(field.maxLength) 个字，请按证明材料上的内容填写。") : .accepted(text)
        case .unitLocation:
            return checkLocation(text, label: label, reference: reference)
        case .position:
            return positions.contains(where: { $0.code == text }) ? .accepted(text) : .refused("请选择\(label)。")
        case .unitNature, .industry:
            let lookup = field == .unitNature ? reference.lookups?.unitNature : reference.lookups?.industry
            if let lookup {
                return lookup(text).map { .accepted($0.code) } ?? .refused("请从列表中选择\(label)。")
            }
            return text.count == 2 && text.allSatisfy(IdentityInput.isASCIIDigit) ? .accepted(text) : .refused("请从列表中选择\(label)。")
        case .creditCode:
            do {
                let code = try DestinationUnitCode(validating: text)
                return .accepted(code.value, note: code.reviewNote)
            } catch {
                return .refused(error.message)
            }
        case .agreementNumber:
            let number = AgreementNumber.normalized(text)
            return AgreementNumber.problem(number).map { .refused($0.replacingFirst("协议书号", with: label)) } ?? .accepted(number)
        case .unitPostcode:
            return DestinationContact.isPostcode(text) ? .accepted(IdentityInput.compact(text)) : .refused("\(label)应为 6 位数字，请核对。")
        case .contactPhone, .contactFax:
            return DestinationContact.isPhone(text) ? .accepted(text) : .refused("\(label)格式不正确，请填写固定电话（如 023-12345678）或手机号码。")
        case .contactEmail:
            do { return .accepted(try EmailAddress(validating: text).value) } catch { return .refused(error.message) }
        case .contactMobile:
            do { return .accepted(try MobilePhone(validating: text).value) } catch { return .refused(error.message) }
        case .employmentStart, .employmentEnd:
            guard let date = CivilDate.parse(text) else { return .refused("\(label)请填写有效日期，例如 2025-07-01。") }
            return .accepted(date.description)
        case .monthlyIncome:
            switch DestinationAmount.parse(text, max: maximumMonthlyIncome) {
            case .success(let amount): return .accepted(Money.format(amount))
            case .failure(let problem): return .refused(problem.message("月收入"))
            }
        case .schoolCode:
            return checkSchool(text, category: category, reference: reference)
        case .country:
            return checkCountry(text, label: label, reference: reference)
        }
    }

    /// The largest 月收入 accepted (yuan): anything above is a typo.
    public static let maximumMonthlyIncome: Decimal = 1_000_000

    static func checkLocation(_ text: String, label: String, reference: DestinationReference) -> ValueOutcome {
        let code = IdentityInput.compact(text)
        guard RegionCode.isValid(code) else {
            if reference.requiresRegionCodes { return .refused("请从列表中选择\(label)（选到区县一级）。") }
            return text.count > DestinationField.unitLocation.maxLength ? .refused("\(label)不能超过 100 个字。") : .accepted(text)
        }
        if let regionLevel = reference.lookups?.regionLevel {
            guard let level = regionLevel(code) else { return .refused("\(label)代码 \(code) 不在行政区划代码表中，请从列表中重新选择。") }
            if level != .county, reference.requiresRegionCodes { return .refused("\(label)请选择到区县一级。") }
        }
        return .accepted(code)
    }

    static func checkSchool(_ text: String, category: Category, reference: DestinationReference) -> ValueOutcome {
        guard let code = SchoolCode.normalized(text) else {
            return .refused("院校代码应为 5 位数字（如 10001），或 10 位学校标识码，请按录取通知书或调档函核对。")
        }
        guard let lookup = reference.lookups?.school else { return .accepted(code) }
        guard lookup(code) != nil else {
            if category.code == "801", SchoolCode.isResearchInstituteCode(code) {
                return .accepted(code, note: "院校代码 \(code) 为科研院所招生单位代码，不在院校代码表中，请对照录取材料核对。")
            }
            return .refused("院校代码 \(code) 不在全国院校代码表中，请按录取通知书或调档函核对；如录取单位为科研院所，请选择「研究生」并填写其招生单位代码。")
        }
        return .accepted(code)
    }

    static func checkCountry(_ text: String, label: String, reference: DestinationReference) -> ValueOutcome {
        let chinaMessage = "\(label)应为中国大陆以外的国家或地区（港澳台地区请选择中国香港、中国澳门或中国台湾）。"
        if let lookup = reference.lookups?.country {
            guard let entry = lookup(text) ?? CountryCode.normalized(text).flatMap(lookup) else {
                return .refused("请从列表中选择\(label)。")
            }
            return CountryCode.isChina(entry.code) || entry.label == "中国" ? .refused(chinaMessage) : .accepted(entry.code)
        }
        guard let code = CountryCode.normalized(text) else { return .refused("请从列表中选择\(label)。") }
        return CountryCode.isChina(code) ? .refused(chinaMessage) : .accepted(code)
    }
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
