#!/usr/bin/env bash
# The slow drills of the hardening suite against a Release build on 127.0.0.1 (the fast ones run in the test suite):
# SIGKILL during a report flood, disk full (a 6 MB tmpfs; needs root, else skipped and said so), database files
# deleted while serving, slow clients, live-stream exhaustion from one client, malformed-body fuzzing, the catalog
# reloaded by SIGHUP during a report flood.
# Prints a Markdown table (BENCHMARKS.md keeps the latest). Usage: bench/drills.sh [drill ...] (names pick drills)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Downwatch.Web -c Release -v q -nologo >/dev/null
python3 bench/drills/drills.py src/Downwatch.Web/bin/Release/net10.0/downwatch.dll "$@"
