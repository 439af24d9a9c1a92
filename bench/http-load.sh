#!/usr/bin/env bash
# Requests/s and p99 of three cached pages — "is X down?", the service page and the service × error page (the last two
# carry the report form; nothing on any page is a visitor's own) — and of GET /api/v1/services under wrk at 256
# connections, each against (a) a bare Kestrel answering the same bytes and (b) nginx serving the same bytes as a static file,
# all measured in the same run on 127.0.0.1. The statuses stay as they are during the run (probing and feed
# polling are off), so what is measured is the served-from-memory path.
# Usage: bench/http-load.sh [seconds per run, default 15]
set -euo pipefail
cd "$(dirname "$0")/.."
SECS="${1:-15}"
DW=5181; BARE=5182; NGINX=5183
DIR="$(mktemp -d /tmp/downwatch-http-load.XXXXXX)"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
command -v nginx >/dev/null || { echo "nginx is needed: apt-get install -y nginx-light" >&2; exit 1; }
dotnet build src/Downwatch.Web -c Release -v q -nologo >/dev/null
dotnet build bench/Downwatch.Bench -c Release -v q -nologo >/dev/null

PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; [ -f "$DIR/nginx.pid" ] && kill "$(cat "$DIR/nginx.pid")" 2>/dev/null || true' EXIT
dotnet src/Downwatch.Web/bin/Release/net10.0/downwatch.dll serve --urls "http://127.0.0.1:$DW" \
  --Storage:SqlitePath="$DIR/downwatch.db" --Probing:Enabled=false --OfficialStatus:Enabled=false \
  --Logging:LogLevel:Default=Warning >"$DIR/server.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$DW/readyz" >/dev/null && break; sleep 0.2; done

chmod 755 "$DIR"; mkdir -p "$DIR/www"
curl -fs "http://127.0.0.1:$DW/is-openai-down" -o "$DIR/www/is-openai-down.html"
curl -fs "http://127.0.0.1:$DW/status/openai" -o "$DIR/www/status-openai.html"
curl -fs "http://127.0.0.1:$DW/status/openai/errors/rate-limit-exceeded" -o "$DIR/www/service-error.html"
curl -fs "http://127.0.0.1:$DW/api/v1/services" -o "$DIR/www/services.json"
dotnet bench/Downwatch.Bench/bin/Release/net10.0/Downwatch.Bench.dll fixed-bytes "http://127.0.0.1:$BARE" \
  "$DIR/www/is-openai-down.html" "text/html; charset=utf-8" >"$DIR/bare-page.log" 2>&1 &
PIDS+=($!)
dotnet bench/Downwatch.Bench/bin/Release/net10.0/Downwatch.Bench.dll fixed-bytes "http://127.0.0.1:$((BARE + 20))" \
  "$DIR/www/status-openai.html" "text/html; charset=utf-8" >"$DIR/bare-service.log" 2>&1 &
PIDS+=($!)
dotnet bench/Downwatch.Bench/bin/Release/net10.0/Downwatch.Bench.dll fixed-bytes "http://127.0.0.1:$((BARE + 21))" \
  "$DIR/www/service-error.html" "text/html; charset=utf-8" >"$DIR/bare-error.log" 2>&1 &
PIDS+=($!)
dotnet bench/Downwatch.Bench/bin/Release/net10.0/Downwatch.Bench.dll fixed-bytes "http://127.0.0.1:$((BARE + 10))" \
  "$DIR/www/services.json" "application/json; charset=utf-8" >"$DIR/bare-api.log" 2>&1 &
PIDS+=($!)
cat >"$DIR/nginx.conf" <<CONF
worker_processes auto;
pid $DIR/nginx.pid;
error_log $DIR/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $DIR/tmp; proxy_temp_path $DIR/tmp; fastcgi_temp_path $DIR/tmp; uwsgi_temp_path $DIR/tmp; scgi_temp_path $DIR/tmp;
  types { text/html html; application/json json; }
  server { listen 127.0.0.1:$NGINX; root $DIR/www; }
}
CONF
mkdir -p "$DIR/tmp"
nginx -c "$DIR/nginx.conf" -p "$DIR"
for port in $BARE $((BARE + 20)) $((BARE + 21)) $((BARE + 10)); do for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.2; done; done

run() { # name url [extra wrk args]
  local name=$1 url=$2; shift 2
  wrk -t2 -c256 -d"${SECS}s" --latency "$@" "$url" >"$DIR/$name.txt"
  local rps p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$DIR/$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$DIR/$name.txt")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' "$DIR/$name.txt" | tr '\n' ' ')
  printf '%-34s %10s req/s   p99 %8s  %s\n' "$name" "$rps" "$p99" "$errors"
  echo "$rps" >"$DIR/$name.rps"
}

echo "warm-up"
wrk -t2 -c64 -d5s "http://127.0.0.1:$DW/is-openai-down" >/dev/null
wrk -t2 -c64 -d5s "http://127.0.0.1:$DW/api/v1/services" >/dev/null
wrk -t2 -c64 -d5s "http://127.0.0.1:$DW/status/openai" >/dev/null
wrk -t2 -c64 -d5s "http://127.0.0.1:$DW/status/openai/errors/rate-limit-exceeded" >/dev/null

echo "== wrk -t2 -c256 -d${SECS}s, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
run bare-kestrel-page "http://127.0.0.1:$BARE/"
run nginx-static-page "http://127.0.0.1:$NGINX/is-openai-down.html"
run downwatch-is-down-page "http://127.0.0.1:$DW/is-openai-down"
run bare-kestrel-service-page "http://127.0.0.1:$((BARE + 20))/"
run downwatch-service-page "http://127.0.0.1:$DW/status/openai"
run bare-kestrel-error-page "http://127.0.0.1:$((BARE + 21))/"
run downwatch-service-error-page "http://127.0.0.1:$DW/status/openai/errors/rate-limit-exceeded"
run bare-kestrel-api "http://127.0.0.1:$((BARE + 10))/"
run nginx-static-api "http://127.0.0.1:$NGINX/services.json"
run downwatch-api-services "http://127.0.0.1:$DW/api/v1/services"

ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]) * 100:.0f}%')" "$(cat "$DIR/$1.rps")" "$(cat "$DIR/$2.rps")"; }
echo "== ratios"
echo "is-it-down page vs bare Kestrel:         $(ratio downwatch-is-down-page bare-kestrel-page)   (vs nginx $(ratio downwatch-is-down-page nginx-static-page))"
echo "service page vs bare Kestrel:            $(ratio downwatch-service-page bare-kestrel-service-page)   (same bytes)"
echo "service x error page vs bare Kestrel:    $(ratio downwatch-service-error-page bare-kestrel-error-page)   (same bytes)"
echo "/api/v1/services vs bare Kestrel:        $(ratio downwatch-api-services bare-kestrel-api)   (vs nginx $(ratio downwatch-api-services nginx-static-api))"
echo "page bytes: $(wc -c <"$DIR/www/is-openai-down.html") / $(wc -c <"$DIR/www/status-openai.html") / $(wc -c <"$DIR/www/service-error.html"), API bytes: $(wc -c <"$DIR/www/services.json"); raw wrk output in $DIR"
