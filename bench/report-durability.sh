#!/usr/bin/env bash
# Floods the server with reports, SIGKILLs it mid-flood, restarts it on the same database and checks that every
# report the server acknowledged ("stored") is in the database. Usage: bench/report-durability.sh [seconds before the kill, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
FLOOD_SECONDS="${1:-5}"
PORT=5098
DIR="$(mktemp -d /tmp/downwatch-durability.XXXXXX)"
DLL=src/Downwatch.Web/bin/Release/net10.0/downwatch.dll
dotnet build src/Downwatch.Web -c Release -v q -nologo >/dev/null

serve() {
  dotnet "$DLL" serve --urls "http://127.0.0.1:$PORT" --Storage:SqlitePath="$DIR/downwatch.db" --Probing:Enabled=false \
    --OfficialStatus:Enabled=false --Logging:LogLevel:Default=Warning --Reports:PermitsPerClient=10000 --Reports:PermitWindow=00:00:01 --ForwardedHeaders:KnownProxies=127.0.0.1 >>"$DIR/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/status/openai" >/dev/null && return 0; sleep 0.2; done
  echo "server did not start" >&2; exit 1
}

serve
: >"$DIR/acked.txt"
python3 bench/reports/flood_and_record.py "$PORT" "$DIR/acked.txt" 16 1000000 &
CLIENT=$!
sleep "$FLOOD_SECONDS"
kill -9 "$SERVER"
wait "$CLIENT" || true
wait "$SERVER" 2>/dev/null || true
echo "SIGKILLed the server after ${FLOOD_SECONDS}s of flood; $(wc -l <"$DIR/acked.txt") reports were acknowledged"

serve # restart on the same database: migrations and the writer start over the WAL left behind
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
RESULT=0
python3 - "$DIR/downwatch.db" "$DIR/acked.txt" <<'PY' || RESULT=$?
import sqlite3, sys
stored = {row[0] for row in sqlite3.connect(sys.argv[1]).execute("select note from reports where note like 'dur-%'")}
acked = {line.strip() for line in open(sys.argv[2]) if line.strip()}
lost = acked - stored
print(f"acknowledged: {len(acked)}; stored: {len(stored)}; stored but not acknowledged (in flight at the kill): {len(stored - acked)}; acknowledged but lost: {len(lost)}")
sys.exit(1 if lost or not acked else 0)
PY
rm -rf "$DIR"
exit $RESULT
