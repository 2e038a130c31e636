#!/usr/bin/env bash
# bench/signing (issue 18): 500 employers each sending invitations to 20 graduates while 2,000
# graduates poll 我的邀请, at 64 connections with think time (wrk -t2 -c64, release build),
# against /healthz of the same server in the same run. Prints, per think time, requests/s,
# invitations/s, p50/p95/p99 and the status counts, then the highest throughput whose p95 stays
# under 200 ms with errors at most 0.1%, and its ratio to /healthz. SQLite, or PostgreSQL with
# BENCH_DATABASE_URL (an empty database). Not run by CI.
#   bench/signing/run.sh [seconds per level (20)]
#   BENCH_DATABASE_URL=postgres://user:pass@127.0.0.1:5432/empty_db bench/signing/run.sh
#   JIUYE_BINARY=/path/to/jiuye  a binary built elsewhere (else: swift build -c release)
#   BENCH_THINK="1000 500 250 125 64 32 16 0"  think times in ms, most to least (0: saturation)
#   BENCH_GRADUATES=20000  graduates seed-bench creates (half are cohort 2026; 10,000 of those are invited)
#   BENCH_MIX="poll=600,employer=400"  weights per 1000; "round=list:page:send:page" makes the
#                          employers also load /employer/signing after each 303, as a browser would
#   BENCH_PORT (8196)
#
# Data (seed-bench, then seed-bench-signing): 500 units verified by the benchmark school, one
# account each (bench_employer_N); 10,000 cohort-2026 graduates with a 生源 record (phone,
# 全日制, 非定向) and 手机认证 done, 20 per employer; every fifth of them (2,000) logged in.
# The mix, per 1000 requests (mix.lua; each request picks a kind at random by weight):
#   600 poll      GET /signing (我的邀请) of a random one of the 2,000 graduates
#   400 employer  the next step of the next employer (in turn) through its 20 graduates:
#                 POST /employer/signing/list (student + the signed token the search would give),
#                 then POST /employer/signing/send (拟聘用职位, 职位类别 13, 应约过期日期 today + 14
#                 days in Beijing, 户口/档案 不接收): one invitation per send, 200 sends per 1000.
# An invitation counts when its send is answered 303 with a "success" flash (mix.lua tells a
# list answer from a send answer by the flash cookie); after each level the invitations table
# is counted again and the difference printed beside it (it may be higher by the sends still in
# flight when wrk stops). Before each level half the employers get one graduate on their send
# list and start with its send, the other half start with a list (see prefill).
# 3xx count as success, except a 303 to /login (lost session); a level counts for the result
# when its p95 is under 200 ms and errors (4xx, 5xx, socket, →login, refused sends) are at most
# 0.1% of its requests. wrk runs on the same machine: its CPU is shown, with the server's. With
# PostgreSQL the database's own CPU is not counted in "server".
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-20}
PORT=${BENCH_PORT:-8196}
THINK=${BENCH_THINK:-"1000 500 250 125 64 32 16 0"}
GRADUATES=${BENCH_GRADUATES:-20000}
MIX=${BENCH_MIX:-}
BASE="http://127.0.0.1:${PORT}"
HERE=bench/signing
WORK=$(mktemp -d /tmp/jiuye-bench-signing-XXXX)
command -v wrk >/dev/null || { echo "install wrk: apt-get install wrk"; exit 1; }
T0=$SECONDS
stage() { echo "[$((SECONDS - T0)) s] $*"; }

if [ -n "${JIUYE_BINARY:-}" ]; then
  BIN="$JIUYE_BINARY"
else
  stage "building release…"
  flock /tmp/jiuye-build.lock swift build -c release --product jiuye 2>&1 | tail -n 1
  BIN=.build/release/jiuye
fi
export JIUYE_KEY_FILE="$WORK/master.key" JIUYE_ADMIN_PASSWORD="Admin-Pass-2026" JIUYE_UPLOAD_DIR="$WORK/uploads" \
       HOST=127.0.0.1 PORT="$PORT" PUBLIC_URL="$BASE" LOG_LEVEL=notice JIUYE_RUN_JOBS=0 JIUYE_LOGIN_RATE_PER_MINUTE=1000000
if [ -n "${BENCH_DATABASE_URL:-}" ]; then
  export DATABASE_URL="$BENCH_DATABASE_URL"; DB="PostgreSQL"
  command -v psql >/dev/null || { echo "psql is needed to read the database"; exit 1; }
  sql() { psql "$BENCH_DATABASE_URL" -X -q -At -F'|' -v ON_ERROR_STOP=1 -c "$1"; }
else
  export SQLITE_PATH="$WORK/bench.sqlite"; DB="SQLite"
  command -v sqlite3 >/dev/null || { echo "sqlite3 is needed to read the database"; exit 1; }
  sql() { sqlite3 -batch -cmd ".timeout 10000" "$SQLITE_PATH" "$1"; }
fi
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; [ -n "${BENCH_KEEP:-}" ] || rm -rf "$WORK"; }
trap cleanup EXIT

stage "seeding ${GRADUATES} graduates on ${DB}…"
/usr/bin/time -f "seed-bench: %e s, peak RSS %M KB" "$BIN" seed-bench --students "$GRADUATES" 2>&1 | tail -n 2
stage "seeding 500 employers, 10,000 invitable graduates, 2,000 with a password…"
/usr/bin/time -f "seed-bench-signing: %e s, peak RSS %M KB" "$BIN" seed-bench-signing --out "$WORK/seed" 2>&1 | tail -n 2
echo "units verified: $(sql "SELECT COUNT(*) FROM unit_qualifications WHERE state = '已鉴证'"), 生源 records: $(sql "SELECT COUNT(*) FROM graduate_records"), 手机认证: $(sql "SELECT COUNT(*) FROM signing_phone_checks")"

"$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 60); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 0.5; done
curl -fs "$BASE/healthz" >/dev/null || { echo "the server did not start"; tail -n 20 "$WORK/server.log"; exit 1; }

# The anonymous CSRF nonce and its token, as the login page sets them.
ANON_TOKEN=$(curl -s -c "$WORK/jar-anon" "$BASE/login" | grep -m1 -o 'name="_csrf" value="[^"]*"' | sed 's/.*value="//;s/"$//')
ANON=$(awk '$6 == "jiuye_anon" { print $7 }' "$WORK/jar-anon")
stage "logging in $(grep -c '^E ' "$WORK/seed") employers and $(grep -c '^S ' "$WORK/seed") graduates…"
python3 "$HERE/prepare.py" "$BASE" "$ANON" "$ANON_TOKEN" 'Bench@2026' "$WORK/seed" "$WORK/sessions"

EXPIRES=$(TZ=Asia/Shanghai date -d '+14 days' +%F)
LIST_FLASH=$(python3 -c 'import base64; print(base64.urlsafe_b64encode("success|已加入签约发送列表。".encode()).decode().rstrip("="))')
SLOT=1
write_data() {
  { echo "O $BASE"; echo "X $EXPIRES"; echo "F $LIST_FLASH"; echo "K $SLOT"; cat "$WORK/sessions"; } >"$WORK/data"
}
# Before a level: the send lists are emptied, then employers 2, 3, 6, 7, … (index % 4 >= 2) get their graduate
# of slot SLOT on its list, so half the employers start the level with a send and half with a
# list (else the first pass of the rotation would be all lists). SLOT moves on every level.
prefill() {
  sleep 2   # the requests of the last level still queued at the server finish first (else a late send empties a list)
  SLOT=$(( $(cat "$WORK/slot" 2>/dev/null || echo 0) % 20 + 1 ))   # run_wrk runs in a subshell: the slot is kept in a file
  echo "$SLOT" >"$WORK/slot"
  local values
  values=$(awk -v k="$SLOT" '$1 == "E" && $2 % 4 >= 2 { split($(4 + k), p, ":"); printf "%s(\047bench_employer_%d\047, %s)", (n++ ? "," : ""), $2 + 1, p[1] }' "$WORK/sessions")
  sql "DELETE FROM signing_send_list"
  sql "INSERT INTO signing_send_list (sender_id, student_id, added_at) SELECT u.id, v.column2, $(date +%s) FROM (VALUES $values) AS v JOIN users u ON u.username = v.column1"
}
write_data

# One list → send and the pages, checked: the status, and in the database what it should have done.
UNLOADED=()
fail() { echo "check failed: $*"; tail -n 20 "$WORK/server.log"; exit 1; }
timed() {   # name expected-status curl-args…
  local name=$1 want=$2 out
  shift 2
  out=$(curl -s -o "$WORK/body" -D "$WORK/headers" -w '%{http_code} %{time_total}' "$@")
  [ "${out% *}" = "$want" ] || fail "$name: HTTP ${out% *} (expected $want) $(grep -m1 -o 'role="alert">[^<]*' "$WORK/body")"
  UNLOADED+=("$name|$(awk -v t="${out#* }" 'BEGIN { printf "%.1f", t * 1000 }')")
}
read -r _ _ E_COOKIE E_CSRF E_PAIR _ <<<"$(grep -m1 '^E ' "$WORK/sessions")"
E_STUDENT=${E_PAIR%%:*}
E_TOKEN=${E_PAIR#*:}
EC=(-H "Cookie: jiuye_session=$E_COOKIE" -H "Origin: $BASE" --data-urlencode "_csrf=$E_CSRF")
timed "employer 网上签约 page" 200 -H "Cookie: jiuye_session=$E_COOKIE" "$BASE/employer/signing"
timed "加入签约发送列表 (list)" 303 "${EC[@]}" -d "student=$E_STUDENT" --data-urlencode "token=$E_TOKEN" "$BASE/employer/signing/list"
[ "$(sql "SELECT COUNT(*) FROM signing_send_list WHERE student_id = $E_STUDENT")" = 1 ] || fail "the graduate is not on the send list"
before=$(sql "SELECT COUNT(*) FROM invitations")
timed "发送签约 (send)" 303 "${EC[@]}" --data-urlencode "position=软件开发工程师" -d position_category=13 -d "expires_on=$EXPIRES" \
      --data-urlencode "hukou_reception=不接收" --data-urlencode "archive_reception=不接收" "$BASE/employer/signing/send"
flash=$(grep -i '^set-cookie: jiuye_flash=' "$WORK/headers" | sed 's/.*jiuye_flash=//;s/\..*//' | tr -d '\r')
python3 -c 'import base64,sys; s=sys.argv[1]; print("send flash:", base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)).decode())' "$flash"
[ "${flash:0:8}" = c3VjY2Vz ] || fail "the send was not a success"
[ "$(sql "SELECT COUNT(*) FROM invitations")" = $((before + 1)) ] || fail "no invitation was stored"
# The invited graduate's 我的邀请 shows the unit (log that graduate in when it is not one of the 2,000).
UNIT=$(sql "SELECT un.name FROM invitations i JOIN units un ON un.id = i.unit_id ORDER BY i.id DESC LIMIT 1")
read -r _ _ S_COOKIE <<<"$(grep -m1 '^S ' "$WORK/sessions")"
timed "我的邀请 (GET /signing, poll)" 200 -H "Cookie: jiuye_session=$S_COOKIE" "$BASE/signing"
grep -q '签约邀请' "$WORK/body" || fail "我的邀请 shows no invitation list"
echo "check: the invitation from $UNIT is stored for graduate $E_STUDENT ($(sql "SELECT status FROM invitations ORDER BY id DESC LIMIT 1"))"
timed "/healthz" 200 "$BASE/healthz"

if [ "$DB" = PostgreSQL ]; then
  stage "VACUUM ANALYZE and CHECKPOINT before timing…"
  PGOPTIONS="-c client_min_messages=error" sql "VACUUM ANALYZE" && { sql "CHECKPOINT" 2>/dev/null || echo "(CHECKPOINT needs a superuser or pg_checkpoint; skipped)"; }
fi

TICK=$(getconf CLK_TCK)
cpu() { awk '{ print $14 + $15 }' "/proc/$SERVER/stat"; }
# → "rps|p50|p95|p99|requests|2xx|3xx|4xx|5xx|socket|server cores|wrk cores|→login|lists|invitations|refused|db invitations|seconds"
run_wrk() {
  local think=$1 out start end args before_db
  if [ "$think" = healthz ]; then args=(-s "$HERE/healthz.lua" "$BASE/healthz")
  else
    prefill
    write_data; args=(-s "$HERE/mix.lua" "$BASE/" -- "$WORK/data" "$think" 2 "$MIX")
  fi
  before_db=$(sql "SELECT COUNT(*) FROM invitations")
  start=$(cpu)
  out=$( { /usr/bin/time -f "WRK_CPU %U %S %e" wrk -t2 -c64 -d"${DURATION}s" --timeout 30s --latency "${args[@]}"; } 2>&1)
  end=$(cpu)
  echo "$out" >>"$WORK/wrk.log"
  local rps wall wrkcpu scpu
  rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  wall=$(echo "$out" | awk '/^WRK_CPU/ { print $4 }')
  wrkcpu=$(echo "$out" | awk '/^WRK_CPU/ { printf "%.2f", ($2 + $3) / $4 }')
  scpu=$(awk -v a="$start" -v b="$end" -v t="$TICK" -v w="$wall" 'BEGIN { printf "%.2f", (b - a) / t / w }')
  if [ "$think" = healthz ]; then
    echo "$rps|-|$(echo "$out" | awk '/^P95_MS/ { print $2 }')|-|-|-|-|-|-|-|$scpu|$wrkcpu|-|-|-|-|-|-"
    return
  fi
  echo "    think ${think}: load average at the end $(cut -d' ' -f1-3 /proc/loadavg); send lists left $(sql "SELECT COUNT(*) FROM signing_send_list")" >>"$WORK/details"
  echo "$out" | grep -E '^MIX_(CODES|KINDS|ERROR_SAMPLE|OTHER_303|MAX_MS)' | sed "s/^/    think ${think}: /" >>"$WORK/details"
  v() { echo "$out" | awk -v k="$1" '$1 == k { print $2 }'; }
  local status sock
  status=$(echo "$out" | awk '/^MIX_STATUS/ { gsub(/[0-9]xx=/, ""); print $2 "|" $3 "|" $4 "|" $5 }')
  sock=$(echo "$out" | awk '/^MIX_SOCKET/ { n = 0; for (i = 2; i <= NF; i++) { split($i, kv, "="); n += kv[2] } print n }')
  echo "$rps|$(v MIX_P50_MS)|$(v MIX_P95_MS)|$(v MIX_P99_MS)|$(v MIX_REQUESTS)|$status|$sock|$scpu|$wrkcpu|$(v MIX_LOGIN_REDIRECTS)|$(v MIX_LIST_OK)|$(v MIX_SEND_OK)|$(v MIX_SEND_REFUSED)|$(( $(sql "SELECT COUNT(*) FROM invitations") - before_db ))|$(v MIX_SECONDS)"
}
passes() { awk -v p="$1" 'BEGIN { exit !(p != "" && p + 0 < 200) }'; }
errors_ok() {   # result → whether errors are at most 0.1% of the requests
  local n client server sock relogin refused
  IFS='|' read -r _ _ _ _ n _ _ client server sock _ _ relogin _ _ refused _ _ <<<"$1"
  [ $(( (client + server + sock + relogin + refused) * 1000 )) -le "$n" ]
}

stage "measuring /healthz (saturation, wrk -t2 -c64, ${DURATION} s)…"
HEALTHZ=$(run_wrk healthz)
HZ=$(echo "$HEALTHZ" | cut -d'|' -f1)
echo "  /healthz: $HZ req/s, p95 $(echo "$HEALTHZ" | cut -d'|' -f3) ms"
declare -A RESULT
ORDER=()
measure() {
  stage "think ${1} ms…"
  RESULT[$1]=$(run_wrk "$1")
  ORDER+=("$1")
  echo "  $(echo "${RESULT[$1]}" | awk -F'|' '{ printf "%s req/s, %.1f invitations/s (db %d), p95 %s ms, p99 %s ms, 4xx %s, 5xx %s, server %s cores", $1, $15 / $18, $17, $3, $4, $8, $9, $11 }')"
}
ok_level() { passes "$(echo "${RESULT[$1]}" | cut -d'|' -f3)" && errors_ok "${RESULT[$1]}"; }
failed=0
for think in $THINK; do
  measure "$think"
  if ok_level "$think"; then failed=0; else failed=$((failed + 1)); fi
  [ "$failed" -ge 2 ] && break   # two levels over 200 ms (or erring): the server is saturated
done
# Refine once between the least think time that passed and the next one (which failed).
pass="" fail_t=""
for think in $(printf '%s\n' "${ORDER[@]}" | sort -rn); do
  if ok_level "$think"; then pass=$think; else [ -n "$pass" ] && [ -z "$fail_t" ] && fail_t=$think; fi
done
if [ -n "$pass" ] && [ -n "$fail_t" ]; then
  mid=$(( (pass + fail_t) / 2 ))
  [ "$mid" != "$pass" ] && [ "$mid" != "$fail_t" ] && [ -z "${RESULT[$mid]:-}" ] && measure "$mid"
fi

printf "\n%s, %s graduates seeded; 500 employers × 20 invited graduates, 2,000 graduates polling; 64 connections with think time, %s s a level\n" \
       "$DB" "$GRADUATES" "$DURATION"
echo "unloaded (one request each, before timing):"
for entry in "${UNLOADED[@]}"; do printf "  %-36s %8s ms\n" "${entry%|*}" "${entry#*|}"; done
printf "%-9s %10s %8s %8s %8s %8s %8s %7s %7s %5s %5s %5s %7s %6s %5s %6s\n" "think ms" "requests/s" "invit/s" "p50 ms" "p95 ms" "p99 ms" \
       "requests" "2xx" "3xx" "4xx" "5xx" "sock" "refused" "server" "wrk" "→login"
printf "%-9s %10s %8s %8s %8s %8s %8s %7s %7s %5s %5s %5s %7s %6s %5s %6s\n" "/healthz" "$HZ" "" "" "$(echo "$HEALTHZ" | cut -d'|' -f3)" "" "" "" "" "" "" "" "" \
       "$(echo "$HEALTHZ" | cut -d'|' -f11)" "$(echo "$HEALTHZ" | cut -d'|' -f12)" ""
best="" best_t=""
for think in $(printf '%s\n' "${ORDER[@]}" | sort -rn); do
  IFS='|' read -r rps p50 p95 p99 n ok redir client server sock scpu wcpu relogin lists sent refused dbsent secs <<<"${RESULT[$think]}"
  inv=$(awk -v s="$sent" -v t="$secs" 'BEGIN { printf "%.1f", s / t }')
  printf "%-9s %10s %8s %8s %8s %8s %8s %7s %7s %5s %5s %5s %7s %6s %5s %6s\n" "$think" "$rps" "$inv" "$p50" "$p95" "$p99" "$n" "$ok" "$redir" \
         "$client" "$server" "$sock" "$refused" "$scpu" "$wcpu" "$relogin"
  [ "$sent" != "$dbsent" ] && echo "          (invitations counted from 303s: $sent; in the invitations table: $dbsent)"
  if ok_level "$think"; then
    if [ -z "$best" ] || awk -v a="$rps" -v b="$best" 'BEGIN { exit !(a > b) }'; then best=$rps; best_t=$think; fi
  fi
done
echo "(invit/s: sends answered 303 with a success flash, per second; refused: sends answered 303 with another flash;"
echo " server, wrk: CPU cores used on average, the machine has $(nproc); sock: socket errors and timeouts; →login: 303s to /login)"
echo "status codes and kinds per level:"
cat "$WORK/details"
if [ -n "$best" ]; then
  IFS='|' read -r rps _ p95 _ _ _ _ _ _ _ _ _ _ _ sent _ dbsent secs <<<"${RESULT[$best_t]}"
  printf "\nRESULT %s: %s requests/s (%.1f invitations/s, %d in the table) at think %s ms, p95 %s ms; /healthz %s requests/s; ratio %.3f\n" \
         "$DB" "$rps" "$(awk -v s="$sent" -v t="$secs" 'BEGIN { print s / t }')" "$dbsent" "$best_t" "$p95" "$HZ" \
         "$(awk -v a="$rps" -v b="$HZ" 'BEGIN { print a / b }')"
else
  printf "\nRESULT %s: no level had p95 under 200 ms with errors at most 0.1%%; /healthz %s requests/s\n" "$DB" "$HZ"
fi
echo "invitations in the table at the end: $(sql "SELECT COUNT(*) FROM invitations")"
stage "done"
