#!/usr/bin/env bash
# bench/import: N graduates (default 100,000) from one .xlsx through the import's own path —
# read the workbook, map the header, check every row by the domain rules, the school's 院系与专业
# and existing accounts, then insert in one transaction — against a plain batched insert of the
# same checked rows (same tables, same batches, same driver), in the same run. Release build.
# Targets: under 10 s on SQLite, ratio ≤ 2. Not run by CI.
#   bench/import/run.sh [rows (100000)]
# PostgreSQL instead of SQLite: BENCH_DATABASE_URL=postgres://user:pass@127.0.0.1:5432/empty_db
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${1:-100000}
WORK=$(mktemp -d /tmp/jiuye-bench-import-XXXX)
trap 'rm -rf "$WORK"' EXIT
echo "building release…"
flock /tmp/jiuye-build.lock swift build -c release --product jiuye 2>&1 | tail -n 1
BIN=.build/release/jiuye
export JIUYE_KEY_FILE="$WORK/master.key" JIUYE_ADMIN_PASSWORD="Admin-Pass-2026" LOG_LEVEL=notice JIUYE_RUN_JOBS=0
if [ -n "${BENCH_DATABASE_URL:-}" ]; then export DATABASE_URL="$BENCH_DATABASE_URL"; DB="PostgreSQL"; else export SQLITE_PATH="$WORK/bench.sqlite"; DB="SQLite"; fi
"$BIN" seed-demo >/dev/null 2>&1
echo "importing ${ROWS} graduates on ${DB}…"
/usr/bin/time -f "peak RSS %M KB" "$BIN" bench-import --rows "$ROWS" 2>&1 | grep -E "IMPORT|BASELINE|RATIO|RSS|bench-import|error"
