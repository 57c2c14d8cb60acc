#!/usr/bin/env bash
# Installs the Debian 12 packages Cicada needs to build, run and test. Idempotent: when every
# package is present it only checks (no apt-get call). Works as root or through sudo.
set -euo pipefail

PACKAGES=(
  # toolchain
  g++ cmake ninja-build pkg-config clang-format
  # libraries (core: QtCore, QtNetwork, QtWebSockets, http-parser)
  qt6-base-dev qt6-websockets-dev libhttp-parser-dev
  # test peers: servers Cicada did not write
  python3 python3-websockets nginx-light
  # makes the throw-away certificate of the HTTPS transport test (skipped without it)
  openssl
  # GUI (ui/, app/gui: Qt Quick Controls, QtCharts, Qt Quick Test, file dialogs, offscreen/xcb)
  qt6-declarative-dev qt6-charts-dev qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts qml6-module-qtquick-templates qml6-module-qtquick-window qml6-module-qtqml qml6-module-qtqml-models qml6-module-qtqml-workerscript qml6-module-qtcharts qml6-module-qttest qml6-module-qtquick-dialogs qml6-module-qt-labs-folderlistmodel qt6-qpa-plugins libgl-dev fonts-dejavu-core
  # distributed runs: ZeroMQ + msgpack for `cicada-cli worker`, a real Locust master for its tests
  libzmq3-dev cppzmq-dev libmsgpack-cxx-dev python3-locust
  # checks the generated JSON Schema of profiles against a validator Cicada did not write
  python3-jsonschema
  # live metrics: a Prometheus text/OpenMetrics parser Cicada did not write (metricstest)
  python3-prometheus-client
  # packaging: validators of the desktop entry and metainfo, groff for the man-page check,
  # debootstrap for the clean-root install test (ctest -L debootstrap)
  desktop-file-utils appstream groff-base debootstrap
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "setup: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
