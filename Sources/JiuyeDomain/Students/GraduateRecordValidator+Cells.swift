/// The check of one non-empty cell by its field's kind: returns the stored value or throws
/// the Chinese message.
extension RowCheck {
    mutating func cellValue(_ field: GraduateField, _ text: String) throws(ValidationError) -> String {
        func fail(_ message: String) -> ValidationError { ValidationError(field: field.key.rawValue, message: message) }
        switch field.kind {
        case .text(let maxLength):
            if text.utf8.count > maxLength, text.count > maxLength {
                throw fail("\(field.label)不能超过 \(maxLength) 个字。")
            }
            return text

        case .personName:
            return try personName(text, fail)

        case .choice(let choices):
            guard let value = choices.value(for: text) else {
                throw fail("\(field.label)只能填写：\(choices.labels.joined(separator: "、"))。")
            }
            return value

        case .code(let table):
            return try code(field, table, text, fail)

        case .region(let countyLevel):
            return try region(field, text, countyLevel: countyLevel, fail)

        case .date:
            guard let date = GraduateDate.parse(text) else {
                throw fail("\(field.label)格式不正确，请填写如 2022-09 或 2022-09-01 的日期。")
            }
            if field.key == .enrolmentDate { enrolment = date }
            if field.key == .graduationDate { graduation = date }
            return date.description

        case .year:
            var plain = CellText.droppingZeroFraction(CellText.compact(text))
            if plain.hasSuffix("届") || plain.hasSuffix("年") { plain.removeLast() }
            guard plain.utf8.count == 4, let year = CellText.integer(Substring(plain).utf8), (1990...2100).contains(year) else {
                throw fail("\(field.label)应为 4 位年份，例如 2025。")
            }
            record.cohort = year
            return plain

        case .yearsOfStudy:
            guard let value = Self.yearsOfStudy(CellText.compact(text)) else {
                throw fail("\(field.label)应为 1 至 8 年，整年或半年，例如 4 或 2.5。")
            }
            return value

        case .documentNumber:
            return try documentNumber(text, fail)

        case .studentNumber:
            let plain = CellText.droppingZeroFraction(CellText.compact(text))
            if CellText.isScientificNotation(plain) { throw fail(Self.scientificMessage(field.label)) }
            guard plain.utf8.count <= 30, plain.utf8.allSatisfy({ Self.isStudentNumberByte($0) }) else {
                throw fail("\(field.label)只能包含字母、数字、“-”和“_”，最多 30 位。")
            }
            return plain

        case .examineeNumber:
            let plain = CellText.droppingZeroFraction(CellText.compact(text))
            if CellText.isScientificNotation(plain) { throw fail(Self.scientificMessage(field.label)) }
            guard CellText.isDigits(plain), (14...15).contains(plain.utf8.count) else {
                throw fail("\(field.label)应为 14 位数字（研究生考生编号为 15 位）。")
            }
            return plain

        case .mobile:
            if let value = FastPath.mobile(CellText.compact(text)) { return value }
            return try MobilePhone(validating: text).value

        case .email:
            if let value = FastPath.email(text) { return value }
            return try EmailAddress(validating: text).value

        case .telephone:
            let plain = CellText.compact(text)
            let digits = plain.utf8.filter { $0 != 0x2D && $0 != 0x28 && $0 != 0x29 }  // - ( )
            guard (7...12).contains(digits.count), digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                throw fail("\(field.label)格式不正确，请填写区号加号码（如 023-65678901）或手机号码。")
            }
            return plain

        case .postcode:
            var plain = CellText.droppingZeroFraction(CellText.compact(text))
            // A numeric cell loses the leading 0 of 内蒙古 and 山西 postcodes (010000 → 10000).
            if plain.utf8.count == 5, CellText.isDigits(plain) { plain = "0" + plain }
            guard plain.utf8.count == 6, CellText.isDigits(plain) else {
                throw fail("\(field.label)应为 6 位数字。")
            }
            return plain

        case .qq:
            let plain = CellText.droppingZeroFraction(CellText.compact(text))
            guard (5...11).contains(plain.utf8.count), CellText.isDigits(plain), plain.utf8.first != 0x30 else {
                throw fail("\(field.label)号应为 5–11 位数字。")
            }
            return plain
        }
    }

    // MARK: - 姓名

    /// Letters of any script with spaces and the 间隔号 "·" of minority and foreign names;
    /// the look-alike dots people type become "·".
    func personName(_ text: String, _ fail: (String) -> ValidationError) throws(ValidationError) -> String {
        var hasNonASCII = false, needsDots = false
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x30...0x39:
                throw fail("姓名不能包含数字。")
            case 0xFFFD, 0x3F:
                throw fail("姓名含有无法识别的字符“?”，请检查文件的编码（Excel 另存为 CSV 时请选择 UTF-8 或 GBK）。")
            case 0x2022, 0x2027, 0x2219, 0x30FB, 0xFF65:
                needsDots = true
                hasNonASCII = true
            case 0x41...0x5A, 0x61...0x7A, 0x20, 0x2D, 0x27, 0xB7:
                continue
            case 0x2E:
                needsDots = true
            case 0x00...0x7F:
                throw fail("姓名只能包含文字、空格和间隔号“·”。")
            default:
                hasNonASCII = true
            }
        }
        if text.utf8.count > 50, text.count > 50 { throw fail("姓名不能超过 50 个字。") }
        guard needsDots else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x2022, 0x2027, 0x2219, 0x30FB, 0xFF65: scalars.append("\u{B7}")
            // "阿依古丽.买买提": a full stop in a Chinese name is the 间隔号; "John F. Smith" keeps it.
            case 0x2E where hasNonASCII: scalars.append("\u{B7}")
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    // MARK: - Codes

    mutating func code(_ field: GraduateField, _ table: CodeTable, _ text: String,
                       _ fail: (String) -> ValidationError) throws(ValidationError) -> String {
        switch table {
        case .documentType:
            if let type = IdentityDocumentType(rawValue: CellText.asciiUppercased(text))
                ?? IdentityDocumentType.allCases.first(where: { $0.label == text }) {
                record.documentType = type
                return type.rawValue
            }
            guard let entry = resolve(table, text) else {
                throw fail(Self.unknownCodeMessage(field.label, text))
            }
            record.documentType = IdentityDocumentType(rawValue: entry.code)
            return entry.code
        case .major:
            var plain = CellText.asciiUppercased(CellText.droppingZeroFraction(CellText.compact(text)))
            // A numeric cell loses the leading 0 of 01 哲学 … 09 农学 codes (010101 → 10101).
            if plain.utf8.count == 5, CellText.isDigits(plain) { plain = "0" + plain }
            guard let entry = validator.lookup.entry(in: .major, matching: plain), entry.code == plain else {
                throw fail("\(field.label)“\(plain)”不是标准代码，请与学籍部门核对。")
            }
            majorEntry = entry
            return entry.code
        default:
            guard let entry = resolve(table, text) else {
                throw fail(Self.unknownCodeMessage(field.label, text))
            }
            if table == .educationLevel { record.level = Self.level(of: entry) }
            return entry.code
        }
    }

    /// A coded cell that names no row of its table, code, name nor alias.
    static func unknownCodeMessage(_ label: String, _ text: String) -> String {
        "\(label)“\(text)”不在代码表中，请填写代码表中的代码、名称或常用简称（见导入模板的“代码表”）。"
    }

    /// The entry a cell names: its code, its label or one of its aliases, the code Excel stripped of a leading 0
    /// ("1" for 民族 01), or a "code label" pair as drop-down lists write it ("01 汉族",
    /// "01-汉族", "01|汉族", "汉族(01)").
    func resolve(_ table: CodeTable, _ text: String) -> CodeEntry? {
        let lookup = validator.lookup
        if let entry = lookup.entry(in: table, matching: text) { return entry }
        let plain = CellText.droppingZeroFraction(text)
        if plain != text, let entry = lookup.entry(in: table, matching: plain) { return entry }
        if plain.utf8.count == 1, CellText.isDigits(plain), let entry = lookup.entry(in: table, matching: "0" + plain) {
            return entry
        }
        let upper = CellText.asciiUppercased(text)
        if upper != text, let entry = lookup.entry(in: table, matching: upper) { return entry }
        for part in Self.codeAndLabel(text) {
            if let entry = lookup.entry(in: table, matching: part) { return entry }
        }
        // "共青 团员": a space typed inside a name.
        let compact = CellText.compact(text)
        if compact != text, let entry = lookup.entry(in: table, matching: compact) { return entry }
        return nil
    }

    /// The two halves of "01 汉族", "01-汉族", "01|汉族", "01:汉族", "汉族(01)"; empty otherwise.
    static func codeAndLabel(_ text: String) -> [String] {
        let separators: Set<Unicode.Scalar> = [" ", "-", "|", ":", "：", "、", "/", "_"]
        if text.hasSuffix(")"), let open = text.firstIndex(of: "(") {
            let outer = CellText.clean(String(text[..<open]))
            let inner = CellText.clean(String(text[text.index(after: open)..<text.index(before: text.endIndex)]))
            return [inner, outer].filter { !$0.isEmpty }
        }
        guard let cut = text.unicodeScalars.firstIndex(where: { separators.contains($0) }) else { return [] }
        let head = String(text.unicodeScalars[..<cut])
        var tail = Substring(text.unicodeScalars[text.unicodeScalars.index(after: cut)...])
        while let first = tail.unicodeScalars.first, separators.contains(first) { tail = tail.dropFirst() }
        return [head, String(tail)].filter { !$0.isEmpty }
    }

    /// 专科/本科/硕士/博士 from a 学历 entry ("31 本科生毕业", "11 硕士生毕业" …).
    static func level(of entry: CodeEntry) -> EducationLevel? {
        let label = entry.label
        if FastPath.contains(label, "博士") { return .doctor }
        if FastPath.contains(label, "硕士") { return .master }
        if FastPath.contains(label, "本科") || FastPath.contains(label, "学士") { return .bachelor }
        if FastPath.contains(label, "专科") || FastPath.contains(label, "高职") { return .junior }
        return EducationLevel(rawValue: label)
    }

    // MARK: - 行政区划

    func region(_ field: GraduateField, _ text: String, countyLevel: Bool,
                _ fail: (String) -> ValidationError) throws(ValidationError) -> String {
        let lookup = validator.lookup
        var code = CellText.droppingZeroFraction(CellText.compact(text))
        // "500103 渝中区" / "500103渝中区": the code before the name.
        let utf8 = code.utf8
        if utf8.count > 6, CellText.isDigits(utf8.prefix(6)), !CellText.isDigits(Substring(code).utf8.dropFirst(6).prefix(1)) {
            code = String(Substring(code).utf8.prefix(6))!
        }
        if !(code.utf8.count == 6 && CellText.isDigits(code)) {
            guard let entry = lookup.entry(in: .region, matching: text) else {
                throw fail("\(field.label)请填写 6 位行政区划代码，例如 500103。")
            }
            code = entry.code
        }
        switch lookup.regionLevel(of: code) {
        case nil:
            throw fail("\(field.label)“\(code)”不是标准行政区划代码，请核对后填写区县代码。")
        case .province? where countyLevel:
            throw fail("\(field.label)须填写到区县一级，“\(code)”是省级代码。")
        case .city? where countyLevel:
            throw fail("\(field.label)须填写到区县一级，“\(code)”是市级代码。")
        default:
            return code
        }
    }

    // MARK: - 证件号码

    mutating func documentNumber(_ text: String, _ fail: (String) -> ValidationError) throws(ValidationError) -> String {
        if documentTypeFailed { return CellText.compact(text) }  // reported on 证件类型 already
        let plain = CellText.compact(text)
        if CellText.isScientificNotation(plain) { throw fail(Self.scientificMessage("证件号码")) }
        let typeGiven = record[.documentType] != nil
        var type = record.documentType
        if !typeGiven {
            // No 证件类型: a 居民身份证, unless the number is a 港澳台居民居住证's.
            type = Self.isResidencePermitPrefix(plain) ? .hkmoTwResidencePermit : .residentID
            record.documentType = type
            record[.documentType] = type!.rawValue
        }
        switch type {
        case .residentID?, .hkmoTwResidencePermit?:
            let id: (value: String, kind: ChineseIDNumber.Kind, isMale: Bool, year: Int, month: Int, day: Int)
            if let fast = FastPath.residentID(plain, today: validator.today) {
                id = (fast.value, fast.kind, fast.isMale, fast.birth.year, fast.birth.month, fast.birth.day)
            } else {
                let checked = try ChineseIDNumber(validating: plain, today: validator.today)
                id = (checked.value, checked.kind, checked.isMale, checked.birthYear, checked.birthMonth, checked.birthDay)
            }
            if type == .residentID, id.kind != .mainland {
                throw fail("这是港澳台居民居住证号码，请将证件类型填写为“港澳台居民居住证”。")
            }
            if type == .hkmoTwResidencePermit, id.kind == .mainland {
                throw fail("港澳台居民居住证号码应以 810000、820000 或 830000 开头；如果是内地居民身份证，请将证件类型填写为“居民身份证”。")
            }
            idIsMale = id.isMale
            record.birthDate = GraduateDate(year: id.year, month: id.month, day: id.day)
            return id.value
        case let other?:
            return try DocumentNumber.normalise(plain, type: other)
        case nil:
            // A table code the identity rules do not know: letters, digits and brackets.
            let upper = CellText.asciiUppercased(plain)
            guard upper.utf8.count <= 30, upper.utf8.allSatisfy({ Self.isStudentNumberByte($0) || $0 == 0x28 || $0 == 0x29 }) else {
                throw fail("证件号码只能包含字母、数字和括号，最多 30 位。")
            }
            return upper
        }
    }

    static func isResidencePermitPrefix(_ text: String) -> Bool {
        text.hasPrefix("810000") || text.hasPrefix("820000") || text.hasPrefix("830000")
    }

    // MARK: - Helpers

    static func scientificMessage(_ label: String) -> String {
        "\(label)被 Excel 存成了数字（科学计数法），请把该列设为文本格式后重新填写。"
    }

    @inline(__always)
    static func isStudentNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x5F: true
        default: false
        }
    }

    static let chineseNumerals: [Character: Int] = ["一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8]

    /// "4", "4年", "4.0", "2.5", "四年", "三年半" → "4" or "2.5"; nil outside 1–8 years.
    static func yearsOfStudy(_ text: String) -> String? {
        var plain = text
        if plain.hasSuffix("年") { plain.removeLast() }
        var halves: Int
        if let first = plain.first, let whole = chineseNumerals[first] {
            switch plain.dropFirst() {
            case "": halves = whole * 2
            case "年半", "半": halves = whole * 2 + 1
            default: return nil
            }
        } else {
            let parts = plain.split(separator: ".", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let whole = CellText.integer(parts[0].utf8) else { return nil }
            halves = whole * 2
            if parts.count == 2 {
                switch parts[1] {
                case "0", "00": break
                case "5", "50": halves += 1
                default: return nil
                }
            }
        }
        guard (2...16).contains(halves) else { return nil }
        return halves % 2 == 0 ? String(halves / 2) : String(halves / 2) + ".5"
    }
}
