#!/usr/bin/env bash
# bench/national: the national-report export of N registrations (default 100,000) with the
# pre-check, as the school admin starts it: POST /report/national/export (every waiting record
# read a page at a time, its sealed 生源 values opened, checked by NationalPrecheck, the passing
# ones written to national_sync as 上报中 in one transaction with the audit row), then GET of the
# batch's file (the reporting layout as .xlsx, built while streaming). Release build.
# Target (issue 17): the two together under 15 s. The baseline in the same run is the time to
# download 毕业生名单 of the same school as .xlsx (the same graduates, streamed the same way)
# and the ratio is printed. Not run by CI.
#   bench/national/run.sh [graduates (100000)]
#   BENCH_DATABASE_URL=postgres://user:pass@127.0.0.1:5432/empty_db bench/national/run.sh
# Needs: curl, python3 (counts the rows of the file), unzip.
set -euo pipefail
cd "$(dirname "$0")/../.."
STUDENTS=${1:-100000}
PORT=${BENCH_PORT:-8193}
BASE="http://127.0.0.1:${PORT}"
WORK=$(mktemp -d /tmp/jiuye-bench-national-XXXX)

if [ -n "${JIUYE_BINARY:-}" ]; then
  BIN="$JIUYE_BINARY"
else
  echo "building release…"
  flock /tmp/jiuye-build.lock swift build -c release --product jiuye 2>&1 | tail -n 1
  BIN=.build/release/jiuye
fi
export JIUYE_KEY_FILE="$WORK/master.key" JIUYE_ADMIN_PASSWORD="Admin-Pass-2026" JIUYE_SECURITY_PASSWORD="Security-Pass-2026" \
       JIUYE_AUDITOR_PASSWORD="Auditor-Pass-2026" JIUYE_LOGIN_RATE_PER_MINUTE=100000 HOST=127.0.0.1 PORT="$PORT" PUBLIC_URL="$BASE" \
       LOG_LEVEL=notice JIUYE_RUN_JOBS=0
if [ -n "${BENCH_DATABASE_URL:-}" ]; then export DATABASE_URL="$BENCH_DATABASE_URL"; DB="PostgreSQL"; else export SQLITE_PATH="$WORK/bench.sqlite"; DB="SQLite"; fi
echo "seeding ${STUDENTS} graduates, their 生源 records and approved registrations on ${DB}…"
/usr/bin/time -f "seed: %e s" "$BIN" seed-bench --students "$STUDENTS" 2>&1 | tail -n 1
/usr/bin/time -f "records and registrations: %e s" "$BIN" seed-bench-national 2>&1 | tail -n 2
"$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 60); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 0.5; done

jar="$WORK/jar"
token=$(curl -s -c "$jar" "$BASE/login" | grep -o 'name="_csrf" value="[^"]*"' | head -n1 | sed 's/.*value="//;s/"$//')
curl -s -b "$jar" -c "$jar" -o /dev/null -H "Origin: $BASE" --data-urlencode "_csrf=$token" \
     --data-urlencode "identifier=bench_school" --data-urlencode "password=Bench@2026" "$BASE/login"
grep -q jiuye_session "$jar" || { echo "login failed"; tail -n 20 "$WORK/server.log"; exit 1; }
page=$(curl -s -b "$jar" "$BASE/report/national")
token=$(echo "$page" | grep -o 'name="_csrf" value="[^"]*"' | head -n1 | sed 's/.*value="//;s/"$//')
[ -n "$token" ] || { echo "the national report page did not answer"; exit 1; }

# Baseline: 毕业生名单 of the same school as .xlsx (every graduate, the same streaming writer).
base_time=$(curl -s -b "$jar" -o "$WORK/students.xlsx" -w "%{time_total}" "$BASE/students/export?format=xlsx")

# The export: pre-check and batch (one POST), then the file (one GET).
out=$(curl -s -b "$jar" -o /dev/null -D - -H "Origin: $BASE" --data-urlencode "_csrf=$token" -w "TIME %{time_total}\n" "$BASE/report/national/export")
check_time=$(echo "$out" | awk '/^TIME/ { print $2 }')
location=$(echo "$out" | awk 'tolower($1) == "location:" { print $2 }' | tr -d '\r')
case "$location" in */exports/*) ;; *) echo "no batch was made (went to: $location)"; tail -n 20 "$WORK/server.log"; exit 1 ;; esac
batch=${location##*/}
file_time=$(curl -s -b "$jar" -o "$WORK/national.xlsx" -w "%{time_total}" "$BASE/report/national/exports/$batch/file")
rows=$(unzip -p "$WORK/national.xlsx" xl/worksheets/sheet1.xml | grep -o '<row ' | wc -l)
students_rows=$(unzip -p "$WORK/students.xlsx" xl/worksheets/sheet1.xml | grep -o '<row ' | wc -l)

total=$(awk -v a="$check_time" -v b="$file_time" 'BEGIN { printf "%.2f", a + b }')
printf "\n%-44s %10s %10s\n" "step (${DB}, ${STUDENTS} graduates)" "seconds" "rows"
printf "%-44s %10.2f %10s\n" "pre-check and batch (POST export)" "$check_time" "$((rows - 1))"
printf "%-44s %10.2f %10s\n" "the batch's file (GET .xlsx)" "$file_time" "$((rows - 1))"
printf "%-44s %10s\n" "export total" "$total"
printf "%-44s %10.2f %10s\n" "baseline: 毕业生名单 .xlsx" "$base_time" "$((students_rows - 1))"
echo "ratio export/baseline: $(awk -v a="$total" -v b="$base_time" 'BEGIN { printf "%.2f", a / b }')"
echo "target: export total < 15 s for 100,000 records"
[ "$((rows - 1))" -ge "$STUDENTS" ] || echo "WARNING: the file holds fewer rows than graduates"
