#!/bin/bash
# Open-model sweep: the highest arrival rate one generator thread sustains with late starts
# under 1 %. Runs bench/http-open.json with `cicada-cli run --threads 1` for SECONDS at each rate
# (RATES, ascending) and prints the rate asked for, the rate achieved, late starts (count and %
# of the iterations started) and dropped iterations; stops after the first rate with late starts
# >= 1 %, any drop, or fewer than 99 % of the planned iterations started.
#
# Target: the bench harness's nginx (http://127.0.0.1:18080/, ../shared/bench/servers/start.sh)
# when it answers; otherwise the script starts its own nginx on a free loopback port (from a
# temporary directory, stopped on exit). Like the harness, the generator is pinned to CPU 0 and
# the nginx it starts to CPU 1.
#
#   CICADA_CLI=build/app/cicada-cli bench/open-sweep.sh
#   RATES="2000 4000 8000" SECONDS_PER_RATE=10 bench/open-sweep.sh
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CLI=${CICADA_CLI:-$HERE/../build/app/cicada-cli}
RATES=${RATES:-"1000 2000 4000 6000 8000 10000 12000 15000 20000 25000 30000 40000"}
SECONDS_PER_RATE=${SECONDS_PER_RATE:-10}
BASE_URL=${BASE_URL:-http://127.0.0.1:18080}

WORK=$(mktemp -d)
NGINX_PID=
cleanup() {
    if [ -n "$NGINX_PID" ]; then kill "$NGINX_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

if ! curl -s -o /dev/null --max-time 2 "$BASE_URL/"; then
    PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    cat > "$WORK/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 100000000;
    client_body_temp_path $WORK/body;
    proxy_temp_path $WORK/proxy;
    fastcgi_temp_path $WORK/fastcgi;
    uwsgi_temp_path $WORK/uwsgi;
    scgi_temp_path $WORK/scgi;
    server {
        listen 127.0.0.1:$PORT;
        default_type text/plain;
        location = / { return 200 "hello\n"; }
    }
}
EOF
    taskset -c 1 nginx -p "$WORK" -c "$WORK/nginx.conf" 2>"$WORK/nginx-start.log" &
    NGINX_PID=$!
    BASE_URL=http://127.0.0.1:$PORT
    for _ in $(seq 50); do
        curl -s -o /dev/null --max-time 1 "$BASE_URL/" && break
        sleep 0.1
    done
    curl -s -o /dev/null --max-time 2 "$BASE_URL/" || { echo "nginx did not start:" >&2; cat "$WORK/nginx-start.log" >&2; exit 1; }
fi
echo "target $BASE_URL, $SECONDS_PER_RATE s per rate, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%10s %10s %10s %8s %8s\n' "rate/s" "achieved/s" "late" "late %" "dropped"

best=0
for rate in $RATES; do
    profile=$WORK/open-$rate.json
    python3 - "$HERE/http-open.json" "$profile" "$rate" "$BASE_URL" <<'EOF'
import json, sys
src, dst, rate, base = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
p = json.load(open(src))
p["target"]["baseUrl"] = base
p["load"]["arrivalRate"]["rate"] = rate
json.dump(p, open(dst, "w"))
EOF
    result=$WORK/result-$rate.json
    timeout $((SECONDS_PER_RATE + 60)) taskset -c 0 "$CLI" run "$profile" --threads 1 \
        -t "${SECONDS_PER_RATE}s" --only-summary --json "$result" >"$WORK/run-$rate.log" 2>&1 || {
        echo "cicada-cli failed at $rate/s:" >&2; tail -5 "$WORK/run-$rate.log" >&2; exit 1; }
    read -r achieved late pct dropped < <(python3 - "$result" "$SECONDS_PER_RATE" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
a = r.get("arrivals", {})
started, late, dropped = a.get("iterations", 0), a.get("lateStarts", 0), a.get("droppedIterations", 0)
print(f"{started / float(sys.argv[2]):.0f} {late} {100.0 * late / max(started, 1):.2f} {dropped}")
EOF
)
    printf '%10s %10s %10s %8s %8s\n' "$rate" "$achieved" "$late" "$pct" "$dropped"
    # Also not sustained: fewer than 99 % of the planned iterations started at all (the thread
    # could not even keep the schedule).
    if python3 -c "import sys; sys.exit(0 if float('$pct') >= 1 or int('$dropped') > 0 or float('$achieved') < 0.99 * $rate else 1)"; then
        break
    fi
    best=$rate
done
echo "highest sustained rate (late starts < 1 %, no drops, >= 99 % of the rate started): ${best}/s"
