#!/usr/bin/env bash
# bench/export: the school admin's 毕业生名单 of N graduates (default 100,000) exported as .xlsx
# over HTTP, streamed; time and the server's peak RSS (VmHWM from /proc) around the download,
# against the same rows as CSV in the same run (the ratio is the cost of the zip and XML).
# Targets: under 10 s and peak RSS under 200 MB. Release build. Not run by CI.
#   bench/export/run.sh [graduates (100000)]
set -euo pipefail
cd "$(dirname "$0")/../.."
STUDENTS=${1:-100000}
PORT=${BENCH_PORT:-8193}
BASE="http://127.0.0.1:${PORT}"
WORK=$(mktemp -d /tmp/jiuye-bench-export-XXXX)
echo "building release…"
flock /tmp/jiuye-build.lock swift build -c release --product jiuye 2>&1 | tail -n 1
BIN=.build/release/jiuye
export JIUYE_KEY_FILE="$WORK/master.key" JIUYE_ADMIN_PASSWORD="Admin-Pass-2026" \
       HOST=127.0.0.1 PORT="$PORT" PUBLIC_URL="$BASE" LOG_LEVEL=notice JIUYE_RUN_JOBS=0 JIUYE_LOGIN_RATE_PER_MINUTE=1000
if [ -n "${BENCH_DATABASE_URL:-}" ]; then export DATABASE_URL="$BENCH_DATABASE_URL"; DB="PostgreSQL"; else export SQLITE_PATH="$WORK/bench.sqlite"; DB="SQLite"; fi
"$BIN" seed-bench --students "$STUDENTS" 2>&1 | tail -n 1
"$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 60); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 0.5; done
jar="$WORK/jar"
token=$(curl -s -c "$jar" "$BASE/login" | grep -o 'name="_csrf" value="[^"]*"' | head -n1 | sed 's/.*value="//;s/"$//')
curl -s -b "$jar" -c "$jar" -o /dev/null -H "Origin: $BASE" --data-urlencode "_csrf=$token" \
     --data-urlencode "identifier=bench_school" --data-urlencode "password=Bench@2026" "$BASE/login"
hwm() { awk '/VmHWM/ { print int($2 / 1024) }' /proc/$SERVER/status; }
rss() { awk '/VmRSS/ { print int($2 / 1024) }' /proc/$SERVER/status; }
echo "server RSS before: $(rss) MB (peak so far $(hwm) MB)"
measure() {   # format
  local start end
  start=$(date +%s.%N)
  curl -s -b "$jar" -o "$WORK/out.$1" "$BASE/students/export?format=$1"
  end=$(date +%s.%N)
  echo "$1|$(echo "$end - $start" | bc -l)|$(stat -c %s "$WORK/out.$1")|$(hwm)"
}
csv=$(measure csv)
xlsx=$(measure xlsx)
rows=$(python3 - "$WORK/out.xlsx" <<'PY' 2>/dev/null || echo "?"
import sys, zipfile, re
with zipfile.ZipFile(sys.argv[1]) as z:
    xml = z.read("xl/worksheets/sheet1.xml").decode()
print(len(re.findall(r"<row ", xml)) - 1)
PY
)
printf "\n%s, %s graduates (the .xlsx holds %s data rows)\n%-8s %10s %12s %16s\n" "$DB" "$STUDENTS" "$rows" "format" "seconds" "bytes" "server peak MB"
for row in "$csv" "$xlsx"; do IFS='|' read -r f s b m <<<"$row"; printf "%-8s %10.2f %12s %16s\n" "$f" "$s" "$b" "$m"; done
cs=$(echo "$csv" | cut -d'|' -f2); xs=$(echo "$xlsx" | cut -d'|' -f2)
printf "ratio xlsx / csv: %.2f\n" "$(echo "$xs / $cs" | bc -l)"
