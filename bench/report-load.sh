#!/usr/bin/env bash
# Accepted community reports per second on SQLite while pages are also under load, against the page-only load
# measured in the same run. Starts the real server (Release build) on 127.0.0.1, loads it with wrk from other
# processes. Usage: bench/report-load.sh [seconds per phase, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_PHASE="${1:-20}"
PORT=5097
DIR="$(mktemp -d /tmp/downwatch-report-load.XXXXXX)"
DLL=src/Downwatch.Web/bin/Release/net10.0/downwatch.dll
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
dotnet build src/Downwatch.Web -c Release -v q -nologo >/dev/null

dotnet "$DLL" serve --urls "http://127.0.0.1:$PORT" --Storage:SqlitePath="$DIR/downwatch.db" --Probing:Enabled=false \
  --OfficialStatus:Enabled=false --Logging:LogLevel:Default=Warning >"$DIR/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/status/openai" >/dev/null && break; sleep 0.2; done

echo "warm-up (pages, then reports)"
wrk -t1 -c8 -d5s "http://127.0.0.1:$PORT/status/openai" >/dev/null
wrk -t1 -c64 -d5s -s bench/reports/report-flood.lua "http://127.0.0.1:$PORT" >/dev/null

echo "== phase 1: pages only (${SECONDS_PER_PHASE}s)"
wrk -t1 -c16 -d"${SECONDS_PER_PHASE}s" "http://127.0.0.1:$PORT/status/openai" | tee "$DIR/pages-only.txt"

echo "== phase 2: reports only (${SECONDS_PER_PHASE}s)"
wrk -t1 -c64 -d"${SECONDS_PER_PHASE}s" -s bench/reports/report-flood.lua "http://127.0.0.1:$PORT" | tee "$DIR/reports-only.txt"

echo "== phase 3: pages + report flood (${SECONDS_PER_PHASE}s)"
wrk -t1 -c16 -d"${SECONDS_PER_PHASE}s" "http://127.0.0.1:$PORT/status/openai" >"$DIR/pages-mixed.txt" &
PAGES=$!
wrk -t1 -c64 -d"${SECONDS_PER_PHASE}s" -s bench/reports/report-flood.lua "http://127.0.0.1:$PORT" | tee "$DIR/reports.txt"
wait "$PAGES"
cat "$DIR/pages-mixed.txt"

kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
ROWS=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from reports').fetchone()[0])" "$DIR/downwatch.db")
PAGES_ONLY=$(awk '/Requests\/sec/ {print $2}' "$DIR/pages-only.txt")
PAGES_MIXED=$(awk '/Requests\/sec/ {print $2}' "$DIR/pages-mixed.txt")
STORED=$(sed -n 's/.*stored=\([0-9]*\).*/\1/p' "$DIR/reports.txt")
SECS=$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' "$DIR/reports.txt")
ALONE=$(sed -n 's/.*stored=\([0-9]*\).*/\1/p' "$DIR/reports-only.txt")
ALONE_SECS=$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' "$DIR/reports-only.txt")
python3 - "$PAGES_ONLY" "$PAGES_MIXED" "$STORED" "$SECS" "$ROWS" "$ALONE" "$ALONE_SECS" <<'PY'
import sys
pages_only, pages_mixed, stored, secs, rows = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
alone, alone_secs = int(sys.argv[6]), float(sys.argv[7])
print(f"reports alone: {alone / alone_secs:.0f} reports/s")
print(f"pages only: {pages_only:.0f} req/s")
print(f"pages during flood: {pages_mixed:.0f} req/s ({pages_mixed / pages_only:.2f} of page-only)")
print(f"reports acknowledged during page load: {stored} in {secs:.1f} s = {stored / secs:.0f} reports/s ({stored / secs / (alone / alone_secs):.2f} of reports alone)")
print(f"rows in the reports table (all phases, warm-up included): {rows}")
PY
rm -rf "$DIR"
