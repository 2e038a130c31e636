#!/usr/bin/env bash
# bench/statistics: 去向落实统计 for a school of 100,000 graduates against /healthz of the same server,
# measured in one run (release build, wrk -t2 -c64). The page reads the kept counters
# (destination_tallies) and the graduates per college (counted a minute at a time), never the
# cases. Target: >= 0.10 of /healthz (issue 17). Not run by CI.
#   bench/statistics/run.sh [seconds (10)] [graduates (100000)] [periods (1)]
# Needs: wrk (Debian), curl. Uses a throw-away SQLite database under /tmp.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-10}
STUDENTS=${2:-100000}
PERIODS=${3:-1}
PORT=${BENCH_PORT:-8191}
BASE="http://127.0.0.1:${PORT}"
WORK=$(mktemp -d /tmp/jiuye-bench-XXXX)
command -v wrk >/dev/null || { echo "install wrk: apt-get install wrk"; exit 1; }

echo "building release…"
[ -n "${JIUYE_BINARY:-}" ] || flock /tmp/jiuye-build.lock swift build -c release --product jiuye 2>&1 | tail -n 1
BIN=${JIUYE_BINARY:-.build/release/jiuye}
export SQLITE_PATH="$WORK/bench.sqlite" JIUYE_KEY_FILE="$WORK/master.key" JIUYE_ADMIN_PASSWORD="Admin-Pass-2026" \
       JIUYE_SECURITY_PASSWORD="Security-Pass-2026" JIUYE_AUDITOR_PASSWORD="Auditor-Pass-2026" JIUYE_LOGIN_RATE_PER_MINUTE=100000 \
       HOST=127.0.0.1 PORT="$PORT" PUBLIC_URL="$BASE" LOG_LEVEL=error JIUYE_RUN_JOBS=0
echo "seeding ${STUDENTS} graduates and their registrations…"
/usr/bin/time -f "seed: %e s" "$BIN" seed-bench --students "$STUDENTS" 2>&1 | tail -n 1
/usr/bin/time -f "cases and counters: %e s" "$BIN" seed-bench-cases --periods "$PERIODS" 2>&1 | tail -n 1
"$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 60); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 0.5; done

jar="$WORK/jar"
token=$(curl -s -c "$jar" "$BASE/login" | grep -o 'name="_csrf" value="[^"]*"' | head -n1 | sed 's/.*value="//;s/"$//')
curl -s -b "$jar" -c "$jar" -o /dev/null -H "Origin: $BASE" --data-urlencode "_csrf=$token" \
     --data-urlencode "identifier=bench_school" --data-urlencode "password=Bench@2026" "$BASE/login"
SCHOOL=$(awk '$6 == "jiuye_session" { print $7 }' "$jar")
[ -n "$SCHOOL" ] || { echo "login failed"; cat "$WORK/server.log"; exit 1; }
COHORT=$(sqlite3 "$SQLITE_PATH" "SELECT cohort FROM students GROUP BY cohort ORDER BY COUNT(*) DESC LIMIT 1" 2>/dev/null || echo 2025)
PAGE="/statistics/destination?cohort=${COHORT}"
# Check the page answers what we think before timing it.
body=$(curl -s -H "Cookie: jiuye_session=$SCHOOL" "$BASE$PAGE")
echo "$body" | grep -q "去向落实率（已确认）" || { echo "the statistics page did not answer"; exit 1; }
echo "page: $PAGE — $(echo "$body" | grep -o '<span class="stat-value">[^<]*</span>' | sed 's/<[^>]*>//g' | tr '\n' ' ')"

measure() {   # name path [cookie]
  local args=(-t2 -c64 -d"${DURATION}s" --latency)
  [ -n "${3:-}" ] && args+=(-H "Cookie: jiuye_session=$3")
  local out; out=$(wrk "${args[@]}" "$BASE$2")
  echo "$1|$(echo "$out" | awk '/Requests\/sec/ { print $2 }')|$(echo "$out" | awk '$1 == "99%" { print $2 }')|$(echo "$out" | awk '/Non-2xx/ { print $NF }')"
}
health=$(measure "/healthz" /healthz)
stats=$(measure "去向落实统计 (${STUDENTS} graduates)" "$PAGE" "$SCHOOL")
base=$(echo "$health" | cut -d'|' -f2)
printf "\n%-40s %12s %10s %8s %8s\n" "page" "requests/s" "p99" "ratio" "non-2xx"
for row in "$health" "$stats"; do
  IFS='|' read -r name rps p99 bad <<<"$row"
  printf "%-40s %12s %10s %8s %8s\n" "$name" "$rps" "$p99" "$(awk -v a="$rps" -v b="$base" 'BEGIN { printf "%.3f", a / b }')" "${bad:-0}"
done
echo "target: >= 0.10 of /healthz"
