#!/usr/bin/env bash
# bench/mixed: a deadline-day mix (毕业去向登记 closes tonight) at 64 connections with think time,
# against /healthz of the same server in the same run (release build, wrk -t2 -c64). Prints, per
# think time, requests/s, p50/p95/p99 and the status counts, then the highest throughput whose
# p95 stays under 200 ms and its ratio to /healthz. Latency is measured with think time (each
# connection waits an exponential pause, mean T ms, before each request: wrk's delay()), not at
# saturation; the think time is stepped down (more load) until two levels miss 200 ms, and the
# best level is refined twice (if none passes, the think time is doubled twice first).
# SQLite, or PostgreSQL with BENCH_DATABASE_URL. Not run by CI.
#   bench/mixed/run.sh [seconds per level (20)] [graduates (100000)] [periods (10)]
#   BENCH_DATABASE_URL=postgres://user:pass@127.0.0.1:5432/empty_db bench/mixed/run.sh
#   JIUYE_BINARY=/path/to/jiuye  a binary built elsewhere (else: swift build -c release)
#   BENCH_THINK="1000 500 250 125 64 32 0"  think times in ms, most to least (0: saturation)
#   BENCH_SESSIONS=3000  graduates logged in beforehand (each does one 暂存-上传-暂存-提交 round;
#                        when a wrk thread has none left drafting, one 撤回s and starts again)
#   BENCH_MIX="login=0,export=0"  override weights (per 1000, the names below); "round=save:submit"
#                        another round of the write steps (it must end with submit)
#   BENCH_PORT (8195)
#
# The mix, per 1000 requests (mix.lua; each request picks a kind at random by weight):
#   160 home         graduate's 首页 (GET /), a random one of the logged-in graduates
#   270 destination  毕业去向登记 page (GET /destination), also standing for the page a browser
#                    loads after each 303 of 暂存/提交/上传 (wrk does not follow redirects)
#   200 write        the next step of a graduate's round: 暂存 (POST /destination action=save,
#                    a changed 单位名称), 上传证明材料 (POST /uploads multipart, a ~300 KB JPEG
#                    from photo.py, made distinct per upload, kind 劳动合同, attached to the
#                    draft), 暂存 again, 提交 (action=submit): 100 saves, 50 uploads, 50 submits.
#                    48 graduates per wrk thread are in their round at a time, in turn. Forms
#                    carry no `lock` (a browser sends the page's; the check is one comparison).
#    10 login_page   GET /login (anonymous, with the CSRF nonce cookie)
#    10 login        POST /login of 32 graduates whose hash is the seed's (bcrypt cost 12, as in
#                    production): the most CPU per request of the mix (see "unloaded" below)
#   100 review_list  待审核 list: the 院系管理员 (bench_reviewer, 70%) or the school (30%)
#   100 review_case  the case the reviewer approves next (GET /review/destination/:id)
#    60 approve      初审通过 of a seeded 待审核 case of college 1 by bench_reviewer (70%), or 审核通过
#                    of a seeded 初审通过 case by bench_school (30%, where the seed has them);
#                    each case once (POST /review/destination/:id action=approve → 303 next case)
#    88 students     毕业生名单 of bench_college (page 1 50%, pages 2–5 20%, a 学号 search 15%) or
#                    of the school admin (15%)
#     2 export       毕业生名单 of bench_college as .xlsx (GET /students/export?format=xlsx)
# The graduates who act are cohort 2026 (the seed gives them no case yet): their passwords are
# set in the database to a bcrypt cost-4 hash (python3's crypt) so logging in 3,000 of them
# takes seconds; prepare.py logs each in and saves a first draft (that creates the case). The
# 32 login accounts get the seed's cost-12 hash. bench_school opens the 2026 毕业去向登记 window
# through /admin/windows (the seed sets none, and 提交 is refused outside it). Before timing,
# one of each kind is sent with curl and its effect checked in the database (the draft stored,
# the file attached, the case submitted and withdrawn, approved, the export a zip), and
# its time is printed as "unloaded". Before every level the students' states and the
# cases to approve are read again from the database, so no level repeats a finished step.
# 3xx count as success (the app answers POSTs with 303), except a 303 to /login (lost session),
# counted apart (→login); 4xx/5xx and socket errors are printed, with samples of the messages.
# A level counts for the result when its p95 is under 200 ms and errors (4xx, 5xx, socket,
# →login) are at most 0.1% of its requests. wrk runs on the same machine: its CPU is shown, with
# the server's (cores, and CPU ms per request: the machine's 2 cores at 1,000 requests/s allow
# 2 ms) and the load average at the end of each level (other work on the machine shows there).
# While wrk runs, a probe reads five pages one at a time (~4 requests/s) and prints each kind's
# median/max under the mix. With PostgreSQL the database's own CPU is not counted, and the
# script runs VACUUM ANALYZE and CHECKPOINT after seeding (else autovacuum of the million cases
# and WAL checkpoints run during the first levels).
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-20}
STUDENTS=${2:-100000}
PERIODS=${3:-10}
PORT=${BENCH_PORT:-8195}
THINK=${BENCH_THINK:-"1000 500 250 125 64 32 0"}
SESSIONS=${BENCH_SESSIONS:-3000}
MIX=${BENCH_MIX:-}
BASE="http://127.0.0.1:${PORT}"
HERE=bench/mixed
WORK=$(mktemp -d /tmp/jiuye-bench-mixed-XXXX)
command -v wrk >/dev/null || { echo "install wrk: apt-get install wrk"; exit 1; }

if [ -n "${JIUYE_BINARY:-}" ]; then
  BIN="$JIUYE_BINARY"
else
  echo "building release…"
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
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

echo "seeding ${STUDENTS} graduates and $((STUDENTS * PERIODS)) cases on ${DB}…"
/usr/bin/time -f "seed graduates: %e s, peak RSS %M KB" "$BIN" seed-bench --students "$STUDENTS" 2>&1 | tail -n 2
/usr/bin/time -f "seed cases: %e s, peak RSS %M KB" "$BIN" seed-bench-cases --periods "$PERIODS" 2>&1 | tail -n 2
python3 "$HERE/photo.py" "$WORK/photo.jpg" 300

SCHOOL=$(sql "SELECT id FROM schools WHERE code = '19998'")
COLLEGE1=$(sql "SELECT MIN(college_id) FROM students WHERE school_id = $SCHOOL")
NOW=$(date +%s)
# The graduates who act (cohort 2026, no case yet) and the 32 who only log in (cohort 2025).
COHORT26="SELECT user_id FROM students WHERE school_id = $SCHOOL AND cohort = 2026 ORDER BY user_id LIMIT $SESSIONS"
LOGINS="SELECT user_id FROM students WHERE school_id = $SCHOOL AND cohort = 2025 ORDER BY user_id DESC LIMIT 32"
FAST=$(python3 -W ignore -c "import crypt; print(crypt.crypt('Bench@2026', crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))" 2>/dev/null || true)
if [[ "$FAST" == '$2b$04$'* ]]; then
  sql "UPDATE users SET password_hash = '$FAST', password_changed_at = $NOW WHERE id IN ($COHORT26)"
else
  echo "python3's crypt has no bcrypt here: the session graduates get the cost-12 hash (slow to log in)"
  sql "UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE student_no = 'bench_student'), password_changed_at = $NOW WHERE id IN ($COHORT26)"
fi
sql "UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE student_no = 'bench_student'), password_changed_at = $NOW WHERE id IN ($LOGINS)"
sql "SELECT u.id, u.student_no FROM users u WHERE u.id IN ($COHORT26) ORDER BY u.id" | awk -F'|' '{ print NR - 1, $2 }' >"$WORK/pool"
sql "SELECT u.id, u.student_no FROM users u WHERE u.id IN ($COHORT26) ORDER BY u.id" | awk -F'|' '{ print NR - 1, $1 }' >"$WORK/pool-ids"
sql "SELECT student_no FROM users WHERE id IN ($LOGINS)" >"$WORK/logins"
SESSIONS=$(wc -l <"$WORK/pool")
[ "$SESSIONS" -ge 64 ] || { echo "only $SESSIONS cohort-2026 graduates: seed more"; exit 1; }

"$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 60); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 0.5; done

login() {   # user password → "cookie csrf" (the token read from a page that carries it)
  local jar="$WORK/jar-$1" token cookie
  token=$(curl -s -c "$jar" "$BASE/login" | grep -m1 -o 'name="_csrf" value="[^"]*"' | sed 's/.*value="//;s/"$//')
  curl -s -b "$jar" -c "$jar" -o /dev/null -H "Origin: $BASE" \
       --data-urlencode "_csrf=$token" --data-urlencode "identifier=$1" --data-urlencode "password=$2" "$BASE/login"
  cookie=$(awk '$6 == "jiuye_session" { print $7 }' "$jar")
  [ -n "$cookie" ] || { echo "login of $1 failed" >&2; return 1; }
  token=$(curl -s -H "Cookie: jiuye_session=$cookie" "$BASE/$3" | grep -m1 -o 'name="_csrf" value="[^"]*"' | sed 's/.*value="//;s/"$//')
  [ -n "$token" ] || { echo "no CSRF token for $1 on /$3" >&2; return 1; }
  echo "$cookie $token"
}
read -r REVIEWER REVIEWER_CSRF <<<"$(login bench_reviewer 'Bench@2026' 'review/destination')"
read -r COLLEGE COLLEGE_CSRF <<<"$(login bench_college 'Bench@2026' 'students')"
read -r SCHOOLADMIN SCHOOL_CSRF <<<"$(login bench_school 'Bench@2026' 'admin/windows')"
[ -n "$REVIEWER_CSRF" ] && [ -n "$COLLEGE_CSRF" ] && [ -n "$SCHOOL_CSRF" ] || { echo "staff login failed"; tail -n 20 "$WORK/server.log"; exit 1; }
# The anonymous CSRF nonce and its token, as the login page sets them.
ANON_TOKEN=$(curl -s -c "$WORK/jar-anon" "$BASE/login" | grep -m1 -o 'name="_csrf" value="[^"]*"' | sed 's/.*value="//;s/"$//')
ANON=$(awk '$6 == "jiuye_anon" { print $7 }' "$WORK/jar-anon")

# 毕业去向登记 for the 2026 graduates opens (the seed sets no window; 提交 is refused without one).
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: jiuye_session=$SCHOOLADMIN" -H "Origin: $BASE" \
       --data-urlencode "_csrf=$SCHOOL_CSRF" -d year=2026 -d business=destination \
       --data-urlencode "opens=2026-01-01T00:00" --data-urlencode "closes=2027-08-31T23:59" "$BASE/admin/windows")
[ "$code" = 303 ] && [ -n "$(sql "SELECT id FROM time_windows WHERE year = 2026 AND business = 'destination'")" ] \
  || { echo "could not open the 2026 毕业去向登记 window ($code)"; exit 1; }

echo "logging in ${SESSIONS} graduates, each saving a first draft…"
python3 "$HERE/prepare.py" "$BASE" "$ANON" "$ANON_TOKEN" 'Bench@2026' "$WORK/pool" "$WORK/sessions"

# The data file mix.lua reads, from the database as it is now (run before every level).
write_data() {
  {
    echo "O $BASE"
    echo "N $ANON $ANON_TOKEN"
    echo "R $REVIEWER $REVIEWER_CSRF"
    echo "C $COLLEGE $COLLEGE_CSRF"
    echo "H $SCHOOLADMIN $SCHOOL_CSRF"
    echo "J $WORK/photo.jpg"
    sed 's/^/L /' "$WORK/logins"
    # S index cookie csrf case student_no d|s (drafting or submitted)
    sql "SELECT applicant_id, id, status_key FROM destination_cases WHERE school_id = $SCHOOL AND period = '2026'" | tr '|' ' ' >"$WORK/cases"
    awk 'FILENAME == ARGV[1] { id[$1] = $2; next }
         FILENAME == ARGV[2] { kase[$1] = $2; state[$1] = ($3 == "draft" || $3 == "returned") ? "d" : "s"; next }
         { u = id[$1]; if (u in kase) print "S", $1, $2, $3, kase[u], $4, state[u] }' "$WORK/pool-ids" "$WORK/cases" "$WORK/sessions"
    sql "SELECT id FROM destination_cases WHERE school_id = $SCHOOL AND college_id = $COLLEGE1 AND period <> '2026'
         AND status_key = 'step:first-review' ORDER BY id DESC LIMIT 20000" | sed 's/^/A /'
    sql "SELECT id FROM destination_cases WHERE school_id = $SCHOOL AND period <> '2026'
         AND status_key = 'step:final-review' ORDER BY id DESC LIMIT 20000" | sed 's/^/F /'
  } >"$WORK/data"
}
write_data
DRAFTING=$(grep -c '^S .* d$' "$WORK/data" || true)
echo "$(grep -c '^S ' "$WORK/data") graduates with a draft case ($DRAFTING drafting), $(grep -c '^A ' "$WORK/data") cases 待审核 in college 1, $(grep -c '^F ' "$WORK/data") 初审通过"
[ "$DRAFTING" -ge 64 ] || { echo "too few drafts"; exit 1; }

# One of each kind, checked: the status, and in the database what it should have done.
UNLOADED=()
fail() { echo "check failed: $*"; tail -n 20 "$WORK/server.log"; exit 1; }
timed() {   # name expected-status curl-args… → sets LAST_BODY, LAST_LOCATION; records the time
  local name=$1 want=$2 out
  shift 2
  out=$(curl -s -o "$WORK/body" -D "$WORK/headers" -w '%{http_code} %{time_total}' "$@")
  LAST_LOCATION=$(awk 'tolower($1) == "location:" { print $2 }' "$WORK/headers" | tr -d '\r')
  [ "${out% *}" = "$want" ] || fail "$name: HTTP ${out% *} (expected $want) $(grep -m1 -o 'role="alert">[^<]*' "$WORK/body")"
  UNLOADED+=("$name|$(awk -v t="${out#* }" 'BEGIN { printf "%.1f", t * 1000 }')")
}
read -r _ S_INDEX S_COOKIE S_CSRF S_CASE S_NO _ <<<"$(grep -m1 '^S ' "$WORK/data")"
SC=(-H "Cookie: jiuye_session=$S_COOKIE")
POSTS=(-H "Origin: $BASE" --data-urlencode "_csrf=$S_CSRF")
timed "student home" 200 "${SC[@]}" "$BASE/"
timed "毕业去向登记 page" 200 "${SC[@]}" "$BASE/destination"
grep -q 'name="unit_name"' "$WORK/body" || fail "毕业去向登记 shows no form"
timed "暂存 (save draft)" 303 "${SC[@]}" "${POSTS[@]}" -d action=save -d lock=-1 -d category=11 -d position=13 \
      --data-urlencode "unit_location=重庆市沙坪坝区" --data-urlencode "unit_name=核对用单位甲" "$BASE/destination"
[ "$(sql "SELECT COUNT(*) FROM destination_cases WHERE id = $S_CASE AND data_json LIKE '%核对用单位甲%'")" = 1 ] || fail "暂存 did not store the draft"
before=$(sql "SELECT COUNT(*) FROM uploads WHERE case_type = 'destination' AND case_id = $S_CASE")
timed "上传证明材料 (300 KB JPEG)" 303 "${SC[@]}" -H "Origin: $BASE" -F "file=@$WORK/photo.jpg;filename=劳动合同.jpg;type=image/jpeg" \
      "$BASE/uploads?_csrf=$S_CSRF&kind=labour-contract&case=destination:$S_CASE&next=%2Fdestination"
[ "$(sql "SELECT COUNT(*) FROM uploads WHERE case_type = 'destination' AND case_id = $S_CASE")" = $((before + 1)) ] || fail "the upload is not attached"
timed "提交 (submit)" 303 "${SC[@]}" "${POSTS[@]}" -d action=submit -d category=11 -d position=13 \
      --data-urlencode "unit_location=重庆市沙坪坝区" --data-urlencode "unit_name=核对用单位乙" -d unit_nature=39 \
      -d credit_code=91500106MA5U37210Y -d industry=34 --data-urlencode "contact_name=王经理" -d contact_phone=023-65678901 "$BASE/destination"
[ "$(sql "SELECT status_key FROM destination_cases WHERE id = $S_CASE")" = "step:first-review" ] || fail "提交 did not move the case to 待审核"
timed "撤回 (withdraw, only when the pool runs out)" 303 "${SC[@]}" "${POSTS[@]}" -d action=withdraw "$BASE/destination"
[ "$(sql "SELECT status_key FROM destination_cases WHERE id = $S_CASE")" = "draft" ] || fail "撤回 did not return the case to draft"
timed "login page" 200 -H "Cookie: jiuye_anon=$ANON" "$BASE/login"
timed "login (bcrypt cost 12)" 303 -H "Cookie: jiuye_anon=$ANON" -H "Origin: $BASE" --data-urlencode "_csrf=$ANON_TOKEN" \
      --data-urlencode "identifier=$(head -n1 "$WORK/logins")" --data-urlencode "password=Bench@2026" "$BASE/login"
grep -qi '^set-cookie: jiuye_session=' "$WORK/headers" || fail "login set no session"
RC=(-H "Cookie: jiuye_session=$REVIEWER")
timed "review list (待审核)" 200 "${RC[@]}" "$BASE/review/destination"
[ "$(grep -o 'href="/review/destination/[0-9]*"' "$WORK/body" | sort -u | wc -l)" -ge 1 ] || fail "the review list shows no case"
A_ID=$(awk '$1 == "A" { print $2; exit }' "$WORK/data")
timed "review case" 200 "${RC[@]}" "$BASE/review/destination/$A_ID"
grep -q 'value="approve"' "$WORK/body" || fail "case $A_ID offers no 初审通过"
timed "approve (初审通过)" 303 "${RC[@]}" -H "Origin: $BASE" --data-urlencode "_csrf=$REVIEWER_CSRF" -d action=approve "$BASE/review/destination/$A_ID"
[ "$(sql "SELECT status_key FROM destination_cases WHERE id = $A_ID")" = "step:final-review" ] || fail "初审通过 did not move case $A_ID"
F_ID=$(awk '$1 == "F" { print $2; exit }' "$WORK/data")
F_ID=${F_ID:-$A_ID}
timed "approve (审核通过, school)" 303 -H "Cookie: jiuye_session=$SCHOOLADMIN" -H "Origin: $BASE" --data-urlencode "_csrf=$SCHOOL_CSRF" \
      -d action=approve "$BASE/review/destination/$F_ID"
[ "$(sql "SELECT status_key FROM destination_cases WHERE id = $F_ID")" = "approved" ] || fail "审核通过 did not approve case $F_ID"
timed "毕业生名单 (college, page 1)" 200 -H "Cookie: jiuye_session=$COLLEGE" "$BASE/students"
echo "毕业生名单 of bench_college: $(grep -m1 -o '共 [0-9]* 条' "$WORK/body")"
timed "毕业生名单 (学号 search)" 200 -H "Cookie: jiuye_session=$COLLEGE" "$BASE/students?q=$(echo "$S_NO" | tr a-z A-Z)"
timed "毕业生名单 (school, page 1)" 200 -H "Cookie: jiuye_session=$SCHOOLADMIN" "$BASE/students"
timed "export 毕业生名单 .xlsx (college)" 200 -H "Cookie: jiuye_session=$COLLEGE" "$BASE/students/export?format=xlsx"
[ "$(head -c 2 "$WORK/body")" = "PK" ] || fail "the export is not a zip"
echo "export: $(stat -c %s "$WORK/body") bytes"

# The database as a running one would be: after a million inserts PostgreSQL's autovacuum and
# checkpoints would otherwise run during the first levels (seen: p95 over 2 s at 50 requests/s).
if [ "$DB" = PostgreSQL ]; then
  echo "VACUUM ANALYZE and CHECKPOINT before timing…"
  sql "VACUUM ANALYZE" && { sql "CHECKPOINT" 2>/dev/null || echo "(CHECKPOINT needs a superuser or pg_checkpoint; skipped)"; }
fi

# While wrk runs, a probe reads five pages one at a time (a pause of 0.2 s between requests,
# about 4 requests/s more) and records each one's time: which kinds slow down under the mix.
probe() {   # seconds file
  local end=$((SECONDS + $1)) kind path cookie
  while [ "$SECONDS" -lt "$end" ]; do
    for kind in home destination review_list review_case students; do
      case $kind in
        home) path=/; cookie=$S_COOKIE ;;
        destination) path=/destination; cookie=$S_COOKIE ;;
        review_list) path=/review/destination; cookie=$REVIEWER ;;
        review_case) path=/review/destination/$A_ID; cookie=$REVIEWER ;;
        students) path=/students; cookie=$COLLEGE ;;
      esac
      curl -s -o /dev/null -w "$kind %{http_code} %{time_total}\n" -H "Cookie: jiuye_session=$cookie" "$BASE$path" >>"$2" || true
      sleep 0.2
    done
  done
}
summary() {   # file → "kind: median ms (n)" per kind
  sort -k1,1 -k3,3n "$1" | awk '{ t[$1, ++n[$1]] = $3 * 1000 } END { for (k in n) printf "%s %.0f/%.0f ms (%d)  ", k, t[k, int((n[k] + 1) / 2)], t[k, n[k]], n[k]; print "" }'
}

# Per level: requests/s, latency, statuses, and the CPU the server and wrk used.
TICK=$(getconf CLK_TCK)
cpu() { awk '{ print $14 + $15 }' "/proc/$SERVER/stat"; }
run_wrk() {   # name think → "rps|p50|p95|p99|requests|2xx|3xx|4xx|5xx|socket|server cores|wrk cores|login redirects|withdraws|ran out"
  local think=$1 out start end args
  if [ "$think" = healthz ]; then args=(-s "$HERE/healthz.lua" "$BASE/healthz")
  else write_data; args=(-s "$HERE/mix.lua" "$BASE/" -- "$WORK/data" "$think" 2 "$MIX"); fi
  start=$(cpu)
  local prober=""
  if [ "$think" != healthz ]; then probe "$DURATION" "$WORK/probe-$think" & prober=$!; fi
  out=$( { /usr/bin/time -f "WRK_CPU %U %S %e" wrk -t2 -c64 -d"${DURATION}s" --timeout 30s --latency "${args[@]}"; } 2>&1)
  end=$(cpu)
  if [ -n "$prober" ]; then
    wait "$prober" || true
    echo "    think ${think}: load average $(cut -d' ' -f1-3 /proc/loadavg); probe (median/max, n) $(summary "$WORK/probe-$think")" >>"$WORK/details"
  fi
  echo "$out" >>"$WORK/wrk.log"
  echo "$out" | grep -E '^MIX_(CODES|KINDS|ERROR_SAMPLE)' | sed "s/^/    think ${think}: /" >>"$WORK/details"
  local rps p50 p95 p99 n status sock wall wrkcpu
  rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  wall=$(echo "$out" | awk '/^WRK_CPU/ { print $4 }')
  wrkcpu=$(echo "$out" | awk '/^WRK_CPU/ { printf "%.2f", ($2 + $3) / $4 }')
  if [ "$think" = healthz ]; then
    p95=$(echo "$out" | awk '/^P95_MS/ { print $2 }')
    echo "$rps|-|$p95|-|-|-|-|-|-|-|$(awk -v a="$start" -v b="$end" -v t="$TICK" -v w="$wall" 'BEGIN { printf "%.2f", (b - a) / t / w }')|$wrkcpu|-|-|-"
    return
  fi
  p50=$(echo "$out" | awk '/^MIX_P50_MS/ { print $2 }'); p95=$(echo "$out" | awk '/^MIX_P95_MS/ { print $2 }')
  p99=$(echo "$out" | awk '/^MIX_P99_MS/ { print $2 }'); n=$(echo "$out" | awk '/^MIX_REQUESTS/ { print $2 }')
  status=$(echo "$out" | awk '/^MIX_STATUS/ { gsub(/[0-9]xx=/, ""); print $2 "|" $3 "|" $4 "|" $5 }')
  sock=$(echo "$out" | awk '/^MIX_SOCKET/ { n = 0; for (i = 2; i <= NF; i++) { split($i, kv, "="); n += kv[2] } print n }')
  echo "$rps|$p50|$p95|$p99|$n|$status|$sock|$(awk -v a="$start" -v b="$end" -v t="$TICK" -v w="$wall" 'BEGIN { printf "%.2f", (b - a) / t / w }')|$wrkcpu|$(echo "$out" | awk '/^MIX_LOGIN_REDIRECTS/ { r = $2 } /^MIX_WITHDRAWS/ { w = $2 } /^MIX_RAN_OUT/ { o = $2 } END { print r "|" w "|" o }')"
}
passes() { awk -v p="$1" 'BEGIN { exit !(p != "" && p + 0 < 200) }'; }

echo "measuring /healthz (saturation, wrk -t2 -c64, ${DURATION} s)…"
HEALTHZ=$(run_wrk healthz)
declare -A RESULT
ORDER=()
measure() {
  echo "think ${1} ms…"
  RESULT[$1]=$(run_wrk "$1")
  ORDER+=("$1")
  echo "  $(echo "${RESULT[$1]}" | awk -F'|' '{ printf "%s req/s, p95 %s ms, p99 %s ms, 4xx %s, 5xx %s, server %s cores", $1, $3, $4, $8, $9, $11 }')"
}
failed=0
for think in $THINK; do
  measure "$think"
  if passes "$(echo "${RESULT[$think]}" | cut -d'|' -f3)"; then failed=0; else failed=$((failed + 1)); fi
  [ "$failed" -ge 2 ] && break   # two levels over 200 ms: the server is saturated
done
# None passed: longer think times (twice, doubling), so the result names a level.
for _ in 1 2; do
  for think in "${ORDER[@]}"; do passes "$(echo "${RESULT[$think]}" | cut -d'|' -f3)" && break 2; done
  longest=$(printf '%s\n' "${ORDER[@]}" | sort -rn | head -n 1)
  measure "$(( longest > 0 ? longest * 2 : 1000 ))"
done
# Refine twice between the least think time that passed and the next one (which failed).
for _ in 1 2; do
  pass="" fail_t=""
  for think in $(printf '%s\n' "${ORDER[@]}" | sort -rn); do
    if passes "$(echo "${RESULT[$think]}" | cut -d'|' -f3)"; then pass=$think; else [ -n "$pass" ] && [ -z "$fail_t" ] && fail_t=$think; fi
  done
  [ -n "$pass" ] && [ -n "$fail_t" ] || break
  mid=$(( (pass + fail_t) / 2 ))
  [ "$mid" != "$pass" ] && [ "$mid" != "$fail_t" ] && [ -z "${RESULT[$mid]:-}" ] || break
  measure "$mid"
done

hz=$(echo "$HEALTHZ" | cut -d'|' -f1)
printf "\n%s, %s graduates, %s cases; the mix at 64 connections with think time, %s s a level\n" "$DB" "$STUDENTS" "$((STUDENTS * PERIODS))" "$DURATION"
printf "%-9s %10s %8s %8s %8s %8s %7s %7s %5s %5s %6s %7s %8s %5s %6s\n" "think ms" "requests/s" "p50 ms" "p95 ms" "p99 ms" "requests" "2xx" "3xx" "4xx" "5xx" "sock" "server" "CPU ms/r" "wrk" "→login"
printf "%-9s %10s %8s %8s %8s %8s %7s %7s %5s %5s %6s %7s %8s %5s %6s\n" "/healthz" "$hz" "" "" "" "" "" "" "" "" "" "$(echo "$HEALTHZ" | cut -d'|' -f11)" \
       "$(awk -v c="$(echo "$HEALTHZ" | cut -d'|' -f11)" -v r="$hz" 'BEGIN { printf "%.2f", c * 1000 / r }')" "$(echo "$HEALTHZ" | cut -d'|' -f12)" ""
best="" best_t=""
for think in $(printf '%s\n' "${ORDER[@]}" | sort -rn); do
  IFS='|' read -r rps p50 p95 p99 n ok redir client server sock scpu wcpu relogin withdrawn ranout <<<"${RESULT[$think]}"
  printf "%-9s %10s %8s %8s %8s %8s %7s %7s %5s %5s %6s %7s %8s %5s %6s\n" "$think" "$rps" "$p50" "$p95" "$p99" "$n" "$ok" "$redir" "$client" "$server" "$sock" "$scpu" \
         "$(awk -v c="$scpu" -v r="$rps" 'BEGIN { printf "%.2f", c * 1000 / r }')" "$wcpu" "$relogin"
  [ "$withdrawn" != 0 ] && echo "          ($withdrawn 撤回: every graduate of a thread had submitted; raise BENCH_SESSIONS)"
  [ "$ranout" != 0 ] && echo "          ($ranout approvals or case views fell back to the list: no seeded case left to approve)"
  if passes "$p95" && [ $(( (client + server + sock + relogin) * 1000 )) -le "$n" ]; then
    if [ -z "$best" ] || awk -v a="$rps" -v b="$best" 'BEGIN { exit !(a > b) }'; then best=$rps; best_t=$think; fi
  fi
done
echo "(server, wrk: CPU cores used on average, the machine has $(nproc); CPU ms/r: the server's CPU time per request;"
echo " sock: socket errors and timeouts; →login: 303s to /login, a lost session)"
if [ -n "$best" ]; then
  printf "highest throughput with p95 < 200 ms (and errors ≤ 0.1%%): %s requests/s (think %s ms), ratio to /healthz (%s): %.3f\n" \
         "$best" "$best_t" "$hz" "$(awk -v a="$best" -v b="$hz" 'BEGIN { print a / b }')"
else
  echo "no level kept p95 under 200 ms with errors ≤ 0.1%"
fi
echo "unloaded (one request each with curl, before timing):"
for row in "${UNLOADED[@]}"; do printf "  %-46s %8s ms\n" "${row%|*}" "${row#*|}"; done
echo "statuses, kinds sent and error samples per level:"
cat "$WORK/details"
errors=$(grep -cE '\[ (ERROR|CRITICAL) \]' "$WORK/server.log" || true)
warnings=$(grep -c '\[ WARNING \]' "$WORK/server.log" || true)
echo "server.log: $errors errors, $warnings warnings (an export cut off when wrk stops a level logs"
echo "  \"failed after N rows: I/O on closed channel\": wrk closed the connection, not a server fault)"
grep -E '\[ (ERROR|CRITICAL|WARNING) \]' "$WORK/server.log" | sed 's/ \[request-id: [^]]*\]//; s/^\(.\{200\}\).*/\1…/' | sort | uniq -c | sort -rn | head -n 8 || true
