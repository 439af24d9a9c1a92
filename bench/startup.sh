#!/usr/bin/env bash
# Launch to first page: the time from starting `downwatch serve` on a fresh SQLite database (catalog loaded, schema
# created, probing and feed polling on, as by default) to the first 200 of "/", against a bare Kestrel serving fixed bytes
# (Downwatch.Bench fixed-bytes) launched the same way, in alternating rounds of one run on 127.0.0.1. Downwatch is
# measured twice: as built (`dotnet build -c Release`, JIT) and published ReadyToRun (`dotnet publish -r linux-x64
# -p:PublishReadyToRun=true`, the app's and its libraries' code compiled ahead of time).
# Usage: bench/startup.sh [rounds, default 7]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-7}"
PORT=5191
DIR="$(mktemp -d /tmp/downwatch-startup.XXXXXX)"
trap 'pkill -f "127.0.0.1:$PORT" 2>/dev/null || true; rm -rf "$DIR"' EXIT
dotnet build src/Downwatch.Web -c Release -v q -nologo >/dev/null
dotnet build bench/Downwatch.Bench -c Release -v q -nologo >/dev/null
dotnet publish src/Downwatch.Web -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -v q -nologo -o "$DIR/r2r" >/dev/null
echo '<!DOCTYPE html><title>ok</title>' >"$DIR/page.html"

# Milliseconds from launching "$@" to its first 200 on /, polled every 10 ms (at most 30 s).
first_page() {
  local start end
  start=$(date +%s%N)
  "$@" >"$DIR/last.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 3000); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/")" = 200 ] && break
    sleep 0.01
  done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (end - start) / 1000000 ))
}

bare=(); built=(); r2r=()
for round in $(seq 1 "$ROUNDS"); do
  bare+=("$(first_page dotnet bench/Downwatch.Bench/bin/Release/net10.0/Downwatch.Bench.dll fixed-bytes "http://127.0.0.1:$PORT" "$DIR/page.html" "text/html")")
  rm -f "$DIR"/d.db*
  built+=("$(first_page dotnet src/Downwatch.Web/bin/Release/net10.0/downwatch.dll serve --urls "http://127.0.0.1:$PORT" --Storage:SqlitePath="$DIR/d.db")")
  rm -f "$DIR"/d.db*
  r2r+=("$(first_page dotnet "$DIR/r2r/downwatch.dll" serve --urls "http://127.0.0.1:$PORT" --Storage:SqlitePath="$DIR/d.db")")
  echo "round $round: bare Kestrel ${bare[-1]} ms, downwatch (build) ${built[-1]} ms, downwatch (ReadyToRun) ${r2r[-1]} ms" >&2
done

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
b=$(median "${bare[@]}"); d=$(median "${built[@]}"); r=$(median "${r2r[@]}")
awk -v n="$ROUNDS" -v b="$b" -v d="$d" -v r="$r" 'BEGIN { printf "median of %d rounds: bare Kestrel %s ms | downwatch (build) %s ms = %.1fx | downwatch (ReadyToRun) %s ms = %.1fx\n", n, b, d, d / b, r, r / b }'
