#!/usr/bin/env bash
# Configures and builds a preset (default: "default"). Used by run.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
PRESET="${1:-default}"
cmake --preset "$PRESET" >/dev/null
cmake --build --preset "$PRESET"
