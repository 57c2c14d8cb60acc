#!/usr/bin/env bash
# Builds the Debian packages (CPack): build/packages/cicada-cli_VERSION-1_ARCH.deb (headless: run,
# worker, import, demo server; no GUI library) and build/packages/cicada_VERSION-1_ARCH.deb (the
# desktop application). Install both with: apt install ./build/packages/*.deb
#   scripts/package.sh          # the default preset's build directory
#   scripts/package.sh --test   # then install them into a clean Debian 12 root (slow, see
#                               # tests/packaging/debinstalltest.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default --target cicada cicada-cli cicada_helpdocs
rm -f build/packages/*.deb
(cd build && cpack -G DEB --config CPackConfig.cmake)
ls -l build/packages/*.deb
if [ "${1:-}" = "--test" ]; then
  CICADA_DEB_TEST=1 ctest --test-dir build -L debootstrap --output-on-failure
fi
