#!/bin/sh
# Soak benchmark: one `cicada-cli run` at a steady rate against Cicada's demo server on 127.0.0.1
# for SOAK_SECONDS (default 300 = the 5-minute version; 3600 for the hour, see README.md), with the
# generator's RSS sampled every SOAK_SAMPLE_S (10) seconds. Prints the samples and the RSS slope
# (least squares over the samples after the first minute of warm-up) in KiB/min and MiB/hour.
#
#   CICADA_CLI=build/app/cicada-cli bench/soak.sh            # 5 minutes
#   SOAK_SECONDS=3600 CICADA_CLI=... bench/soak.sh           # 1 hour
#
# Load: 20 HTTP users at 10 GET/s each (constant pacing) and 20 WebSocket chat users at 5
# round trips/s each: about 300 operations/s, steady, with the demo server's default latency.
# Outputs (CSV, JSON, RSS samples) go to SOAK_DIR (default: a new directory under /tmp).
set -eu

CLI=${CICADA_CLI:-build/app/cicada-cli}
SECONDS_TOTAL=${SOAK_SECONDS:-300}
SAMPLE_S=${SOAK_SAMPLE_S:-10}
WARMUP_S=${SOAK_WARMUP_S:-60}
DIR=${SOAK_DIR:-$(mktemp -d /tmp/cicada-soak.XXXXXX)}
mkdir -p "$DIR"

"$CLI" serve-demo --port 0 > "$DIR/demo.log" 2>&1 &
DEMO=$!
trap 'kill $DEMO 2>/dev/null || true' EXIT INT TERM
PORT=""
for _ in $(seq 1 100); do
  PORT=$(sed -n 's#.*http://127\.0\.0\.1:\([0-9]*\).*#\1#p' "$DIR/demo.log" | head -1)
  [ -n "$PORT" ] && break
  sleep 0.1
done
[ -n "$PORT" ] || { echo "soak: the demo server did not start" >&2; exit 2; }

cat > "$DIR/soak.cicada.json" <<EOT
{
  "schema": 1,
  "name": "soak",
  "target": {"baseUrl": "http://127.0.0.1:$PORT", "brokerUrl": "ws://127.0.0.1:$PORT/broker"},
  "templates": {"login": {"json": {"user": "soak-{{user.index}}"}},
                "chat": {"json": {"id": "{{uuid}}", "room": "soak", "type": "chat", "text": "hi"}}},
  "userTypes": [
    {"name": "Browser", "weight": 1, "wait": {"constantPacing": "100ms"},
     "onStart": [{"http": {"name": "login", "method": "POST", "path": "/login", "template": "login"}}],
     "tasks": [{"name": "items", "steps": [{"http": {"name": "/api/items", "method": "GET", "path": "/api/items"}}]}]},
    {"name": "Chatter", "weight": 1, "wait": {"constantPacing": "200ms"},
     "onStart": [{"http": {"name": "login", "method": "POST", "path": "/login", "template": "login"}},
                 {"wsConnect": {"name": "broker"}}],
     "tasks": [{"name": "say", "steps": [{"wsSend": {"name": "chat", "template": "chat", "await": "match", "matchField": "id", "timeout": "5s"}}]}],
     "onStop": [{"close": {}}]}
  ],
  "load": {"users": 40, "spawnRate": 40, "runTime": "${SECONDS_TOTAL}s"}
}
EOT

"$CLI" run "$DIR/soak.cicada.json" --only-summary --csv "$DIR/soak" --json "$DIR/soak.json" \
  > "$DIR/run.log" 2>&1 &
RUN=$!
echo "elapsed_s,rss_kib" > "$DIR/rss.csv"
START=$(date +%s)
while kill -0 $RUN 2>/dev/null; do
  RSS=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/$RUN/status 2>/dev/null || true)
  NOW=$(( $(date +%s) - START ))
  [ -n "$RSS" ] && echo "$NOW,$RSS" >> "$DIR/rss.csv"
  sleep "$SAMPLE_S"
done
wait $RUN || true

echo "soak: $SECONDS_TOTAL s at a steady rate; outputs in $DIR"
grep -E "Aggregated" "$DIR/run.log" | head -1 || true
cat "$DIR/rss.csv"
awk -F, -v warm="$WARMUP_S" 'NR > 1 && $1 >= warm { n++; sx += $1; sy += $2; sxx += $1 * $1; sxy += $1 * $2 }
  END {
    if (n < 2) { print "soak: too few samples after the warm-up for a slope"; exit }
    slope = (n * sxy - sx * sy) / (n * sxx - sx * sx)   # KiB per second
    printf "soak: RSS slope %.1f KiB/min (%.2f MiB/hour) over %d samples after %d s of warm-up\n",
      slope * 60, slope * 3600 / 1024, n, warm
  }' "$DIR/rss.csv"
