#!/usr/bin/env bash
# bench/jobcentre (issue 21), release build, not run by CI:
#  1. the public 就业网首页 and 招聘信息 list as a visitor sees them (2,000 postings, 300 notices,
#     21 events this month), requests/s against /healthz of the same server (wrk -t2 -c64; the
#     target is a ratio >= 0.30; pages are kept up to a minute for visitors), and the same portal
#     logged in (never kept) for comparison;
#  2. 2,000 students pressing 一键预约 on a 500-seat event within 10 s (bench/jobcentre/book.py:
#     an open loop beside /healthz), then the tickets counted in the database: exactly 500.
#   bench/jobcentre/run.sh [seconds-per-page (10)] [students (2000)] [seats (500)] [window (10)]
# PostgreSQL instead of SQLite: BENCH_DATABASE_URL=postgres://user:pass@127.0.0.1:5432/empty_db
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-10}
STUDENTS=${2:-2000}
SEATS=${3:-500}
WINDOW=${4:-10}
PORT=${BENCH_PORT:-8191}
BASE="http://127.0.0.1:${PORT}"
WORK=$(mktemp -d /tmp/jiuye-bench-jobcentre-XXXX)
command -v wrk >/dev/null || { echo "install wrk: apt-get install wrk"; exit 1; }
if [ -n "${JIUYE_BINARY:-}" ]; then BIN="$JIUYE_BINARY"; else
  echo "building release…"
  flock /tmp/jiuye-build.lock swift build -c release --product jiuye 2>&1 | tail -n 1
  BIN=.build/release/jiuye
fi
export JIUYE_KEY_FILE="$WORK/master.key" JIUYE_ADMIN_PASSWORD="Admin-Pass-2026" JIUYE_SECURITY_PASSWORD="Security-Pass-2026" \
       JIUYE_AUDITOR_PASSWORD="Auditor-Pass-2026" JIUYE_LOGIN_RATE_PER_MINUTE=100000 HOST=127.0.0.1 PORT="$PORT" PUBLIC_URL="$BASE" \
       LOG_LEVEL=error JIUYE_RUN_JOBS=0
if [ -n "${BENCH_DATABASE_URL:-}" ]; then export DATABASE_URL="$BENCH_DATABASE_URL"; DB="PostgreSQL"; else export SQLITE_PATH="$WORK/bench.sqlite"; DB="SQLite"; fi
echo "${DB}: seeding ${STUDENTS} graduates and the 就业网…"
"$BIN" seed-bench --students "$STUDENTS" 2>&1 | tail -n 1
"$BIN" seed-bench-jobcentre --students "$STUDENTS" --seats "$SEATS" --output "$WORK/sessions.txt" 2>&1 | tail -n 1
EVENT=$(head -n1 "$WORK/sessions.txt" | cut -d' ' -f2)
STUDENT=$(sed -n 2p "$WORK/sessions.txt")
"$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 60); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 0.5; done
for path in /portal /jobs; do
  code=$(curl -s -o /dev/null -w "%{http_code}" "$BASE$path")
  [ "$code" = "200" ] || { echo "$path answered $code"; exit 1; }
done
curl -s "$BASE/jobs" | grep -o "共 [0-9]* 个职位" | head -n1

measure() {   # name path [cookie]
  local args=(-t2 -c64 -d"${DURATION}s" --latency)
  [ -n "${3:-}" ] && args+=(-H "Cookie: jiuye_session=$3")
  local out; out=$(wrk "${args[@]}" "$BASE$2")
  echo "$1|$(echo "$out" | awk '/Requests\/sec/ { print $2 }')|$(echo "$out" | awk '$1 == "99%" { print $2 }')|$(echo "$out" | awk '/Non-2xx/ { print $NF }')"
}
results=()
results+=("$(measure "/healthz" /healthz)")
results+=("$(measure "就业网首页 /portal (visitor)" /portal)")
results+=("$(measure "招聘信息 /jobs (visitor)" /jobs)")
results+=("$(measure "招聘信息 /jobs?education=本科 (visitor)" "/jobs?education=%E6%9C%AC%E7%A7%91")")
results+=("$(measure "就业网首页 /portal (logged in, fresh)" /portal "$STUDENT")")
base=$(echo "${results[0]}" | cut -d'|' -f2)
printf "\n%-40s %12s %10s %8s %8s\n" "page" "requests/s" "p99" "ratio" "non-2xx"
for row in "${results[@]}"; do
  IFS='|' read -r name rps p99 bad <<<"$row"
  printf "%-40s %12s %10s %8s %8s\n" "$name" "$rps" "$p99" "$(awk -v a="$rps" -v b="$base" 'BEGIN { printf "%.3f", a / b }')" "${bad:-0}"
done
echo "target: visitor pages >= 0.30 of /healthz"
echo
echo "一键预约: ${STUDENTS} students, ${SEATS} seats, within ${WINDOW} s (${DB})"
python3 bench/jobcentre/book.py "$BASE" "$WORK/sessions.txt" "$WINDOW"
"$BIN" seed-bench-jobcentre --count-event "$EVENT" 2>&1 | tail -n 1
