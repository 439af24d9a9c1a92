#!/usr/bin/env bash
# One node on SQLite against one node on PostgreSQL, in one run: `Downwatch.Bench report-load` against each in turn
# (same phases, same connections), each on a fresh database. Needs a PostgreSQL role that may create databases
# (PGHOST/PGPORT/PGUSER/PGPASSWORD, default the role .ci/run creates) and psql.
# Usage: bench/report-backends.sh [seconds per phase, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
PHASE="${1:-20}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-downwatch}" PGPASSWORD="${PGPASSWORD:-downwatch}"
DB="downwatch_reports_$(date +%s)"
trap 'psql -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
dotnet build src/Downwatch.Web -c Release -v q -nologo >/dev/null
dotnet build bench/Downwatch.Bench -c Release -v q -nologo >/dev/null
psql -d postgres -qc "CREATE DATABASE $DB"
echo "## SQLite"
dotnet run -c Release --no-build --project bench/Downwatch.Bench -- report-load "$PHASE"
echo "## PostgreSQL"
dotnet run -c Release --no-build --project bench/Downwatch.Bench -- report-load "$PHASE" 16 64 \
  --Storage:Provider=postgres "--ConnectionStrings:Postgres=Host=$PGHOST;Port=$PGPORT;Database=$DB;Username=$PGUSER;Password=$PGPASSWORD"
