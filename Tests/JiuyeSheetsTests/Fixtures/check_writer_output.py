#!/usr/bin/env python3
"""Checks a workbook written by XLSXWriter with two independent readers, openpyxl and
LibreOffice. The Swift tests cannot run them, so this is done by hand after changing the
writer:

    JIUYE_SHEETS_SAMPLE=/tmp/sample.xlsx swift test --filter testWritesASampleForExternalChecksWhenAsked
    python3 Tests/JiuyeSheetsTests/Fixtures/check_writer_output.py /tmp/sample.xlsx

Needs `pip install openpyxl` and, for the LibreOffice half, `apt-get install libreoffice-calc`.
"""
import csv
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

import openpyxl

EXPECTED = {
    "毕业生": [
        ["学号", "姓名", "毕业日期", "年薪", "备注"],
        ["20251001", "张明", "2025-06-30", "120000", 'A&B <c> "q"'],
        ["00123", "李华", "", "98765.25", "'=HYPERLINK(\"x\")"],
        ["20251003", "王芳", "2025-07-01 09:05:00", "0.1", "第一行\n第二行"],
    ],
    "第二页": [["说明"], ["_x0041_"]],
}


def text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if value.time() != datetime.time() else value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def check_zip(path):
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None, "CRC error"
        for info in z.infolist():
            assert info.flag_bits & 0x8, f"{info.filename}: no data descriptor"


def check_openpyxl(path):
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == list(EXPECTED), wb.sheetnames
    for name, rows in EXPECTED.items():
        ws = wb[name]
        got = [[text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        if name == "第二页":
            # openpyxl does not decode Excel's _x005F_ escape in inline strings (Excel and LibreOffice do).
            got = [[v.replace("_x005F_", "_") for v in row] for row in got]
        assert got == rows, (name, got)
        assert ws.freeze_panes == "A2", ws.freeze_panes
        assert ws["A1"].font.b, "header not bold"
    assert wb["毕业生"]["C2"].is_date
    print("openpyxl: ok")


def check_libreoffice(path):
    soffice = shutil.which("soffice")
    if soffice is None:
        print("LibreOffice: soffice not found, skipped")
        return
    with tempfile.TemporaryDirectory() as work:
        # 44 comma, 34 quote, 76 UTF-8, 1 first line; the last field -1 writes every sheet.
        subprocess.run([soffice, "--headless", "--convert-to",
                        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                        "--outdir", work, path], check=True, capture_output=True, env={**os.environ, "HOME": work})
        stem = os.path.splitext(os.path.basename(path))[0]
        for name, rows in EXPECTED.items():
            with open(os.path.join(work, f"{stem}-{name}.csv"), encoding="utf-8", newline="") as f:
                got = [row for row in csv.reader(f)]
            got = [row + [""] * (len(rows[i]) - len(row)) if i < len(rows) else row for i, row in enumerate(got)]
            assert got == rows, (name, got)
    print("LibreOffice: ok")


if __name__ == "__main__":
    sample = sys.argv[1]
    check_zip(sample)
    check_openpyxl(sample)
    check_libreoffice(sample)
