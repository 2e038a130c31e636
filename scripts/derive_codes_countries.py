#!/usr/bin/env python3
"""Derive Sources/JiuyePlatform/Resources/codes/countries.csv (国家和地区, GB/T 2659).

GB/T 2659 takes its codes from ISO 3166-1, so the codes come from ISO 3166-1
as shipped by the PyPI package pycountry 26.2.16 (LGPL-2.1; its data files
are Debian's iso-codes): databases/iso3166-1.json for the codes and English
short names, locales/zh_CN/LC_MESSAGES/iso3166-1.mo for the Chinese names.
See docs/DATA_SOURCES.md for how to fetch it.

Output: UTF-8 without BOM, LF, sorted by numeric, header
    numeric,alpha2,alpha3,name_zh,name_en
name_en is the ISO short name ("name" in iso3166-1.json); name_zh is its
zh_CN translation. The script fails when a name has no translation.

Usage:
    python3 scripts/derive_codes_countries.py path/to/pycountry \\
        -o Sources/JiuyePlatform/Resources/codes/countries.csv
where path/to/pycountry is the unpacked package folder (the one holding
databases/ and locales/). Standard library only.
"""

import argparse
import csv
import gettext
import io
import json
import os
import sys

HEADER = ["numeric", "alpha2", "alpha3", "name_zh", "name_en"]


def fail(message):
    sys.stderr.write("derive_codes_countries: error: " + message + "\n")
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pycountry_dir")
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()

    with open(os.path.join(args.pycountry_dir, "databases", "iso3166-1.json"), encoding="utf-8") as f:
        entries = json.load(f)["3166-1"]
    mo = os.path.join(args.pycountry_dir, "locales", "zh_CN", "LC_MESSAGES", "iso3166-1.mo")
    with open(mo, "rb") as f:
        zh = gettext.GNUTranslations(f)

    rows = []
    for entry in entries:
        numeric, alpha2, alpha3, name = entry["numeric"], entry["alpha_2"], entry["alpha_3"], entry["name"]
        if not (len(numeric) == 3 and numeric.isdigit() and len(alpha2) == 2 and len(alpha3) == 3):
            fail("bad codes in %r" % entry)
        name_zh = zh.gettext(name)
        if name_zh == name:
            fail("no zh_CN name for %s %s" % (alpha2, name))
        rows.append((numeric, alpha2, alpha3, name_zh, name))
    rows.sort()
    for column in range(3):
        values = [row[column] for row in rows]
        if len(values) != len(set(values)):
            fail("duplicate %s" % HEADER[column])

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    with open(args.output, "wb") as f:
        f.write(buf.getvalue().encode("utf-8"))
    sys.stderr.write("countries: %d rows\n" % len(rows))


if __name__ == "__main__":
    main()
