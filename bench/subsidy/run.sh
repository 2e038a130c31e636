#!/usr/bin/env bash
# bench/subsidy: the city's 生活补贴 batch (issue 20): cases from many counties formed into one batch,
# 汇总上报, the 汇总表 written as .xlsx, 市组织部确认, 市财政局拨付 and 县财政局拨付 over the whole
# batch, each beside the baseline read of the batch (a ratio), and the whole run's seconds
# and peak RSS. Release build; not run by CI.
#   bench/subsidy/run.sh [cases (20000)] [counties (38)]
# PostgreSQL instead of SQLite: BENCH_DATABASE_URL=postgres://user:pass@127.0.0.1:5432/empty_db
set -euo pipefail
cd "$(dirname "$0")/../.."
CASES=${1:-20000}
COUNTIES=${2:-38}
WORK=$(mktemp -d /tmp/jiuye-bench-subsidy-XXXX)
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
/usr/bin/time -f "whole run: %e s, peak RSS %M KB" "$BIN" bench-subsidy --cases "$CASES" --counties "$COUNTIES" 2>&1 | grep -v "^ *$"
