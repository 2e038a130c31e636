#!/usr/bin/env bash
# bench/batch: a city-wide batch step (市人社局汇总) over thousands of cases from many counties,
# each county with its own 申报 window. Times, in the same run: the guard contexts read case by
# case (one window query per case, the engine's way before), read in one pass
# (CaseEngine.guardContexts, the baseline ratio), 组成批次 and 汇总上报 of the whole batch
# (actAll: one transaction). Release build; not run by CI.
#   bench/batch/run.sh [cases (5000)] [counties (20)]
# PostgreSQL instead of SQLite: BENCH_DATABASE_URL=postgres://user:pass@127.0.0.1:5432/empty_db
set -euo pipefail
cd "$(dirname "$0")/../.."
CASES=${1:-5000}
COUNTIES=${2:-20}
WORK=$(mktemp -d /tmp/jiuye-bench-batch-XXXX)
trap 'rm -rf "$WORK"' EXIT
if [ -n "${JIUYE_BINARY:-}" ]; then
  BIN="$JIUYE_BINARY"
else
  echo "building release…"
  flock /tmp/jiuye-build.lock swift build -c release --product jiuye 2>&1 | tail -n 1
  BIN=.build/release/jiuye
fi
export JIUYE_KEY_FILE="$WORK/master.key" JIUYE_ADMIN_PASSWORD="Admin-Pass-2026" JIUYE_SECURITY_PASSWORD="Security-Pass-2026" JIUYE_AUDITOR_PASSWORD="Auditor-Pass-2026" LOG_LEVEL=warning JIUYE_RUN_JOBS=0
if [ -n "${BENCH_DATABASE_URL:-}" ]; then export DATABASE_URL="$BENCH_DATABASE_URL"; DB="PostgreSQL"; else export SQLITE_PATH="$WORK/bench.sqlite"; DB="SQLite"; fi
echo "${DB}: ${CASES} cases from ${COUNTIES} counties (the database is migrated at start)"
/usr/bin/time -f "whole run: %e s, peak RSS %M KB" "$BIN" bench-batch --cases "$CASES" --counties "$COUNTIES" 2>&1 | grep -v "^ *$"
