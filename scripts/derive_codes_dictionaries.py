#!/usr/bin/env python3
"""Write the small national code tables under Sources/JiuyePlatform/Resources/codes/.

No PyPI package carries these tables, so their rows are curated here, each
with the basis it rests on. This script is the single place to edit them;
the CSV files are its output and are not edited by hand.

Tables written (one CSV each):
    destinations.csv        毕业去向
    unit_natures.csv        单位性质
    industries.csv          单位行业 (numeric national graduate-data coding)
    job_categories.csv      工作职位类别
    education_levels.csv    学历 (national graduate-data coding)
    political_statuses.csv  政治面貌 (GB/T 4762)
    ethnic_groups.csv       民族 (GB/T 3304)
    document_types.csv      证件类型 (JY/T 1001, and the app's own codes)

basis, one of:
    product-spec  PRODUCT.md §8 "Domain facts (checked against public sources)"
    seed-manual   the code is printed in a seed manual (shared/seeds/004)
    standard      the published national standard named in `source`
    third-party   seen in public third-party code that exchanges data with the
                  national graduate-employment system; not confirmed by an
                  official document
    local         no national code was found: a local code of this platform.
                  Local codes contain the letter L, so they can never collide
                  with a numeric national code; an export to the national
                  system must map them (or refuse them).
    app           a code of this app (Sources/JiuyeDomain) with no national
                  counterpart

Output: UTF-8 without BOM, LF, first line a header, rows in the order below.
The script checks codes are unique per table and parents exist.

Usage:
    python3 scripts/derive_codes_dictionaries.py -o Sources/JiuyePlatform/Resources/codes
Standard library only.
"""

import argparse
import csv
import io
import os
import sys

S8 = "PRODUCT.md §8"
SEED004 = "seed 004 (去向登记信息录入/审核)"
LOCAL = "no national code found"

# 毕业去向: categories and sub-types of seed 004, codes of PRODUCT.md §8.
# columns: code, name, parent_code, level, authoritative, basis, source
DESTINATIONS = [
    ("10", "签就业协议形式就业", "", "category", "yes", "product-spec", S8 + "; " + SEED004),
    ("11", "签劳动合同形式就业", "", "category", "yes", "product-spec", S8 + "; " + SEED004),
    ("12", "其他录用形式就业", "", "category", "yes", "product-spec", S8 + "; " + SEED004),
    ("27", "科研助理、管理助理", "", "category", "no", "third-party",
     "group code of earlier national lists (27 科研助理); §8 gives only 271/272"),
    ("271", "科研助理、管理助理", "27", "subtype", "yes", "product-spec", S8 + "; seed 004: 编码271"),
    ("272", "博士后入站", "27", "subtype", "yes", "seed-manual", "seed 004: 博士后入站（编码272）; " + S8),
    ("46", "应征义务兵", "", "category", "yes", "product-spec", S8 + "; " + SEED004),
    ("50", "国家基层项目", "", "category", "no", "third-party",
     "group code of earlier national lists; not in §8"),
    ("50L1", "国家特岗教师", "50", "subtype", "no", "local", LOCAL),
    ("502", "三支一扶", "50", "subtype", "yes", "product-spec", S8),
    ("503", "西部计划", "50", "subtype", "yes", "product-spec", S8),
    ("51", "地方基层项目", "", "category", "no", "third-party",
     "group code of earlier national lists; not in §8"),
    ("51L1", "地方特岗教师", "51", "subtype", "no", "local", LOCAL),
    ("512", "地方选调生", "51", "subtype", "yes", "product-spec", S8),
    ("51L2", "农技特岗", "51", "subtype", "no", "local", LOCAL),
    ("51L3", "乡村医生", "51", "subtype", "no", "local", LOCAL),
    ("51L4", "乡村教师", "51", "subtype", "no", "local", LOCAL),
    ("519", "其他地方基层项目", "51", "subtype", "yes", "product-spec", S8),
    ("75", "自主创业", "", "category", "yes", "product-spec", S8 + "; " + SEED004),
    ("751", "创立公司", "75", "subtype", "yes", "seed-manual", "seed 004: 编码751; " + S8),
    ("752", "在孵化机构创业", "75", "subtype", "yes", "seed-manual", "seed 004: 编码752; " + S8),
    ("753", "个体工商户创业", "75", "subtype", "yes", "seed-manual", "seed 004: 编码753; " + S8),
    ("754", "电子商务创业", "75", "subtype", "yes", "seed-manual", "seed 004: 编码754; " + S8),
    ("76", "自由职业", "", "category", "yes", "product-spec", S8 + "; " + SEED004),
    ("80", "境内升学", "", "category", "no", "third-party",
     "group code of earlier national lists (80 升学); not in §8"),
    ("801", "研究生", "80", "subtype", "yes", "product-spec", S8),
    ("802", "第二学士学位", "80", "subtype", "yes", "product-spec", S8),
    ("80L1", "专科升普通本科", "80", "subtype", "no", "local", LOCAL),
    ("85", "境外留学", "", "category", "yes", "product-spec",
     S8 + " (85 境外留学); seed 004 境外留学; older lists: 出国、出境"),
    ("70", "待就业", "", "category", "yes", "product-spec", S8 + "; " + SEED004),
    ("70L1", "暂未登记或上报", "70", "subtype", "no", "local", LOCAL),
    ("70L2", "求职中", "70", "subtype", "no", "local", LOCAL),
    ("70L3", "签约中", "70", "subtype", "no", "local", LOCAL),
    ("70L4", "拟参加公招考试", "70", "subtype", "no", "local", LOCAL),
    ("70L5", "拟创业", "70", "subtype", "no", "local", LOCAL),
    ("70L6", "拟应征入伍", "70", "subtype", "no", "local", LOCAL),
    ("70L7", "就业见习", "70", "subtype", "no", "local", LOCAL),
    ("71", "不就业拟升学", "", "category", "yes", "product-spec", S8 + "; " + SEED004),
    ("72", "其他暂不就业", "", "category", "yes", "product-spec", S8 + "; " + SEED004),
    ("72L1", "暂不就业", "72", "subtype", "no", "local", LOCAL),
    ("72L2", "拟出国出境", "72", "subtype", "no", "local", LOCAL),
]

# 单位性质: PRODUCT.md §8 (13 codes).
UNIT_NATURES = [
    ("10", "机关"), ("20", "科研设计单位"), ("21", "高等教育单位"), ("22", "中初教育单位"),
    ("23", "医疗卫生单位"), ("29", "其他事业单位"), ("31", "国有企业"), ("32", "三资企业"),
    ("39", "其他企业"), ("40", "部队"), ("55", "农村建制村"), ("56", "城镇社区"), ("99", "其他"),
]

# 单位行业: numeric coding of national graduate data. PRODUCT.md §8 gives the
# frame (11 农、林、牧、渔业 … 45 公共管理、社会保障和社会组织, 46 国际组织, 80 军队);
# the codes between come from a public dictionary of a provincial graduate-
# employment platform; names are the GB/T 4754-2017 sections (门类).
# columns: code, name, gbt4754_section
INDUSTRIES = [
    ("11", "农、林、牧、渔业", "A"), ("21", "采矿业", "B"), ("22", "制造业", "C"),
    ("23", "电力、热力、燃气及水生产和供应业", "D"), ("24", "建筑业", "E"),
    ("31", "批发和零售业", "F"), ("32", "交通运输、仓储和邮政业", "G"), ("33", "住宿和餐饮业", "H"),
    ("34", "信息传输、软件和信息技术服务业", "I"), ("35", "金融业", "J"), ("36", "房地产业", "K"),
    ("37", "租赁和商务服务业", "L"), ("38", "科学研究和技术服务业", "M"),
    ("39", "水利、环境和公共设施管理业", "N"), ("41", "居民服务、修理和其他服务业", "O"),
    ("42", "教育", "P"), ("43", "卫生和社会工作", "Q"), ("44", "文化、体育和娱乐业", "R"),
    ("45", "公共管理、社会保障和社会组织", "S"), ("46", "国际组织", "T"), ("80", "军队", ""),
]
INDUSTRY_SPEC = {"11", "45", "46", "80"}

# 工作职位类别: PRODUCT.md §8 (18 codes, also DestinationForm.positions).
JOB_CATEGORIES = [
    ("10", "公务员"), ("11", "科学研究人员"), ("13", "工程技术人员"), ("17", "农林牧渔业技术人员"),
    ("19", "卫生专业技术人员"), ("21", "经济业务人员"), ("22", "金融业务人员"), ("23", "法律专业人员"),
    ("24", "教学人员"), ("25", "文学艺术工作人员"), ("26", "体育工作人员"),
    ("27", "新闻出版和文化工作人员"), ("29", "其他专业技术人员"), ("30", "办事人员和有关人员"),
    ("40", "商业和服务业人员"), ("60", "生产和运输设备操作人员"), ("80", "军人"), ("90", "其他人员"),
]

# 学历 as coded in national graduate data (生源 exports). Codes 01/03/11/13/31/33
# were seen in public third-party code that imports and exports the national
# system's files; no code for 专科 was found, so the two 专科 rows are local.
# columns: code, name, level_group, basis, source
EDUCATION_LEVELS = [
    ("01", "博士生毕业", "博士研究生", "third-party", "public code exchanging files with the national system"),
    ("03", "博士生结业", "博士研究生", "third-party", "public code exchanging files with the national system"),
    ("11", "硕士生毕业", "硕士研究生", "third-party", "public code exchanging files with the national system"),
    ("13", "硕士生结业", "硕士研究生", "third-party", "public code exchanging files with the national system"),
    ("31", "本科生毕业", "本科", "third-party", "public code exchanging files with the national system"),
    ("33", "本科生结业", "本科", "third-party", "public code exchanging files with the national system"),
    ("L1", "专科生毕业", "专科", "local", LOCAL),
    ("L2", "专科生结业", "专科", "local", LOCAL),
]

# 政治面貌: GB/T 4762-1984 (01-13). columns: code, name, short_name
POLITICAL_STATUSES = [
    ("01", "中国共产党党员", "中共党员"),
    ("02", "中国共产党预备党员", "中共预备党员"),
    ("03", "中国共产主义青年团团员", "共青团员"),
    ("04", "中国国民党革命委员会会员", "民革会员"),
    ("05", "中国民主同盟盟员", "民盟盟员"),
    ("06", "中国民主建国会会员", "民建会员"),
    ("07", "中国民主促进会会员", "民进会员"),
    ("08", "中国农工民主党党员", "农工党党员"),
    ("09", "中国致公党党员", "致公党党员"),
    ("10", "九三学社社员", "九三学社社员"),
    ("11", "台湾民主自治同盟盟员", "台盟盟员"),
    ("12", "无党派民主人士", "无党派人士"),
    ("13", "群众", "群众"),
]

# 民族: GB/T 3304-1991, 56 groups + 97 其他 + 98 外国血统中国籍人士. Current
# names (46 德昂族 was 崩龙族 until 1985, 36 毛南族 was 毛难族 until 1986).
ETHNIC_GROUPS = [
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
    "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
    "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
    "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
]
ETHNIC_EXTRA = [("97", "其他"), ("98", "外国血统中国籍人士")]

# 证件类型: JY/T 1001 身份证件类型 (1-9, A, B, Z), and the app's codes
# (Sources/JiuyeDomain/Identity/ChineseID.swift, IdentityDocumentType).
# columns: code, name, jyt1001_name, in_app, basis, note
JYT = "JY/T 1001 身份证件类型"
DOCUMENT_TYPES = [
    ("1", "居民身份证", "居民身份证", "yes", "standard", JYT),
    ("2", "军官证", "军官证", "no", "standard", JYT),
    ("3", "士兵证", "士兵证", "no", "standard", JYT),
    ("4", "文职干部证", "文职干部证", "no", "standard", JYT),
    ("5", "部队离退休证", "部队离退休证", "no", "standard", JYT),
    ("6", "港澳居民来往内地通行证", "香港特区护照/身份证明", "yes", "app",
     "the app uses 6 for the HK and Macao travel permit; in JY/T 1001, 6 is 香港特区护照/身份证明 and 7 澳门特区护照/身份证明"),
    ("7", "澳门特区护照/身份证明", "澳门特区护照/身份证明", "no", "standard", JYT),
    ("8", "台湾居民来往大陆通行证", "台湾居民来往大陆通行证", "yes", "standard", JYT),
    ("9", "境外永久居住证", "境外永久居住证", "no", "standard", JYT),
    ("A", "护照", "护照", "yes", "standard", JYT),
    ("B", "港澳台居民居住证", "户口簿", "yes", "app",
     "CONFLICT: in JY/T 1001, B is 户口簿; the app uses B for 港澳台居民居住证"),
    ("C", "香港身份证", "", "yes", "app", "not in JY/T 1001; the app's own code"),
    ("Z", "其他", "其他", "no", "standard", JYT),
]


def fail(message):
    sys.stderr.write("derive_codes_dictionaries: error: " + message + "\n")
    sys.exit(1)


def tables():
    yield "destinations.csv", ["code", "name", "parent_code", "level", "authoritative", "basis", "source"], \
        [list(row) for row in DESTINATIONS]
    yield "unit_natures.csv", ["code", "name", "basis", "source"], \
        [[c, n, "product-spec", S8] for c, n in UNIT_NATURES]
    yield "industries.csv", ["code", "name", "gbt4754_section", "basis", "source"], \
        [[c, n, s, "product-spec" if c in INDUSTRY_SPEC else "third-party",
          S8 if c in INDUSTRY_SPEC else "public dictionary of a provincial graduate-employment platform; "
          "name = GB/T 4754-2017 section %s" % s] for c, n, s in INDUSTRIES]
    yield "job_categories.csv", ["code", "name", "basis", "source"], \
        [[c, n, "product-spec", S8] for c, n in JOB_CATEGORIES]
    yield "education_levels.csv", ["code", "name", "level_group", "basis", "source"], \
        [list(row) for row in EDUCATION_LEVELS]
    yield "political_statuses.csv", ["code", "name", "short_name", "basis", "source"], \
        [[c, n, s, "standard", "GB/T 4762-1984; " + S8 + " (01-13)"] for c, n, s in POLITICAL_STATUSES]
    yield "ethnic_groups.csv", ["code", "name", "basis", "source"], \
        [["%02d" % (i + 1), n, "standard", "GB/T 3304-1991"] for i, n in enumerate(ETHNIC_GROUPS)] + \
        [[c, n, "standard", "GB/T 3304-1991; " + S8] for c, n in ETHNIC_EXTRA]
    yield "document_types.csv", ["code", "name", "jyt1001_name", "in_app", "basis", "note"], \
        [list(row) for row in DOCUMENT_TYPES]


def check(name, header, rows):
    codes = [row[0] for row in rows]
    if len(codes) != len(set(codes)):
        fail("%s: duplicate codes" % name)
    for row in rows:
        if len(row) != len(header):
            fail("%s: row %r has %d columns" % (name, row, len(row)))
    if "parent_code" in header:
        index = header.index("parent_code")
        for row in rows:
            if row[index] and row[index] not in codes:
                fail("%s: %s has unknown parent %s" % (name, row[0], row[index]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-o", "--output-dir", required=True)
    args = parser.parse_args()
    if len(ETHNIC_GROUPS) != 56:
        fail("expected 56 ethnic groups, have %d" % len(ETHNIC_GROUPS))
    for name, header, rows in tables():
        check(name, header, rows)
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        with open(os.path.join(args.output_dir, name), "wb") as f:
            f.write(buf.getvalue().encode("utf-8"))
        sys.stderr.write("%-24s %3d rows\n" % (name, len(rows)))


if __name__ == "__main__":
    main()
