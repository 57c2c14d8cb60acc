#!/bin/sh
# Builds and runs Cicada's micro-benchmarks (bench/micro/microbench.cpp, Google Benchmark):
# histogram record, stats shard record and merge, template rendering, reply matching.
# Not part of ctest (timings flake on shared machines). Extra arguments go to the benchmark,
# e.g. bench/micro.sh --benchmark_filter=statsMerge --benchmark_repetitions=3
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
if ! dpkg-query -W -f='${Status}' libbenchmark-dev 2>/dev/null | grep -q "ok installed"; then
    echo "bench/micro.sh: installing libbenchmark-dev (Google Benchmark) from Debian" >&2
    if [ "$(id -u)" -eq 0 ]; then apt-get install -y libbenchmark-dev
    else sudo apt-get install -y libbenchmark-dev; fi
fi
cd "$root"
cmake --preset default >/dev/null
ninja -C build microbench
exec build/bench/micro/microbench "$@"
