#!/usr/bin/env bash
# bench/review-list: the 院系管理员's 去向登记 review list (待审核 of one college, 20 rows, with
# status counts) over 1,000,000 cases in 20 colleges, against /healthz of the same server in the
# same run (release build, wrk -t2 -c64). Prints requests/s, p95, p99 and the ratio. Not run by CI.
#   bench/review-list/run.sh [seconds (10)] [graduates (100000)] [periods (10)]
# PostgreSQL instead of SQLite: BENCH_DATABASE_URL=postgres://user:pass@127.0.0.1:5432/empty_db
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-10}
STUDENTS=${2:-100000}
PERIODS=${3:-10}
PORT=${BENCH_PORT:-8191}
BASE="http://127.0.0.1:${PORT}"
WORK=$(mktemp -d /tmp/jiuye-bench-XXXX)
command -v wrk >/dev/null || { echo "install wrk: apt-get install wrk"; exit 1; }

# JIUYE_BINARY=/path/to/jiuye runs a binary built elsewhere (e.g. an earlier commit, to compare).
if [ -n "${JIUYE_BINARY:-}" ]; then
  BIN="$JIUYE_BINARY"
else
  echo "building release…"
  flock /tmp/jiuye-build.lock swift build -c release --product jiuye 2>&1 | tail -n 1
  BIN=.build/release/jiuye
fi
export JIUYE_KEY_FILE="$WORK/master.key" JIUYE_ADMIN_PASSWORD="Admin-Pass-2026" \
       HOST=127.0.0.1 PORT="$PORT" PUBLIC_URL="$BASE" LOG_LEVEL=notice JIUYE_RUN_JOBS=0 JIUYE_LOGIN_RATE_PER_MINUTE=1000
if [ -n "${BENCH_DATABASE_URL:-}" ]; then export DATABASE_URL="$BENCH_DATABASE_URL"; DB="PostgreSQL"; else export SQLITE_PATH="$WORK/bench.sqlite"; DB="SQLite"; fi
echo "seeding ${STUDENTS} graduates and $((STUDENTS * PERIODS)) cases on ${DB}…"
/usr/bin/time -f "seed graduates: %e s, peak RSS %M KB" "$BIN" seed-bench --students "$STUDENTS" 2>&1 | tail -n 2
/usr/bin/time -f "seed cases: %e s, peak RSS %M KB" "$BIN" seed-bench-cases --periods "$PERIODS" 2>&1 | tail -n 2
"$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 60); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 0.5; done

login() {   # prints the session cookie value for $1/$2
  local jar="$WORK/jar-$1" token
  token=$(curl -s -c "$jar" "$BASE/login" | grep -o 'name="_csrf" value="[^"]*"' | head -n1 | sed 's/.*value="//;s/"$//')
  curl -s -b "$jar" -c "$jar" -o /dev/null -H "Origin: $BASE" \
       --data-urlencode "_csrf=$token" --data-urlencode "identifier=$1" --data-urlencode "password=$2" "$BASE/login"
  awk '$6 == "jiuye_session" { print $7 }' "$jar"
}
REVIEWER=$(login bench_reviewer 'Bench@2026')
[ -n "$REVIEWER" ] || { echo "login failed"; cat "$WORK/server.log"; exit 1; }
LIST="/review/destination?status=%E5%BE%85%E5%AE%A1%E6%A0%B8"   # 待审核
# Check the page is what we think before timing it: 20 rows and the counts.
PAGE=$(curl -s -H "Cookie: jiuye_session=$REVIEWER" "$BASE$LIST")
echo "$PAGE" | grep -o "待审核 [0-9]*" | head -n1
ROWS=$(echo "$PAGE" | grep -o 'href="/review/destination/[0-9]*"' | sort -u | wc -l)
echo "rows on the page: $ROWS"
[ "$ROWS" -ge 20 ] || { echo "the list did not show 20 cases"; exit 1; }

measure() {   # name path [cookie]
  local args=(-t2 -c64 -d"${DURATION}s" --latency -s bench/review-list/p95.lua)
  [ -n "${3:-}" ] && args+=(-H "Cookie: jiuye_session=$3")
  local out; out=$(wrk "${args[@]}" "$BASE$2")
  echo "$1|$(echo "$out" | awk '/Requests\/sec/ { print $2 }')|$(echo "$out" | awk '/^P95_MS/ { print $2 }')|$(echo "$out" | awk '/^P99_MS/ { print $2 }')|$(echo "$out" | awk '/^NON2XX/ { print $2 }')"
}

results=("$(measure "/healthz" /healthz)")
results+=("$(measure "review list: 待审核 of 1 college, 20 rows + counts" "$LIST" "$REVIEWER")")
results+=("$(measure "review list, page 2 (keyset)" "$LIST&after=$(echo "$PAGE" | grep -o 'after=[0-9]*' | head -n1 | cut -d= -f2)" "$REVIEWER")")
base=$(echo "${results[0]}" | cut -d'|' -f2)
printf "\n%s, %s cases\n%-52s %12s %9s %9s %8s %8s\n" "$DB" "$((STUDENTS * PERIODS))" "page" "requests/s" "p95 ms" "p99 ms" "ratio" "non-2xx"
for row in "${results[@]}"; do
  IFS='|' read -r name rps p95 p99 non2xx <<<"$row"
  printf "%-52s %12s %9s %9s %8.3f %8s\n" "$name" "$rps" "$p95" "$p99" "$(echo "$rps / $base" | bc -l)" "$non2xx"
done
