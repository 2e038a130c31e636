/// The export file for the national system (modules review C7, C10).
///
/// **The columns are an assumption.** Seed 004 names the national system and its feedback but
/// not the upload layout, and C10 could not confirm whether 组织机构代码 is 9 or 18 characters.
/// Assumed, in order: 年度, 学历代码, 考生号, 姓名, 证件号码, 专业代码, 专业名称, 生源所在地代码,
/// 手机号码 (the 生源 facts the seed's errors name), then 毕业去向代码, 单位名称, 组织机构代码 (9
/// characters: characters 9–17 of the credit code, or the 院校代码 for 升学), 统一社会信用代码 (18,
/// in case the layout wants it), 单位性质代码, 单位行业代码, 单位所在地代码, 工作职位类别代码,
/// 国家（地区）代码, 协议书号, 单位地址, 单位邮编, 单位联系人, 单位联系电话, 单位传真, 联系人电子邮箱,
/// 联系人手机, 单位备注 (the sixteen fields of seed 004 §2(2) plus what the categories add).
/// The app's national-registry adapter (C7) maps these onto the real layout once it is known.
///
/// Only the fields the category shows (`DestinationMatrix`) are exported. 应征义务兵 (46) is
/// exported with 单位性质 40 部队, 单位行业 80 军队 and 职位 80 军人 (C9 (d); assumed). Local
/// codes (50L1 …) are exported as they are: `NationalPrecheck` holds such records back.
public enum NationalReportLayout {
    public enum Column: String, CaseIterable, Sendable {
        case cohort, education, examineeNumber, name, documentNumber, majorCode, majorName, sourceRegion, mobilePhone
        case category, unitName, organizationCode, creditCode, unitNature, industry, unitLocation, position, country
        case agreementNumber, unitAddress, unitPostcode, contactName, contactPhone, contactFax, contactEmail, contactMobile, remark

        public var header: String {
            switch self {
            case .cohort: "年度"
            case .education: "学历代码"
            case .examineeNumber: "考生号"
            case .name: "姓名"
            case .documentNumber: "证件号码"
            case .majorCode: "专业代码"
            case .majorName: "专业名称"
            case .sourceRegion: "生源所在地代码"
            case .mobilePhone: "手机号码"
            case .category: "毕业去向代码"
            case .unitName: "单位名称"
            case .organizationCode: "组织机构代码"
            case .creditCode: "统一社会信用代码"
            case .unitNature: "单位性质代码"
            case .industry: "单位行业代码"
            case .unitLocation: "单位所在地代码"
            case .position: "工作职位类别代码"
            case .country: "国家（地区）代码"
            case .agreementNumber: "协议书号"
            case .unitAddress: "单位地址"
            case .unitPostcode: "单位邮编"
            case .contactName: "单位联系人"
            case .contactPhone: "单位联系电话"
            case .contactFax: "单位传真"
            case .contactEmail: "联系人电子邮箱"
            case .contactMobile: "联系人手机"
            case .remark: "单位备注"
            }
        }
    }

    public static var headers: [String] { Column.allCases.map(\.header) }

    /// 应征义务兵's unit codes (C9 (d): 46 ↔ 40 部队 ↔ 80 军人).
    static let conscript: [DestinationField: String] = [.unitNature: "40", .industry: "80", .position: "80"]

    /// One record's row, in `Column` order.
    public static func row(_ record: NationalRecord) -> [String] {
        let categoryCode = record.value(.category)
        let category = DestinationForm.category(categoryCode)
        let subtype = category.flatMap { DestinationSubtype.find(record.value(.subtype), in: $0.heading) }
        let matrixRow = category.flatMap { DestinationMatrix.row(category: $0.code, subtype: subtype?.key) }
        func shown(_ field: DestinationField) -> String {
            if categoryCode == "46", let fixed = conscript[field] { return fixed }
            guard let matrixRow, matrixRow.presence(of: field) != .absent else { return "" }
            return record.value(field)
        }
        func code(_ field: DestinationField) -> String { CellText.compact(shown(field)) }

        let unitCode = (try? DestinationUnitCode(validating: shown(.creditCode)))
        var organizationCode = unitCode?.organizationCode ?? ""
        if let school = SchoolCode.normalized(shown(.schoolCode)) { organizationCode = school }
        var creditCode = ""
        if case .creditCode(let value)? = unitCode { creditCode = value }
        let phone = CellText.compact(record.mobilePhone)
        let email = shown(.contactEmail)
        let mobile = shown(.contactMobile)

        return Column.allCases.map { column in
            switch column {
            case .cohort: record.cohort.map(String.init) ?? ""
            case .education: CellText.compact(record.educationCode)
            case .examineeNumber: CellText.compact(record.examineeNumber)
            case .name: CellText.clean(record.name)
            case .documentNumber: CellText.asciiUppercased(CellText.compact(record.documentNumber))
            case .majorCode: CellText.asciiUppercased(CellText.compact(record.majorCode))
            case .majorName: CellText.clean(record.majorName)
            case .sourceRegion: CellText.compact(record.sourceRegion)
            case .mobilePhone: (try? MobilePhone(validating: phone).value) ?? phone
            case .category: CellText.compact(categoryCode)
            case .unitName: NationalUnitName.exported(shown(.unitName))
            case .organizationCode: organizationCode
            case .creditCode: creditCode
            case .unitNature: code(.unitNature)
            case .industry: code(.industry)
            case .unitLocation: code(.unitLocation)
            case .position: code(.position)
            case .country: CountryCode.normalized(shown(.country)) ?? shown(.country)
            case .agreementNumber: shown(.agreementNumber).isEmpty ? "" : AgreementNumber.normalized(shown(.agreementNumber))
            case .unitAddress: CellText.clean(shown(.unitAddress))
            case .unitPostcode: code(.unitPostcode)
            case .contactName: CellText.clean(shown(.contactName))
            case .contactPhone: CellText.clean(shown(.contactPhone))
            case .contactFax: CellText.clean(shown(.contactFax))
            case .contactEmail: (try? EmailAddress(validating: email).value) ?? email
            case .contactMobile: (try? MobilePhone(validating: mobile).value) ?? mobile
            case .remark: CellText.clean(shown(.remark))
            }
        }
    }
}

/// 单位名称 as the national name check compares it (C9 (e)).
public enum NationalUnitName {
    /// Full-width and half-width forms alike (（）and ()), every space removed.
    public static func comparable(_ name: String) -> String {
        CellText.compact(name)
    }

    /// As exported: cleaned; a Chinese name gets full-width brackets and loses the spaces beside
    /// Chinese characters ("重庆 示范科技(北京)有限公司" → "重庆示范科技（北京）有限公司"), as
    /// registered names are written; a name without Chinese characters keeps its spaces.
    public static func exported(_ name: String) -> String {
        let cleaned = CellText.clean(name)
        guard cleaned.unicodeScalars.contains(where: isChinese) else { return cleaned }
        let chars = Array(cleaned.map { $0 == "(" ? "（" : $0 == ")" ? "）" : $0 })
        var result = ""
        for (index, char) in chars.enumerated() {
            if char == " " {
                let before = index > 0 ? chars[index - 1] : " ", after = index + 1 < chars.count ? chars[index + 1] : " "
                if !before.isASCII || !after.isASCII { continue }
            }
            result.append(char)
        }
        return result
    }

    static func isChinese(_ scalar: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
    }
}
