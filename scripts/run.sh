#!/usr/bin/env bash
# Installs what is missing, builds, starts the embedded demo server and runs the bundled example
# profile against it headless for about 15 s, printing Locust-style statistics.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh default
CLI=build/app/cicada-cli
PROFILE=resources/profiles/demo-chat.cicada.json
PORT="${CICADA_DEMO_PORT:-8765}"

"$CLI" serve-demo --port "$PORT" --quiet &
DEMO_PID=$!
trap 'kill "$DEMO_PID" 2>/dev/null || true; wait "$DEMO_PID" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  sleep 0.1
done
"$CLI" run "$PROFILE" -t "${CICADA_RUN_TIME:-15s}" "$@"
