#!/usr/bin/env bash
# Installs what is missing, builds and runs every test with ctest.
#   scripts/test.sh            # default preset
#   scripts/test.sh asan       # any preset from CMakePresets.json
set -euo pipefail
cd "$(dirname "$0")/.."
PRESET="${1:-default}"
scripts/setup.sh
scripts/build.sh "$PRESET"
ctest --preset "$PRESET" -j2 --timeout 300
