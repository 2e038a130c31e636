#!/usr/bin/env python3
"""Validate the code tables in Sources/JiuyePlatform/Resources/codes/.

Checks, for every CSV file in the folder:
- UTF-8 without BOM, LF line endings (no CR), ends with a newline, first line
  a header, every row as wide as the header, no blank key;
- the file is listed in manifest.csv (except aliases.csv), and every manifest
  row names a file;
- manifest.csv: kind is national, mixed or seed; date is empty, YYYY,
  YYYY-MM or YYYY-MM-DD; the texts shown to admins (source, version,
  editable_note) name no script, spec section or English note.

aliases.csv (header table_key,code,alias; the 简称 the import resolves):
- table_key is a manifest key, code is a code of that table;
- no alias is twice in one table, nor equal (spaces removed, ASCII
  upper-cased) to a code or a name of the same table;
- an alias has only letters, digits, spaces, brackets and "·", at most 30
  characters (the rule of the admin form, CodeAlias.problem).

Per table:
- keys are unique (code; countries: numeric, alpha2 and alpha3 each;
  majors: catalogue+edition+code; minimum wages: region_code+grade+
  effective_from; county seats: county_code);
- parents exist (destinations.parent_code; majors.parent_code within the same
  catalogue and edition);
- townships: 9-digit codes whose first six digits are county_code, and
  county_code is a county- or city-level row of regions.csv; county_seat is
  "1" exactly for the rows of county_seats_seed.csv;
- schools: 10-digit codes, province_code is a province of regions.csv;
- minimum wages: region_code is a province or county of regions.csv, amounts
  are positive numbers, effective_from is YYYY-MM-DD;
- destinations: every category of Sources/JiuyeDomain/Employment/
  DestinationForm.swift is present with authoritative=yes (a different label
  is a warning); local codes (basis=local) contain "L", others are digits;
- job_categories equals DestinationForm.positions (codes and names);
- document_types rows with in_app=yes equal IdentityDocumentType
  (Sources/JiuyeDomain/Identity/ChineseID.swift), codes and labels;
- ethnic_groups: 01-56 plus 97 and 98; political_statuses: 01-13.

Usage: python3 scripts/check_codes.py [--root REPO_ROOT]
Exits 1 when an error is found; warnings do not fail. Standard library only.
"""

import argparse
import collections
import csv
import io
import os
import re
import sys

CODES = os.path.join("Sources", "JiuyePlatform", "Resources", "codes")
REGIONS = os.path.join("Sources", "JiuyePlatform", "Resources", "regions.csv")
DESTINATION_FORM = os.path.join("Sources", "JiuyeDomain", "Employment", "DestinationForm.swift")
CHINESE_ID = os.path.join("Sources", "JiuyeDomain", "Identity", "ChineseID.swift")
BASES = {"product-spec", "seed-manual", "standard", "third-party", "local", "app", "seed"}

errors = []
warnings = []


def error(message):
    errors.append(message)


def warn(message):
    warnings.append(message)


def load(path):
    """Return (header, rows as dicts) after the byte-level checks."""
    name = os.path.basename(path)
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith(b"\xef\xbb\xbf"):
        error("%s: starts with a BOM" % name)
        data = data[3:]
    if b"\r" in data:
        error("%s: has CR characters (must be LF only)" % name)
    if not data.endswith(b"\n"):
        error("%s: does not end with a newline" % name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        error("%s: not UTF-8 (%s)" % (name, e))
        return [], []
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = list(reader)
    if not rows:
        error("%s: empty" % name)
        return [], []
    header = rows[0]
    out = []
    for line_no, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            error("%s line %d: %d fields, header has %d" % (name, line_no, len(row), len(header)))
            continue
        if not row[0].strip():
            error("%s line %d: empty first column" % (name, line_no))
        out.append(dict(zip(header, row)))
    return header, out


def unique(name, rows, *columns):
    counts = collections.Counter(tuple(row[c] for c in columns) for row in rows)
    for key, n in counts.items():
        if n > 1:
            error("%s: %s %s appears %d times" % (name, "+".join(columns), "/".join(key), n))


def fold(text):
    """A name as collisions compare it: no spaces, ASCII upper-cased."""
    return re.sub(r"\s+", "", text).upper()


def expect_header(name, header, expected):
    if header != expected:
        error("%s: header %s, expected %s" % (name, ",".join(header), ",".join(expected)))


def check_basis(name, rows):
    for row in rows:
        if "basis" in row and row["basis"] not in BASES:
            error("%s: %s has unknown basis %r" % (name, row.get("code", "?"), row["basis"]))


def read_text(root, path):
    with open(os.path.join(root, path), encoding="utf-8") as f:
        return f.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    folder = os.path.join(root, CODES)

    _, regions_rows = load(os.path.join(root, REGIONS))
    regions = {row["code"]: row for row in regions_rows}

    tables = {}
    for file in sorted(os.listdir(folder)):
        if file.endswith(".csv"):
            tables[file] = load(os.path.join(folder, file))
        else:
            error("%s: not a CSV file" % file)
    counts = {file: len(rows) for file, (_, rows) in tables.items()}

    def table(file):
        if file not in tables:
            error("%s: missing" % file)
            return [], []
        return tables[file]

    # manifest
    header, manifest = table("manifest.csv")
    expect_header("manifest.csv", header, ["key", "name", "file", "source", "version", "editable_note", "date", "kind"])
    unique("manifest.csv", manifest, "key")
    for row in manifest:
        if row["kind"] not in ("national", "mixed", "seed"):
            error("manifest.csv: %s kind=%r" % (row["key"], row["kind"]))
        if row["date"] and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", row["date"]):
            error("manifest.csv: %s date=%r" % (row["key"], row["date"]))
        for column in ("source", "version", "editable_note"):
            if re.search(r"\.py|scripts/|PRODUCT|§|[A-Za-z]{3,} [a-z]{3,}", row[column]):
                error("manifest.csv: %s %s reads like a developer note: %s" % (row["key"], column, row[column]))
    listed = {row["file"] for row in manifest} | {"aliases.csv"}
    for row in manifest:
        if row["file"] not in tables:
            error("manifest.csv: %s lists missing file %s" % (row["key"], row["file"]))
    for file in tables:
        if file != "manifest.csv" and file not in listed:
            error("manifest.csv: %s is not listed" % file)

    for file, (_, rows) in tables.items():
        check_basis(file, rows)

    # destinations
    header, dest = table("destinations.csv")
    expect_header("destinations.csv", header,
                  ["code", "name", "parent_code", "level", "authoritative", "basis", "source"])
    unique("destinations.csv", dest, "code")
    dest_by_code = {row["code"]: row for row in dest}
    for row in dest:
        if row["parent_code"] and row["parent_code"] not in dest_by_code:
            error("destinations.csv: %s has unknown parent %s" % (row["code"], row["parent_code"]))
        if row["level"] not in ("category", "subtype"):
            error("destinations.csv: %s has level %r" % (row["code"], row["level"]))
        if (row["level"] == "subtype") != bool(row["parent_code"]):
            error("destinations.csv: %s: a subtype needs a parent, a category none" % row["code"])
        if row["authoritative"] not in ("yes", "no"):
            error("destinations.csv: %s authoritative=%r" % (row["code"], row["authoritative"]))
        if row["basis"] == "local":
            if "L" not in row["code"] or row["authoritative"] != "no":
                error("destinations.csv: local code %s must contain L and be authoritative=no" % row["code"])
        elif not row["code"].isdigit():
            error("destinations.csv: non-local code %s is not numeric" % row["code"])
        if row["basis"] == "third-party" and row["authoritative"] != "no":
            error("destinations.csv: third-party code %s marked authoritative" % row["code"])
    swift = read_text(root, DESTINATION_FORM)
    app_categories = re.findall(r'Category\(code: "([^"]+)", label: "([^"]+)"', swift)
    if not app_categories:
        error("DestinationForm.swift: no categories found (pattern changed?)")
    for code, label in app_categories:
        row = dest_by_code.get(code)
        if row is None:
            error("destinations.csv: app category %s %s is missing" % (code, label))
        elif row["authoritative"] != "yes":
            error("destinations.csv: app category %s is not authoritative" % code)
        elif row["name"] != label:
            warn("destination %s: table name %s, app label %s" % (code, row["name"], label))

    # job categories == DestinationForm.positions
    header, jobs = table("job_categories.csv")
    expect_header("job_categories.csv", header, ["code", "name", "basis", "source"])
    unique("job_categories.csv", jobs, "code")
    block = swift[swift.find("static let positions"):]
    block = block[block.find("= ["):]
    block = block[:block.find("\n    ]")]
    app_positions = re.findall(r'\("(\d+)", "([^"]+)"\)', block)
    if [(r["code"], r["name"]) for r in jobs] != app_positions:
        error("job_categories.csv differs from DestinationForm.positions")

    # simple dictionaries
    for file, columns in (("unit_natures.csv", ["code", "name", "basis", "source"]),
                          ("industries.csv", ["code", "name", "gbt4754_section", "basis", "source"]),
                          ("education_levels.csv", ["code", "name", "level_group", "basis", "source"]),
                          ("political_statuses.csv", ["code", "name", "short_name", "basis", "source"]),
                          ("ethnic_groups.csv", ["code", "name", "basis", "source"])):
        header, rows = table(file)
        expect_header(file, header, columns)
        unique(file, rows, "code")
        unique(file, rows, "name")
    _, ethnic = table("ethnic_groups.csv")
    expected = ["%02d" % i for i in range(1, 57)] + ["97", "98"]
    if [r["code"] for r in ethnic] != expected:
        error("ethnic_groups.csv: codes are not 01-56, 97, 98")
    _, political = table("political_statuses.csv")
    if [r["code"] for r in political] != ["%02d" % i for i in range(1, 14)]:
        error("political_statuses.csv: codes are not 01-13")

    # document types vs IdentityDocumentType
    header, docs = table("document_types.csv")
    expect_header("document_types.csv", header, ["code", "name", "jyt1001_name", "in_app", "basis", "note"])
    unique("document_types.csv", docs, "code")
    chinese_id = read_text(root, CHINESE_ID)
    enum = chinese_id[chinese_id.find("enum IdentityDocumentType"):]
    enum = enum[:enum.find("\n}\n")]
    cases = dict(re.findall(r'case (\w+) = "(\w+)"', enum))
    labels = dict(re.findall(r'case \.(\w+): "([^"]+)"', enum))
    app_docs = {code: labels.get(case) for case, code in cases.items()}
    if not app_docs:
        error("ChineseID.swift: IdentityDocumentType not found (pattern changed?)")
    table_docs = {r["code"]: r["name"] for r in docs if r["in_app"] == "yes"}
    if table_docs != app_docs:
        error("document_types.csv in_app rows %s differ from IdentityDocumentType %s"
              % (sorted(table_docs.items()), sorted(app_docs.items())))
    for r in docs:
        if r["in_app"] not in ("yes", "no"):
            error("document_types.csv: %s in_app=%r" % (r["code"], r["in_app"]))
        if r["jyt1001_name"] and r["jyt1001_name"] != r["name"]:
            warn("document type %s: app %s, JY/T 1001 %s" % (r["code"], r["name"], r["jyt1001_name"]))

    # countries
    header, countries = table("countries.csv")
    expect_header("countries.csv", header, ["numeric", "alpha2", "alpha3", "name_zh", "name_en"])
    for column in ("numeric", "alpha2", "alpha3"):
        unique("countries.csv", countries, column)
    for r in countries:
        if not (len(r["numeric"]) == 3 and r["numeric"].isdigit() and re.fullmatch(r"[A-Z]{2}", r["alpha2"])
                and re.fullmatch(r"[A-Z]{3}", r["alpha3"]) and r["name_zh"] and r["name_en"]):
            error("countries.csv: bad row %r" % r)

    # schools
    header, schools = table("schools.csv")
    expect_header("schools.csv", header, ["code", "name", "province_code", "location", "authority", "level", "note"])
    unique("schools.csv", schools, "code")
    unique("schools.csv", schools, "name")
    for r in schools:
        if not (len(r["code"]) == 10 and r["code"].isdigit()):
            error("schools.csv: bad code %s" % r["code"])
        if regions.get(r["province_code"], {}).get("level") != "province" or r["code"][2:4] + "0000" != r["province_code"]:
            error("schools.csv: %s province_code %s" % (r["code"], r["province_code"]))
        if r["level"] not in ("本科", "专科"):
            error("schools.csv: %s level %r" % (r["code"], r["level"]))

    # majors seed
    header, majors = table("majors_seed.csv")
    expect_header("majors_seed.csv", header, ["catalogue", "edition", "code", "name", "level", "parent_code", "basis"])
    unique("majors_seed.csv", majors, "catalogue", "edition", "code")
    keys = {(r["catalogue"], r["edition"], r["code"]) for r in majors}
    for r in majors:
        if r["catalogue"] not in ("undergraduate", "graduate", "vocational"):
            error("majors_seed.csv: catalogue %r" % r["catalogue"])
        if r["parent_code"] and (r["catalogue"], r["edition"], r["parent_code"]) not in keys:
            error("majors_seed.csv: %s %s %s has unknown parent %s"
                  % (r["catalogue"], r["edition"], r["code"], r["parent_code"]))
        if r["parent_code"] and not r["code"].startswith(r["parent_code"]):
            error("majors_seed.csv: %s does not start with its parent %s" % (r["code"], r["parent_code"]))

    # minimum wages seed
    header, wages = table("minimum_wages_seed.csv")
    expect_header("minimum_wages_seed.csv", header,
                  ["region_code", "grade", "monthly_amount", "hourly_amount", "effective_from", "basis", "source"])
    unique("minimum_wages_seed.csv", wages, "region_code", "grade", "effective_from")
    for r in wages:
        if regions.get(r["region_code"], {}).get("level") not in ("province", "county"):
            error("minimum_wages_seed.csv: %s is not a province or county of regions.csv" % r["region_code"])
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["effective_from"]):
            error("minimum_wages_seed.csv: effective_from %r" % r["effective_from"])
        for column in ("monthly_amount", "hourly_amount"):
            try:
                if float(r[column]) <= 0:
                    raise ValueError
            except ValueError:
                error("minimum_wages_seed.csv: %s %s=%r" % (r["region_code"], column, r[column]))
        if not r["grade"].isdigit():
            error("minimum_wages_seed.csv: grade %r" % r["grade"])

    # townships and county seats
    header, towns = table("townships.csv")
    expect_header("townships.csv", header, ["code", "name", "county_code", "county_seat"])
    unique("townships.csv", towns, "code")
    town_by_code = {r["code"]: r for r in towns}
    for r in towns:
        if not (len(r["code"]) == 9 and r["code"].isdigit()) or r["code"][:6] != r["county_code"]:
            error("townships.csv: bad code %s under %s" % (r["code"], r["county_code"]))
        if regions.get(r["county_code"], {}).get("level") not in ("county", "city"):
            error("townships.csv: %s: county %s not in regions.csv" % (r["code"], r["county_code"]))
        if r["county_seat"] not in ("", "1"):
            error("townships.csv: %s county_seat=%r" % (r["code"], r["county_seat"]))
    header, seats = table("county_seats_seed.csv")
    expect_header("county_seats_seed.csv", header, ["county_code", "township_code", "township_name", "year", "source"])
    unique("county_seats_seed.csv", seats, "county_code")
    seat_codes = set()
    for r in seats:
        t = town_by_code.get(r["township_code"])
        if t is None or t["county_code"] != r["county_code"] or t["name"] != r["township_name"]:
            error("county_seats_seed.csv: %s %s is not a township of %s"
                  % (r["township_code"], r["township_name"], r["county_code"]))
        seat_codes.add(r["township_code"])
    flagged = {r["code"] for r in towns if r["county_seat"] == "1"}
    if flagged != seat_codes:
        error("townships.csv: county_seat flags %d rows, seed has %d" % (len(flagged), len(seat_codes)))

    # aliases
    header, aliases = table("aliases.csv")
    expect_header("aliases.csv", header, ["table_key", "code", "alias"])
    files = {row["key"]: row["file"] for row in manifest}
    code_columns = {"countries": "numeric", "county_seats": "county_code"}
    name_columns = {"countries": "name_zh", "county_seats": "township_name"}
    taken = {}
    for r in aliases:
        key = r["table_key"]
        if key not in files:
            error("aliases.csv: unknown table %s" % key)
            continue
        if key not in taken:
            rows = table(files[key])[1]
            code_column, name_column = code_columns.get(key, "code"), name_columns.get(key, "name")
            taken[key] = ({row[code_column] for row in rows},
                          {fold(row[code_column]): row[code_column] for row in rows},
                          {fold(row[name_column]): row[code_column] for row in rows}, {})
        codes, by_code, by_name, by_alias = taken[key]
        alias = fold(r["alias"])
        if r["code"] not in codes:
            error("aliases.csv: %s has no code %s" % (key, r["code"]))
        if not re.fullmatch(r"[\w ()（）·]{1,30}", r["alias"]) or "_" in r["alias"]:
            error("aliases.csv: %s %s: alias %r has characters the admin form refuses" % (key, r["code"], r["alias"]))
        for what, found in (("code", by_code), ("name", by_name), ("alias", by_alias)):
            if alias in found:
                error("aliases.csv: %s alias %s of %s is already the %s of %s" % (key, r["alias"], r["code"], what, found[alias]))
        by_alias[alias] = r["code"]

    counties_with_towns = {r["county_code"] for r in towns}
    bare = sorted(c for c, r in regions.items() if r["level"] == "county"
                  and c[:2] not in ("71", "81", "82") and c not in counties_with_towns)

    for file in sorted(counts):
        print("%-26s %6d rows" % (file, counts[file]))
    print("mainland county-level rows of regions.csv with no township: %d (%s)"
          % (len(bare), " ".join(bare[:20]) + (" …" if len(bare) > 20 else "")))
    for message in warnings:
        print("warning: " + message)
    for message in errors:
        print("error: " + message)
    print("%d errors, %d warnings" % (len(errors), len(warnings)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
