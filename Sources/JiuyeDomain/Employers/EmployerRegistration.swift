/// 用人单位注册 — a unit registering itself on the platform (PRODUCT.md §4 "employer registration
/// with qualification check"). The unit facts are those seed 003 §3.4.2.1 asks a graduate to enter
/// for an unregistered unit (单位名称, 统一社会信用代码, 单位行业, 单位性质, 单位所在地, 通讯地址),
/// so a unit registered either way is one row of the unit table; the unit adds its 联系人,
/// 联系电话 and 电子邮箱. `check` gives the values as stored, or a Chinese sentence per field.
/// After registration the unit waits for 资质鉴证 (`Qualification`).
public struct EmployerRegistration: Sendable, Equatable {
    public enum Field: String, CaseIterable, Sendable {
        case name = "unit_name"
        case creditCode = "credit_code"
        case nature = "unit_nature"
        case industry = "industry"
        case location = "unit_location"
        case address = "unit_address"
        case contactName = "contact_name"
        case contactPhone = "contact_phone"
        case email = "contact_email"

        public var label: String {
            switch self {
            case .name: "单位名称"
            case .creditCode: "统一社会信用代码"
            case .nature: "单位性质"
            case .industry: "单位行业"
            case .location: "单位所在地"
            case .address: "详细地址"
            case .contactName: "联系人"
            case .contactPhone: "联系电话"
            case .email: "电子邮箱"
            }
        }

        /// Assumption: 单位名称 and 详细地址 up to 100 characters (the unit table's limit), 联系人 up
        /// to 20 (a name, or a department such as 人力资源部).
        public var maxLength: Int? {
            switch self {
            case .name, .address: 100
            case .contactName: 20
            default: nil
            }
        }
    }

    /// As it is stored: full-width letters and digits made half-width, brackets written （）
    /// as on a 营业执照, runs of spaces made one.
    public let name: String
    public let creditCode: CreditCode
    public let natureCode: String
    public let industryCode: String
    /// A county-level 行政区划 code.
    public let locationCode: String
    public let address: String
    public let contactName: String
    /// 11 digits for a mobile number, "023-65678901" (转 extension) for a landline.
    public let contactPhone: String
    public let email: String

    /// The code tables the check reads, as `DestinationLookups` does.
    public struct Reference: Sendable {
        public var unitNature: @Sendable (String) -> CodeEntry?
        public var industry: @Sendable (String) -> CodeEntry?
        public var regionLevel: @Sendable (String) -> RegionLevel?

        public init(unitNature: @escaping @Sendable (String) -> CodeEntry?, industry: @escaping @Sendable (String) -> CodeEntry?,
                    regionLevel: @escaping @Sendable (String) -> RegionLevel?) {
            self.unitNature = unitNature
            self.industry = industry
            self.regionLevel = regionLevel
        }

        public init(codes: some CodeLookup) {
            self.unitNature = { codes.entry(in: .unitNature, matching: $0) }
            self.industry = { codes.entry(in: .industry, matching: $0) }
            self.regionLevel = { codes.regionLevel(of: $0) }
        }
    }

    /// Every field is required. 单位性质 must agree with the credit code's registering authority
    /// (modules review C9 (f): 1 = 机构编制, 5 = 民政, 9 = 工商), 单位行业 is the MOE numeric code
    /// (C9 (c)), and 单位所在地 is picked to county level (seed 004).
    public static func check(_ data: [Field: String], reference: Reference) -> Result<EmployerRegistration, FormProblems<Field>> {
        var problems = FormProblems<Field>()
        func text(_ field: Field) -> String? {
            let value = FormFieldText.singleLine(data[field] ?? "")
            guard !value.isEmpty else {
                problems[field] = field == .nature || field == .industry || field == .location
                    ? "请选择\(field.label)。" : "请填写\(field.label)。"
                return nil
            }
            if let problem = FormFieldText.problem(value, label: field.label, maxLength: field.maxLength) {
                problems[field] = problem
                return nil
            }
            return value
        }

        let name = text(.name).flatMap { raw -> String? in
            let stored = EmployerMatch.storedName(raw)
            guard stored.count >= 2, stored.contains(where: { $0.isLetter }) else {
                problems[.name] = "单位名称请按营业执照或登记证书上的全称填写。"
                return nil
            }
            return stored
        }
        var creditCode: CreditCode?
        if let raw = text(.creditCode) {
            do { creditCode = try CreditCode(validating: raw) } catch { problems[.creditCode] = error.message }
        }
        var nature: String?
        if let raw = text(.nature) {
            if let entry = reference.unitNature(raw) {
                nature = entry.code
                if let code = creditCode?.value, let expected = NationalPrecheck.expectedNatures(creditCode: code), !expected.natures.contains(entry.code) {
                    let labels = expected.natures.map { reference.unitNature($0)?.label ?? $0 }.joined(separator: "、")
                    problems[.nature] = "统一社会信用代码以 \(code.prefix(2)) 开头（\(expected.label)），单位性质应为\(labels)之一，请核对单位性质或统一社会信用代码。"
                    nature = nil
                }
            } else {
                problems[.nature] = "请从列表中选择单位性质。"
            }
        }
        var industry: String?
        if let raw = text(.industry) {
            if let entry = reference.industry(raw), NationalPrecheck.isIndustryCode(entry.code) {
                industry = entry.code
            } else if raw.count == 1, ("A"..."T").contains(raw.uppercased()) {
                problems[.industry] = "单位行业“\(raw)”是国民经济行业分类的门类字母，请从列表中选择单位行业（教育部数字代码）。"
            } else {
                problems[.industry] = "请从列表中选择单位行业。"
            }
        }
        var location: String?
        if let raw = text(.location) {
            let code = IdentityInput.compact(raw)
            switch RegionCode.isValid(code) ? reference.regionLevel(code) : nil {
            case .county?: location = code
            case .province?, .city?: problems[.location] = "单位所在地请选择到区县一级。"
            case nil: problems[.location] = "请从列表中选择单位所在地（选到区县一级）。"
            }
        }
        let address = text(.address)
        let contactName = text(.contactName)
        var phone: String?
        if let raw = text(.contactPhone) {
            phone = LandlineOrMobile.normalized(raw)
            if phone == nil { problems[.contactPhone] = LandlineOrMobile.refusal(label: Field.contactPhone.label) }
        }
        var email: String?
        if let raw = text(.email) {
            do { email = try EmailAddress(validating: raw).value } catch { problems[.email] = error.message }
        }

        guard problems.isEmpty, let name, let creditCode, let nature, let industry, let location, let address, let contactName,
              let phone, let email
        else { return .failure(problems) }
        return .success(EmployerRegistration(name: name, creditCode: creditCode, natureCode: nature, industryCode: industry,
                                             locationCode: location, address: address, contactName: contactName,
                                             contactPhone: phone, email: email))
    }
}

/// The problems of a form by field: each a Chinese sentence naming the field and saying what to do.
/// Empty when the form may be saved.
public struct FormProblems<Field: Hashable & Sendable>: Error, Equatable, Sendable {
    public var messages: [Field: String]

    public init(_ messages: [Field: String] = [:]) {
        self.messages = messages
    }

    public var isEmpty: Bool { messages.isEmpty }

    /// Keeps the first message a field gets.
    public subscript(field: Field) -> String? {
        get { messages[field] }
        set { if messages[field] == nil { messages[field] = newValue } }
    }
}

/// 联系电话 of a unit or an archive office: a mainland mobile number, a landline with its area code
/// (extension after 转, "-" or "#"), or a 400/800 service number.
///
/// Assumption: a landline without its area code is refused, because the number is dialled from
/// another city (the school, a graduate, the post office).
public enum LandlineOrMobile {
    /// 11 digits, "023-65678901", "0830-1234567转123", "400-810-8888"; nil when not a phone number.
    public static func normalized(_ raw: String) -> String? {
        if let mobile = try? MobilePhone(validating: raw) { return mobile.value }
        var text = IdentityInput.asciiLowercased(IdentityInput.compact(raw, removing: ["(", ")", "（", "）", "."]))
        for prefix in ["+86", "0086"] where text.hasPrefix(prefix) {
            text = "0" + text.dropFirst(prefix.count).drop { $0 == "-" }
            break
        }
        var main = text
        var extensionDigits = ""
        for mark in ["转", "分机", "ext", "#"] {
            if let range = text.range(of: mark) {
                main = String(text[..<range.lowerBound])
                extensionDigits = String(text[range.upperBound...])
                break
            }
        }
        if extensionDigits.isEmpty {
            let groups = main.split(separator: "-", omittingEmptySubsequences: false)
            if groups.count == 3, groups[0].hasPrefix("0"), groups[2].count <= 6 {
                main = groups[0] + "-" + groups[1]
                extensionDigits = String(groups[2])
            }
        }
        guard extensionDigits.count <= 6, extensionDigits.allSatisfy(IdentityInput.isASCIIDigit),
              main.allSatisfy({ IdentityInput.isASCIIDigit($0) || $0 == "-" })
        else { return nil }
        let digits = main.filter(IdentityInput.isASCIIDigit)
        if digits.count == 10, digits.hasPrefix("400") || digits.hasPrefix("800"), extensionDigits.isEmpty {
            let d = Array(digits)
            return String(d[0..<3]) + "-" + String(d[3..<6]) + "-" + String(d[6...])
        }
        guard digits.first == "0", digits.count >= 10 else { return nil }
        // 010 and 020–029 are three-digit area codes; every other area code has four digits.
        let areaLength = digits.dropFirst().first == "1" || digits.dropFirst().first == "2" ? 3 : 4
        let area = String(digits.prefix(areaLength))
        let local = String(digits.dropFirst(areaLength))
        guard (areaLength == 3 ? 8...8 : 7...8).contains(local.count), let first = local.first, first != "0", first != "1"
        else { return nil }
        return area + "-" + local + (extensionDigits.isEmpty ? "" : "转" + extensionDigits)
    }

    public static func refusal(label: String) -> String {
        "\(label)请填写 11 位手机号码，或带区号的固定电话（如 023-65678901，分机写在“转”后）。"
    }
}

/// A value refused, with the Chinese sentence saying what to do.
struct FieldRefusal: Error {
    let message: String
}

/// What every typed field of these forms shares.
public enum FormFieldText {
    /// One line: trimmed, line breaks and tabs made spaces, runs of spaces made one.
    public static func singleLine(_ raw: String) -> String {
        var out = ""
        var pendingSpace = false
        for c in WorkflowText.trimmed(raw) {
            if c.isWhitespace {
                pendingSpace = true
            } else {
                if pendingSpace, !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(c)
            }
        }
        return out
    }

    /// A hidden control character, or more than `maxLength` characters; nil when the text is clean.
    public static func problem(_ text: String, label: String, maxLength: Int?) -> String? {
        if TextInput.forbiddenCharacter(in: text) != nil {
            return "\(label)中含有看不见的控制字符（多为复制时带入），请删除后重新输入。"
        }
        if let maxLength, text.count > maxLength {
            return "\(label)不能超过 \(maxLength) 个字，您填写了 \(text.count) 个字，请精简后再保存。"
        }
        return nil
    }
}

/// Finding a registering unit in the platform's unit table, so a unit that a graduate entered
/// (seed 003 §3.4.2.1 "从系统中选择"), a school imported or an earlier registration created is
/// matched, not registered twice.
///
/// The rule: the same 统一社会信用代码 is the same unit. Otherwise a unit on file with the same
/// normalized name and no credit code is a candidate, which the registrant or the school confirms.
/// A unit on file with the same name under another credit code is reported apart: one of the two
/// codes is probably mistyped (Assumption: the school resolves it; the registration is not merged).
public enum EmployerMatch {
    /// A unit of the table: its id, its name and its credit code when one is on file.
    public struct Known<ID: Hashable & Sendable>: Sendable, Equatable {
        public let id: ID
        public let name: String
        public let creditCode: String?

        public init(id: ID, name: String, creditCode: String?) {
            self.id = id
            self.name = name
            self.creditCode = creditCode
        }
    }

    public enum Outcome<ID: Hashable & Sendable>: Sendable, Equatable {
        /// The unit with this credit code.
        case sameUnit(ID)
        /// Units of the same name with no credit code on file: "是否为以下单位？".
        case candidates([ID])
        /// Units of the same name on file under another credit code.
        case nameUnderOtherCode([ID])
        /// Nothing on file: register a new unit.
        case newUnit
    }

    /// The unit `name` / `creditCode` is, among `units`. Without a credit code (a graduate's entry
    /// for a unit that has none, C10), every unit of the same name is a candidate.
    public static func match<ID>(name: String, creditCode: String?, in units: [Known<ID>]) -> Outcome<ID> {
        let code = creditCode.map(normalizedCode).flatMap { $0.isEmpty ? nil : $0 }
        if let code, let same = units.first(where: { $0.creditCode.map(normalizedCode) == code }) {
            return .sameUnit(same.id)
        }
        let key = normalizedName(name)
        guard !key.isEmpty else { return .newUnit }
        let named = units.filter { normalizedName($0.name) == key }
        let withoutCode = named.filter { ($0.creditCode.map(normalizedCode) ?? "").isEmpty }
        if code == nil, !named.isEmpty { return .candidates(named.map(\.id)) }
        if !withoutCode.isEmpty { return .candidates(withoutCode.map(\.id)) }
        if !named.isEmpty { return .nameUnderOtherCode(named.map(\.id)) }
        return .newUnit
    }

    /// The name as compared: full-width letters, digits and brackets made half-width, every bracket
    /// form （）【】〔〕[] made (), ASCII letters upper-cased, all spaces removed. The legal form stays:
    /// "某某有限公司", "某某有限责任公司" and "某某" are three names.
    public static func normalizedName(_ name: String) -> String {
        var out = ""
        for c in IdentityInput.asciiUppercased(IdentityInput.halfWidth(name)) where !c.isWhitespace {
            switch c {
            case "[", "【", "〔", "〖": out.append("(")
            case "]", "】", "〕", "〗": out.append(")")
            case "・", "•", "･": out.append("·")
            default: out.append(c)
            }
        }
        return out
    }

    /// The name as stored: as typed, except full-width letters and digits made half-width, the
    /// brackets written （）as on a 营业执照, and runs of spaces made one.
    ///
    /// Assumption: （）is the registered form of Chinese unit names (e.g. 腾讯科技（深圳）有限公司).
    public static func storedName(_ name: String) -> String {
        let half = FormFieldText.singleLine(IdentityInput.halfWidth(name))
        return String(half.map { c -> Character in
            switch c {
            case "(": "（"
            case ")": "）"
            default: c
            }
        })
    }

    static func normalizedCode(_ code: String) -> String {
        IdentityInput.asciiUppercased(IdentityInput.compact(code, removing: ["-"]))
    }
}

/// The login name of an employer account (registration and 添加招聘人员): 4–30 ASCII letters,
/// digits, "_" or "-", not all digits (the login box also takes 学号 and phone numbers).
public enum EmployerUsername {
    /// The problem in Chinese, or nil when `username` (already lower-cased) may be used.
    public static func problem(_ username: String) -> String? {
        if username.isEmpty { return "请填写登录用户名。" }
        guard (4...30).contains(username.count), username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
            return "用户名为 4–30 位字母、数字、“_”或“-”。"
        }
        if username.allSatisfy(\.isNumber) { return "用户名不能全为数字（避免与学号、手机号混淆），请加上字母。" }
        return nil
    }
}
