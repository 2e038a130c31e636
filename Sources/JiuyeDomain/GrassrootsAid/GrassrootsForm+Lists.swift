/// The choice lists of the 基层就业 application form, copied from seed 000 §6 ("关于'就业单位信息'
/// 填报有以下说明" 1–4). Each list is written as the seed's sentence and cut at "、" by `seedList`,
/// so the source reads like the manual; a "、" inside brackets ("国有农（牧、林）场",
/// "中央垂直管理部门（税务、海关、人民银行等）") does not cut, and an empty item (the seed's
/// "气象、地震、、地质", review D13) is dropped.
extension GrassrootsForm {
    /// 资助方式.
    public static let aidModes = ["学费补偿", "国家助学贷款代偿"]

    /// §6.1 "特定类型单位" ("其他（手动输入，之前各项提供勾选）": the items are checkboxes, 其他 is free text).
    public static let specialUnitTypes: [String] =
        seedList("乡镇政府、街道办事处、村居委会、派出所、农村中小学、国有农（牧、林）场、农业技术推广站、畜牧兽医站、乡镇卫生院、计划生育服务站、乡镇文化站、其他")

    /// §6.1 "艰苦行业生产第一线".
    public static let hardshipIndustries: [String] =
        seedList("气象、地震、地质、水电施工、煤炭、石油、航海、核工业、其他")

    /// §6.3 and §6.4: 一级行业 in the seed's order, each with its 二级 (empty: none). 公务员 has no 二级 here:
    /// its "公务员（非选调生）/公务员（选调生）" is `civilServantKinds`, a field of its own.
    /// The seed writes "国有农(牧、林)场" with ASCII brackets in this list (and full-width ones in
    /// `specialUnitTypes`); both are kept as the seed writes them.
    public static let industryTree: [(name: String, children: [String])] = [
        ("普通企业", seedList("金融、通讯、烟酒（原材料种植除外）、飞机及列车乘务、房地产及相关行业、水电施工、邮政、煤炭、石油、核工业、航海、互联网、其他")),
        ("涉密企业", seedList("煤炭、石油、军工、核工业、其他")),
        ("科研院所（涉密）", seedList("气象、地震、地质、煤炭、石油、军工、核工业、其他")),
        // The seed's own text, typo included: seedList drops the empty item (review D13).
        ("科研院所（非涉密）", seedList("气象、地震、、地质、煤炭、石油、军工、核工业、其他")),
        ("医院", []),
        ("中小学校（非农村中小学）", []),
        ("其他事业单位", []),
        ("公务员", []),
        ("农村中小学", []),
        ("国有农(牧、林)场", []),
        ("农业技术推广站", []),
        ("畜牧兽医站", []),
        ("乡镇卫生院", []),
        ("计划生育服务站", []),
        ("乡镇文化站", []),
        ("高等学校", []),
        ("其他", []),
    ]

    /// The 一级 value that opens the civil-servant questions (§6.4).
    public static let civilServantIndustry = "公务员"

    /// §6.4 "公务员下细分".
    public static let civilServantKinds = ["公务员（非选调生）", "公务员（选调生）"]

    /// "录用部门和实际工作部门是否一致".
    public static let departmentsSameChoices = ["是", "否"]

    /// §6.4: 如学生选"是"…仅提供以下部门供学生选择 (8).
    public static let sameDepartments: [String] =
        seedList("乡镇政府、街道办事处、村（居）委会、县级以下（不含县级）各局（委员会、办公室）、公安机关支队级以下（不含支队级）、中央垂直管理部门（税务、海关、人民银行等）、监狱、其他")

    /// §6.4 录用部门细分 (11).
    public static let hiringDepartments: [String] =
        seedList("乡镇以上级别（不含乡镇）政府、乡镇政府、街道办事处、村（居）委会、县级以上（含县级）局（委员会、办公室）、县级以下（不含县级）各局（委员会、办公室）、公安机关支队级以上（含支队级）、公安机关支队级以下（不含支队级）、中央垂直管理部门（税务、海关、人民银行等）、监狱、其他")

    /// §6.4 实际工作部门细分 (8).
    public static let actualDepartments: [String] =
        seedList("乡镇政府、街道办事处、村（居）委会、县级以下（不含县级）各局（委员会、办公室）、公安机关支队级以下（不含支队级）、中央垂直管理部门（税务、海关、人民银行等）、监狱、其他")

    /// §6.4: the 录用部门 whose choice shows `countyStampHint` at the 二次分配就业证明 upload.
    public static let higherHiringDepartments: Set<String> =
        ["乡镇以上级别（不含乡镇）政府", "县级以上（含县级）局（委员会、办公室）", "公安机关支队级以上（含支队级）"]

    /// The free-text choice of every list.
    public static let otherChoice = "其他"

    /// The 二级 list of a 一级 value; nil when the 一级 is not in `industryTree`.
    public static func industryChildren(of name: String) -> [String]? {
        industryTree.first { $0.name == name }?.children
    }

    /// Cuts a list at "、" outside brackets ("（）" or "()"), trims each item and drops empty ones
    /// and repeats, keeping the first-seen order.
    static func seedList(_ text: String) -> [String] {
        var items: [String] = []
        var current = ""
        var depth = 0
        func flush() {
            let item = WorkflowText.trimmed(current)
            if !item.isEmpty, !items.contains(item) { items.append(item) }
            current = ""
        }
        for c in text {
            switch c {
            case "（", "(":
                depth += 1
                current.append(c)
            case "）", ")":
                depth = max(0, depth - 1)
                current.append(c)
            case "、" where depth == 0:
                flush()
            default:
                current.append(c)
            }
        }
        flush()
        return items
    }
}
