#!/usr/bin/env bash
# bench/pages: requests/s and p99 of the main pages against /healthz of the same server,
# measured in one run (release build, wrk -t2 -c64): the student home, the college admin's
# 毕业生名单 (20 of 100,000), and the other staff lists built like it: 用户管理 (the security
# admin's first page of every account), 用人单位, a code table of 40,000 rows (乡镇街道) and the
# operation and login logs. Not run by CI.
#   bench/pages/run.sh [seconds-per-page (10)] [graduates (100000)]
# Needs: wrk (Debian), curl. Uses a throw-away SQLite database under /tmp.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-10}
STUDENTS=${2:-100000}
PORT=${BENCH_PORT:-8189}
BASE="http://127.0.0.1:${PORT}"
WORK=$(mktemp -d /tmp/jiuye-bench-XXXX)
command -v wrk >/dev/null || { echo "install wrk: apt-get install wrk"; exit 1; }

echo "building release…"
[ -n "${JIUYE_BINARY:-}" ] || flock /tmp/jiuye-build.lock swift build -c release --product jiuye 2>&1 | tail -n 1
BIN=${JIUYE_BINARY:-.build/release/jiuye}
export SQLITE_PATH="$WORK/bench.sqlite" JIUYE_KEY_FILE="$WORK/master.key" JIUYE_ADMIN_PASSWORD="Admin-Pass-2026" \
       JIUYE_SECURITY_PASSWORD="Security-Pass-2026" JIUYE_AUDITOR_PASSWORD="Auditor-Pass-2026" JIUYE_LOGIN_RATE_PER_MINUTE=100000 \
       HOST=127.0.0.1 PORT="$PORT" PUBLIC_URL="$BASE" LOG_LEVEL=error JIUYE_RUN_JOBS=0
echo "seeding ${STUDENTS} graduates…"
/usr/bin/time -f "seed: %e s, peak RSS %M KB" "$BIN" seed-bench --students "$STUDENTS" 2>&1 | tail -n 2
"$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 60); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 0.5; done

login() {   # prints the session cookie value for $1/$2
  local jar="$WORK/jar-$1"
  local token
  token=$(curl -s -c "$jar" "$BASE/login" | grep -o 'name="_csrf" value="[^"]*"' | head -n1 | sed 's/.*value="//;s/"$//')
  curl -s -b "$jar" -c "$jar" -o /dev/null -H "Origin: $BASE" \
       --data-urlencode "_csrf=$token" --data-urlencode "identifier=$1" --data-urlencode "password=$2" "$BASE/login"
  awk '$6 == "jiuye_session" { print $7 }' "$jar"
}
STUDENT=$(login bench_student 'Bench@2026')
COLLEGE=$(login bench_college 'Bench@2026')
[ -n "$STUDENT" ] && [ -n "$COLLEGE" ] || { echo "login failed"; cat "$WORK/server.log"; exit 1; }
# Give the logs some volume: 500 sign-ins (each writes a login-log row and an operation row; bcrypt makes each ~0.25 s).
for i in $(seq 1 500); do login bench_student 'Bench@2026' >/dev/null; rm -f "$WORK/jar-bench_student"; done
ADMIN=$(login admin 'Admin-Pass-2026')
SECURITY=$(login security 'Security-Pass-2026')
AUDITOR=$(login auditor 'Auditor-Pass-2026')
[ -n "$ADMIN" ] && [ -n "$SECURITY" ] && [ -n "$AUDITOR" ] || { echo "platform account login failed"; exit 1; }
for page in "$SECURITY /admin/users" "$ADMIN /admin/units" "$ADMIN /admin/codes/townships" "$AUDITOR /audit/operations" "$AUDITOR /audit/logins"; do
  set -- $page
  code=$(curl -s -o /dev/null -w "%{http_code}" -H "Cookie: jiuye_session=$1" "$BASE$2")
  [ "$code" = "200" ] || { echo "$2 answered $code"; exit 1; }
done
# Check the pages answer what we think before timing them.
curl -s -H "Cookie: jiuye_session=$COLLEGE" "$BASE/students" | grep -q "共 5000 条" \
  || curl -s -H "Cookie: jiuye_session=$COLLEGE" "$BASE/students" | grep -o "共 [0-9]* 条" | head -n1

measure() {   # name path [cookie]
  local args=(-t2 -c64 -d"${DURATION}s" --latency)
  [ -n "${3:-}" ] && args+=(-H "Cookie: jiuye_session=$3")
  local out; out=$(wrk "${args[@]}" "$BASE$2")
  local rps p99 non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
  non2xx=$(echo "$out" | awk '/Non-2xx/ { print $NF }')
  echo "$1|$rps|$p99|${non2xx:-0}"
}

results=()
results+=("$(measure "/healthz" /healthz)")
results+=("$(measure "login page" /login)")
results+=("$(measure "student home (logged in)" / "$STUDENT")")
results+=("$(measure "college admin: 20 of ${STUDENTS} graduates" /students "$COLLEGE")")
results+=("$(measure "用户管理: first page of all accounts" /admin/users "$SECURITY")")
results+=("$(measure "用人单位 list" /admin/units "$ADMIN")")
results+=("$(measure "code table 乡镇街道 (40,000 rows)" /admin/codes/townships "$ADMIN")")
results+=("$(measure "operation log" /audit/operations "$AUDITOR")")
results+=("$(measure "login log" /audit/logins "$AUDITOR")")
base=$(echo "${results[0]}" | cut -d'|' -f2)
printf "\n%-44s %12s %10s %8s %8s\n" "page" "requests/s" "p99" "ratio" "non-2xx"
for row in "${results[@]}"; do
  IFS='|' read -r name rps p99 bad <<<"$row"
  ratio=$(awk -v a="$rps" -v b="$base" 'BEGIN { printf "%.3f", a / b }')
  printf "%-44s %12s %10s %8s %8s\n" "$name" "$rps" "$p99" "$ratio" "$bad"
done
echo "targets: logged-in home >= 0.10; staff lists (20 of 100,000 and the others) >= 0.20 of /healthz"
