#!/usr/bin/env bash
# The cluster drill: PostgreSQL + three `downwatch serve` nodes behind nginx (round-robin) on 127.0.0.1, wrk on a page and
# a report flood through nginx for DURATION seconds; the leader is SIGKILLed at a quarter of the run and restarted at
# half; then, still under load, the new leader is paused (SIGSTOP) past its lease for 15 s and woken (SIGCONT). Prints:
# time until another node published a status round after each, page errors seen by clients, acknowledged reports lost,
# repeated webhook deliveries, whether the paused leader woke up fenced, and whether all nodes show the same statuses
# afterwards.
# Each flood thread's reports come from networks of their own (X-Forwarded-For, trusted from nginx on 127.0.0.1) and the
# per-network allowance is raised, so what is measured is the cluster, not the flood guard.
# Needs: a running PostgreSQL whose role may create databases (PGHOST/PGPORT/PGUSER/PGPASSWORD, default the CI role),
# and Debian's wrk, nginx and psql. Usage: bench/cluster-drill.sh [DURATION seconds, at least 80, default 90]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-90}"
[ "$DURATION" -ge 80 ] || { echo "DURATION must be at least 80 s (a quarter, a half, and a 15 s pause with time after it)" >&2; exit 2; }
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-downwatch}" PGPASSWORD="${PGPASSWORD:-downwatch}"
DB="downwatch_drill_$(date +%s)"
DIR="$(mktemp -d /tmp/downwatch-drill.XXXXXX)"
CONN="Host=$PGHOST;Port=$PGPORT;Database=$DB;Username=$PGUSER;Password=$PGPASSWORD"
LB=5090; HOOK=5099; PORTS=(5091 5092 5093)
DLL=src/Downwatch.Web/bin/Release/net10.0/downwatch.dll
PIDS=()

cleanup() {
  # nginx's master stops its workers on TERM (on KILL they would live on, holding the port)
  if [ -n "${NGINX:-}" ]; then kill -TERM "$NGINX" 2>/dev/null || true; wait "$NGINX" 2>/dev/null || true; fi
  for pid in "${PIDS[@]}" ${RECEIVER:-} ${FLOOD:-}; do kill -9 "$pid" 2>/dev/null || true; done
  psql -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
sql() { psql -d "$DB" -tAc "$1"; }

dotnet build src/Downwatch.Web -c Release -v q -nologo >/dev/null
psql -d postgres -qc "CREATE DATABASE $DB"
SETTINGS=(--Storage:Provider=postgres "--ConnectionStrings:Postgres=$CONN")

node() { # index
  local i=$1
  dotnet "$DLL" serve --urls "http://127.0.0.1:${PORTS[$i]}" "${SETTINGS[@]}" --Cluster:NodeName="node$i" \
    --Probing:Enabled=false --OfficialStatus:Enabled=false --Status:EvaluationInterval=00:00:05 \
    --Notifications:AllowPrivateAddresses=true --Notifications:PollInterval=00:00:01 \
    --ForwardedHeaders:KnownProxies=127.0.0.1 --Reports:PermitsPerClient=10000 --Reports:PermitWindow=00:00:01 \
    --Logging:LogLevel:Default=Warning >>"$DIR/node$i.log" 2>&1 &
  PIDS[$i]=$!
}
ready() {
  for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.2; done
  echo "port $1 did not start" >&2; tail -n 20 "$DIR"/node*.log >&2; exit 1
}

for i in 0 1 2; do node "$i"; done
for p in "${PORTS[@]}"; do ready "$p"; done

cat >"$DIR/nginx.conf" <<NGINX
worker_processes 2; pid $DIR/nginx.pid; error_log $DIR/nginx-error.log; daemon off;
events { worker_connections 4096; }
http {
  access_log off;
  upstream downwatch { server 127.0.0.1:${PORTS[0]} max_fails=0; server 127.0.0.1:${PORTS[1]} max_fails=0; server 127.0.0.1:${PORTS[2]} max_fails=0; keepalive 64; }
  server { listen 127.0.0.1:$LB; location / { proxy_pass http://downwatch; proxy_http_version 1.1; proxy_set_header Connection "";
           proxy_connect_timeout 2s; proxy_read_timeout 5s; proxy_next_upstream error timeout; proxy_next_upstream_tries 3; } }
}
NGINX
nginx -c "$DIR/nginx.conf" -p "$DIR" & NGINX=$!
python3 bench/cluster/webhook_receiver.py "$HOOK" "$DIR/hooks.txt" & RECEIVER=$!
ready "$LB"

KEY=$(dotnet "$DLL" keys add drill "${SETTINGS[@]}" | tail -n 1)
curl -fs "http://127.0.0.1:$LB/api/v1/subscriptions" -H "Authorization: Bearer $KEY" -H 'content-type: application/json' \
  -d "{\"channel\":\"webhook\",\"url\":\"http://127.0.0.1:$HOOK/hook\"}" >/dev/null

: >"$DIR/acked.txt"
python3 bench/reports/flood_and_record.py "$LB" "$DIR/acked.txt" 8 100000000 & FLOOD=$!
wrk -t2 -c64 -d"${DURATION}s" --latency "http://127.0.0.1:$LB/is-openai-down" >"$DIR/wrk.txt" 2>&1 & WRK=$!

sleep $((DURATION / 4))
LEADER=$(sql "SELECT holder FROM leases WHERE name = 'leader'" | cut -d/ -f1 | tr -dc 0-9)
TERM_BEFORE=$(sql "SELECT term FROM leases WHERE name = 'leader'")
KILLED_AT=$(date +%s%3N)
kill -9 "${PIDS[$LEADER]}"
echo "SIGKILLed the leader node$LEADER (term $TERM_BEFORE)"
TAKEOVER=""
for _ in $(seq 1 300); do
  FIRST=$(sql "SELECT MIN(at) FROM status_rounds WHERE term > $TERM_BEFORE")
  if [ -n "$FIRST" ]; then TAKEOVER=$((FIRST - KILLED_AT)); break; fi
  sleep 0.1
done
sleep $((DURATION / 4))
node "$LEADER"; ready "${PORTS[$LEADER]}"

# Still under load, the leader is paused (SIGSTOP) past its lease and woken: it must wake up fenced — another node leads
# with a new term, and not one round carries the paused node's term after the takeover.
PAUSED=$(sql "SELECT holder FROM leases WHERE name = 'leader'" | cut -d/ -f1 | tr -dc 0-9)
PAUSED_TERM=$(sql "SELECT term FROM leases WHERE name = 'leader'")
PAUSED_AT=$(date +%s%3N)
kill -STOP "${PIDS[$PAUSED]}"
echo "SIGSTOPped the leader node$PAUSED (term $PAUSED_TERM) for 15 s"
sleep 15
kill -CONT "${PIDS[$PAUSED]}"
wait "$WRK" || true
kill "$FLOOD" 2>/dev/null || true; wait "$FLOOD" 2>/dev/null || true
sleep 7 # one status round (5 s) and a follow

echo "--- results (duration ${DURATION}s, nodes ${PORTS[*]}, load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo "next status round by another node: ${TAKEOVER:-none within 30 s} ms after the kill (target < 15,000)"
NEW_TERM=$(sql "SELECT term FROM leases WHERE name = 'leader'")
TAKEN_AT=$(sql "SELECT COALESCE(MIN(at), 0) FROM status_rounds WHERE term > $PAUSED_TERM")
STALE=$(sql "SELECT COUNT(*) FROM status_rounds WHERE term = $PAUSED_TERM AND at >= $TAKEN_AT")
PAUSE_TAKEOVER=$([ "$TAKEN_AT" -gt 0 ] && echo $((TAKEN_AT - PAUSED_AT)) || echo none)
echo "paused leader node$PAUSED (term $PAUSED_TERM) for 15 s: next round by another node $PAUSE_TAKEOVER ms after the pause; lease now at term $NEW_TERM; rounds published in the old term after the takeover: $STALE (target 0)"
grep -E "Requests/sec|requests in|Non-2xx|Socket errors|99%" "$DIR/wrk.txt" | sed 's/^/wrk: /'
ACKED=$(sort -u "$DIR/acked.txt" | wc -l)
sort -u "$DIR/acked.txt" >"$DIR/acked.sorted"
sql "SELECT note FROM reports WHERE note LIKE 'dur-%'" | sort -u >"$DIR/stored.sorted"
LOST=$(comm -23 "$DIR/acked.sorted" "$DIR/stored.sorted" | wc -l)
echo "reports acknowledged: $ACKED; acknowledged but lost: $LOST (target 0)"
DELIVERIES=$(wc -l <"$DIR/hooks.txt"); REPEATED=$(cut -d' ' -f1 "$DIR/hooks.txt" | sort | uniq -d | wc -l)
echo "webhook deliveries received: $DELIVERIES; delivered more than once: $REPEATED (target 0)"
SAME=no
for _ in $(seq 1 20); do
  A=$(curl -fs "http://127.0.0.1:${PORTS[0]}/api/v1/services" | md5sum); B=$(curl -fs "http://127.0.0.1:${PORTS[1]}/api/v1/services" | md5sum)
  C=$(curl -fs "http://127.0.0.1:${PORTS[2]}/api/v1/services" | md5sum)
  if [ "$A" = "$B" ] && [ "$B" = "$C" ]; then SAME=yes; break; fi
  sleep 0.5
done
echo "all three nodes answer /api/v1/services identically: $SAME"

[ "$LOST" -eq 0 ] && [ "$REPEATED" -eq 0 ] && [ "$SAME" = yes ] && [ -n "$TAKEOVER" ] && [ "$NEW_TERM" -gt "$PAUSED_TERM" ] && [ "$STALE" -eq 0 ]
