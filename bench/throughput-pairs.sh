#!/bin/bash
# Runs the harness's throughput rows as back-to-back pairs (the peer, then Cicada, ~35 s apart),
# N times, so that each ratio compares two runs made under the same machine load. Prints the table
# rows of every pair. See bench/scale.md, "Throughput (session 3)".
#
#   CICADA_CLI=build/app/cicada-cli BENCH_DIR=/tmp/bench N=3 bench/throughput-pairs.sh
#
# BENCH_DIR is a writable copy of ../shared/bench with node's ws installed (its README).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
CLI=$(realpath "${CICADA_CLI:-$HERE/../build/app/cicada-cli}")
BENCH_DIR=${BENCH_DIR:-/tmp/bench}
N=${N:-3}
for i in $(seq "$N"); do
  for rx in '^(wrk|cicada) http-get$' '^(wrk|cicada) http-post-json$' \
            '^(node-ws anchor|cicada) ws-echo(-match)?$'; do
    log=$(mktemp)
    (cd "$BENCH_DIR" && CICADA_CLI="$CLI" CICADA_PROFILES="$HERE" BENCH_SKIP_HOLD=1 \
       BENCH_ONLY="$rx" timeout 300 ./run.sh > "$log" 2>&1)
    dir=$(grep "raw output" "$log" | awk '{print $3}')
    echo "# run $i $rx $dir load $(cut -d' ' -f1 /proc/loadavg)"
    [ -n "$dir" ] && grep -E "^\| (wrk|cicada|node-ws)" "$dir/table.md"
    rm -f "$log"
  done
done
