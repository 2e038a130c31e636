#!/usr/bin/env python3
"""Makes the spreadsheet fixtures the JiuyeSheets tests read. The files are committed;
run this again only to change them:

    pip install openpyxl==3.1.5
    apt-get install -y libreoffice-calc      # for libreoffice.xlsx
    python3 Tests/JiuyeSheetsTests/Fixtures/make_fixtures.py

openpyxl (3.1.5, and 3.0 and 2.6 alike) writes every string inline (t="inlineStr"), rich
text included; Excel, WPS and LibreOffice use a shared-string table. So shared strings come
from libreoffice.xlsx (with rich-text runs, as LibreOffice writes mixed-script text) and
from handmade.xlsx (with phonetic runs and escapes).

Files:
- openpyxl_basic.xlsx     openpyxl: inline strings, dates (date-formatted serials and dates
                          typed as text), numbers, booleans, a formula without cached value,
                          gaps, whitespace, XML specials, a second sheet with one cell at C5.
- openpyxl_richtext.xlsx  openpyxl: a rich-text inline string (bold run + plain run).
- openpyxl_1904.xlsx      openpyxl with the 1904 date system.
- handmade.xlsx           hand-written XML zipped by Python: stored and deflated entries,
                          namespace prefixes, rows and cells without r, inline strings,
                          t="str"/"b"/"e"/"d", _xHHHH_ escapes, character references, CDATA,
                          phonetic runs, custom date formats, Excel's 1900 leap-year serials.
- libreoffice.xlsx        LibreOffice Calc: students.csv converted with soffice --convert-to xlsx.
- students_utf8.csv, students_utf8_bom.csv, students_gb18030.csv
                          the same records in three encodings (CRLF, quotes, embedded comma
                          and line break).
"""
import datetime
import os
import shutil
import subprocess
import tempfile
import zipfile

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


def fix_zip_times(name):
    """Rewrites a zip with fixed timestamps so regenerating gives the same bytes."""
    source = path(name)
    with zipfile.ZipFile(source) as old:
        items = [(info, old.read(info.filename)) for info in old.infolist()]
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as new:
        for info, data in items:
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 6, 30, 12, 0, 0))
            fixed.compress_type = info.compress_type
            new.writestr(fixed, data)


def openpyxl_basic():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "毕业生"
    ws.append(["学号", "姓名", "毕业日期", "签约日期", "年薪", "已签约", "备注", "公式"])
    ws.append(["20251001", "张明", datetime.date(2025, 6, 30), "2025/7/1", 120000, True,
               "  前后空格  ", "=E2*2"])
    ws.append(["20251002", "李华", datetime.datetime(2025, 6, 30, 8, 30, 0), "2025年7月2日", 98765.25, False,
               'A&B <c> "q" \'a\'', None])
    ws.append(["20251003", "王芳", None, None, None, None, "第一行\n第二行", None])
    ws["C2"].number_format = "yyyy-mm-dd"
    ws["C3"].number_format = "yyyy-mm-dd hh:mm:ss"
    other = wb.create_sheet("Other")
    other["C5"] = "只有这一格"
    wb.save(path("openpyxl_basic.xlsx"))
    fix_zip_times("openpyxl_basic.xlsx")


def openpyxl_richtext():
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = CellRichText([TextBlock(InlineFont(b=True), "重要"), "：请于6月30日前提交"])
    ws["A2"] = "普通文本"
    wb.save(path("openpyxl_richtext.xlsx"))
    fix_zip_times("openpyxl_richtext.xlsx")


def openpyxl_1904():
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws["A1"] = datetime.date(2025, 6, 30)
    ws["A1"].number_format = "yyyy-mm-dd"
    ws["A2"] = datetime.datetime(1904, 1, 2, 12, 0, 0)
    ws["A2"].number_format = "yyyy-mm-dd hh:mm"
    ws["A3"] = 1.5
    wb.save(path("openpyxl_1904.xlsx"))
    fix_zip_times("openpyxl_1904.xlsx")


HANDMADE_WORKBOOK = """<?xml version="1.0" encoding="UTF-8"?>
<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
  <x:workbookPr/>
  <x:sheets>
    <x:sheet name="数据 &amp; 说明" sheetId="7" rel:id="rIdData"/>
  </x:sheets>
</x:workbook>"""

HANDMADE_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rIdData" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/>
  <Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/>
  <Relationship Id="rIdSt" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""

HANDMADE_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""

HANDMADE_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
  <Default Extension="xml" ContentType="application/xml"/>
  <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
  <Override PartName="/xl/worksheets/data.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
  <Override PartName="/xl/strings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
  <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""

# cellXfs: 0 general, 1 yyyy"年"m"月"d"日", 2 0.00"d" (not a date), 3 [Red]0.00 (not a date),
# 4 [h]:mm (elapsed time: a date/time), 5 built-in 14, 6 built-in 31 (zh-CN long date).
HANDMADE_STYLES = """<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
  <numFmts count="4">
    <numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>
    <numFmt numFmtId="177" formatCode="0.00&quot;d&quot;"/>
    <numFmt numFmtId="178" formatCode="[Red]0.00"/>
    <numFmt numFmtId="179" formatCode="[h]:mm"/>
  </numFmts>
  <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
  <cellXfs count="7">
    <xf numFmtId="0"/><xf numFmtId="176"><alignment horizontal="left"/></xf><xf numFmtId="177"/>
    <xf numFmtId="178"/><xf numFmtId="179"/><xf numFmtId="14"/><xf numFmtId="31"/>
  </cellXfs>
</styleSheet>"""

HANDMADE_STRINGS = """<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">
  <si><t>第一行_x000D_
第二行</t></si>
  <si><r><rPr><b/></rPr><t xml:space="preserve">漢字 </t></r><r><t>かな</t></r><rPh sb="0" eb="2"><t>カンジ</t></rPh><phoneticPr fontId="1"/></si>
  <si><t>_x005F_x0041_ 与 &#20013;&#x6587; 与 R&amp;D</t></si>
  <si><t><![CDATA[<原样> & 保留]]></t></si>
</sst>"""

HANDMADE_SHEET = """<?xml version="1.0" encoding="UTF-8"?>
<!-- rows and cells without r take the next position -->
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
  <sheetData>
    <row>
      <c t="s"><v>0</v></c>
      <c t="s"><v>1</v></c>
      <c t="s"><v>2</v></c>
      <c t="s"><v>3</v></c>
    </row>
    <row>
      <c t="inlineStr"><is><r><t>行内</t></r><r><t xml:space="preserve"> 富文本</t></r></is></c>
      <c t="str"><f>A1&amp;"x"</f><v>公式结果</v></c>
      <c t="b"><v>1</v></c>
      <c t="e"><v>#N/A</v></c>
      <c t="d"><v>2025-06-30T09:15:00</v></c>
    </row>
    <row r="5" spans="1:8">
      <c r="A5" s="1"><v>45838</v></c>
      <c r="C5" s="2"><v>3.5</v></c>
      <c r="D5" s="3"><v>-2</v></c>
      <c r="E5" s="4"><v>1.25</v></c>
      <c r="F5" s="5"><v>60</v></c>
      <c r="G5" s="5"><v>61</v></c>
      <c r="H5" s="6"><v>59</v></c>
    </row>
    <row r="6"><c r="B6"><v>0.30000000000000004</v></c><c><v>1E-3</v></c><c r="AA6" s="0"/></row>
  </sheetData>
</worksheet>"""


def handmade():
    target = path("handmade.xlsx")
    with zipfile.ZipFile(target, "w") as z:
        def add(name, text, stored=False):
            info = zipfile.ZipInfo(name, date_time=(2025, 6, 30, 12, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
        add("[Content_Types].xml", HANDMADE_CONTENT_TYPES, stored=True)
        add("_rels/.rels", HANDMADE_ROOT_RELS, stored=True)
        add("xl/workbook.xml", HANDMADE_WORKBOOK)
        add("xl/_rels/workbook.xml.rels", HANDMADE_RELS)
        add("xl/styles.xml", HANDMADE_STYLES, stored=True)
        add("xl/strings.xml", HANDMADE_STRINGS)
        add("xl/worksheets/data.xml", HANDMADE_SHEET)


STUDENTS = [
    ["学号", "姓名", "毕业日期", "单位", "备注"],
    ["20251001", "张明", "2025-06-30", "重庆示范科技有限公司", "已签约"],
    ["20251002", "李华", "2025/6/30", "北京某某有限公司, 研发部", '他说"好的"'],
    ["20251003", "王芳", "", "", "第一行\n第二行"],
]


def csv_text():
    lines = []
    for row in STUDENTS:
        fields = []
        for field in row:
            if any(c in field for c in ',"\r\n'):
                field = '"' + field.replace('"', '""') + '"'
            fields.append(field)
        lines.append(",".join(fields))
    return "\r\n".join(lines) + "\r\n"


def csv_files():
    text = csv_text()
    with open(path("students_utf8.csv"), "wb") as f:
        f.write(text.encode("utf-8"))
    with open(path("students_utf8_bom.csv"), "wb") as f:
        f.write(b"\xef\xbb\xbf" + text.encode("utf-8"))
    with open(path("students_gb18030.csv"), "wb") as f:
        f.write(text.encode("gb18030"))


def libreoffice():
    soffice = shutil.which("soffice")
    if soffice is None:
        print("soffice not found: libreoffice.xlsx left as it is")
        return
    with tempfile.TemporaryDirectory() as work:
        source = os.path.join(work, "libreoffice.csv")
        shutil.copy(path("students_utf8.csv"), source)
        # 44 = comma, 34 = double quote, 76 = UTF-8, 1 = start at line 1.
        subprocess.run([soffice, "--headless", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx",
                        "--outdir", work, source], check=True, capture_output=True,
                       env={**os.environ, "HOME": work})
        shutil.copy(os.path.join(work, "libreoffice.xlsx"), path("libreoffice.xlsx"))


if __name__ == "__main__":
    openpyxl_basic()
    openpyxl_richtext()
    openpyxl_1904()
    handmade()
    csv_files()
    libreoffice()
    for name in sorted(os.listdir(HERE)):
        if not name.endswith(".py"):
            print(f"{os.path.getsize(path(name)):7d}  {name}")
