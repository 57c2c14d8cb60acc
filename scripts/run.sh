#!/usr/bin/env bash
# Installs what is missing and builds. With a display ($DISPLAY or $WAYLAND_DISPLAY) it starts the
# GUI with "Try the demo" (embedded demo server, the bundled example profile, live charts).
# Without one it starts the demo server and runs the bundled example profile headless for about
# 15 s, printing Locust-style statistics (extra arguments go to `cicada-cli run`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh default

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${CICADA_HEADLESS:-}" ]; then
  exec build/app/cicada --demo
fi

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
# The profile targets port 8765: --host moves it (its broker URL follows) to the server started.
"$CLI" run "$PROFILE" --host "http://127.0.0.1:$PORT" -t "${CICADA_RUN_TIME:-15s}" "$@"
