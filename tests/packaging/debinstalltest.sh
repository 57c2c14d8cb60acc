#!/usr/bin/env bash
# Installs the .deb packages into a clean Debian 12 root with apt, as on a fresh user machine,
# and runs them there: cicada-cli --version, cicada-cli validate on the bundled example,
# cicada --version and a screenshot offscreen (which loads every QML module the GUI imports, so
# a missing package dependency fails here).
#
# Slow (label "debootstrap"): the first run makes the root with debootstrap (cached as
# BUILD/debian12-cache/base.tar) and downloads the packages' dependencies from the Debian archive
# (cached in BUILD/debian12-cache/archives); later runs reuse both. Each run unpacks a fresh root.
# Needs root (chroot) and the Debian archive ($CICADA_DEBIAN_MIRROR, default deb.debian.org).
# Runs only with CICADA_DEB_TEST=1 (scripts/package.sh --test sets it): measured here, ~3 min with
# the cache and ~6 min without (debootstrap alone ~3 min), too much for every CI run; otherwise it
# reports itself skipped (exit 77).
# Usage: debinstalltest.sh BUILD_DIR
set -euo pipefail
if [ "${CICADA_DEB_TEST:-0}" != 1 ]; then
  echo "debinstalltest: skipped (set CICADA_DEB_TEST=1, or run scripts/package.sh --test)"
  exit 77
fi
BUILD=$(cd "$1" && pwd)
CACHE="$BUILD/debian12-cache"
MIRROR="${CICADA_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
START_S=$(date +%s)
say() { echo "debinstalltest: $*"; }
fail() { echo "debinstalltest: FAIL: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "needs root (chroot)"
command -v debootstrap >/dev/null || fail "needs debootstrap (scripts/setup.sh installs it)"
mkdir -p "$CACHE/archives"

# The packages, from this build.
rm -f "$BUILD"/packages/*.deb
(cd "$BUILD" && cpack -G DEB --config CPackConfig.cmake >/dev/null)
CLI_DEB=$(ls "$BUILD"/packages/cicada-cli_*.deb)
GUI_DEB=$(ls "$BUILD"/packages/cicada_*.deb)
say "packages: $(basename "$CLI_DEB") $(basename "$GUI_DEB")"
CLI_DEPENDS=$(dpkg-deb -f "$CLI_DEB" Depends)
say "cicada-cli Depends: $CLI_DEPENDS"
if grep -Eq 'qt6gui|qt6quick|qt6qml|qt6widgets' <<<"$CLI_DEPENDS"; then
  fail "cicada-cli depends on a GUI library"
fi

# The clean Debian 12 root, made once.
if [ ! -f "$CACHE/base.tar" ]; then
  say "making a Debian 12 root with debootstrap (once; cached in $CACHE/base.tar)"
  rm -rf "$CACHE/base-root"
  debootstrap --variant=minbase bookworm "$CACHE/base-root" "$MIRROR" >"$CACHE/debootstrap.log"
  cp /etc/resolv.conf "$CACHE/base-root/etc/resolv.conf"
  chroot "$CACHE/base-root" apt-get update -qq
  tar -C "$CACHE/base-root" -cf "$CACHE/base.tar.part" .
  mv "$CACHE/base.tar.part" "$CACHE/base.tar"
  rm -rf "$CACHE/base-root"
fi

ROOT=$(mktemp -d "$CACHE/root.XXXXXX")
cleanup() {
  umount "$ROOT/proc" 2>/dev/null || true
  rm -rf "$ROOT"
}
trap cleanup EXIT
tar -C "$ROOT" -xf "$CACHE/base.tar"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
mount -t proc proc "$ROOT/proc" 2>/dev/null || say "(no /proc in the root: mount not permitted)"
cp "$CLI_DEB" "$GUI_DEB" "$ROOT/tmp/"
find "$CACHE/archives" -name '*.deb' -exec cp {} "$ROOT/var/cache/apt/archives/" \;

say "installing with apt"
chroot "$ROOT" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  "/tmp/$(basename "$CLI_DEB")" "/tmp/$(basename "$GUI_DEB")" >"$CACHE/apt.log" 2>&1 ||
  { tail -30 "$CACHE/apt.log" >&2; fail "apt-get install failed"; }
find "$ROOT/var/cache/apt/archives" -maxdepth 1 -name '*.deb' -exec cp -n {} "$CACHE/archives/" \;

in_root() { chroot "$ROOT" env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
version=$(in_root cicada-cli --version)
say "$version"
[[ $version == "cicada-cli "* ]] || fail "cicada-cli --version said '$version'"
in_root cicada-cli validate /usr/share/cicada/profiles/demo-chat.cicada.json ||
  fail "cicada-cli validate on the bundled example"
gui_version=$(in_root QT_QPA_PLATFORM=offscreen cicada --version)
say "$gui_version"
[[ $gui_version == "cicada "* ]] || fail "cicada --version said '$gui_version'"
in_root QT_QPA_PLATFORM=offscreen cicada --data-dir /tmp/cicada-data --screenshot /tmp/shot.png \
  /usr/share/cicada/profiles/demo-chat.cicada.json || fail "cicada --screenshot"
[ -s "$ROOT/tmp/shot.png" ] || fail "no screenshot written"
for f in /usr/share/man/man1/cicada.1.gz /usr/share/man/man1/cicada-cli.1.gz \
  /usr/share/applications/io.github.cicada.Cicada.desktop \
  /usr/share/icons/hicolor/scalable/apps/io.github.cicada.Cicada.svg \
  /usr/share/metainfo/io.github.cicada.Cicada.metainfo.xml \
  /usr/share/bash-completion/completions/cicada-cli /lib/systemd/system/cicada-worker@.service; do
  [ -s "$ROOT$f" ] || fail "$f is not installed"
done
say "passed in $(($(date +%s) - START_S)) s"
